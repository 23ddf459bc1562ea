import Foundation
import GRDB
import StudyCore

/// How values are laid out in columns. Dates are whole milliseconds since 1970 (UTC):
/// exact to compare, sortable, and carried losslessly by the ISO 8601 export. A `Date`
/// with finer precision is rounded to the nearest millisecond when stored.
enum Millis {
    static func from(_ date: Date) -> Int64 { Int64((date.timeIntervalSince1970 * 1000).rounded()) }
    static func date(_ ms: Int64) -> Date { Date(timeIntervalSince1970: Double(ms) / 1000) }
    static func date(_ ms: Int64?) -> Date? { ms.map { date($0) } }
}

enum Codecs {
    /// Option lists are stored as JSON arrays of strings: texts may hold any character.
    /// Written by hand, byte for byte as JSONEncoder writes them (a test compares the
    /// two): import writes two lists per review, and an encoder each cost more than the
    /// rest of the review's insert.
    static func encodeList(_ list: [String]) -> String {
        var out: [UInt8] = [0x5B]
        for (index, text) in list.enumerated() {
            if index > 0 { out.append(0x2C) }
            var text = text
            text.withUTF8 { appendQuoted($0, to: &out) }
        }
        out.append(0x5D)
        return String(decoding: out, as: UTF8.self)
    }

    /// `text` as a JSON string, escaped as JSONEncoder escapes it: runs that need no
    /// escape are copied whole.
    static func appendQuoted(_ text: UnsafeBufferPointer<UInt8>, to out: inout [UInt8]) {
        out.append(0x22)
        var start = 0
        for (i, byte) in text.enumerated() where byte < 0x20 || byte == 0x22 || byte == 0x5C || byte == 0x2F {
            out.append(contentsOf: UnsafeBufferPointer(rebasing: text[start..<i]))
            appendEscaped(byte, to: &out)
            start = i + 1
        }
        out.append(contentsOf: UnsafeBufferPointer(rebasing: text[start...]))
        out.append(0x22)
    }

    private static func appendEscaped(_ byte: UInt8, to out: inout [UInt8]) {
        let backslash: UInt8 = 0x5C
        switch byte {
        case 0x22, 0x5C, 0x2F: out += [backslash, byte]
        case 0x08: out += [backslash, 0x62]
        case 0x09: out += [backslash, 0x74]
        case 0x0A: out += [backslash, 0x6E]
        case 0x0C: out += [backslash, 0x66]
        case 0x0D: out += [backslash, 0x72]
        default:
            let hex = Array("0123456789abcdef".utf8)
            out += [backslash, 0x75, 0x30, 0x30, hex[Int(byte >> 4)], hex[Int(byte & 0xF)]]
        }
    }

    static func decodeList(_ text: String) -> [String] {
        (try? JSONDecoder().decode([String].self, from: Data(text.utf8))) ?? []
    }

    /// `withOptions` false leaves `shown` and `chosen` empty: scheduling never reads them,
    /// and decoding them is most of the cost of reading a long log. A value the columns
    /// cannot hold throws `StoreError.badRow` naming the row and column.
    static func review(_ row: Row, withOptions: Bool = true) throws -> ReviewRecord {
        let id: String = try RowValue.decode(row, "id", table: "review")
        func value<T: DatabaseValueConvertible>(_ column: String) throws -> T {
            try RowValue.decode(row, column, table: "review", id: id)
        }
        let ratingValue: Int = try value("rating")
        guard let rating = Rating(rawValue: ratingValue) else {
            throw StoreError.badRow(table: "review", id: id, column: "rating", detail: "\(ratingValue) is not a rating from 1 to 4")
        }
        let responseMs: Int64 = try value("responseMs")
        return ReviewRecord(
            id: id,
            courseID: try value("courseId"),
            questionID: try value("questionId"),
            reviewedAt: Millis.date(try value("reviewedAt") as Int64),
            rating: rating,
            shown: withOptions ? decodeList(try value("shown")) : [],
            chosen: withOptions ? decodeList(try value("chosen")) : [],
            correct: try value("correct"),
            responseMilliseconds: Int(clamping: max(0, responseMs)),
            sessionID: try value("sessionId"),
            affectsSchedule: try value("affectsSchedule"),
            predicted: RowValue.probability(try value("predicted")))
    }

    /// `beforeState`: the item's state just before (see `RunningSummary`); nil when the
    /// caller will recompute it (import, fixtures).
    /// Cached statements (here and in the state and summary writes): one answer's commit
    /// runs the same few statements every time, and compiling them was part of its cost.
    static func insertReview(_ review: ReviewRecord, learner: Int64, beforeState: Int? = nil, _ db: Database) throws {
        try db.cachedStatement(sql: """
            INSERT INTO review (id, learnerId, courseId, questionId, reviewedAt, rating, shown, chosen,
                                correct, responseMs, sessionId, affectsSchedule, predicted, beforeState)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """).execute(arguments: [review.id, learner, review.courseID, review.questionID, Millis.from(review.reviewedAt),
                             review.rating.rawValue, encodeList(review.shown), encodeList(review.chosen),
                             review.correct, review.responseMilliseconds, review.sessionID, review.affectsSchedule,
                             review.predicted, beforeState])
    }

