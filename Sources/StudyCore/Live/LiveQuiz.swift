import Foundation

/// A live quiz as a tutor runs it for a class: one question at a time, every learner's
/// screen following the tutor's. Pure values; `LiveStore` keeps them in the class store
/// and each session reads them back.
public struct LiveQuiz: Sendable, Equatable {
    public enum Phase: String, Sendable, Equatable {
        /// Learners are joining; no question yet.
        case waiting
        /// Question `questionIndex` is open for answers until `deadline`.
        case question
        /// Question `questionIndex`'s answer is shown to everyone.
        case revealed
        /// Over: each learner sees their result.
        case ended
    }

    /// One question of the paper, with its options in the order every learner sees them.
    public struct Item: Sendable, Equatable, Codable {
        public var question: String
        public var shown: [String]
        public init(question: String, shown: [String]) {
            self.question = question
            self.shown = shown
        }
    }

    public var id: String
    public var courseID: String
    public var title: String
    public var preset: String?
    public var paper: [Item]
    public var secondsPerQuestion: Int
    /// Whether the end shows a ranked board (pseudonyms only); off unless the tutor asks.
    public var showsBoard: Bool
    public var phase: Phase
    /// -1 before the first question.
    public var questionIndex: Int
    public var phaseStartedAt: Date
    public var deadline: Date?
    /// Grows with every change the tutor makes: sessions compare it to see that something moved.
    public var revision: Int

    public init(id: String, courseID: String, title: String, preset: String?, paper: [Item], secondsPerQuestion: Int,
                showsBoard: Bool = false, phase: Phase = .waiting, questionIndex: Int = -1, phaseStartedAt: Date, deadline: Date? = nil, revision: Int = 0) {
        self.id = id
        self.courseID = courseID
        self.title = title
        self.preset = preset
        self.paper = paper
        self.secondsPerQuestion = secondsPerQuestion
        self.showsBoard = showsBoard
        self.phase = phase
        self.questionIndex = questionIndex
        self.phaseStartedAt = phaseStartedAt
        self.deadline = deadline
        self.revision = revision
    }

    /// The quiz for a preset's exam: its questions and options, as a preset exam draws them.
    public static func from(_ exam: ExamSession, id: String, courseID: String, title: String, preset: String?,
                            secondsPerQuestion: Int, showsBoard: Bool = false, at: Date) -> LiveQuiz {
        LiveQuiz(id: id, courseID: courseID, title: title, preset: preset,
                 paper: exam.items.map { Item(question: $0.question.id, shown: $0.shown.map(\.text)) },
                 secondsPerQuestion: secondsPerQuestion, showsBoard: showsBoard, phaseStartedAt: at)
    }

    /// Seconds per question from a preset: its time limit shared out, at least 10.
    public static func secondsPerQuestion(timeLimit: TimeInterval, count: Int) -> Int {
        max(10, Int((timeLimit / Double(max(1, count))).rounded()))
    }

    public var isLastQuestion: Bool { questionIndex >= paper.count - 1 }

    /// Question `index` as asked: the course's question with the options in the quiz's order.
    public func asked(_ index: Int, in course: Course) -> AskedQuestion? {
        guard paper.indices.contains(index), let question = course.question(paper[index].question) else { return nil }
        let shown = paper[index].shown.compactMap { text in question.choices.first { $0.text == text } }
        guard shown.count == paper[index].shown.count else { return nil }
        return AskedQuestion(question: question, shown: shown)
    }

    // MARK: the tutor's moves

    /// Opens the next question (from waiting or a revealed one), or ends after the last.
    public mutating func advance(at now: Date) {
        switch phase {
        case .waiting, .revealed:
            if phase == .revealed && isLastQuestion {
                phase = .ended
                deadline = nil
            } else {
                questionIndex += 1
                phase = .question
                deadline = now.addingTimeInterval(Double(secondsPerQuestion))
            }
        case .question:
            reveal(at: now)
            return
        case .ended:
            return
        }
        phaseStartedAt = now
        revision += 1
    }

