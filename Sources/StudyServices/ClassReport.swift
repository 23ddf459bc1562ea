import Foundation
import LearnerStore
import StudyCore

/// One answered question, as `primer results` writes it and `primer report` reads it.
public struct ResultRow: Sendable, Equatable {
    public var learner: String
    public var session: String?
    /// The session's kind (`exam`, `practice`, `study`, `cram`), when the answer was in one.
    public var kind: String?
    /// The preset title the session was run from, if any.
    public var preset: String?
    public var course: String
    public var questionID: String
    /// The question's theme id; nil when the course that has it was not loaded.
    public var theme: String?
    /// Option texts in the order shown.
    public var shown: [String]
    /// Option texts chosen (none when the time ran out).
    public var chosen: [String]
    public var correct: Bool
    public var responseMilliseconds: Int
    public var time: Date
    /// False for a question of a handed-in exam that was left blank: it counts as wrong.
    public var answered: Bool
    /// How the row's exam ended (`submitted`, `time-up`, `abandoned`); nil outside exams.
    public var outcome: String?

    public init(learner: String, session: String? = nil, kind: String? = nil, preset: String? = nil, course: String = "",
                questionID: String, theme: String? = nil, shown: [String] = [], chosen: [String] = [], correct: Bool,
                responseMilliseconds: Int = 0, time: Date, answered: Bool = true, outcome: String? = nil) {
        self.learner = learner
        self.session = session
        self.kind = kind
        self.preset = preset
        self.course = course
        self.questionID = questionID
        self.theme = theme
        self.shown = shown
        self.chosen = chosen
        self.correct = correct
        self.responseMilliseconds = responseMilliseconds
        self.time = time
        self.answered = answered
        self.outcome = outcome
    }

    /// A row of an exam left before the end: shown, but counted in no score or average.
    public var isFromAbandonedExam: Bool { outcome == SessionOutcome.abandoned.rawValue }
}

public enum ResultRows {
    /// Every answer in the store, learner by learner (by name), oldest first: of one
    /// learner when `learner` is given (nil when there is no such learner), answered at or
    /// after `since`. Themes come from `courses` (by course id) when the answer's course is there.
    /// A handed-in exam's questions left blank come as rows too (`answered` false, wrong),
    /// dated when the exam ended, so every report counts them as the exam's score does.
    public static func gather(store: LearnerStore, learner: String?, since: Date?, courses: [Course]) throws -> [ResultRow]? {
        var learners = try store.learners()
        if let learner {
            learners = learners.filter { $0.name == learner }
            if learners.isEmpty { return nil }
        }
        var themes: [String: [String: String]] = [:]
        for course in courses {
            themes[course.id, default: [:]].merge(course.questions.map { ($0.id, $0.themeID) }) { first, _ in first }
        }
        var rows: [ResultRow] = []
        for summary in learners {
            let sessions = Dictionary(try store.sessions(learner: summary.id, kind: nil).map { ($0.id, $0) }) { first, _ in first }
            // An exam with no end recorded (the terminal closed or the process was killed
            // mid-exam) was not handed in: abandoned, as the report and the store's tally count it.
            func outcome(_ session: SessionSummary?) -> String? {
                guard let session else { return nil }
                if session.kind == .exam && session.finishedAt == nil { return SessionOutcome.abandoned.rawValue }
                return session.outcome?.rawValue
            }
            var answeredInSession: [String: Set<String>] = [:]
            // Answers before `since` are not reported, but they still answered their exam's
            // questions: an exam handed in after `since` has blanks only where nothing was answered.
            for review in try store.reviews(learner: summary.id, course: nil, since: nil) {
                let session = review.sessionID.flatMap { sessions[$0] }
                if let id = review.sessionID { answeredInSession[id, default: []].insert(review.questionID) }
                if let since, review.reviewedAt < since { continue }
                rows.append(ResultRow(
                    learner: summary.name, session: review.sessionID, kind: session?.kind.rawValue, preset: session?.preset,
                    course: review.courseID, questionID: review.questionID, theme: themes[review.courseID]?[review.questionID],
                    shown: review.shown, chosen: review.chosen, correct: review.correct,
                    responseMilliseconds: review.responseMilliseconds, time: review.reviewedAt,
                    outcome: outcome(session)))
            }
            for (id, paper) in try store.examPapers(learner: summary.id) {
                guard let session = sessions[id], let ended = session.finishedAt, session.isScoredExam,
                      since.map({ ended >= $0 }) ?? true else { continue }
                let answered = answeredInSession[id] ?? []
                for question in paper where !answered.contains(question) {
                    rows.append(ResultRow(
                        learner: summary.name, session: id, kind: session.kind.rawValue, preset: session.preset,
                        course: session.courseID, questionID: question, theme: themes[session.courseID]?[question],
                        correct: false, time: ended, answered: false, outcome: session.outcome?.rawValue))
                }
            }
        }
        // Learner by learner, oldest first; rows that tie keep the order they were read in.
        return rows.enumerated().sorted { a, b in
            if a.element.learner != b.element.learner { return a.element.learner < b.element.learner }
            if a.element.time != b.element.time { return a.element.time < b.element.time }
            return a.offset < b.offset
        }.map(\.element)
    }
}

