import Foundation
import XCTest
@testable import StudyCore

final class DailyQueueTests: XCTestCase {
    let utcPlus2 = TimeZone(secondsFromGMT: 7200)!
    lazy var settings = StudySettings(timeZone: utcPlus2)
    /// 10:00 local on Monday 2024-03-11.
    let now = utc("2024-03-11T08:00:00Z")

    func testStudyDayStartsAtFourLocal() {
        let day = settings.studyDay(containing: now)
        XCTAssertEqual(day.start, utc("2024-03-11T02:00:00Z"))
        XCTAssertEqual(day.end, utc("2024-03-12T02:00:00Z"))
        // 03:59 local still belongs to the day before; 04:00 starts a new one.
        XCTAssertEqual(settings.studyDay(containing: utc("2024-03-12T01:59:59Z")), day)
        XCTAssertEqual(settings.studyDay(containing: utc("2024-03-12T02:00:00Z")).start, day.end)
        var midnight = settings
        midnight.dayStartHour = 0
        XCTAssertEqual(midnight.studyDay(containing: now).start, utc("2024-03-10T22:00:00Z"))
    }

    func testStudyDayAcrossDaylightSavingIsShorter() throws {
        let berlin = StudySettings(timeZone: try XCTUnwrap(TimeZone(identifier: "Europe/Berlin")))
        let day = berlin.studyDay(containing: utc("2024-03-30T12:00:00Z"))
        XCTAssertEqual(day.start, utc("2024-03-30T03:00:00Z"))  // 04:00 CET
        XCTAssertEqual(day.end, utc("2024-03-31T02:00:00Z"))    // 04:00 CEST
        XCTAssertEqual(day.duration, 23 * hour)
    }

    /// A new item rated Easy `daysAgo` days before `now`: Review, S = 8.2956, due 8 days after.
    func easyItem(daysAgo: Double) -> CardMemory {
        let at = now - daysAgo * day
        return plainScheduler.review(.new(at: at), rating: .easy, at: at)
    }

    func queue(_ course: Course, _ states: [String: CardMemory], read: Set<String>, unlockAll: Bool = false,
               today: [ReplayedReview] = [], settings custom: StudySettings? = nil, at: Date? = nil,
               lastShown: String? = nil) -> DailyQueue {
        DailyQueue(course: course, states: states, readLessons: read, unlockAll: unlockAll, todayReviews: today,
                   settings: custom ?? settings, scheduler: plainScheduler, now: at ?? now, lastShown: lastShown)
    }

    func testOrderLearningThenMostAtRiskThenNewInLessonOrder() {
        let course = makeCourse(themes: 1, lessonsPerTheme: 3, questionsPerLesson: 2)
        // Easy first review: S = 8.3, due 8 days later. Reviewed 20 days ago → lower R than 9 days ago.
        var states: [String: CardMemory] = [
            "t1-l1-q1": easyItem(daysAgo: 9),
            "t1-l1-q2": easyItem(daysAgo: 20),
            "t1-l2-q1": easyItem(daysAgo: 2),   // not due for 6 days
        ]
        // In a learning step, due 5 minutes ago; another due in 5 minutes.
        states["t1-l2-q2"] = plainScheduler.review(.new(at: now - 15 * minute), rating: .good, at: now - 15 * minute)
        states["t1-l3-q1"] = plainScheduler.review(.new(at: now - 5 * minute), rating: .good, at: now - 5 * minute)
        let q = queue(course, states, read: ["t1-l1", "t1-l3"])
        XCTAssertEqual(q.entries, [
            .init(questionID: "t1-l2-q2", reason: .learning),
            .init(questionID: "t1-l1-q2", reason: .due),
            .init(questionID: "t1-l1-q1", reason: .due),
            .init(questionID: "t1-l3-q2", reason: .new),   // l2 unread: its questions wait
        ])
        XCTAssertEqual(q.nextLearningDue, now + 5 * minute)
        XCTAssertEqual(q.next?.questionID, "t1-l2-q2")

        let ahead = queue(course, states, read: [], unlockAll: true)
        XCTAssertEqual(ahead.entries.filter { $0.reason == .new }.map(\.questionID), ["t1-l3-q2"])
        XCTAssertEqual(queue(course, [:], read: [], unlockAll: true).entries.count, 6)
    }

