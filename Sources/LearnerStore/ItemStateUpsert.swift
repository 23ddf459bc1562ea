import GRDB
import GRDBSQLite
import StudyCore

/// Writes many item states of one learner and course, `rowsPerStatement` rows to a
/// statement, binding each value through SQLite's C interface. `primer optimize` rewrites
/// every state of the learner: for 1,030 states, building GRDB's `StatementArguments`
/// from a list of values took about three quarters of the 2.7 ms this step took.
///
/// Runs on the connection of a GRDB `Database`, inside the caller's transaction; an
/// error is GRDB's `DatabaseError` with SQLite's code and message, as from GRDB itself.
/// (No transaction observer or authorizer watches this store's writes: nothing of GRDB's
/// is skipped that would see them.)
enum ItemStateUpsert {
    static let rowsPerStatement = 64

    static func write(_ states: [(question: String, memory: CardMemory)], learner: Int64, course: String,
                      _ db: Database) throws {
        var prepared: [Int: OpaquePointer] = [:]   // by rows: a full chunk and the last, shorter one
        defer { for statement in prepared.values { sqlite3_finalize(statement) } }
        var course = course
        var start = 0
        while start < states.count {
            let chunk = states[start..<min(start + rowsPerStatement, states.count)]
            let statement = try prepared[chunk.count] ?? prepare(rows: chunk.count, db)
            prepared[chunk.count] = statement
            var column: Int32 = 0
            func next() -> Int32 { column += 1; return column }
            for (question, memory) in chunk {
                var question = question
                sqlite3_bind_int64(statement, next(), learner)
                course.withUTF8 { bindText(statement, next(), $0) }
                question.withUTF8 { bindText(statement, next(), $0) }
                sqlite3_bind_int64(statement, next(), Int64(memory.state.rawValue))
                bind(statement, next(), memory.step.map(Int64.init))
                bind(statement, next(), memory.stability)
                bind(statement, next(), memory.difficulty)
                sqlite3_bind_int64(statement, next(), Millis.from(memory.due))
                bind(statement, next(), memory.lastReview.map(Millis.from))
            }
            let code = sqlite3_step(statement)
            sqlite3_reset(statement)
            guard code == SQLITE_DONE else { throw error(code, db, sql: sql(rows: chunk.count)) }
            start += chunk.count
        }
    }

    static func sql(rows: Int) -> String {
        """
        INSERT INTO itemState (learnerId, courseId, questionId, state, step, stability, difficulty, due, lastReview)
        VALUES \(Array(repeating: "(?, ?, ?, ?, ?, ?, ?, ?, ?)", count: rows).joined(separator: ", "))
        ON CONFLICT (learnerId, courseId, questionId) DO UPDATE SET
            state = excluded.state, step = excluded.step, stability = excluded.stability,
            difficulty = excluded.difficulty, due = excluded.due, lastReview = excluded.lastReview
        """
    }

    private static func prepare(rows: Int, _ db: Database) throws -> OpaquePointer {
        var statement: OpaquePointer?
        let text = sql(rows: rows)
        let code = sqlite3_prepare_v2(db.sqliteConnection, text, -1, &statement, nil)
        guard code == SQLITE_OK, let statement else {
            sqlite3_finalize(statement)
            throw error(code, db, sql: text)
        }
        return statement
    }

    private static func error(_ code: Int32, _ db: Database, sql: String) -> DatabaseError {
        DatabaseError(resultCode: ResultCode(rawValue: code), message: db.sqliteConnection.map { String(cString: sqlite3_errmsg($0)) },
                      sql: sql)
    }

    /// SQLite copies the bytes (SQLITE_TRANSIENT): the text need not outlive the call.
    private static func bindText(_ statement: OpaquePointer, _ index: Int32, _ bytes: UnsafeBufferPointer<UInt8>) {
        let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
        bytes.withMemoryRebound(to: CChar.self) { text in
            // An empty text as "": a nil pointer would bind NULL.
            guard let base = text.baseAddress, !text.isEmpty else {
                _ = sqlite3_bind_text(statement, index, "", 0, transient)
                return
            }
            _ = sqlite3_bind_text(statement, index, base, Int32(text.count), transient)
        }
    }

    private static func bind(_ statement: OpaquePointer, _ index: Int32, _ value: Int64?) {
        if let value { sqlite3_bind_int64(statement, index, value) } else { sqlite3_bind_null(statement, index) }
    }

    private static func bind(_ statement: OpaquePointer, _ index: Int32, _ value: Double?) {
        if let value { sqlite3_bind_double(statement, index, value) } else { sqlite3_bind_null(statement, index) }
    }
}