    /// Shows the answer to everyone (the time is up, or the tutor reveals early).
    public mutating func reveal(at now: Date) {
        guard phase == .question else { return }
        phase = .revealed
        deadline = nil
        phaseStartedAt = now
        revision += 1
    }

    public mutating func end(at now: Date) {
        guard phase != .ended else { return }
        phase = .ended
        deadline = nil
        phaseStartedAt = now
        revision += 1
    }
}

/// One learner's answer to one question of a live quiz.
public struct LiveAnswer: Sendable, Equatable {
    public var learner: String
    public var questionIndex: Int
    public var chosen: Set<Int>
    public var correct: Bool
    public var answeredAt: Date

    public init(learner: String, questionIndex: Int, chosen: Set<Int>, correct: Bool, answeredAt: Date) {
        self.learner = learner
        self.questionIndex = questionIndex
        self.chosen = chosen
        self.correct = correct
        self.answeredAt = answeredAt
    }
}

/// Where a live quiz stands for the tutor: who joined, and the answers given.
public struct LiveRoom: Sendable, Equatable {
    public var quiz: LiveQuiz
    /// Learner names, in joining order, with whether they were seen in the last few seconds.
    public var participants: [(name: String, connected: Bool)]
    public var answers: [LiveAnswer]

    public init(quiz: LiveQuiz, participants: [(name: String, connected: Bool)], answers: [LiveAnswer]) {
        self.quiz = quiz
        self.participants = participants
        self.answers = answers
    }

    public static func == (a: LiveRoom, b: LiveRoom) -> Bool {
        a.quiz == b.quiz && a.answers == b.answers
            && a.participants.map(\.name) == b.participants.map(\.name)
            && a.participants.map(\.connected) == b.participants.map(\.connected)
    }

    /// Answers to the current question, and how many chose each option.
    public var currentAnswers: [LiveAnswer] { answers.filter { $0.questionIndex == quiz.questionIndex } }

    public func optionCounts() -> [Int] {
        let count = quiz.paper.indices.contains(quiz.questionIndex) ? quiz.paper[quiz.questionIndex].shown.count : 0
        var counts = [Int](repeating: 0, count: count)
        for answer in currentAnswers { for i in answer.chosen where i < count { counts[i] += 1 } }
        return counts
    }

    /// The ranked board of the end (pseudonyms), when the tutor asked for one.
    public func board(reader: String? = nil) -> LiveBoard? {
        quiz.showsBoard && quiz.phase == .ended ? LiveBoard(quizID: quiz.id, scores: participants.map { p in
            (p.name, answers.filter { $0.learner == p.name && $0.correct }.count)
        }, reader: reader) : nil
    }

    /// Each participant's right answers, best first (ties by name).
    public func scores() -> [(name: String, right: Int)] {
        participants.map { p in (p.name, answers.filter { $0.learner == p.name && $0.correct }.count) }
            .sorted { $0.1 != $1.1 ? $0.1 > $1.1 : $0.0 < $1.0 }
    }
}

/// One learner's place in a live quiz: the quiz as the tutor has it, and their own answers.
public struct LiveSeat: Sendable, Equatable {
    public var quiz: LiveQuiz
    public var mine: [LiveAnswer]
    /// The ranked board, once the quiz has ended and when the tutor chose to show one.
    public var board: LiveBoard?
    /// The quiz ended because the tutor's primer stopped (killed, its connection cut),
    /// not because the tutor ended it.
    public var tutorLeft: Bool

    public init(quiz: LiveQuiz, mine: [LiveAnswer], board: LiveBoard? = nil, tutorLeft: Bool = false) {
        self.quiz = quiz
        self.mine = mine
        self.board = board
        self.tutorLeft = tutorLeft
    }

    public func answer(to index: Int) -> LiveAnswer? { mine.first { $0.questionIndex == index } }
    public var right: Int { mine.filter(\.correct).count }
}
