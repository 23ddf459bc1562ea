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
    /// `setSeed`, when given, fixes which wrong options are drawn (the order still comes
    /// from `rng`): see `OptionDraw`.
    public func drawChoices<R: RandomNumberGenerator>(setSeed: UInt64? = nil, using rng: inout R) -> [Choice] {
        if kind == .trueFalse { return choices }
        let correct = choices.filter(\.isCorrect)
        let wrongPool = choices.filter { !$0.isCorrect }
        let wrongCount = max(0, min(wrongPool.count, shownCount - correct.count))
        let wrong: [Choice]
        if let setSeed {
            var setGenerator = SeededGenerator(seed: setSeed)
            wrong = Array(wrongPool.shuffled(using: &setGenerator).prefix(wrongCount))
        } else {
            wrong = Array(wrongPool.shuffled(using: &rng).prefix(wrongCount))
        }
        return (correct + wrong).shuffled(using: &rng)
    }

    /// The wording asks for several answers already ("select all", "choose all"...), so
    /// interfaces need not add their own "Select all that apply".
    public var stemSaysSelectAll: Bool {
        let stem = self.stem.lowercased()
        return stem.contains("select all") || stem.contains("choose all") || stem.contains("tick all")
            || stem.contains("all that apply")
    }

    /// The wording already asks "true or false".
    public var stemSaysTrueOrFalse: Bool { stem.lowercased().contains("true or false") }
}

/// Which options of a question's pool a learner sees.
///
/// A learner who sees the same question again must not be able to spot the key as "the
/// one option that never changes": so for one learner the *set* of options is fixed per
/// question (drawn with a seed made from the learner and the question), and only the
/// order changes from one showing to the next. Different learners see different sets.
/// Presets draw the set from their own generator instead, so every learner sitting a
/// preset gets the same paper.
public struct OptionDraw: Sendable, Equatable {
    /// nil: the set is drawn from the showing's generator.
    public var learnerKey: String?

    public init(learnerKey: String?) { self.learnerKey = learnerKey }

    /// One fixed set per question for this learner.
    public static func forLearner(_ name: String) -> OptionDraw { OptionDraw(learnerKey: name) }
    /// Set and order both from the generator (presets, course-wide sheets).
    public static let fromGenerator = OptionDraw(learnerKey: nil)

    public func choices<R: RandomNumberGenerator>(for question: Question, using rng: inout R) -> [Choice] {
        question.drawChoices(setSeed: learnerKey.map { Self.setSeed(learner: $0, question: question.id) }, using: &rng)
    }

    /// FNV-1a over "learner US question": the same on every machine and every run.
    public static func setSeed(learner: String, question: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in learner.utf8 + [0x1F] + question.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01B3
        }
        return hash
    }
}

/// "¶6 ¶7" — how citations are written everywhere: each paragraph once, in the order given.
public func citation(_ paragraphs: [Int]) -> String {
    var seen = Set<Int>()
    return paragraphs.filter { seen.insert($0).inserted }.map { "¶\($0)" }.joined(separator: " ")
}
