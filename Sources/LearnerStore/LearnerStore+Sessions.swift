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

/// How an exam session ended. Sessions of other kinds have none.
public enum SessionOutcome: String, Sendable, Codable, CaseIterable {
    /// Handed in by the learner: scored, unanswered questions counting as wrong.
    case submitted
    /// Handed in by the clock: scored the same way.
    case timeUp = "time-up"
    /// Left before the end: not scored, never a pass, never in an average.
    case abandoned

    public var isScored: Bool { self != .abandoned }
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
    /// Right answers over questions set, 0...1; nil when the session has no score (an
    /// abandoned exam, a session that never ended).
    public var score: Double?
    public var answered: Int
    public var correct: Int
    /// The exam preset used, if any.
    public var preset: String?
    /// Questions the exam set (answered or not); nil for other sessions and for exams
    /// recorded before primer kept it.
    public var questionCount: Int?
    /// How an exam ended; nil for other sessions, for exams recorded before primer kept
    /// it, and for an exam still running (or stopped by a crash).
    public var outcome: SessionOutcome?

    public init(id: String, learnerID: Int64, courseID: String, kind: SessionKind, startedAt: Date, finishedAt: Date?,
                score: Double?, answered: Int, correct: Int, preset: String?, questionCount: Int? = nil,
                outcome: SessionOutcome? = nil) {
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
        self.questionCount = questionCount
        self.outcome = outcome
    }

    /// An exam that counts: handed in (by the learner or the clock). Exams from before
    /// outcomes were kept count when they finished with a score.
    public var isScoredExam: Bool {
        guard kind == .exam, finishedAt != nil, score != nil else { return false }
        return outcome?.isScored ?? true
    }
}

extension LearnerStore {
    /// Records the start of a session (committed at once, so a crash mid-session still
    /// leaves it listed, unfinished). An exam gives its `paper`: the question ids in order.
    public func startSession(id: String, learner: Int64, course: String, kind: SessionKind, at: Date, preset: String?,
                             paper: [String] = []) throws {
        try write { db in
            try Self.requireLearner(learner, db)
            if try Bool.fetchOne(db, sql: "SELECT 1 FROM session WHERE id = ?", arguments: [id]) == true {
                throw StoreError.conflict("a session with id \(id) already exists")
            }
            try db.execute(sql: """
                INSERT INTO session (id, learnerId, courseId, kind, startedAt, preset) VALUES (?, ?, ?, ?, ?, ?)
                """, arguments: [id, learner, course, kind.rawValue, Millis.from(at), preset])
            try Self.insertPaper(paper, session: id, db)
        }
    }

    static func insertPaper(_ paper: [String], session: String, _ db: Database) throws {
        for (position, question) in paper.enumerated() {
            try db.execute(sql: "INSERT INTO examItem (sessionId, position, questionId) VALUES (?, ?, ?)",
                           arguments: [session, position, question])
        }
    }

    /// The papers of a learner's exams: question ids in order, by session id.
    public func examPapers(learner: Int64) throws -> [String: [String]] {
        try read { db in
            var papers: [String: [String]] = [:]
            for row in try Row.fetchAll(db, sql: """
                SELECT e.sessionId, e.questionId FROM examItem e JOIN session s ON s.id = e.sessionId
                WHERE s.learnerId = ? ORDER BY e.sessionId, e.position
                """, arguments: [learner]) {
                let session: String = try RowValue.decode(row, "sessionId", table: "examItem")
                papers[session, default: []].append(try RowValue.decode(row, "questionId", table: "examItem", id: session))
            }
            return papers
        }
    }

    /// Records the end of a session and its results. `questionCount` and `outcome` are for
    /// exams (questions set, and how it ended).
    public func finishSession(id: String, at: Date, score: Double?, answered: Int, correct: Int,
                              questionCount: Int? = nil, outcome: SessionOutcome? = nil) throws {
        try write { db in
            try db.execute(sql: """
                UPDATE session SET finishedAt = ?, score = ?, answered = ?, correct = ?, questionCount = ?, outcome = ?
                WHERE id = ?
                """, arguments: [Millis.from(at), score, answered, correct, questionCount, outcome?.rawValue, id])
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
    /// via import) are skipped rather than failing the whole list. A value the columns
    /// cannot hold (a damaged row) throws `StoreError.badRow`, never traps.
    static func session(_ row: Row) throws -> SessionSummary? {
        let id: String = try RowValue.decode(row, "id", table: "session")
        guard let kind = SessionKind(rawValue: try RowValue.decode(row, "kind", table: "session", id: id)) else { return nil }
        return SessionSummary(
            id: id, learnerID: try RowValue.decode(row, "learnerId", table: "session", id: id),
            courseID: try RowValue.decode(row, "courseId", table: "session", id: id), kind: kind,
            startedAt: Millis.date(try RowValue.decode(row, "startedAt", table: "session", id: id) as Int64),
            finishedAt: Millis.date(try RowValue.decode(row, "finishedAt", table: "session", id: id) as Int64?),
            score: RowValue.finite(try RowValue.decode(row, "score", table: "session", id: id)),
            answered: try RowValue.decode(row, "answered", table: "session", id: id),
            correct: try RowValue.decode(row, "correct", table: "session", id: id),
            preset: try RowValue.decode(row, "preset", table: "session", id: id),
            questionCount: try RowValue.decode(row, "questionCount", table: "session", id: id),
            outcome: (try RowValue.decode(row, "outcome", table: "session", id: id) as String?).flatMap(SessionOutcome.init(rawValue:)))
    }
}
