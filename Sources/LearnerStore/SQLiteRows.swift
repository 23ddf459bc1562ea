import GRDB
import GRDBSQLite

/// Steps a prepared GRDB statement (its arguments already set) row by row straight
/// through SQLite, for the passes that read every row's columns from SQLite's buffers
/// (`SQLiteColumns`). A GRDB cursor's bookkeeping for each row was about a tenth of the
/// log's read in `primer optimize`. Nothing of GRDB's is skipped that these reads need:
/// each is a plain SELECT on a connection no transaction observer watches (see
/// `ItemStateUpsert` for the writes). An error is GRDB's `DatabaseError`, with SQLite's
/// code and message and the statement's text, as from GRDB itself.
enum SQLiteRows {
    /// Calls `body` with the statement under each row, in order, until the rows end or
    /// `body` returns false; the statement is reset afterwards either way.
    static func forEach(_ statement: Statement, in db: Database, _ body: (SQLiteStatement) throws -> Bool) throws {
        let s = statement.sqliteStatement
        defer { sqlite3_reset(s) }
        while true {
            let code = sqlite3_step(s)
            if code == SQLITE_DONE { return }
            guard code == SQLITE_ROW else { throw error(code, db, sql: statement.sql, arguments: statement.arguments) }
            guard try body(s) else { return }
        }
    }

    /// GRDB's error for SQLite's result `code` on `db`'s connection, with its message.
    static func error(_ code: Int32, _ db: Database, sql: String, arguments: StatementArguments = []) -> DatabaseError {
        DatabaseError(resultCode: ResultCode(rawValue: code), message: db.sqliteConnection.map { String(cString: sqlite3_errmsg($0)) },
                      sql: sql, arguments: arguments)
    }
}
