import Foundation
import XCTest
@testable import StudyCore

/// `ScheduleLog`, the plain-array log that `primer optimize` fits and replays: the same
/// states and the same training items as the records it holds.
final class ScheduleLogTests: XCTestCase {
    func testReplayGivesTheRecordsStatesInEveryCourse() {
        let scheduler = FSRSScheduler(SchedulerConfig(enableFuzzing: true))
        for seed in 1...5 as ClosedRange<UInt64> {
            let records = seededAnswers(seed: seed, courses: ["course", "other"])
            let log = ScheduleLog(records: records)
            XCTAssertEqual(log.count, records.filter(\.affectsSchedule).count)
            // Against the full replay of each course's records (sorted and replayed answer by answer).
            let byCourse = Dictionary(grouping: records, by: \.courseID).mapValues { scheduler.replayLog($0).states }
            XCTAssertEqual(scheduler.replayStates(log), byCourse, "seed \(seed)")
        }
    }

    /// A log replayed in two parts cut anywhere, merged, gives the whole replay: also when
    /// a course's questions are not all together (its states gathered, then merged).
    func testPartsReplayedApartAndMergedGiveTheWholeReplay() {
        let scheduler = FSRSScheduler(SchedulerConfig(enableFuzzing: true))
        for seed in 1...3 as ClosedRange<UInt64> {
            let log = ScheduleLog(records: seededAnswers(seed: seed, courses: ["course", "other"]))
            let courses = log.questions.map(\.courseID)
            XCTAssertTrue(zip(courses, courses.dropFirst()).filter { $0 != $1 }.count > 1, "a course comes back later")
            let whole = scheduler.replayStates(log)
            XCTAssertEqual(scheduler.replayStates(log, questions: log.questions.indices), whole)
            for cut in 0...log.questions.count {
                var merged = scheduler.replayStates(log, questions: 0..<cut)
                FSRSScheduler.mergeReplayedStates(scheduler.replayStates(log, questions: cut..<log.questions.count), into: &merged)
                XCTAssertEqual(merged, whole, "seed \(seed), cut \(cut)")
            }
        }
    }

    /// Answers to one question at the same moment go in the order of their ids as text,
    /// which for text not in normal form differs from the order of their bytes (the order
    /// the store's index gives): "e + combining acute, z" sorts after "é, a" as text, before
    /// it as bytes.
    func testTiesFollowTheTextOrderOfIdsNotTheirBytes() {
        let decomposed = "e\u{301}z", precomposed = "\u{E9}a"
        XCTAssertLessThan(precomposed, decomposed)
        XCTAssertTrue(Array(decomposed.utf8).lexicographicallyPrecedes(Array(precomposed.utf8)))
        let at = utc("2025-03-01T09:00:00Z")
        var log = ScheduleLog()
        log.startQuestion(courseID: "course", questionID: "q")
        for (id, rating) in [("first", Rating.good), (decomposed, .again), (precomposed, .easy)] {
            var text = id
            text.withUTF8 { log.appendAnswer(time: id == "first" ? at.timeIntervalSince1970 - 86_400 : at.timeIntervalSince1970,
                                             rating: rating, id: UnsafeRawBufferPointer($0)) }
        }
        log.orderTies()
        XCTAssertEqual((0..<3).map(log.id), ["first", precomposed, decomposed])
        XCTAssertEqual(log.ratings, [.good, .easy, .again])
        XCTAssertEqual((0..<log.count).map(log.fuzz), ["first", precomposed, decomposed].map(FSRSScheduler.fuzzUnit(forReviewID:)))
        let records = [record("first", "q", .good, at: at.addingTimeInterval(-86_400)), record(decomposed, "q", .again, at: at),
                       record(precomposed, "q", .easy, at: at)]
        XCTAssertEqual(log, ScheduleLog(records: records))
        let scheduler = FSRSScheduler(SchedulerConfig(enableFuzzing: true))
        XCTAssertEqual(scheduler.replayStates(log)["course"], scheduler.replayLog(records).states)
    }

    /// A class's items: each learner's questions are their own, and the items of all of
    /// them are in the time order of their targets.
    func testItemsOfSeveralLogsAreInOneTimeOrder() {
        let t0 = utc("2025-03-01T09:00:00Z"), day = 86_400.0
        let ana = ScheduleLog(records: [record("a1", "q", .good, at: t0), record("a2", "q", .good, at: t0 + 3 * day)])
        let ben = ScheduleLog(records: [record("b1", "q", .again, at: t0), record("b2", "q", .hard, at: t0 + day)])
        let items = FSRSTrainingItems.from(logs: [ana, ben], dayIndex: FSRSStudyDays.utc())
        XCTAssertEqual(items.map(\.reviews), [
            [.init(rating: .again, deltaT: 0), .init(rating: .hard, deltaT: 1)],
            [.init(rating: .good, deltaT: 0), .init(rating: .good, deltaT: 3)],
        ])
    }
}
