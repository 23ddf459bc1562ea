import Foundation
import GRDB
import XCTest
import StudyCore
@testable import LearnerStore

/// The log the optimizer and replays read straight from the `review_by_item` index must
/// hold what the same rows give through GRDB's copied rows (`ScheduleLog(records:)`):
/// every schedule-affecting answer of the learner, in replay order; a value of an
/// unexpected type read as the copied row reads it, or named with its row and column.
final class ScheduleLogRowsTests: XCTestCase {
    /// The shared rows, with the index the reader walks, a tie in time (d and g) and another
    /// learner's answer (h).
    func makeStore() throws -> DatabaseQueue {
        try reviewRowsFixture(more: """
            CREATE INDEX review_by_item ON review (learnerId, courseId, questionId, reviewedAt, id, rating, affectsSchedule);
            INSERT INTO review VALUES
              ('g', 1, 'course', 'q2', 1740819780000, 4, 1, 900, NULL, 1, NULL),
              ('h', 2, 'course', 'q2', 1740819790000, 4, 1, 900, NULL, 1, NULL);
            """)
    }

    /// Row f's time is a REAL: it leaves the fast path and reads as the copied row does.
    /// c does not move the schedule, h is another learner's; d and g tie in time (by id).
    func testTheLogHoldsWhatTheCopiedRowsGive() throws {
        let db = try makeStore()
        try db.read { db in
            let log = try ScheduleLogRows.log(db, learner: 1)
            let copied = try Row.fetchAll(db, sql: "SELECT \(SchedulingRows.columns) FROM review WHERE learnerId = 1")
                .map { try Codecs.review($0, withOptions: false) }
            XCTAssertEqual(log, ScheduleLog(records: copied))
            XCTAssertEqual((0..<log.count).map(log.id), ["a", "b", "d", "g", "f", "e"])
            XCTAssertEqual(log.questions.map(\.questionID), ["q-with-a-long-question-id", "q2", "q3", "q2"])
            XCTAssertEqual(log.times[4], 1_740_819_900, "a whole REAL time: the copied path's reading")
            XCTAssertEqual(try ScheduleLogRows.log(db, learner: 3).count, 0, "no answers: an empty log")
        }
    }

    func testAValueOfTheWrongTypeIsNamedWithItsRow() throws {
        let db = try makeStore()
        try db.write { db in try db.execute(sql: "UPDATE review SET rating = 'often' WHERE id = 'd'") }
        try db.read { db in
            XCTAssertThrowsError(try ScheduleLogRows.log(db, learner: 1)) { error in
                let text = "\(error)"
                XCTAssertTrue(text.contains("rating"), text)
                XCTAssertTrue(text.contains("d"), text)
            }
        }
    }
}
