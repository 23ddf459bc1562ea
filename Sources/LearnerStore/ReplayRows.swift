import Foundation
import GRDB
import GRDBSQLite
import StudyCore

/// Reads a learner's log as a replay function given by the caller needs it (doctor's
/// check and rebuild), from the `review_by_item` index alone (`Schema.upgradeToVersion6`):
/// one question after another, each in replay order (time, then id), with no sort and no
/// visit to the rows. (FSRS's own replays and the optimizer read the same index into a
/// `ScheduleLog` instead: `ScheduleLogRows`.)
///
/// The records carry what a replay reads (`SettingsReplayFunction`): id, course, question,
/// time, rating, whether the answer was right and whether it moves the schedule. The rest
/// is not read: `shown` and `chosen` are empty, `responseMilliseconds` 0, `sessionID` and
/// `predicted` nil. They are for replaying, never for showing.
enum ReplayRows {
    static func all(_ db: Database, learner: Int64, course: String?) throws -> [ReviewRecord] {
        var arguments: StatementArguments = [learner]
        if let course { arguments += [course] }
        // Counted first (from the same index) so the array is made once, not grown and
        // copied a dozen times.
        let count = try Int.fetchOne(db, sql: "SELECT count(*) FROM review \(filter(course: course != nil))", arguments: arguments) ?? 0
        let statement = try db.makeStatement(sql: query(course: course != nil))
        try statement.setArguments(arguments)
        var strings = RunStrings()
        var records: [ReviewRecord] = []
        records.reserveCapacity(count)
        try SQLiteRows.forEach(statement, in: db) { s in
            if let record = read(s, &strings) {
                records.append(record)
            } else {
                // A value of an unexpected type: the whole row, decoded as everywhere else,
                // which names the row and column it cannot hold.
                let rowid = sqlite3_column_int64(s, 0)
                guard let row = try Row.fetchOne(db, sql: "SELECT * FROM review WHERE rowid = ?", arguments: [rowid]) else {
                    throw StoreError.notFound("review row \(rowid)")
                }
                records.append(try Codecs.review(row, withOptions: false))
            }
            return true
        }
        return records
    }

    /// The read, for one learner (and one course when `course`): the index's order.
    static func query(course: Bool) -> String {
        """
        SELECT rowid, id, courseId, questionId, reviewedAt, rating, correct, affectsSchedule FROM review \(filter(course: course))
        ORDER BY courseId, questionId, reviewedAt, id
        """
    }

    private static func filter(course: Bool) -> String {
        course ? "WHERE learnerId = ? AND courseId = ?" : "WHERE learnerId = ?"
    }

    /// The row under `s`, or nil when a value is not of its column's type.
    private static func read(_ s: SQLiteStatement, _ strings: inout RunStrings) -> ReviewRecord? {
        func type(_ column: Int32) -> Int32 { sqlite3_column_type(s, column) }
        guard type(1) == SQLITE_TEXT, type(2) == SQLITE_TEXT, type(3) == SQLITE_TEXT, type(4) == SQLITE_INTEGER,
              type(5) == SQLITE_INTEGER, type(6) == SQLITE_INTEGER, type(7) == SQLITE_INTEGER,
              let rating = Rating(rawValue: Int(sqlite3_column_int64(s, 5))) else { return nil }
        return ReviewRecord(
            id: String(decoding: SQLiteColumns.bytesOrEmpty(s, 1), as: UTF8.self),
            courseID: strings.course(SQLiteColumns.bytesOrEmpty(s, 2)),
            questionID: strings.question(SQLiteColumns.bytesOrEmpty(s, 3)),
            reviewedAt: Millis.date(sqlite3_column_int64(s, 4)), rating: rating, shown: [], chosen: [],
            correct: sqlite3_column_int64(s, 6) != 0, responseMilliseconds: 0, sessionID: nil,
            affectsSchedule: sqlite3_column_int64(s, 7) != 0, predicted: nil)
    }
}

/// The course and question of the row before, reused while rows keep them: rows come
/// one question after another, so comparing with the last one is all it takes.
private struct RunStrings {
    private var lastCourse: (bytes: [UInt8], string: String) = ([], "")
    private var lastQuestion: (bytes: [UInt8], string: String) = ([], "")

    mutating func course(_ bytes: UnsafeRawBufferPointer) -> String { Self.reuse(bytes, &lastCourse) }
    mutating func question(_ bytes: UnsafeRawBufferPointer) -> String { Self.reuse(bytes, &lastQuestion) }

    private static func reuse(_ bytes: UnsafeRawBufferPointer, _ last: inout (bytes: [UInt8], string: String)) -> String {
        let same = last.bytes.count == bytes.count
            && last.bytes.withUnsafeBytes { held in
                guard let a = held.baseAddress, let b = bytes.baseAddress else { return true }   // both empty
                return memcmp(a, b, bytes.count) == 0
            }
        if !same {
            last = (Array(bytes), String(decoding: bytes, as: UTF8.self))
        }
        return last.string
    }
}
