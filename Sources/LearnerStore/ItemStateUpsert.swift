import GRDB
import GRDBSQLite
import StudyCore

/// Writes many item states of one learner and course, `rowsPerStatement` rows to a
/// statement, binding each value through SQLite's C interface. `primer optimize` rewrites
/// every state of the learner: for 1,030 states, building GRDB's `StatementArguments`
/// from a list of values took about three quarters of the 2.7 ms this step took.
///
/// The statements are GRDB's cached ones on the caller's connection, inside its
/// transaction, only bound and stepped here; an error is GRDB's `DatabaseError` with
/// SQLite's code and message, as from GRDB itself. (No transaction observer or authorizer
/// watches this store's writes: nothing of GRDB's is skipped that would see them.)
enum ItemStateUpsert {
    static let rowsPerStatement = 64

    static func write(_ states: [(question: String, memory: CardMemory)], learner: Int64, course: String,
                      _ db: Database) throws {
        var course = course
        var start = 0
        while start < states.count {
            let chunk = states[start..<min(start + rowsPerStatement, states.count)]
            let text = chunk.count == rowsPerStatement ? fullChunkSQL : sql(rows: chunk.count)
            // Held while it is used: the SQLite statement lives as long as GRDB's object. Reset
            // first: GRDB resets a statement when it next runs it, not after (the one-row text
            // is `Codecs.upsertState`'s too), and SQLite refuses bindings to one not reset.
            let cached = try db.cachedStatement(sql: text)
            defer { withExtendedLifetime(cached) {} }
            let statement = cached.sqliteStatement
            sqlite3_reset(statement)
            var column: Int32 = 0, refused = SQLITE_OK
            // Each value into the next parameter; the first binding SQLite refuses is kept.
            func put(_ bound: (Int32) -> Int32) {
                column += 1
                let code = bound(column)
                if refused == SQLITE_OK { refused = code }
            }
            for (question, memory) in chunk {
                var question = question
                put { sqlite3_bind_int64(statement, $0, learner) }
                put { index in course.withUTF8 { bindText(statement, index, $0) } }
                put { index in question.withUTF8 { bindText(statement, index, $0) } }
                put { sqlite3_bind_int64(statement, $0, Int64(memory.state.rawValue)) }
                put { bind(statement, $0, memory.step.map(Int64.init)) }
                put { bind(statement, $0, memory.stability) }
                put { bind(statement, $0, memory.difficulty) }
                put { sqlite3_bind_int64(statement, $0, Millis.from(memory.due)) }
                put { bind(statement, $0, memory.lastReview.map(Millis.from)) }
            }
            guard refused == SQLITE_OK else { throw SQLiteRows.error(refused, db, sql: text) }
            let code = sqlite3_step(statement)
            sqlite3_reset(statement)
            guard code == SQLITE_DONE else { throw SQLiteRows.error(code, db, sql: text) }
            start += chunk.count
        }
    }

    private static let fullChunkSQL = sql(rows: rowsPerStatement)

    static func sql(rows: Int) -> String {
        """
        INSERT INTO itemState (learnerId, courseId, questionId, state, step, stability, difficulty, due, lastReview)
        VALUES \(Array(repeating: "(?, ?, ?, ?, ?, ?, ?, ?, ?)", count: rows).joined(separator: ", "))
        ON CONFLICT (learnerId, courseId, questionId) DO UPDATE SET
            state = excluded.state, step = excluded.step, stability = excluded.stability,
            difficulty = excluded.difficulty, due = excluded.due, lastReview = excluded.lastReview
        """
    }

    /// SQLite copies the bytes (SQLITE_TRANSIENT): the text need not outlive the call.
    private static func bindText(_ statement: OpaquePointer, _ index: Int32, _ bytes: UnsafeBufferPointer<UInt8>) -> Int32 {
        let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
        return bytes.withMemoryRebound(to: CChar.self) { text in
            // An empty text as "": a nil pointer would bind NULL.
            guard let base = text.baseAddress, !text.isEmpty else { return sqlite3_bind_text(statement, index, "", 0, transient) }
            return sqlite3_bind_text(statement, index, base, Int32(text.count), transient)
        }
    }

    private static func bind(_ statement: OpaquePointer, _ index: Int32, _ value: Int64?) -> Int32 {
        value.map { sqlite3_bind_int64(statement, index, $0) } ?? sqlite3_bind_null(statement, index)
    }

    private static func bind(_ statement: OpaquePointer, _ index: Int32, _ value: Double?) -> Int32 {
        value.map { sqlite3_bind_double(statement, index, $0) } ?? sqlite3_bind_null(statement, index)
    }
}
