/// The counts a class report is computed from, and nothing more: per learner and question,
/// how often it was set, answered and answered right; per question, how many wrong answers
/// chose each option and which options right answers chose; the abandoned exams left out.
///
/// A report needs no answer itself, only these sums, so the store can build a tally in one
/// pass over its log without holding any row, and results files build the same tally row by
/// row: both give the same report because both go through this type.
public struct AnswerTally: Sendable, Equatable {
    /// One learner's answers to one question with one theme (nil: unknown).
    public struct Cell: Hashable, Sendable {
        public var learner: String
        public var course: String
        public var question: String
        public var theme: String?

        public init(learner: String, course: String, question: String, theme: String?) {
            self.learner = learner
            self.course = course
            self.question = question
            self.theme = theme
        }
    }

    public struct Counts: Sendable, Equatable {
        /// Times the question was set: answered, or left blank in a handed-in exam.
        public var questions = 0
        public var answered = 0
        public var correct = 0

        public init(questions: Int = 0, answered: Int = 0, correct: Int = 0) {
            self.questions = questions
            self.answered = answered
            self.correct = correct
        }
    }

    public struct QuestionKey: Hashable, Sendable {
        public var course: String
        public var question: String

        public init(course: String, question: String) {
            self.course = course
            self.question = question
        }
    }

    public struct Choices: Sendable, Equatable {
        /// Option text → wrong answers that chose it (each answer counts an option once).
        public var inWrongAnswers: [String: Int] = [:]
        /// Every option chosen in a right answer: the right options when the course is unknown.
        public var inRightAnswers: Set<String> = []

        public init() {}
    }

    public private(set) var cells: [Cell: Counts] = [:]
    /// Per question, the theme of the first answer tallied to it.
    public private(set) var questionTheme: [QuestionKey: String?] = [:]
    public private(set) var choices: [QuestionKey: Choices] = [:]
    public private(set) var abandonedSessions: Set<String> = []

    public init() {}

    /// `times` answers, `correct` of them right.
    public mutating func addAnswers(learner: String, course: String, question: String, theme: String?, times: Int, correct: Int) {
        add(Cell(learner: learner, course: course, question: question, theme: theme),
            Counts(questions: times, answered: times, correct: correct))
    }

    /// Questions of a handed-in exam left blank: set, not answered, wrong.
    public mutating func addBlanks(learner: String, course: String, question: String, theme: String?, times: Int) {
        add(Cell(learner: learner, course: course, question: question, theme: theme), Counts(questions: times))
    }

    /// `times` answers that chose exactly `options`, right or wrong.
    public mutating func addChosen(course: String, question: String, options: [String], correct: Bool, times: Int) {
        guard times > 0, !options.isEmpty else { return }
        let key = QuestionKey(course: course, question: question)
        if correct {
            choices[key, default: Choices()].inRightAnswers.formUnion(options)
        } else {
            for option in Set(options) { choices[key, default: Choices()].inWrongAnswers[option, default: 0] += times }
        }
    }

    /// An exam left before the end that had answers in the report's scope.
    public mutating func addAbandonedSession(_ id: String) {
        abandonedSessions.insert(id)
    }

    private mutating func add(_ cell: Cell, _ counts: Counts) {
        guard counts.questions > 0 else { return }
        let key = QuestionKey(course: cell.course, question: cell.question)
        if questionTheme[key] == nil { questionTheme[key] = .some(cell.theme) }
        cells[cell, default: Counts()].questions += counts.questions
        cells[cell, default: Counts()].answered += counts.answered
        cells[cell, default: Counts()].correct += counts.correct
    }
}
