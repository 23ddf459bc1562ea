import Foundation
import XCTest
import LearnerStore
import StudyCore

/// Item state is derivable from the log: the doctor checks it, rebuild restores it.
final class DoctorTests: XCTestCase {
    var folder: URL!
    var store: LearnerStore!
    var ana: Int64!
    override func setUpWithError() throws {
        folder = try makeTempFolder(name)
        store = try openStore(folder.appendingPathComponent("data"), options: .init(automaticBackups: false))
        ana = try store.learner(named: "ana", now: testEpoch)
        for i in 0..<30 {
            try recordConsistently(store, makeReview("r\(i)", question: "q\(i % 6)", at: testEpoch + Double(i) * 777.777,
                                                     rating: Rating(rawValue: i % 4 + 1)!, correct: i % 5 != 0,
                                                     course: i % 2 == 0 ? "demo" : "other"), learner: ana)
        }
    }
    override func tearDown() {
        store = nil
        removeTempFolder(folder)
    }

    func testHealthyStorePassesDoctor() throws {
        let report = try store.doctor(replay: lastRecordWins)
        XCTAssertEqual(report.integrity, ["ok"])
        XCTAssertEqual(report.schemaVersion, report.supportedSchemaVersion)
        XCTAssertEqual(report.durability.synchronous, 2)
        XCTAssertEqual(report.mismatches, [])
        XCTAssertTrue(report.isHealthy)
    }

    func testRebuildGivesTheStoredState() throws {
        let before = try store.itemStates(learner: ana, course: "demo").merging(
            try store.itemStates(learner: ana, course: "other")) { a, _ in a }
        XCTAssertEqual(try store.rebuildItemStates(replay: lastRecordWins), 0, "consistent states: nothing to change")
        let after = try store.itemStates(learner: ana, course: "demo").merging(
            try store.itemStates(learner: ana, course: "other")) { a, _ in a }
        XCTAssertEqual(after, before)
        XCTAssertEqual(after.count, 6)
    }

    func testDoctorFindsAndRebuildRepairsDivergedStates() throws {
        let healthy = try store.itemStates(learner: ana, course: "demo")
        // A state written that the log does not explain, and one with no log at all.
        var wrong = try XCTUnwrap(healthy["q0"])
        wrong.stability = (wrong.stability ?? 0) * (1 + 1e-6)
        let review = makeReview("extra", question: "q0", at: testEpoch + 99_999, course: "demo")
        try store.record(review, learner: ana, newState: wrong)
        try store.record(makeReview("ghost", question: "q-ghost", at: testEpoch, course: "third"), learner: ana,
                         newState: CardMemory.new(at: testEpoch))
        try store.undo(reviewID: "ghost", learner: ana, previousState: CardMemory.new(at: testEpoch))

        let report = try store.doctor(replay: lastRecordWins)
        XCTAssertFalse(report.isHealthy)
        XCTAssertEqual(report.mismatches.map(\.courseID), ["demo", "third"])
        XCTAssertEqual(report.mismatches.map(\.questionIDs), [["q0"], ["q-ghost"]])
        XCTAssertEqual(report.mismatches.first?.learnerName, "ana")

        XCTAssertEqual(try store.rebuildItemStates(replay: lastRecordWins), 2)
        XCTAssertTrue(try store.doctor(replay: lastRecordWins).isHealthy)
        let all = try store.reviews(learner: ana, course: "demo", since: nil)
        XCTAssertEqual(try store.itemStates(learner: ana, course: "demo"), lastRecordWins(all))
        XCTAssertEqual(try store.itemStates(learner: ana, course: "third"), [:])
    }

    func testTinyFloatingDifferencesAreNotMismatches() throws {
        // Replay may sum in another order: within a relative 1e-9 counts as equal.
        let nudged: ([ReviewRecord]) -> [String: CardMemory] = { records in
            lastRecordWins(records).mapValues { m in
                var m = m
                m.stability = m.stability.map { $0 * (1 + 1e-12) }
                return m
            }
        }
        XCTAssertEqual(try store.doctor(replay: nudged).mismatches, [])
        let shifted: ([ReviewRecord]) -> [String: CardMemory] = { records in
            lastRecordWins(records).mapValues { m in
                var m = m
                m.due = m.due.addingTimeInterval(0.001)
                return m
            }
        }
        XCTAssertEqual(try store.doctor(replay: shifted).mismatches.map(\.questionIDs.count), [3, 3],
                       "dates compare exactly (to the millisecond)")
    }
}
