import Foundation
import GRDB
import XCTest
import StudyCore
@testable import LearnerStore

/// The log reader that skips GRDB's row copies must read every row exactly as the copied
/// row does, and hand any value of an unexpected type to the copied-row path, which
/// decodes it as before or names the row and column.
final class SchedulingRowsTests: XCTestCase {
    func makeLog() throws -> DatabaseQueue { try reviewRowsFixture() }

    /// Row f's time is a REAL: it leaves the fast path, and reads as the copied row reads it.
    func testEveryRowReadsAsTheCopiedRowDoes() throws {
        let db = try makeLog()
        let sql = "SELECT \(SchedulingRows.columns) FROM review ORDER BY id"
        try db.read { db in
            let fast = try SchedulingRows.all(db, sql: sql)
            let copied = try Row.fetchAll(db, sql: sql).map { try Codecs.review($0, withOptions: false) }
            XCTAssertEqual(fast, copied)
            XCTAssertEqual(fast.map(\.id), ["a", "b", "c", "d", "e", "f"])
            XCTAssertEqual(fast[0].predicted, 0.75)
            XCTAssertEqual(fast[1].responseMilliseconds, 0, "a negative time is clamped, as before")
            XCTAssertEqual(fast[1].sessionID, "session-1")
            XCTAssertNil(fast[2].sessionID)
            XCTAssertEqual(fast[2].questionID, "پاکستان")
            XCTAssertEqual(fast[2].predicted, 1, "an integer probability is a probability")
            XCTAssertFalse(fast[2].affectsSchedule)
            XCTAssertNil(fast[3].predicted, "1.5 is no probability")
            XCTAssertEqual(fast[4].courseID, "other")
            XCTAssertEqual(fast[5].reviewedAt, Date(timeIntervalSince1970: 1_740_819_900), "a whole REAL time: the copied path's reading")
        }
    }

    func testAValueOfTheWrongTypeIsNamedAsBefore() throws {
        let db = try makeLog()
        try db.write { db in try db.execute(sql: "UPDATE review SET rating = 'often' WHERE id = 'c'") }
        try db.read { db in
            XCTAssertThrowsError(try SchedulingRows.all(db, sql: "SELECT \(SchedulingRows.columns) FROM review ORDER BY id")) { error in
                let text = "\(error)"
                XCTAssertTrue(text.contains("rating"), text)
                XCTAssertTrue(text.contains("c"), text)
            }
        }
    }
}
