import Foundation
import XCTest
@testable import StudyCore

/// Exam-date mode on constructed cases (issue 14): a question due after the exam is brought
/// forward to a last review before it; early on, reviews wait longer; the last week asks
/// the questions weakest on exam day first; clearing the date is ordinary scheduling.
final class ExamScheduleTests: XCTestCase {
    let settings = StudySettings(timeZone: TimeZone(identifier: "UTC")!)
    let now = utc("2026-03-01T10:00:00Z")
    let course = makeCourse(themes: 1, lessonsPerTheme: 1, questionsPerLesson: 3)

    /// A review item last reviewed `daysAgo` days ago with stability `s`, due by FSRS at `due`.
    func card(lastReview daysAgo: Double, stability s: Double, dueIn days: Double) -> CardMemory {
        CardMemory(state: .review, step: nil, stability: s, difficulty: 5, due: now + days * day, lastReview: now - daysAgo * day)
    }

    func queue(_ states: [String: CardMemory], exam: ExamPlan?, at: Date? = nil) -> DailyQueue {
        DailyQueue(course: course, states: states, readLessons: [], todayReviews: [], settings: settings,
                   scheduler: plainScheduler, now: at ?? now, lastShown: nil, exam: exam)
    }

    func testAQuestionDueAfterTheExamIsBroughtForwardToAFinalReview() {
        let q = course.questions[0].id
        // Due in 40 days by FSRS; the exam is in 10: without a review its recall on exam day
        // would be below the goal, so it comes due at the start of the final window (one
        // day: the whole course fits in a day's reviews).
        let states = [q: card(lastReview: 5, stability: 6, dueIn: 40)]
        XCTAssertTrue(queue(states, exam: nil).entries.isEmpty, "ordinary: not due today")
        let exam = ExamPlan(date: now + 10 * day)
        let window = ExamSchedule.finalWindowDays(questions: 3, reviewsPerDay: settings.reviewsPerDay)
        XCTAssertEqual(window, 1, "three questions fit in one day's reviews")
        let due = ExamSchedule.due(states[q]!, spread: ExamSchedule.spread(of: q), exam: exam.date, now: now, scheduler: plainScheduler, windowDays: window)
        XCTAssertEqual(due, exam.date - window * day, "the last review lands in the final window")
        XCTAssertTrue(queue(states, exam: exam).entries.isEmpty, "not yet today")
        XCTAssertEqual(queue(states, exam: exam, at: due + hour).entries.map(\.questionID), [q], "asked once the window opens")
        XCTAssertEqual(queue(states, exam: nil, at: due + hour).entries.map(\.questionID), [], "ordinary scheduling would not ask it")
        // The forecast (Home's and Statistics' "due today") counts it when Study today asks it.
        func forecastToday(_ exam: ExamPlan?, at: Date) -> Int {
            StudyProgress(course: course, items: ItemTable(course: course, states: states, recalled: []),
                          history: ProgressHistory(recalled: [], retention: [:], streakDays: 0), readLessons: [],
                          settings: settings, scheduler: plainScheduler, now: at, exam: exam?.date).overall.forecast[0]
        }
        XCTAssertEqual(forecastToday(exam, at: due + hour), queue(states, exam: exam, at: due + hour).dueToday)
        XCTAssertEqual(forecastToday(exam, at: due + hour), 1)
        XCTAssertEqual(forecastToday(nil, at: due + hour), 0)
    }

    func testAnItemThatWillStillBeRecalledOnExamDayIsLeftAlone() {
        let q = course.questions[0].id
        let strong = card(lastReview: 1, stability: 400, dueIn: 300)
        let exam = now + 10 * day
        XCTAssertGreaterThan(plainScheduler.recallProbability(of: strong, at: exam), ExamSchedule.examDayGoal)
        XCTAssertEqual(ExamSchedule.due(strong, spread: ExamSchedule.spread(of: q), exam: exam, now: now, scheduler: plainScheduler, windowDays: 1), strong.due)
        XCTAssertTrue(queue([q: strong], exam: ExamPlan(date: exam), at: exam - hour).entries.isEmpty)
    }

