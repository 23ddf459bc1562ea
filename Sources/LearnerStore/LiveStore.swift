import Foundation
import GRDB
import StudyCore

/// The live quiz in the class store (schema version 5). The tutor's process writes the
/// quiz (`createLiveQuiz`, `saveLiveQuiz`); each learner's session joins, sends a heartbeat
/// and its answers, and every process polls `liveQuiz(course:)` / `liveRoom` a few times a
/// second: SQLite shared through its WAL is the only channel, so no server of primer's own
/// runs and a session that drops loses nothing but its heartbeat.
extension LearnerStore {
    /// Seconds without a heartbeat after which a participant counts as disconnected.
    public static let liveHeartbeatTimeout: TimeInterval = 5

    public func createLiveQuiz(_ quiz: LiveQuiz, at now: Date) throws {
        try write { db in
            // One quiz at a time per course: an earlier one still open is ended.
            try db.execute(sql: """
                UPDATE liveQuiz SET phase = 'ended', deadline = NULL, revision = revision + 1
                WHERE courseId = ? AND phase <> 'ended'
                """, arguments: [quiz.courseID])
            try db.execute(sql: """
                INSERT INTO liveQuiz (id, courseId, title, preset, paper, secondsPerQuestion, showsBoard, phase, questionIndex,
                                      phaseStartedAt, deadline, revision, createdAt)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [quiz.id, quiz.courseID, quiz.title, quiz.preset, try Self.encodePaper(quiz.paper),
                                 quiz.secondsPerQuestion, quiz.showsBoard, quiz.phase.rawValue, quiz.questionIndex,
                                 Millis.from(quiz.phaseStartedAt), quiz.deadline.map(Millis.from), quiz.revision,
                                 Millis.from(now)])
        }
    }

    /// The tutor's move: the quiz's phase, question and deadline as `quiz` has them.
    public func saveLiveQuiz(_ quiz: LiveQuiz) throws {
        try write { db in
            try db.execute(sql: """
                UPDATE liveQuiz SET phase = ?, questionIndex = ?, phaseStartedAt = ?, deadline = ?, revision = ? WHERE id = ?
                """, arguments: [quiz.phase.rawValue, quiz.questionIndex, Millis.from(quiz.phaseStartedAt),
                                 quiz.deadline.map(Millis.from), quiz.revision, quiz.id])
        }
    }

    /// The course's newest live quiz that has not ended, if any; with `id`, that quiz
    /// whatever its phase (a learner sees the end of the quiz they were in).
    public func liveQuiz(course: String, id: String? = nil) throws -> LiveQuiz? {
        try read { db in
            let row: Row?
            if let id {
                row = try Row.fetchOne(db, sql: "SELECT * FROM liveQuiz WHERE id = ?", arguments: [id])
            } else {
                row = try Row.fetchOne(db, sql: """
                    SELECT * FROM liveQuiz WHERE courseId = ? AND phase <> 'ended' ORDER BY createdAt DESC LIMIT 1
                    """, arguments: [course])
            }
            return try row.map(Self.liveQuiz)
        }
    }

    /// Every live quiz that has not ended, newest first, whatever its course (for
    /// `primer class status`, which has no course of its own).
    public func openLiveQuizzes() throws -> [LiveQuiz] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM liveQuiz WHERE phase <> 'ended' ORDER BY createdAt DESC").map(Self.liveQuiz)
        }
    }

    /// Joins the quiz (idempotent) and records a heartbeat.
    public func heartbeat(quiz: String, learner: Int64, at now: Date) throws {
        try write { db in
            try db.execute(sql: """
                INSERT INTO liveParticipant (quizId, learnerId, joinedAt, lastSeen) VALUES (?, ?, ?, ?)
                ON CONFLICT (quizId, learnerId) DO UPDATE SET lastSeen = excluded.lastSeen
                """, arguments: [quiz, learner, Millis.from(now), Millis.from(now)])
        }
    }

    /// A learner's answer to the open question. The first answer counts (as in class, an
    /// answer once sent is not taken back); one after the deadline is refused. Returns
    /// whether it was taken.
    @discardableResult
    public func submitLiveAnswer(quiz: String, learner: Int64, questionIndex: Int, chosen: Set<Int>, correct: Bool,
                                 at now: Date) throws -> Bool {
        try write { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT phase, questionIndex, deadline FROM liveQuiz WHERE id = ?",
                                             arguments: [quiz]) else { return false }
            let phase: String = try RowValue.decode(row, "phase", table: "liveQuiz", id: quiz)
            let index: Int = try RowValue.decode(row, "questionIndex", table: "liveQuiz", id: quiz)
            let deadline: Int64? = try RowValue.decode(row, "deadline", table: "liveQuiz", id: quiz)
            guard phase == LiveQuiz.Phase.question.rawValue, index == questionIndex,
                  deadline.map({ Millis.from(now) <= $0 }) ?? true else { return false }
            try db.execute(sql: """
                INSERT OR IGNORE INTO liveAnswer (quizId, learnerId, questionIndex, chosen, correct, answeredAt)
                VALUES (?, ?, ?, ?, ?, ?)
                """, arguments: [quiz, learner, questionIndex, Codecs.encodeList(chosen.sorted().map(String.init)),
                                 correct, Millis.from(now)])
            return db.changesCount > 0
        }
    }

    /// The quiz with who joined and every answer so far.
    public func liveRoom(quiz id: String, at now: Date) throws -> LiveRoom? {
        try read { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM liveQuiz WHERE id = ?", arguments: [id]) else { return nil }
            let quiz = try Self.liveQuiz(row)
            let cutoff = Millis.from(now.addingTimeInterval(-Self.liveHeartbeatTimeout))
            let participants = try Row.fetchAll(db, sql: """
                SELECT l.name, p.lastSeen FROM liveParticipant p JOIN learner l ON l.id = p.learnerId
                WHERE p.quizId = ? ORDER BY p.joinedAt, l.name
                """, arguments: [id]).map { row -> (name: String, connected: Bool) in
                    (try RowValue.decode(row, "name", table: "learner"),
                     (try RowValue.decode(row, "lastSeen", table: "liveParticipant", id: id) as Int64) >= cutoff)
                }
            let answers = try Row.fetchAll(db, sql: """
                SELECT l.name, a.questionIndex, a.chosen, a.correct, a.answeredAt FROM liveAnswer a
                JOIN learner l ON l.id = a.learnerId WHERE a.quizId = ? ORDER BY a.answeredAt
                """, arguments: [id]).map { try Self.liveAnswer($0, learner: try RowValue.decode($0, "name", table: "learner")) }
            return LiveRoom(quiz: quiz, participants: participants, answers: answers)
        }
    }

    static func liveQuiz(_ row: Row) throws -> LiveQuiz {
        let id: String = try RowValue.decode(row, "id", table: "liveQuiz")
        func value<T: DatabaseValueConvertible>(_ column: String) throws -> T { try RowValue.decode(row, column, table: "liveQuiz", id: id) }
        let paperText: String = try value("paper")
        guard let paper = try? JSONDecoder().decode([LiveQuiz.Item].self, from: Data(paperText.utf8)),
              let phase = LiveQuiz.Phase(rawValue: try value("phase")) else {
            throw StoreError.badRow(table: "liveQuiz", id: id, column: "paper", detail: "it is not a quiz paper primer wrote")
        }
        return LiveQuiz(id: id, courseID: try value("courseId"), title: try value("title"), preset: try value("preset"),
                        paper: paper, secondsPerQuestion: try value("secondsPerQuestion"),
                        showsBoard: (try value("showsBoard") as Int) != 0, phase: phase,
                        questionIndex: try value("questionIndex"), phaseStartedAt: Millis.date(try value("phaseStartedAt") as Int64),
                        deadline: Millis.date(try value("deadline") as Int64?), revision: try value("revision"))
    }

    static func encodePaper(_ paper: [LiveQuiz.Item]) throws -> String {
        String(decoding: try JSONEncoder().encode(paper), as: UTF8.self)
    }
}

extension LearnerStore {
    /// The exam session that holds the learner's answers to this quiz (nil until their
    /// first answer). Kept with the participant so a learner who drops and reconnects goes
    /// on in the same session rather than opening a second one.
    public func liveSessionID(quiz: String, learner: Int64) throws -> String? {
        try read { db in
            try String.fetchOne(db, sql: "SELECT sessionId FROM liveParticipant WHERE quizId = ? AND learnerId = ?",
                                arguments: [quiz, learner])
        }
    }

    public func setLiveSessionID(_ session: String, quiz: String, learner: Int64, at now: Date) throws {
        try write { db in
            try db.execute(sql: """
                INSERT INTO liveParticipant (quizId, learnerId, joinedAt, lastSeen, sessionId) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT (quizId, learnerId) DO UPDATE SET sessionId = excluded.sessionId
                """, arguments: [quiz, learner, Millis.from(now), Millis.from(now), session])
        }
    }

    /// Ends the exam sessions of the quiz's participants (one learner's with `learner`),
    /// scored over the whole paper: a question not answered counts as wrong, as in any
    /// mock exam. A session already ended is left as it is, so the tutor's process and
    /// each learner's can both call this at the end.
    public func finishLiveSessions(quiz: LiveQuiz, learner: Int64? = nil, at now: Date) throws {
        try write { db in
            var sql = """
                SELECT p.sessionId, COUNT(a.questionIndex) AS answered, COALESCE(SUM(a.correct <> 0), 0) AS correct
                FROM liveParticipant p LEFT JOIN liveAnswer a ON a.quizId = p.quizId AND a.learnerId = p.learnerId
                WHERE p.quizId = ? AND p.sessionId IS NOT NULL
                """
            var arguments: StatementArguments = [quiz.id]
            if let learner { sql += " AND p.learnerId = ?"; arguments += [learner] }
            sql += " GROUP BY p.learnerId"
            let total = quiz.paper.count
            for row in try Row.fetchAll(db, sql: sql, arguments: arguments) {
                let session: String = try RowValue.decode(row, "sessionId", table: "liveParticipant", id: quiz.id)
                let answered: Int = try RowValue.decode(row, "answered", table: "liveAnswer", id: quiz.id)
                let correct: Int = try RowValue.decode(row, "correct", table: "liveAnswer", id: quiz.id)
                try db.execute(sql: """
                    UPDATE session SET finishedAt = ?, score = ?, answered = ?, correct = ?, questionCount = ?, outcome = ?
                    WHERE id = ? AND finishedAt IS NULL
                    """, arguments: [Millis.from(now), total == 0 ? nil : Double(correct) / Double(total), answered, correct,
                                     total, SessionOutcome.submitted.rawValue, session])
            }
        }
    }

    /// One learner's answers in a live quiz, in question order.
    public func liveAnswers(quiz: String, learner: Int64, name: String) throws -> [LiveAnswer] {
        try read { db in
            try Row.fetchAll(db, sql: """
                SELECT questionIndex, chosen, correct, answeredAt FROM liveAnswer WHERE quizId = ? AND learnerId = ?
                ORDER BY questionIndex
                """, arguments: [quiz, learner]).map { try Self.liveAnswer($0, learner: name) }
        }
    }

    /// A `liveAnswer` row (with the learner's name given or joined in); a value the
    /// column cannot hold throws `StoreError.badRow`, as every other row does.
    static func liveAnswer(_ row: Row, learner: String) throws -> LiveAnswer {
        func value<T: DatabaseValueConvertible>(_ column: String) throws -> T {
            try RowValue.decode(row, column, table: "liveAnswer", id: learner)
        }
        return LiveAnswer(learner: learner, questionIndex: try value("questionIndex"),
                          chosen: Set(Codecs.decodeList(try value("chosen")).compactMap(Int.init)),
                          correct: (try value("correct") as Int) != 0,
                          answeredAt: Millis.date(try value("answeredAt") as Int64))
    }
}