/// A class report over answered questions: per-learner scores, per-theme averages and
/// per-question item analysis as Moodle's quiz statistics report it.
///
/// - Facility index: the share of answers to the question that were right.
/// - Discrimination index: the facility among the upper third of learners (by their
///   share of right answers over every row of the report) minus the facility among the
///   lower third. Thirds have ⌊learners / 3⌋ learners each, ties in score ordered by name;
///   with fewer than three learners, or when the upper or the lower third has no answer
///   to the question, it is not defined (nil). It runs from −1 to +1: a good question is
///   answered right more often by the stronger learners.
/// - Most chosen wrong option: the wrong option picked most often in wrong answers.
public struct ClassReport: Sendable, Equatable {
    public struct LearnerScore: Sendable, Equatable {
        public var learner: String
        public var answered: Int
        public var correct: Int
        /// Questions set: those answered, and the blank ones of handed-in exams (wrong).
        public var questions: Int
        public var score: Double { questions == 0 ? 0 : Double(correct) / Double(questions) }
        /// Against the pass mark, when the report has one.
        public var passed: Bool?
    }

    public struct ThemeAverage: Sendable, Equatable {
        /// "" for answers whose theme is unknown.
        public var theme: String
        /// Learners with at least one answer in the theme.
        public var learners: Int
        public var answers: Int
        public var correct: Int
        /// The mean over those learners of each one's share right in the theme.
        public var average: Double
    }

    public struct Item: Sendable, Equatable {
        public var questionID: String
        public var theme: String
        /// Answers to the question.
        public var answers: Int
        public var correct: Int
        /// Share of answers right, 0...1.
        public var facility: Double
        /// −1...1; nil when not defined (see the type's documentation).
        public var discrimination: Double?
        /// The wrong option chosen most often, and how often; nil when no wrong option was chosen.
        public var mostChosenWrong: String?
        public var mostChosenWrongCount: Int
    }

    public var learners: [LearnerScore]
    public var themes: [ThemeAverage]
    /// Hardest first: by facility, then question id.
    public var items: [Item]
    public var passMark: Double?
    /// Size of the upper and lower groups for discrimination (0 when it is not defined).
    public var groupSize: Int
    /// Answers given, and questions of handed-in exams left blank (counted wrong).
    public var answerCount: Int
    public var blankCount: Int
    /// Exams left before the end: in no figure of the report.
    public var abandonedSessions: Int

    /// Computes the report from results rows. `correctOptions` gives a question's right
    /// option texts when the course is known; otherwise they are taken to be the options
    /// chosen in right answers. `themeOrder` orders the themes (others follow, by id).
    /// Rows of abandoned exams are left out of every figure (they are counted in
    /// `abandonedSessions`); blank questions of handed-in exams are wrong answers.
    public static func compute(rows: [ResultRow], passMark: Double? = nil, themeOrder: [String] = [],
                               correctOptions: (_ course: String, _ questionID: String) -> Set<String>? = { _, _ in nil }) -> ClassReport {
        var tally = AnswerTally()
        for row in rows { tally.add(row) }
        return compute(tally: tally, passMark: passMark, themeOrder: themeOrder, correctOptions: correctOptions)
    }
}

extension AnswerTally {
    /// One results row: left out of the figures when its exam was abandoned (the session
    /// is counted), otherwise an answer or a blank, and its chosen options.
    public mutating func add(_ row: ResultRow) {
        if row.isFromAbandonedExam {
            if let session = row.session { addAbandonedSession(session) }
            return
        }
        if row.answered {
            addAnswers(learner: row.learner, course: row.course, question: row.questionID, theme: row.theme,
                       times: 1, correct: row.correct ? 1 : 0)
            addChosen(course: row.course, question: row.questionID, options: row.chosen, correct: row.correct, times: 1)
        } else {
            addBlanks(learner: row.learner, course: row.course, question: row.questionID, theme: row.theme, times: 1)
        }
    }
}
