import Foundation
import GRDB
import GRDBSQLite
import StudyCore

extension LearnerStore {
    /// Which answers a class report counts.
    public struct TallyScope: Sendable, Equatable {
        /// One learner, by name; nil: every learner.
        public var learner: String?
        /// Answers at or after this time (and blanks of exams handed in from then on).
        public var since: Date?
        /// Only answers of sessions run from the preset with this title; nil: every answer.
        public var preset: String?

        public init(learner: String? = nil, since: Date? = nil, preset: String? = nil) {
            self.learner = learner
            self.since = since
            self.preset = preset
        }
    }

    /// The class report's sums (see `AnswerTally`) over the answers in `scope`, by one pass
    /// over the log that keeps no row: the same sums `ResultRows.gather` would give row by
    /// row. Answers of abandoned exams only count the exam; questions of handed-in exams
    /// left blank count as set and wrong. `theme` names a question's theme, when known.
    public func tallyAnswers(_ scope: TallyScope, theme: (_ course: String, _ question: String) -> String?) throws -> AnswerTally {
        try read { db in
            var scan = try AnswerScan(scope: scope, db)
            try scan.readReviews(db)
            return try scan.tally(theme: theme, db)
        }
    }
}

/// The state of one `tallyAnswers` pass. Rows are read straight from SQLite's buffers: a
/// question id or option list is copied only the first time it is seen.
private struct AnswerScan {
    struct Session {
        var id: String
        var learnerID: Int64
        var courseID: String
        var abandoned: Bool
        /// When a handed-in exam ended: its blanks count. nil for every other session.
        var scoredExamEnd: Date?
        var questionCount: Int?
    }

    let scope: LearnerStore.TallyScope
    var learnerNames: [Int64: String] = [:]
    var sessions: [Session] = []
    var sessionIndex: [String: Int] = [:]

    /// Courses (group 0) and questions (group course + 1): one number per (course, question).
    var questions = ByteInterner()
    /// Question ids alone: an exam's answered questions are compared with its paper by id.
    var questionIDs = ByteInterner()
    /// Option lists as stored, in the group of their question's number.
    var optionLists = ByteInterner()
    /// Per question number: its course's number and its id's number.
    var questionCourse: [Int] = []
    var questionID: [Int] = []
    /// Learner slot, then question number → cell number + 1 (0: none yet).
    var cellOf: [[Int]] = []
    var cellKeys: [(learner: Int64, question: Int)] = []
    var answered: [Int] = []
    var correct: [Int] = []
    /// Per option list number: wrong and right answers that chose exactly it.
    var chosenWrong: [Int] = []
    var chosenRight: [Int] = []
    /// Per session index: the question id numbers answered in it (handed-in exams only).
    var answeredInSession: [[Int]] = []
    var abandoned: Set<Int> = []

    init(scope: LearnerStore.TallyScope, _ db: Database) throws {
        self.scope = scope
        for row in try Row.fetchAll(db, sql: "SELECT id, name FROM learner") {
            let id: Int64 = try RowValue.decode(row, "id", table: "learner")
            let name: String = try RowValue.decode(row, "name", table: "learner")
            if scope.learner == nil || scope.learner == name { learnerNames[id] = name }
        }
        var sql = "SELECT id, learnerId, courseId, kind, finishedAt, score, outcome, preset, questionCount FROM session"
        var arguments: StatementArguments = []
        if let preset = scope.preset { sql += " WHERE preset = ?"; arguments += [preset] }
        let statement = try db.makeStatement(sql: sql)
        try statement.setArguments(arguments)
        try SQLiteRows.forEach(statement, in: db) { s in
            guard let id = SQLiteColumns.text(s, 0) else { return true }
            let learner = sqlite3_column_int64(s, 1)
            guard learnerNames[learner] != nil else { return true }
            let kind = SQLiteColumns.text(s, 3), outcome = SQLiteColumns.text(s, 6)
            let finished = sqlite3_column_type(s, 4) == SQLITE_NULL ? nil : Millis.date(sqlite3_column_int64(s, 4))
            let hasScore = sqlite3_column_type(s, 5) != SQLITE_NULL
            // As `SessionSummary.isScoredExam`: an exam that ended with a score and was not abandoned.
            let outcomeValue = outcome.flatMap(SessionOutcome.init(rawValue:))
            let scored = kind == SessionKind.exam.rawValue && finished != nil && hasScore && (outcomeValue?.isScored ?? true)
            sessionIndex[id] = sessions.count
            sessions.append(Session(
                id: id, learnerID: learner, courseID: SQLiteColumns.text(s, 2) ?? "",
                // Not handed in is abandoned, however it was left: quit, or a terminal closed or
                // a process killed mid-exam (no end recorded: it must not be scored).
                abandoned: outcome == SessionOutcome.abandoned.rawValue || (kind == SessionKind.exam.rawValue && finished == nil),
                scoredExamEnd: scored ? finished : nil,
                questionCount: sqlite3_column_type(s, 8) == SQLITE_NULL ? nil : Int(sqlite3_column_int64(s, 8))))
            return true
        }
        answeredInSession = Array(repeating: [], count: sessions.count)
    }

