public enum QuestionKind: String, Sendable, Equatable, CaseIterable {
    /// Exactly one correct option.
    case single
    /// Select all that apply: right only when exactly the correct options are chosen.
    case multiple
    /// Two options, "True" and "False", one of them correct.
    case trueFalse = "true-false"
}

public struct Choice: Sendable, Equatable {
    public var text: String
    public var isCorrect: Bool
    /// Shown when this option is picked ("why this one is wrong").
    public var feedback: String?
    public init(_ text: String, isCorrect: Bool, feedback: String? = nil) {
        self.text = text
        self.isCorrect = isCorrect
        self.feedback = feedback
    }
}

public struct Question: Sendable, Equatable, Identifiable {
    /// Stable id: progress is keyed on it, so rewording a question keeps the learner's history.
    public var id: String
    public var kind: QuestionKind
    public var themeID: String
    public var lessonID: String
    public var claims: [String]
    public var sources: [Int]
    public var stem: String
    /// The whole pool: every correct option and every wrong one.
    public var choices: [Choice]
    public var explanation: String
    /// How many options a learner sees at once (correct ones always among them).
    public var shownCount: Int

    public static let defaultShownCount = 4

    public init(id: String, kind: QuestionKind, themeID: String, lessonID: String, claims: [String] = [],
                sources: [Int] = [], stem: String, choices: [Choice], explanation: String,
                shownCount: Int = Question.defaultShownCount) {
        self.id = id
        self.kind = kind
        self.themeID = themeID
        self.lessonID = lessonID
        self.claims = claims
        self.sources = sources
        self.stem = stem
        self.choices = choices
        self.explanation = explanation
        self.shownCount = shownCount
    }

    public var correctChoices: [Choice] { choices.filter(\.isCorrect) }

    /// The options to show this time: every correct option plus wrong ones drawn from the
    /// pool, up to `shownCount`, in random order. True/false keeps True before False.
    public func drawChoices<R: RandomNumberGenerator>(using rng: inout R) -> [Choice] {
        if kind == .trueFalse { return choices }
        let correct = choices.filter(\.isCorrect)
        let wrongPool = choices.filter { !$0.isCorrect }.shuffled(using: &rng)
        let wrongCount = max(0, min(wrongPool.count, shownCount - correct.count))
        return (correct + wrongPool.prefix(wrongCount)).shuffled(using: &rng)
    }
}

/// "¶6 ¶7" — how citations are written everywhere.
public func citation(_ paragraphs: [Int]) -> String {
    paragraphs.map { "¶\($0)" }.joined(separator: " ")
}
