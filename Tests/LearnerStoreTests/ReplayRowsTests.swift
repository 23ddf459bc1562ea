import Foundation
import GRDB
import XCTest
import StudyCore
@testable import LearnerStore

/// The replay read (`ReplayRows`): the log one question after another, each in replay
/// order, read from the item index alone, with every field a replay may use exactly as the
/// full read gives it.
final class ReplayRowsTests: XCTestCase {
    var folder: URL!
    override func setUpWithError() throws { folder = try makeTempFolder(name) }
    override func tearDown() { removeTempFolder(folder) }

    /// Out of order, two courses, a cram answer, two answers to one question in the same
    /// millisecond (ids "t10" < "t9" as text), another learner's answer.
    func testRowsComeByQuestionInReplayOrderWithEveryReplayField() throws {
        let store = try openStore(folder.appendingPathComponent("data"), options: .init(automaticBackups: false))
        defer { try? store.close() }
        let ana = try store.learner(named: "ana", now: testEpoch)
        let ben = try store.learner(named: "ben", now: testEpoch)
        let answers: [(String, String, String, Double, Rating, Bool, Bool)] = [   // id, course, question, minutes, rating, correct, moves schedule
            ("t9", "demo", "q2", 30, .good, true, true),
            ("a1", "demo", "q2", 10, .again, false, true),
            ("t10", "demo", "q2", 30, .hard, true, true),
            ("c1", "demo", "q1", 20, .easy, true, false),
            ("o1", "other", "q1", 5, .good, false, true),
            ("a2", "demo", "q1", 15, .good, true, true),
        ]
        for (id, course, question, minutes, rating, correct, moves) in answers {
            try store.record(makeReview(id, question: question, at: testEpoch + minutes * 60, rating: rating, correct: correct,
                                        course: course, affectsSchedule: moves), learner: ana, newState: nil)
        }
        try store.record(makeReview("b1", question: "q1", at: testEpoch, course: "demo"), learner: ben, newState: nil)

        let replay = try store.read { try ReplayRows.all($0, learner: ana, course: nil) }
        XCTAssertEqual(replay.map(\.id), ["a2", "c1", "a1", "t10", "t9", "o1"])
        let full = try store.reviews(learner: ana, course: nil, since: nil)
        for record in replay {
            let stored = try XCTUnwrap(full.first { $0.id == record.id })
            XCTAssertEqual(record.courseID, stored.courseID)
            XCTAssertEqual(record.questionID, stored.questionID)
            XCTAssertEqual(record.reviewedAt, stored.reviewedAt)
            XCTAssertEqual(record.rating, stored.rating)
            XCTAssertEqual(record.correct, stored.correct, record.id)
            XCTAssertEqual(record.affectsSchedule, stored.affectsSchedule)
            // What no replay may read is not read.
            XCTAssertEqual(record.shown, [])
            XCTAssertNil(record.sessionID)
        }
        XCTAssertEqual(try store.read { try ReplayRows.all($0, learner: ana, course: "other") }.map(\.id), ["o1"])
    }

    /// The read must stay an index-only walk in index order: a change to the index or the
    /// query that brought back a sort, or a visit to every row, would fail here.
    func testTheReadUsesTheItemIndexAloneWithNoSort() throws {
        let store = try openStore(folder.appendingPathComponent("data"), options: .init(automaticBackups: false))
        defer { try? store.close() }
        let plan = try store.read { db in
            try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN \(ReplayRows.query(course: true))", arguments: [1, "demo"])
                .map { $0["detail"] as String }
        }
        XCTAssertEqual(plan, ["SEARCH review USING COVERING INDEX review_by_item (learnerId=? AND courseId=?)"])
        let all = try store.read { db in
            try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN \(ReplayRows.query(course: false))", arguments: [1])
                .map { $0["detail"] as String }
        }
        XCTAssertEqual(all, ["SEARCH review USING COVERING INDEX review_by_item (learnerId=?)"])
    }

    func testAValueOfTheWrongTypeIsNamed() throws {
        let store = try openStore(folder.appendingPathComponent("data"), options: .init(automaticBackups: false))
        defer { try? store.close() }
        let ana = try store.learner(named: "ana", now: testEpoch)
        try store.record(makeReview("r1", question: "q1", at: testEpoch), learner: ana, newState: nil)
        try store.record(makeReview("r2", question: "q2", at: testEpoch + 60), learner: ana, newState: nil)
        try store.write { db in try db.execute(sql: "UPDATE review SET correct = 'yes' WHERE id = 'r2'") }
        XCTAssertThrowsError(try store.read { try ReplayRows.all($0, learner: ana, course: nil) }) { error in
            let text = "\(error)"
            XCTAssertTrue(text.contains("correct") && text.contains("r2"), text)
        }
    }

    func testAnUpgradedStoreGetsTheCoveringIndex() throws {
        let data = folder.appendingPathComponent("data")
        try FileManager.default.createDirectory(at: data, withIntermediateDirectories: true)
        let fixture = try XCTUnwrap(Bundle.module.url(forResource: "primer-v1", withExtension: "sqlite", subdirectory: "Resources"))
        try FileManager.default.copyItem(at: fixture, to: data.appendingPathComponent("primer.sqlite"))
        let store = try openStore(data)
        defer { try? store.close() }
        let sql = "SELECT sql FROM sqlite_master WHERE name = 'review_by_item'"
        XCTAssertEqual(try store.read { try String.fetchOne($0, sql: sql) }, Schema.createReviewByItem)
        let ana = try XCTUnwrap(store.existingLearner(named: "ana"))
        XCTAssertEqual(try store.read { try ReplayRows.all($0, learner: ana, course: nil) }.map(\.id), ["r1", "r3", "r2"], "q1, then q2")
    }
}
