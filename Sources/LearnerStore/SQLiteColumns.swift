import GRDB
import GRDBSQLite

/// Reading a column of the row under a stepped statement straight from SQLite's buffer:
/// for the passes over the whole log (`SchedulingRows`, the class report's tally), where
/// a copied GRDB row per answer was most of the cost.
enum SQLiteColumns {
    /// The column's bytes as SQLite holds them (valid until the next step); nil for NULL.
    static func bytes(_ s: SQLiteStatement, _ column: Int32) -> UnsafeRawBufferPointer? {
        guard sqlite3_column_type(s, column) != SQLITE_NULL else { return nil }
        guard let text = sqlite3_column_text(s, column) else { return UnsafeRawBufferPointer(start: nil, count: 0) }
        return UnsafeRawBufferPointer(start: UnsafeRawPointer(text), count: Int(sqlite3_column_bytes(s, column)))
    }

    /// The same, "" for NULL.
    static func bytesOrEmpty(_ s: SQLiteStatement, _ column: Int32) -> UnsafeRawBufferPointer {
        bytes(s, column) ?? UnsafeRawBufferPointer(start: nil, count: 0)
    }

    static func text(_ s: SQLiteStatement, _ column: Int32) -> String? {
        bytes(s, column).map { String(decoding: $0, as: UTF8.self) }
    }
}
