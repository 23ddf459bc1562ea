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
    /// `date` as it reads back from the store.
    static func normalized(_ date: Date) -> Date { self.date(from(date)) }
}

enum Codecs {
    /// Option lists are stored as JSON arrays of strings: texts may hold any character.
    static func encodeList(_ list: [String]) -> String {
        let data = (try? JSONEncoder().encode(list)) ?? Data("[]".utf8)
        return String(decoding: data, as: UTF8.self)
    }

    static func decodeList(_ text: String) -> [String] {
        (try? JSONDecoder().decode([String].self, from: Data(text.utf8))) ?? []
    }

    /// `withOptions` false leaves `shown` and `chosen` empty: scheduling never reads them,
    /// and decoding them is most of the cost of reading a long log.
    static func review(_ row: Row, withOptions: Bool = true) -> ReviewRecord {
        ReviewRecord(
            id: row["id"],
            courseID: row["courseId"],
            questionID: row["questionId"],
            reviewedAt: Millis.date(row["reviewedAt"] as Int64),
            rating: Rating(rawValue: row["rating"]) ?? .again,
            shown: withOptions ? decodeList(row["shown"]) : [],
            chosen: withOptions ? decodeList(row["chosen"]) : [],
            correct: row["correct"],
            responseMilliseconds: row["responseMs"],
            sessionID: row["sessionId"],
            affectsSchedule: row["affectsSchedule"])
    }

    static func insertReview(_ review: ReviewRecord, learner: Int64, _ db: Database) throws {
        try db.execute(sql: """
            INSERT INTO review (id, learnerId, courseId, questionId, reviewedAt, rating, shown, chosen,
                                correct, responseMs, sessionId, affectsSchedule)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, arguments: [review.id, learner, review.courseID, review.questionID, Millis.from(review.reviewedAt),
                             review.rating.rawValue, encodeList(review.shown), encodeList(review.chosen),
                             review.correct, review.responseMilliseconds, review.sessionID, review.affectsSchedule])
    }

    static func memory(_ row: Row) -> CardMemory {
        CardMemory(
            state: CardState(rawValue: row["state"]) ?? .learning,
            step: row["step"],
            stability: row["stability"],
            difficulty: row["difficulty"],
            due: Millis.date(row["due"] as Int64),
            lastReview: Millis.date(row["lastReview"] as Int64?))
    }

    static func upsertState(_ memory: CardMemory, learner: Int64, course: String, question: String, _ db: Database) throws {
        try db.execute(sql: """
            INSERT INTO itemState (learnerId, courseId, questionId, state, step, stability, difficulty, due, lastReview)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (learnerId, courseId, questionId) DO UPDATE SET
                state = excluded.state, step = excluded.step, stability = excluded.stability,
                difficulty = excluded.difficulty, due = excluded.due, lastReview = excluded.lastReview
            """, arguments: [learner, course, question, memory.state.rawValue, memory.step, memory.stability,
                             memory.difficulty, Millis.from(memory.due), memory.lastReview.map(Millis.from)])
    }

    static func deleteState(learner: Int64, course: String, question: String, _ db: Database) throws {
        try db.execute(sql: "DELETE FROM itemState WHERE learnerId = ? AND courseId = ? AND questionId = ?",
                       arguments: [learner, course, question])
    }

    /// Reviews of one learner (and course), in the order replay must see them.
    static func reviews(learner: Int64, course: String?, since: Date?, withOptions: Bool = true,
                        _ db: Database) throws -> [ReviewRecord] {
        let columns = withOptions ? "*" : "id, courseId, questionId, reviewedAt, rating, correct, responseMs, sessionId, affectsSchedule"
        var sql = "SELECT \(columns) FROM review WHERE learnerId = ?"
        var arguments: StatementArguments = [learner]
        if let course { sql += " AND courseId = ?"; arguments += [course] }
        if let since { sql += " AND reviewedAt >= ?"; arguments += [Millis.from(since)] }
        sql += " ORDER BY reviewedAt, id"
        return try Row.fetchAll(db, sql: sql, arguments: arguments).map { review($0, withOptions: withOptions) }
    }
}
