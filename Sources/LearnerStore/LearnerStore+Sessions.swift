import Foundation
import GRDB

/// What a session was for. Stored as its raw string, so new kinds need no migration.
public enum SessionKind: String, Sendable, Codable, CaseIterable {
    /// Reading lessons and answering their questions.
    case study
    /// A practice quiz: counts towards the schedule.
    case practice
    /// A timed exam with a score.
    case exam
    /// Cramming before an exam: answers are logged but do not move the schedule.
    case cram
}

/// One session, as stored.
public struct SessionSummary: Sendable, Equatable, Codable {
    public var id: String
    public var learnerID: Int64
    public var courseID: String
    public var kind: SessionKind
    public var startedAt: Date
    /// nil while the session is running, or if primer stopped before it ended.
    public var finishedAt: Date?
    /// A fraction 0...1 for exams; nil when the session has no score.
    public var score: Double?
    public var answered: Int
    public var correct: Int
    /// The exam preset used, if any.
    public var preset: String?

    public init(id: String, learnerID: Int64, courseID: String, kind: SessionKind, startedAt: Date, finishedAt: Date?,
                score: Double?, answered: Int, correct: Int, preset: String?) {
        self.id = id
        self.learnerID = learnerID
        self.courseID = courseID
        self.kind = kind
        self.startedAt = startedAt
        self.finishedAt = finishedAt
        self.score = score
        self.answered = answered
        self.correct = correct
        self.preset = preset
    }
}

extension LearnerStore {
    /// Records the start of a session (committed at once, so a crash mid-session still
    /// leaves it listed, unfinished).
    public func startSession(id: String, learner: Int64, course: String, kind: SessionKind, at: Date, preset: String?) throws {
        try write { db in
            try Self.requireLearner(learner, db)
            if try Bool.fetchOne(db, sql: "SELECT 1 FROM session WHERE id = ?", arguments: [id]) == true {
                throw StoreError.conflict("a session with id \(id) already exists")
            }
            try db.execute(sql: """
                INSERT INTO session (id, learnerId, courseId, kind, startedAt, preset) VALUES (?, ?, ?, ?, ?, ?)
                """, arguments: [id, learner, course, kind.rawValue, Millis.from(at), preset])
        }
    }

    /// Records the end of a session and its results.
    public func finishSession(id: String, at: Date, score: Double?, answered: Int, correct: Int) throws {
        try write { db in
            try db.execute(sql: """
                UPDATE session SET finishedAt = ?, score = ?, answered = ?, correct = ? WHERE id = ?
                """, arguments: [Millis.from(at), score, answered, correct, id])
            if db.changesCount == 0 { throw StoreError.notFound("session \(id)") }
        }
    }

    /// The learner's sessions, oldest first; `kind` and `course` filter when given.
    public func sessions(learner: Int64, kind: SessionKind?, course: String? = nil) throws -> [SessionSummary] {
        try read { db in
            var sql = "SELECT * FROM session WHERE learnerId = ?"
            var arguments: StatementArguments = [learner]
            if let kind { sql += " AND kind = ?"; arguments += [kind.rawValue] }
            if let course { sql += " AND courseId = ?"; arguments += [course] }
            sql += " ORDER BY startedAt, id"
            return try Row.fetchAll(db, sql: sql, arguments: arguments).compactMap(Self.session)
        }
    }

    /// A stored session; rows of a kind this build does not know (from a newer primer,
    /// via import) are skipped rather than failing the whole list.
    static func session(_ row: Row) -> SessionSummary? {
        guard let kind = SessionKind(rawValue: row["kind"]) else { return nil }
        return SessionSummary(
            id: row["id"], learnerID: row["learnerId"], courseID: row["courseId"], kind: kind,
            startedAt: Millis.date(row["startedAt"] as Int64), finishedAt: Millis.date(row["finishedAt"] as Int64?),
            score: row["score"], answered: row["answered"], correct: row["correct"], preset: row["preset"])
    }
}