    func testEarlyOnAReviewWaitsUntilRecallFallsFurther() {
        let q = course.questions[0].id
        let due = card(lastReview: 10, stability: 10, dueIn: 0)   // R ≈ 0.9: due today by FSRS
        let examFar = ExamPlan(date: now + 60 * day)
        XCTAssertEqual(queue([q: due], exam: nil).entries.count, 1)
        XCTAssertTrue(queue([q: due], exam: examFar).entries.isEmpty, "60 days out: it waits")
        let later = ExamSchedule.due(due, spread: ExamSchedule.spread(of: q), exam: examFar.date, now: now, scheduler: plainScheduler, windowDays: 1)
        XCTAssertEqual(plainScheduler.recallProbability(of: due, at: later), ExamSchedule.earlyRetention, accuracy: 1e-9)
        XCTAssertEqual(queue([q: due], exam: ExamPlan(date: now + 3 * day)).entries.count, 1, "close to the exam: ordinary")
    }

    /// Questions met together wait alike; when their early waits end they come back over
    /// several days, not all on one, and each keeps its moment as the days pass.
    func testReviewsThatWaitedComeBackSpreadOverDaysNotOnOne() {
        let wide = makeCourse(themes: 1, lessonsPerTheme: 4, questionsPerLesson: 30)
        let exam = now + 45 * day
        // Met together 10 days ago, stability 30: due by FSRS in about 20 days, and recall
        // falls to 0.8 only after the exam, so each would wait until its early wait ends.
        let twin = card(lastReview: 10, stability: 30, dueIn: 20)
        XCTAssertGreaterThan(plainScheduler.daysUntilRecall(fallsTo: ExamSchedule.earlyRetention, stability: 30) - 10, 45)
        let windowStart = exam - 1 * day
        var byDay: [Int: Int] = [:]
        for q in wide.questions {
            let due = ExamSchedule.due(twin, spread: ExamSchedule.spread(of: q.id), exam: exam, now: now, scheduler: plainScheduler,
                                       windowDays: 1)
            XCTAssertEqual(due, ExamSchedule.due(twin, spread: ExamSchedule.spread(of: q.id), exam: exam, now: now + 25 * day,
                                                 scheduler: plainScheduler, windowDays: 1), "the moment does not move as days pass")
            XCTAssertGreaterThan(due, twin.due, "later than ordinary FSRS")
            let ordinary = ExamSchedule.ordinaryDaysBeforeWindow, spread = ExamSchedule.spreadDays
            XCTAssertGreaterThanOrEqual(due, windowStart - (ordinary + spread) * day)
            XCTAssertLessThanOrEqual(due, windowStart - ordinary * day, "before the ordinary days that end the early phase")
            byDay[Int(due.timeIntervalSince(windowStart - (ordinary + spread) * day) / day), default: 0] += 1
        }
        XCTAssertEqual(byDay.count, Int(ExamSchedule.spreadDays), "one group a day: \(byDay)")
        XCTAssertLessThanOrEqual(byDay.values.max() ?? 0, 40, "no day takes a third of the 120: \(byDay)")
    }

    func testTheLastWeekAsksTheWeakestOnExamDayFirst() {
        let ids = course.questions.map(\.id)
        // All due now. [0] is weakest now but recovers least slowly (high stability);
        // [2] looks strongest now but, with a low stability, is weakest on exam day.
        let states = [
            ids[0]: card(lastReview: 40, stability: 30, dueIn: -5),
            ids[1]: card(lastReview: 6, stability: 5, dueIn: -1),
            ids[2]: card(lastReview: 1.2, stability: 1, dueIn: -0.2),
        ]
        let exam = now + 3 * day   // inside the last week, after every early wait has ended
        let byExamDay = ids.sorted { plainScheduler.recallProbability(of: states[$0]!, at: exam)
            < plainScheduler.recallProbability(of: states[$1]!, at: exam) }
        let byNow = ids.sorted { plainScheduler.retrievability(of: states[$0]!, at: now) < plainScheduler.retrievability(of: states[$1]!, at: now) }
        XCTAssertNotEqual(byExamDay, byNow, "the case must tell the two orders apart")
        XCTAssertEqual(queue(states, exam: ExamPlan(date: exam)).entries.map(\.questionID), byExamDay)
        XCTAssertEqual(queue(states, exam: nil).entries.map(\.questionID), byNow)
    }

    func testTheFinalWindowIsLongEnoughToReviewTheCourseOnce() {
        XCTAssertEqual(ExamSchedule.finalWindowDays(questions: 118, reviewsPerDay: 200), 1)
        XCTAssertEqual(ExamSchedule.finalWindowDays(questions: 1000, reviewsPerDay: 200), 5)
        XCTAssertEqual(ExamSchedule.finalWindowDays(questions: 10, reviewsPerDay: 0), 10, "a zero limit counts as one a day")
    }

