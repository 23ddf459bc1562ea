import Foundation
import GRDB
import GRDBSQLite
import StudyCore

/// Reads review rows for scheduling (no option texts) straight from SQLite's buffers.
///
/// A copied GRDB row costs about 2 µs (an array of values, a lookup per column), which
/// made reading the log most of `primer optimize`'s time and of the Statistics screen's
/// pass over a long history. Here each value is read with its own `sqlite3_column_*`
/// call, and the ids that repeat from row to row (course, question, session) are made into
/// a `String` once. A value of an unexpected type leaves this path: that row is read by
/// `LearnerStore.schedulingRecord`, which decodes it as GRDB does or names the row and
/// column it cannot hold.
enum SchedulingRows {
    /// The columns every query read here must select, in this order.
    static let columns = "id, courseId, questionId, reviewedAt, rating, correct, responseMs, sessionId, affectsSchedule, predicted"

    static func forEach(_ db: Database, sql: String, arguments: StatementArguments = [],
                        _ body: (ReviewRecord) throws -> Void) throws {
        let statement = try db.makeStatement(sql: sql)
        try statement.setArguments(arguments)
        let cursor = try Row.fetchCursor(statement)
        let s = statement.sqliteStatement
        var strings = RepeatedStrings()
        while let row = try cursor.next() {
            if let record = read(s, &strings) {
                try body(record)
            } else {
                try body(try LearnerStore.schedulingRecord(row.copy()))
            }
        }
    }

    static func all(_ db: Database, sql: String, arguments: StatementArguments = []) throws -> [ReviewRecord] {
        var records: [ReviewRecord] = []
        try forEach(db, sql: sql, arguments: arguments) { records.append($0) }
        return records
    }

    /// The row under `s`, or nil when a value is not of its column's type.
    private static func read(_ s: SQLiteStatement, _ strings: inout RepeatedStrings) -> ReviewRecord? {
        func type(_ column: Int32) -> Int32 { sqlite3_column_type(s, column) }
        guard type(0) == SQLITE_TEXT, type(1) == SQLITE_TEXT, type(2) == SQLITE_TEXT, type(3) == SQLITE_INTEGER,
              type(4) == SQLITE_INTEGER, type(5) == SQLITE_INTEGER, type(6) == SQLITE_INTEGER,
              type(8) == SQLITE_INTEGER else { return nil }
        let sessionType = sqlite3_column_type(s, 7), predictedType = sqlite3_column_type(s, 9)
        guard sessionType == SQLITE_TEXT || sessionType == SQLITE_NULL,
              predictedType == SQLITE_FLOAT || predictedType == SQLITE_INTEGER || predictedType == SQLITE_NULL,
              let rating = Rating(rawValue: Int(sqlite3_column_int64(s, 4))) else { return nil }
        let responseMs = sqlite3_column_int64(s, 6)
        return ReviewRecord(
            id: String(decoding: SQLiteColumns.bytesOrEmpty(s, 0), as: UTF8.self),
            courseID: strings.string(SQLiteColumns.bytesOrEmpty(s, 1), kind: 0),
            questionID: strings.string(SQLiteColumns.bytesOrEmpty(s, 2), kind: 1),
            reviewedAt: Millis.date(sqlite3_column_int64(s, 3)), rating: rating, shown: [], chosen: [],
            correct: sqlite3_column_int64(s, 5) != 0, responseMilliseconds: Int(clamping: max(0, responseMs)),
            sessionID: sessionType == SQLITE_NULL ? nil : strings.string(SQLiteColumns.bytesOrEmpty(s, 7), kind: 2),
            affectsSchedule: sqlite3_column_int64(s, 8) != 0,
            predicted: predictedType == SQLITE_NULL ? nil : RowValue.probability(sqlite3_column_double(s, 9)))
    }
}

/// One `String` per distinct byte string (of a kind), shared by every row that has it.
struct RepeatedStrings {
    private var numbers = ByteInterner()
    private var strings: [String] = []

    mutating func string(_ bytes: UnsafeRawBufferPointer, kind: Int) -> String {
        let number = numbers.intern(bytes, group: kind)
        if number == strings.count { strings.append(String(decoding: bytes, as: UTF8.self)) }
        return strings[number]
    }
}
