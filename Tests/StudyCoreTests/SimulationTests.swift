import Foundation
import XCTest
@testable import StudyCore

/// A learner walked through 30 days with the real queue, grading and scheduler, on an
/// injected clock and a seeded random source. The assertions are properties the SPEC
/// and the issue promise, each able to fail.
final class SimulationTests: XCTestCase {
    struct Answer {
        var review: ReplayedReview
        var queueLength: Int
        var day: Int
    }

    let settings = StudySettings(timeZone: TimeZone(secondsFromGMT: 0)!)
    let course = makeCourse(themes: 4, lessonsPerTheme: 3, questionsPerLesson: 10)
    let start = utc("2024-01-01T00:00:00Z")

    /// Runs the month; returns every answer in order and the final states.
    func simulate(days: Int, seed: UInt64) -> (answers: [Answer], states: [String: CardMemory], records: [ReviewRecord]) {
        let scheduler = FSRSScheduler(settings.schedulerConfig())
        var rng = SeededGenerator(seed: seed)
        var states: [String: CardMemory] = [:]
        var answers: [Answer] = [], records: [ReviewRecord] = []
        var read: Set<String> = []
        for dayNumber in 0..<days {
            // Reads three more lessons a day, so the new-per-day limit (20) binds early on.
            for lesson in course.lessons.filter({ !read.contains($0.id) }).prefix(3) { read.insert(lesson.id) }
            var now = start + Double(dayNumber) * day + 8 * hour + rng.nextUnit() * 2 * hour
            var today: [ReplayedReview] = []
            var lastShown: String?
            for _ in 0..<2000 {
                let queue = DailyQueue(course: course, states: states, readLessons: read, todayReviews: today,
                                       settings: settings, scheduler: scheduler, now: now, lastShown: lastShown)
                guard let entry = queue.next else {
                    guard let wake = queue.nextLearningDue else { break }
                    now = wake
                    continue
                }
                let question = course.question(entry.questionID)!
                let shown = question.drawChoices(using: &rng)
                let correct = rng.nextUnit() < 0.85
                let seconds = 3 + rng.nextUnit() * 8
                let override: AnswerOverride? = rng.nextUnit() < 0.05 ? (correct ? .tooEasy : .guessed) : nil
                let rating = Grading.rating(correct: correct, responseTime: seconds,
                                            questionLength: Grading.questionLength(stem: question.stem, shown: shown.map(\.text)),
                                            override: override)
                now += seconds
                let rec = record("r\(records.count)", question.id, rating, at: now, correct: correct)
                let before = states[question.id] ?? .new(at: now)
                let after = scheduler.review(before, rating: rating, at: now, fuzz: FSRSScheduler.fuzzUnit(forReviewID: rec.id))
                let review = ReplayedReview(record: rec, before: before, after: after)
                states[question.id] = after
                records.append(rec)
                today.append(review)
                answers.append(Answer(review: review, queueLength: queue.entries.count, day: dayNumber))
                lastShown = question.id
                now += 4  // reading the feedback
            }
        }
        return (answers, states, records)
    }

    func testAMonthOfStudyBehavesAsPromised() {
        let clock = Date()
        let (answers, states, records) = simulate(days: 30, seed: 20240101)
        let elapsed = Date().timeIntervalSince(clock)
        XCTAssertLessThan(elapsed, 1.0, "30 simulated days took \(elapsed) s")
        XCTAssertGreaterThan(answers.count, 500, "the learner should have been kept busy")

        let byDay = Dictionary(grouping: answers, by: \.day)
        for (dayNumber, list) in byDay {
            let introduced = list.filter { $0.review.introducedItem }.count
            XCTAssertLessThanOrEqual(introduced, settings.newPerDay, "day \(dayNumber)")
            XCTAssertLessThanOrEqual(list.filter { $0.review.wasReview }.count, settings.reviewsPerDay, "day \(dayNumber)")
            // Every item still in a step today was finished today: nothing left mid-step.
            let lastOfItem = Dictionary(list.map { ($0.review.record.questionID, $0.review.after) }) { $1 }
            for (id, card) in lastOfItem where card.state != .review {
                XCTFail("day \(dayNumber): \(id) left in \(card.state) step \(card.step ?? -1)")
            }
        }
        XCTAssertEqual(byDay[0]?.filter { $0.review.introducedItem }.count, 20, "the limit should bind on day 1")
        XCTAssertEqual(Set(answers.filter { $0.review.introducedItem }.map(\.review.record.questionID)).count, 120)

        // Never the same item twice in a row, unless it was the only thing left to ask.
        for (a, b) in zip(answers, answers.dropFirst()) where a.day == b.day
            && a.review.record.questionID == b.review.record.questionID {
            XCTAssertEqual(b.queueLength, 1, "\(b.review.record.questionID) asked twice in a row with others waiting")
        }

        // A lapse in review comes back the same day, in relearning.
        var lapses = 0
        for (i, a) in answers.enumerated() where a.review.wasReview && a.review.record.rating == .again {
            lapses += 1
            XCTAssertEqual(a.review.after.state, .relearning)
            let again = answers[(i + 1)...].first { $0.review.record.questionID == a.review.record.questionID }
            XCTAssertEqual(again?.day, a.day, "lapsed \(a.review.record.questionID) not seen again that day")
            XCTAssertEqual(again?.review.before.state, .relearning)
        }
        XCTAssertGreaterThan(lapses, 10)

        // Consistently right items: stability never falls, and intervals grow.
        var steady = 0
        for (id, list) in Dictionary(grouping: answers.map(\.review), by: \.record.questionID)
        where list.allSatisfy({ $0.record.rating != .again }) {
            let s = list.compactMap(\.after.stability)
            XCTAssertEqual(s, s.sorted(), "\(id) lost stability without a lapse")
            let intervals = list.filter { $0.after.state == .review }.map { $0.after.due.timeIntervalSince($0.record.reviewedAt) }
            if intervals.count >= 3 {
                steady += 1
                XCTAssertGreaterThan(intervals.last!, intervals.first!, "\(id) intervals did not grow: \(intervals)")
            }
        }
        XCTAssertGreaterThan(steady, 10)

        // The log alone reproduces the state the live session built (fuzz included).
        XCTAssertEqual(FSRSScheduler(settings.schedulerConfig()).replayLog(records).states, states)

        // Review answers were right about 85 % of the time (minus "I guessed").
        let progress = StudyProgress(course: course, states: states, reviews: answers.map(\.review),
                                     readLessons: Set(course.lessons.map(\.id)), settings: settings,
                                     scheduler: FSRSScheduler(settings.schedulerConfig()),
                                     now: answers.last!.review.record.reviewedAt)
        XCTAssertEqual(progress.overall.seen, 120)
        XCTAssertEqual(progress.streakDays, 30)
        XCTAssertEqual(try XCTUnwrap(progress.overall.retention), 0.84, accuracy: 0.06)
        XCTAssertGreaterThan(progress.overall.mastery, 0.8)
    }

    func testSameSeedSameMonth() {
        let a = simulate(days: 5, seed: 7), b = simulate(days: 5, seed: 7)
        XCTAssertEqual(a.records, b.records)
        XCTAssertEqual(a.states, b.states)
    }
}