    /// An item state row; `StoreError.badRow` for a value the columns cannot hold, or a
    /// state that could not have been written (an unknown state code, a NaN stability).
    static func memory(_ row: Row) throws -> CardMemory {
        let question: String = try RowValue.decode(row, "questionId", table: "itemState")
        func value<T: DatabaseValueConvertible>(_ column: String) throws -> T {
            try RowValue.decode(row, column, table: "itemState", id: question)
        }
        let code: Int = try value("state")
        guard let state = CardState(rawValue: code) else {
            throw StoreError.badRow(table: "itemState", id: question, column: "state", detail: "\(code) is not a state")
        }
        let stability: Double? = try value("stability"), difficulty: Double? = try value("difficulty")
        if let stability, !(stability.isFinite && stability > 0) {
            throw StoreError.badRow(table: "itemState", id: question, column: "stability", detail: "\(stability) is not a positive number")
        }
        if let difficulty, !difficulty.isFinite {
            throw StoreError.badRow(table: "itemState", id: question, column: "difficulty", detail: "\(difficulty) is not a number")
        }
        return CardMemory(
            state: state,
            step: try value("step"),
            stability: stability,
            difficulty: difficulty,
            due: Millis.date(try value("due") as Int64),
            lastReview: Millis.date(try value("lastReview") as Int64?))
    }

    static func upsertState(_ memory: CardMemory, learner: Int64, course: String, question: String, _ db: Database) throws {
        try db.cachedStatement(sql: """
            INSERT INTO itemState (learnerId, courseId, questionId, state, step, stability, difficulty, due, lastReview)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (learnerId, courseId, questionId) DO UPDATE SET
                state = excluded.state, step = excluded.step, stability = excluded.stability,
                difficulty = excluded.difficulty, due = excluded.due, lastReview = excluded.lastReview
            """).execute(arguments: [learner, course, question, memory.state.rawValue, memory.step, memory.stability,
                                   memory.difficulty, Millis.from(memory.due), memory.lastReview.map(Millis.from)])
    }

    /// Many states of one learner and course (`ItemStateUpsert`: several rows to a
    /// statement, values bound through SQLite's C interface).
    static func upsertStates(_ states: [(question: String, memory: CardMemory)], learner: Int64, course: String,
                             _ db: Database) throws {
        try ItemStateUpsert.write(states, learner: learner, course: course, db)
    }

    static func deleteState(learner: Int64, course: String, question: String, _ db: Database) throws {
        try db.execute(sql: "DELETE FROM itemState WHERE learnerId = ? AND courseId = ? AND questionId = ?",
                       arguments: [learner, course, question])
    }

    /// Reviews of one learner (and course), in the order replay must see them.
    static func reviews(learner: Int64, course: String?, since: Date?, withOptions: Bool = true,
                        _ db: Database) throws -> [ReviewRecord] {
        let columns = withOptions ? "*" : SchedulingRows.columns
        var sql = "SELECT \(columns) FROM review WHERE learnerId = ?"
        var arguments: StatementArguments = [learner]
        if let course { sql += " AND courseId = ?"; arguments += [course] }
        if let since { sql += " AND reviewedAt >= ?"; arguments += [Millis.from(since)] }
        sql += " ORDER BY reviewedAt, id"
        guard !withOptions else { return try Row.fetchAll(db, sql: sql, arguments: arguments).map { try review($0) } }
        return try SchedulingRows.all(db, sql: sql, arguments: arguments)
    }
}

/// Reading one column of a row without ever trapping: a value of the wrong type (a
/// damaged or hand-edited file) becomes `StoreError.badRow` naming the table, the row
/// and the column, which `doctor` reports and `doctor --rebuild` sets aside.
enum RowValue {
    static func decode<T: DatabaseValueConvertible>(_ row: Row, _ column: String, table: String, id: String? = nil) throws -> T {
        do {
            return try row.decode(forColumn: column)
        } catch {
            let stored: DatabaseValue? = row.hasColumn(column) ? (row[column] as DatabaseValue) : nil
            let found = stored.map { value -> String in
                switch value.storage {
                case .null: return "NULL"
                case .int64(let v): return "the integer \(v)"
                case .double(let v): return "the number \(v)"
                case .string(let v): return "the text '\(v.prefix(40))'"
                case .blob(let v): return "a blob of \(v.count) bytes"
                }
            } ?? "no such column"
            throw StoreError.badRow(table: table, id: id ?? "?", column: column, detail: "it holds \(found), expected \(T.self)")
        }
    }

    /// A stored score or fraction, or nil when it is not a finite number.
    static func finite(_ value: Double?) -> Double? {
        guard let value, value.isFinite else { return nil }
        return value
    }

    /// A stored probability, or nil when it is not one.
    static func probability(_ value: Double?) -> Double? {
        guard let value, value.isFinite, value >= 0, value <= 1 else { return nil }
        return value
    }
}