    func testAPassedExamIsOrdinaryScheduling() {
        let q = course.questions[0].id
        let states = [q: card(lastReview: 10, stability: 10, dueIn: 0)]
        XCTAssertEqual(queue(states, exam: ExamPlan(date: now - day)), queue(states, exam: nil))
    }

    /// Days left count study days, as a calendar does and as the plan lists them, not
    /// whole 24-hour periods; across a daylight-saving change and around the day's start hour.
    func testDaysLeftCountsStudyDaysLikeThePlanDoes() throws {
        let utc = TimeZone(identifier: "UTC")!
        var settings = StudySettings(timeZone: utc)
        settings.dayStartHour = 4
        let iso = ISO8601DateFormatter()
        func left(_ now: String, _ exam: String, _ s: StudySettings) -> Int {
            ExamPlan(date: iso.date(from: exam)!).daysLeft(from: iso.date(from: now)!, settings: s)
        }
        XCTAssertEqual(left("2026-03-01T09:00:01Z", "2026-03-15T09:00:00Z", settings), 14, "a second after 09:00 is still 1 March")
        XCTAssertEqual(left("2026-12-01T18:45:00Z", "2026-12-18T09:00:00Z", settings), 17)
        XCTAssertEqual(left("2026-12-18T05:00:00Z", "2026-12-18T09:00:00Z", settings), 0, "the day itself")
        XCTAssertEqual(left("2026-12-18T03:00:00Z", "2026-12-18T09:00:00Z", settings), 1, "before 04:00 it is still the 17th's study day")
        XCTAssertEqual(left("2026-12-19T10:00:00Z", "2026-12-18T09:00:00Z", settings), 0, "never negative")
        // London moves its clocks on 29 March 2026: the day is 23 hours long, still one day.
        settings.timeZone = try XCTUnwrap(TimeZone(identifier: "Europe/London"))
        XCTAssertEqual(left("2026-03-28T12:00:00Z", "2026-03-30T08:00:00Z", settings), 2)
        // And the plan lists exactly that many days before the exam's own.
        let exam = ExamPlan(date: iso.date(from: "2026-03-15T09:00:00Z")!)
        settings.timeZone = utc
        let plan = PlanForecast(course: course, states: [:], recalled: [], today: TodayCounts(introduced: 0, reviewed: 0), settings: settings,
                                scheduler: plainScheduler, now: iso.date(from: "2026-03-01T09:00:01Z")!, exam: exam, secondsPerAnswer: 30)
        XCTAssertEqual(plan.daysLeft, 14)
        XCTAssertEqual(plan.days.count, plan.daysLeft)
    }

    func testThePlanIsDeterministicAndStudyHelps() {
        let exam = ExamPlan(date: now + 20 * day, target: 0.9)
        let make = {
            PlanForecast(course: self.course, states: [:], recalled: [], today: TodayCounts(introduced: 0, reviewed: 0), settings: self.settings,
                         scheduler: plainScheduler, now: self.now, exam: exam, secondsPerAnswer: 30)
        }
        let a = make(), b = make()
        XCTAssertEqual(a, b, "seeded: the same state gives the same plan")
        XCTAssertEqual(a.days.count, 20)
        XCTAssertEqual(a.days.first?.new, 3, "every question is introduced on the first day (limit 20)")
        XCTAssertGreaterThan(a.predictedWithPlan, a.predictedIfStopped)
        XCTAssertEqual(a.predictedIfStopped, course.questions.map(\.guessChance).reduce(0, +) / 3, accuracy: 1e-12)
        XCTAssertEqual(a.days.first.map { $0.minutes }, Int((Double(a.days[0].reviews + a.days[0].new) * 30 / 60).rounded(.up)))
        XCTAssertFalse(a.paceTooSlow)
        var slow = settings
        slow.newPerDay = 0
        let stalled = PlanForecast(course: course, states: [:], recalled: [], today: TodayCounts(introduced: 0, reviewed: 0), settings: slow,
                                   scheduler: plainScheduler, now: now, exam: exam, secondsPerAnswer: 30)
        XCTAssertTrue(stalled.paceTooSlow, "no new questions a day cannot reach the course")
    }
}