    mutating func readReviews(_ db: Database) throws {
        // Every answer is read, also those before `since` (no index would spare the scan): they
        // are not counted, but they answered their exam's questions, which are then not blanks.
        var sql = "SELECT learnerId, courseId, questionId, correct, chosen, sessionId, reviewedAt FROM review WHERE 1"
        var arguments: StatementArguments = []
        let since = scope.since.map(Millis.from) ?? .min
        if scope.learner != nil {
            guard let id = learnerNames.keys.first else { return }
            sql += " AND learnerId = ?"
            arguments += [id]
        }
        let statement = try db.makeStatement(sql: sql)
        try statement.setArguments(arguments)
        // Consecutive answers mostly share a learner and a session: look each up once per run.
        var learnerSlots: [Int64: Int] = [:]
        var lastLearner: Int64 = .min, slot = -1
        var lastSession: [UInt8]? = nil, lastSessionLearner: Int64 = .min, session = -1
        var lastCourse: [UInt8] = [], course = -1
        try SQLiteRows.forEach(statement, in: db) { s in
            let learner = sqlite3_column_int64(s, 0)
            if learner != lastLearner {
                lastLearner = learner
                if learnerNames[learner] == nil {
                    slot = -1
                } else if let known = learnerSlots[learner] {
                    slot = known
                } else {
                    slot = cellOf.count
                    learnerSlots[learner] = slot
                    cellOf.append([])
                }
            }
            guard slot >= 0 else { return true }

            let sessionBytes = SQLiteColumns.bytes(s, 5)
            let sessionChanged = sessionBytes.map { !Self.same($0, lastSession) } ?? (lastSession != nil)
            if sessionChanged || learner != lastSessionLearner {
                lastSession = sessionBytes.map { Array($0) }
                lastSessionLearner = learner
                // A session of another learner is no session of this answer (as `ResultRows.gather` reads it).
                session = sessionBytes.flatMap { sessionIndex[String(decoding: $0, as: UTF8.self)] }
                    .flatMap { sessions[$0].learnerID == learner ? $0 : nil } ?? -1
            }
            let counted = sqlite3_column_int64(s, 6) >= since
            let inHandedInExam = session >= 0 && sessions[session].scoredExamEnd != nil
            if !counted {
                guard inHandedInExam else { return true }
            } else if session < 0 {
                if scope.preset != nil { return true }
            } else if sessions[session].abandoned {
                abandoned.insert(session)
                return true
            }

            let courseBytes = SQLiteColumns.bytesOrEmpty(s, 1)
            if course < 0 || !Self.same(courseBytes, lastCourse) {
                lastCourse = Array(courseBytes)
                course = questions.intern(courseBytes, group: 0)
            }
            let questionBytes = SQLiteColumns.bytesOrEmpty(s, 2)
            let question = questions.intern(questionBytes, group: course + 1)
            if question >= questionCourse.count {
                // Course numbers share the interner: fill their places too.
                while questionCourse.count <= question { questionCourse.append(-1); questionID.append(-1) }
            }
            if questionID[question] < 0 {
                questionCourse[question] = course
                questionID[question] = questionIDs.intern(questionBytes)
            }
            if inHandedInExam { answeredInSession[session].append(questionID[question]) }
            guard counted else { return true }

            count(learner: learner, slot: slot, question: question, right: sqlite3_column_int64(s, 3) != 0,
                  chosen: SQLiteColumns.bytesOrEmpty(s, 4))
            return true
        }
    }