    func testReviewsDueLaterTodayAreIncludedButNotTomorrows() {
        let course = makeCourse(themes: 1, lessonsPerTheme: 1, questionsPerLesson: 2)
        // Easy → due 8 days after review: one lands at 20:00 local today, one at 05:00 local tomorrow.
        let states = ["t1-l1-q1": plainScheduler.review(.new(at: now), rating: .easy, at: now - 8 * day + 8 * hour),
                      "t1-l1-q2": plainScheduler.review(.new(at: now), rating: .easy, at: now - 8 * day + 19 * hour)]
        XCTAssertEqual(queue(course, states, read: []).entries.map(\.questionID), ["t1-l1-q1"])
    }

    func testDailyLimitsCountTodaysAnswers() {
        let course = makeCourse(themes: 1, lessonsPerTheme: 1, questionsPerLesson: 6)
        var limited = settings
        limited.newPerDay = 3
        limited.reviewsPerDay = 2
        var states: [String: CardMemory] = [:]
        for i in 1...3 { states["t1-l1-q\(i)"] = easyItem(daysAgo: 10 + Double(i)) }
        let fresh = queue(course, states, read: ["t1-l1"], settings: limited)
        XCTAssertEqual(fresh.entries.map(\.reason), [.due, .due, .new, .new, .new])
        XCTAssertEqual(fresh.reviewsLeft, 2)

        // The whole log: three items learnt 11–13 days ago; earlier today one review answered
        // and one new question introduced (its second, learning-step answer counts as neither);
        // a cram answer counts for nothing; yesterday's introduction is not today's.
        var records = (1...3).map { i in record("e\(i)", "t1-l1-q\(i)", .easy, at: now - (10 + Double(i)) * day) }
        records += [
            record("r1", "t1-l1-q1", .good, at: now - 2 * hour),
            record("n1", "t1-l1-q4", .good, at: now - 1 * hour),
            record("n2", "t1-l1-q4", .good, at: now - 50 * minute),
            record("c1", "t1-l1-q5", .good, at: now - 40 * minute, affectsSchedule: false),
            record("y1", "t1-l1-q6", .good, at: now - 1 * day),
        ]
        let log = plainScheduler.replayLog(records)
        let q = queue(course, log.states, read: ["t1-l1"], today: log.reviews, settings: limited)
        XCTAssertEqual(q.reviewsLeft, 1)
        XCTAssertEqual(q.newLeft, 2)
        XCTAssertEqual(q.entries, [.init(questionID: "t1-l1-q6", reason: .learning),  // yesterday's step, overdue
                                   .init(questionID: "t1-l1-q3", reason: .due),       // lowest R of the two due
                                   .init(questionID: "t1-l1-q5", reason: .new)])      // crammed, still new
    }

    func testNeverTheSameItemTwiceInARow() {
        let course = makeCourse(themes: 1, lessonsPerTheme: 1, questionsPerLesson: 3)
        let q = queue(course, [:], read: ["t1-l1"], lastShown: "t1-l1-q1")
        XCTAssertEqual(q.entries.map(\.questionID), ["t1-l1-q2", "t1-l1-q1", "t1-l1-q3"])
        // Alone in the queue, it is still offered: there is nothing else to ask.
        let one = makeCourse(themes: 1, lessonsPerTheme: 1, questionsPerLesson: 1)
        XCTAssertEqual(queue(one, [:], read: ["t1-l1"], lastShown: "t1-l1-q1").entries.map(\.questionID), ["t1-l1-q1"])
    }

    func testSmallestMatchesSortedPrefix() {
        var rng = SeededGenerator(seed: 3)
        for size in [0, 1, 5, 50, 500] {
            let values = (0..<size).map { _ in Int(rng.next() % 100) * 1000 + Int(rng.next() % 1000) }
            for k in [0, 1, 3, 10, 200, 1000] {
                XCTAssertEqual(values.smallest(k, by: <), Array(values.sorted().prefix(k)), "n \(size), k \(k)")
            }
        }
    }

    func testEmptyWhenNothingToDo() {
        let course = makeCourse(themes: 1, lessonsPerTheme: 1, questionsPerLesson: 1)
        let q = queue(course, ["t1-l1-q1": easyItem(daysAgo: 1)], read: ["t1-l1"])
        XCTAssertNil(q.next)
        XCTAssertNil(q.nextLearningDue)
    }
}
