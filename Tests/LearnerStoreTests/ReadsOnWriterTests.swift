import Foundation
import GRDB
@testable import LearnerStore
import StudyCore
import XCTest

/// A store whose reads go through the writer connection (`Options.readsOnWriter`, for
/// `primer optimize`) reads what any store reads, each read a snapshot that cannot write,
/// and its later writes still see whether another primer wrote in between.
final class ReadsOnWriterTests: XCTestCase {
    var folder: URL!
    override func setUpWithError() throws { folder = try makeTempFolder(name) }
    override func tearDown() { removeTempFolder(folder) }

    func testReadsOnTheWriterReadTheSameAndCannotWrite() throws {
        let data = folder.appendingPathComponent("data")
        let usual = try openStore(data)
        let ana = try usual.learner(named: "ana", now: testEpoch)
        for i in 0..<12 {
            try recordConsistently(usual, makeReview("r\(i)", question: "q\(i % 4)", at: testEpoch + Double(i) * day), learner: ana)
        }
        try usual.write { db in
            try db.execute(sql: "INSERT INTO setting (learnerId, key, value) VALUES (?, 'new_per_day', '7')", arguments: [ana])
        }
        let expected = (log: try usual.learnerLog(learner: ana).schedule, settings: try usual.settings(learner: ana),
                        states: try usual.itemStates(learner: ana, course: "course"))
        try usual.close()

        let store = try openStore(data, options: .init(readsOnWriter: true))
        XCTAssertEqual(try store.learnerLog(learner: ana).schedule, expected.log)
        XCTAssertEqual(try store.settings(learner: ana), expected.settings)
        XCTAssertEqual(try store.itemStates(learner: ana, course: "course"), expected.states)
        XCTAssertThrowsError(try store.read { db in try db.execute(sql: "DELETE FROM review") }) { error in
            XCTAssertTrue("\(error)".lowercased().contains("readonly") || "\(error)".contains("read-only")
                          || "\(error)".contains("attempt to write"), "\(error)")
        }
        XCTAssertEqual(try store.learnerLog(learner: ana).schedule.count, 12, "nothing was deleted")

        // Another primer writes between the read and the save: the log read is no longer
        // current, as on a reader connection.
        let log = try store.learnerLog(learner: ana)
        let other = try openStore(data)
        try recordConsistently(other, makeReview("r12", question: "q0", at: testEpoch + 12 * day), learner: ana)
        try other.close()
        let current = try store.write { db in try LearnerStore.stillCurrent(log, ownWrites: store.ownWrites.value, db) }
        XCTAssertFalse(current)
        XCTAssertEqual(try store.learnerLog(learner: ana).schedule.count, 13)
        XCTAssertTrue(store.pool is DatabaseQueue, "one connection: no pool, no readers")
        XCTAssertEqual(store.durability, DurabilityReport(journalMode: "wal", synchronous: 2, busyTimeoutMilliseconds: 10_000))
        try store.close()
        XCTAssertTrue(CleanClose.isUnchanged(data.appendingPathComponent("primer.sqlite")), "closed cleanly")
    }

    /// The queue does not set the log up as GRDB's pool does: a file in another journal
    /// mode (as some tool may leave it) is put back into WAL, durable as ever.
    func testAFileOutOfWALModeIsPutBackIntoIt() throws {
        let data = folder.appendingPathComponent("data")
        try openStore(data).close()
        let file = data.appendingPathComponent("primer.sqlite")
        let tool = try DatabaseQueue(path: file.path)
        try tool.writeWithoutTransaction { try $0.execute(sql: "PRAGMA journal_mode = DELETE") }
        try tool.close()
        XCTAssertEqual(try Data(contentsOf: file)[18], 1, "rollback mode in the header (2 is WAL)")
        let store = try openStore(data, options: .init(readsOnWriter: true))
        XCTAssertEqual(store.durability.journalMode, "wal")
        XCTAssertTrue(store.durability.isDurable)
        _ = try store.learner(named: "ana", now: testEpoch)
        try store.close()
    }
}