    /// One counted answer: its learner's cell for the question, and the option list it chose.
    private mutating func count(learner: Int64, slot: Int, question: Int, right: Bool, chosen bytes: UnsafeRawBufferPointer) {
        if cellOf[slot].count <= question {
            cellOf[slot].append(contentsOf: repeatElement(0, count: question + 1 - cellOf[slot].count))
        }
        var cell = cellOf[slot][question] - 1
        if cell < 0 {
            cell = answered.count
            cellOf[slot][question] = cell + 1
            cellKeys.append((learner, question))
            answered.append(0)
            correct.append(0)
        }
        answered[cell] += 1
        let chosen = optionLists.intern(bytes, group: question)
        if chosen == chosenWrong.count { chosenWrong.append(0); chosenRight.append(0) }
        if right {
            correct[cell] += 1
            chosenRight[chosen] += 1
        } else {
            chosenWrong[chosen] += 1
        }
    }

    func tally(theme: (String, String) -> String?, _ db: Database) throws -> AnswerTally {
        var tally = AnswerTally()
        for (index, key) in cellKeys.enumerated() {
            guard let learner = learnerNames[key.learner] else { continue }
            let course = questions.string(questionCourse[key.question]), question = questions.string(key.question)
            tally.addAnswers(learner: learner, course: course, question: question, theme: theme(course, question),
                             times: answered[index], correct: correct[index])
        }
        for chosen in 0 ..< optionLists.count {
            let question = optionLists.group(chosen)
            let course = questions.string(questionCourse[question]), id = questions.string(question)
            let options = Codecs.decodeList(optionLists.string(chosen))
            tally.addChosen(course: course, question: id, options: options, correct: false, times: chosenWrong[chosen])
            tally.addChosen(course: course, question: id, options: options, correct: true, times: chosenRight[chosen])
        }
        for session in abandoned { tally.addAbandonedSession(sessions[session].id) }
        try addBlanks(to: &tally, theme: theme, db)
        return tally
    }

    /// The questions of handed-in exams (in scope, ended since the scope's start) that were
    /// not answered. An exam with as many distinct answers as questions set has none, so
    /// only the others' papers are read.
    private func addBlanks(to tally: inout AnswerTally, theme: (String, String) -> String?, _ db: Database) throws {
        let paper = try db.makeStatement(sql: "SELECT questionId FROM examItem WHERE sessionId = ? ORDER BY position")
        for (index, session) in sessions.enumerated() {
            guard let ended = session.scoredExamEnd, scope.since.map({ ended >= $0 }) ?? true,
                  let learner = learnerNames[session.learnerID] else { continue }
            let answeredIDs = Set(answeredInSession[index])
            if let count = session.questionCount, answeredIDs.count >= count { continue }
            let answeredQuestions = Set(answeredIDs.map { questionIDs.string($0) })
            for question in try String.fetchAll(paper, arguments: [session.id]) where !answeredQuestions.contains(question) {
                tally.addBlanks(learner: learner, course: session.courseID, question: question,
                                theme: theme(session.courseID, question), times: 1)
            }
        }
    }

    /// Whether a column's bytes equal the ones kept from an earlier row.
    static func same(_ bytes: UnsafeRawBufferPointer, _ stored: [UInt8]?) -> Bool {
        guard let stored, stored.count == bytes.count else { return false }
        return stored.withUnsafeBytes { stored in
            bytes.count == 0 || memcmp(stored.baseAddress!, bytes.baseAddress!, bytes.count) == 0
        }
    }
}
