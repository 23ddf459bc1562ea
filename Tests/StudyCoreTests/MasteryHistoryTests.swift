import Foundation
import StudyCore
import XCTest

/// The weekly mastery from one streamed pass equals the old way, a full replay filtered
/// again for every week, on seeded logs with ties, cram answers, wrong answers, questions
/// outside the course and weeks with no answers; and falls after a run of wrong answers.
final class MasteryHistoryTests: XCTestCase {
    let scheduler = FSRSScheduler(SchedulerConfig())
    let start = Date(timeIntervalSince1970: 1_760_000_000)

    /// The definition, computed the old way: every week from the whole replayed log.
    func reference(_ records: [ReviewRecord], course: Course, points: [Date]) -> [Double] {
        let log = scheduler.replayLog(records)
        let ids = Set(course.questions.map(\.id))
        return points.map { at in
            var states: [String: CardMemory] = [:]
            var recalled: Set<String> = []
            for review in log.reviews where review.record.reviewedAt <= at && review.record.affectsSchedule {
                states[review.record.questionID] = review.after
                if review.record.rating != .again { recalled.insert(review.record.questionID) }
            }
            let horizon = LearnerModel.horizon(now: at, examDate: nil)
            return states.filter { ids.contains($0.key) }.reduce(0.0) {
                $0 + LearnerModel.recall($1.value, recalled: recalled.contains($1.key), at: horizon, scheduler: scheduler)
            } / Double(course.questions.count)
        }
    }

    func streamed(_ records: [ReviewRecord], course: Course, points: [Date]) -> [Double] {
        var history = MasteryHistory(points: points, course: course, scheduler: scheduler)
        // In time order, as the store reads them; ties in the reverse of the log's order.
        for record in records.sorted(by: { $0.reviewedAt != $1.reviewedAt ? $0.reviewedAt < $1.reviewedAt : $0.id > $1.id }) {
            history.add(record)
        }
        return history.finish()
    }

    func testOnePassEqualsTheReplayForEveryWeekOnSeededLogs() {
        let course = makeCourse(themes: 3, lessonsPerTheme: 2, questionsPerLesson: 4)
        let ids = course.questions.map(\.id) + ["gone-from-the-course"]
        for seed in UInt64(1)...12 {
            var rng = SeededGenerator(seed: seed)
            var records: [ReviewRecord] = []
            var time = start
            for n in 0..<400 {
                // Bursts, quiet weeks and exact ties.
                time = time.addingTimeInterval(rng.next() % 5 == 0 ? 0 : Double(rng.next() % 50_000))
                if n == 200 { time = time.addingTimeInterval(21 * 86400) }
                let rating = Rating(rawValue: Int(rng.next() % 4) + 1) ?? .good
                records.append(record(String(format: "r%05d", n), ids[Int(rng.next() % UInt64(ids.count))], rating, at: time,
                                      affectsSchedule: rng.next() % 9 != 0))
            }
            let now = time.addingTimeInterval(3 * 86400)
            let points = stride(from: 11, through: 0, by: -1).map { now.addingTimeInterval(-Double($0) * 7 * 86400) }
                + [records[57].reviewedAt]   // a point exactly at an answer counts it
            let sortedPoints = points.sorted()
            let expected = reference(records, course: course, points: sortedPoints)
            let actual = streamed(records, course: course, points: sortedPoints)
            XCTAssertEqual(actual.count, expected.count)
            for (a, e) in zip(actual, expected) { XCTAssertEqual(a, e, accuracy: 1e-12, "seed \(seed)") }
        }
    }

    func testMasteryFallsAfterWrongAnswersAndIsZeroBeforeAny() {
        let course = makeCourse(themes: 1, lessonsPerTheme: 1, questionsPerLesson: 2)
        let q = course.questions[0].id
        let records = [record("a", q, .good, at: start), record("b", q, .good, at: start + 3 * 86400),
                       record("c", q, .again, at: start + 10 * 86400), record("d", q, .again, at: start + 10 * 86400 + 60)]
        let points = [start - 60, start + 9 * 86400, start + 11 * 86400]
        let values = streamed(records, course: course, points: points)
        XCTAssertEqual(values[0], 0, "nothing answered yet")
        XCTAssertGreaterThan(values[1], values[2], "two lapses lower it")
        XCTAssertEqual(values, reference(records, course: course, points: points))
    }
}
