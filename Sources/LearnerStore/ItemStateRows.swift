import Foundation
import GRDB
import GRDBSQLite
import StudyCore

/// Reads one learner's item states in one course by column position, straight from
/// SQLite's buffers: a GRDB row per item, looked up by column name, cost more than SQLite's
/// own work (every start reads them; `primer optimize` reads them again before it writes
/// new ones). When any row holds a value of an unexpected type or range, the whole read is
/// done again the way it always was (`Codecs.memory` on copied rows), which names the row
/// and column it cannot hold, or reads it as GRDB would: the fast path never decides what
/// a damaged row means.
enum ItemStateRows {
    /// One item: its question, state, and whether it was ever answered right.
    struct Item {
        var question: String
        var memory: CardMemory
        var recalled: Bool
    }

    static func all(_ db: Database, learner: Int64, course: String) throws -> [Item] {
        let statement = try db.cachedStatement(sql: """
            SELECT questionId, state, step, stability, difficulty, due, lastReview, recalled
            FROM itemState WHERE learnerId = ? AND courseId = ?
            """)
        try statement.setArguments([learner, course])
        var items: [Item] = [], typicalRows = true
        try SQLiteRows.forEach(statement, in: db) { s in
            guard let item = typical(s) else { typicalRows = false; return false }
            items.append(item)
            return true
        }
        return typicalRows ? items : try copiedRows(db, learner: learner, course: course)
    }

    /// The row under the statement, when every value is of its column's type and range.
    private static func typical(_ s: SQLiteStatement) -> Item? {
        func type(_ column: Int32) -> Int32 { sqlite3_column_type(s, column) }
        func optional(_ column: Int32, _ expected: Int32) -> Bool { type(column) == expected || type(column) == SQLITE_NULL }
        guard type(0) == SQLITE_TEXT, type(1) == SQLITE_INTEGER, optional(2, SQLITE_INTEGER), optional(3, SQLITE_FLOAT),
              optional(4, SQLITE_FLOAT), type(5) == SQLITE_INTEGER, optional(6, SQLITE_INTEGER), optional(7, SQLITE_INTEGER),
              let state = CardState(rawValue: Int(sqlite3_column_int64(s, 1))) else { return nil }
        let stability = type(3) == SQLITE_NULL ? nil : sqlite3_column_double(s, 3)
        let difficulty = type(4) == SQLITE_NULL ? nil : sqlite3_column_double(s, 4)
        if let stability, !(stability.isFinite && stability > 0) { return nil }
        if let difficulty, !difficulty.isFinite { return nil }
        let memory = CardMemory(state: state, step: type(2) == SQLITE_NULL ? nil : Int(sqlite3_column_int64(s, 2)),
                                stability: stability, difficulty: difficulty,
                                due: Millis.date(sqlite3_column_int64(s, 5)),
                                lastReview: type(6) == SQLITE_NULL ? nil : Millis.date(sqlite3_column_int64(s, 6)))
        return Item(question: SQLiteColumns.text(s, 0) ?? "", memory: memory, recalled: sqlite3_column_int64(s, 7) != 0)
    }

    /// The same items decoded from copied GRDB rows (which report a wrongly typed value).
    /// `recalled` only marks the questions ever answered right; an unreadable one is read as
    /// "not yet", as a missing one is, rather than making the learner's states unreadable.
    private static func copiedRows(_ db: Database, learner: Int64, course: String) throws -> [Item] {
        try Row.fetchAll(db, sql: "SELECT * FROM itemState WHERE learnerId = ? AND courseId = ?", arguments: [learner, course])
            .map { row in
                let question: String = try RowValue.decode(row, "questionId", table: "itemState")
                let recalled = (try? RowValue.decode(row, "recalled", table: "itemState", id: question) as Int?) ?? nil
                return Item(question: question, memory: try Codecs.memory(row), recalled: (recalled ?? 0) != 0)
            }
    }
}
