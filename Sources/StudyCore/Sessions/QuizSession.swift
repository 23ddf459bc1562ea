import Foundation

/// One question as asked: the options drawn for this showing, in display order.
public struct AskedQuestion: Sendable, Equatable {
    public var question: Question
    public var shown: [Choice]
    public init(question: Question, shown: [Choice]) {
        self.question = question
        self.shown = shown
    }
    public var correctIndices: Set<Int> { Set(shown.indices.filter { shown[$0].isCorrect }) }
    /// The one place an answer is marked, for every session and command: right only when
    /// exactly the correct options are chosen (no partial credit; for select-all questions
    /// a wrong option chosen or a correct one left out makes it wrong).
    public func isCorrect(_ chosen: Set<Int>) -> Bool { chosen == correctIndices }
    /// Characters of stem and shown options: what the slow-answer threshold scales with.
    public var readingLength: Int { question.stem.count + shown.reduce(0) { $0 + $1.text.count } }
}

/// The marked result of one answer.
public struct AnswerOutcome: Sendable, Equatable {
    public var asked: AskedQuestion
    public var chosen: Set<Int>
    public var correct: Bool
    public var responseTime: TimeInterval
    public var answeredAt: Date

    public init(asked: AskedQuestion, chosen: Set<Int>, correct: Bool, responseTime: TimeInterval, answeredAt: Date) {
        self.asked = asked
        self.chosen = chosen
        self.correct = correct
        self.responseTime = responseTime
        self.answeredAt = answeredAt
    }

    /// The notes of the options that were shown ("why this one is wrong"), in the order
    /// shown, picked or not: a remark about one option belongs in its note, and shows only
    /// when that option was on the screen (the explanation shows whichever were drawn).
    public var shownNotes: [(choice: String, note: String, picked: Bool)] {
        asked.shown.indices.compactMap { i in
            let c = asked.shown[i]
            guard let f = c.feedback, !f.isEmpty else { return nil }
            return (c.text, f, chosen.contains(i))
        }
    }
}

/// The state machine of answering a run of questions with immediate feedback:
/// asking (with a selection) → feedback → next question … → finished.
public struct QuizSession: Sendable, Equatable {
    public enum Phase: Sendable, Equatable {
        case asking(selection: Set<Int>, cursor: Int, shownAt: Date)
        case feedback(AnswerOutcome)
        case finished
    }

    public private(set) var items: [AskedQuestion]
    public private(set) var index: Int
    public private(set) var phase: Phase
    public private(set) var outcomes: [AnswerOutcome]

    /// Draws options for every question now, so a question shows the same options if
    /// the screen is redrawn or resized mid-answer.
    public init<R: RandomNumberGenerator>(questions: [Question], startedAt: Date, options: OptionDraw, rng: inout R) {
        items = questions.map { AskedQuestion(question: $0, shown: options.choices(for: $0, using: &rng)) }
        index = 0
        outcomes = []
        phase = items.isEmpty ? .finished : .asking(selection: [], cursor: 0, shownAt: startedAt)
    }

    public var current: AskedQuestion? { index < items.count ? items[index] : nil }
    public var isFinished: Bool { phase == .finished }
    public var correctCount: Int { outcomes.filter(\.correct).count }

    /// Moves the cursor among the options (clamped).
    public mutating func moveCursor(by delta: Int) {
        guard case .asking(let selection, let cursor, let shownAt) = phase, let q = current else { return }
        let next = min(max(0, cursor + delta), q.shown.count - 1)
        phase = .asking(selection: selection, cursor: next, shownAt: shownAt)
    }

    /// Selects an option: for single answer and true/false it replaces the selection,
    /// for multiple answer it toggles.
    public mutating func toggle(_ option: Int) {
        guard case .asking(var selection, _, let shownAt) = phase, let q = current, q.shown.indices.contains(option) else { return }
        if q.question.kind == .multiple {
            if selection.contains(option) { selection.remove(option) } else { selection.insert(option) }
        } else {
            selection = [option]
        }
        phase = .asking(selection: selection, cursor: option, shownAt: shownAt)
    }

    /// Marks the current selection. Returns nil when nothing is selected.
    @discardableResult
    public mutating func submit(at now: Date) -> AnswerOutcome? {
        guard case .asking(let selection, _, let shownAt) = phase, let q = current, !selection.isEmpty else { return nil }
        let outcome = AnswerOutcome(asked: q, chosen: selection, correct: q.isCorrect(selection),
                                    responseTime: max(0, now.timeIntervalSince(shownAt)), answeredAt: now)
        outcomes.append(outcome)
        phase = .feedback(outcome)
        return outcome
    }

    /// After feedback: the next question, or finished.
    public mutating func advance(at now: Date) {
        guard case .feedback = phase else { return }
        index += 1
        phase = index < items.count ? .asking(selection: [], cursor: 0, shownAt: now) : .finished
    }
}
