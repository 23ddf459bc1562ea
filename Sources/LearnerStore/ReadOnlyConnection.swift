import Foundation
import GRDB
import GRDBSQLite

/// A connection opened with SQLITE_OPEN_READONLY straight through SQLite's C interface,
/// for the version check of a file primer itself closed cleanly (`FileCheck.inspect` at
/// `.header` depth): two small queries, where setting up a GRDB `DatabaseQueue` for them
/// took about a millisecond of every start. Errors are GRDB's `DatabaseError`, with
/// SQLite's code and message, as from a GRDB connection.
final class ReadOnlyConnection {
    private let connection: OpaquePointer
    /// False for a connection borrowed from GRDB (`init(borrowing:)`), which GRDB closes.
    private let owned: Bool

    init(_ file: URL, busyTimeout: TimeInterval) throws {
        var handle: OpaquePointer?
        let code = sqlite3_open_v2(file.path, &handle, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, nil)
        guard code == SQLITE_OK, let handle else {
            let message = handle.map { String(cString: sqlite3_errmsg($0)) }
            sqlite3_close_v2(handle)
            throw DatabaseError(resultCode: ResultCode(rawValue: code), message: message)
        }
        connection = handle
        owned = true
        sqlite3_extended_result_codes(connection, 1)
        sqlite3_busy_timeout(connection, Int32(clamping: Int((max(0, busyTimeout) * 1000).rounded())))
    }

    /// The same queries on a GRDB connection, inside a read of GRDB's (so read-only too),
    /// for no longer than that read.
    init(borrowing connection: OpaquePointer) {
        self.connection = connection
        owned = false
    }

    deinit { if owned { sqlite3_close_v2(connection) } }

    /// The first column of every row, as text (NULL as "").
    func texts(_ sql: String) throws -> [String] {
        var values: [String] = []
        try rows(sql) { statement in
            values.append(sqlite3_column_text(statement, 0).map { String(cString: $0) } ?? "")
        }
        return values
    }

    /// The first column of the first row, as an integer (0 without a row).
    func integer(_ sql: String) throws -> Int {
        var value = 0, first = true
        try rows(sql) { statement in
            if first { value = Int(sqlite3_column_int64(statement, 0)) }
            first = false
        }
        return value
    }

    private func rows(_ sql: String, _ each: (OpaquePointer) -> Void) throws {
        var statement: OpaquePointer?
        var code = sqlite3_prepare_v2(connection, sql, -1, &statement, nil)
        defer { sqlite3_finalize(statement) }
        guard code == SQLITE_OK, let statement else { throw error(code, sql) }
        while true {
            code = sqlite3_step(statement)
            if code == SQLITE_DONE { return }
            guard code == SQLITE_ROW else { throw error(code, sql) }
            each(statement)
        }
    }

    private func error(_ code: Int32, _ sql: String) -> DatabaseError {
        DatabaseError(resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(connection)), sql: sql)
    }
}
