import Foundation

/// The learner's own verdict on an answer, given with one key before moving on.
public enum AnswerOverride: Sendable, Equatable, CaseIterable {
    /// "I guessed": a right answer that was not really known.
    case guessed
    /// "Too easy": a right answer the learner wants to see much less often.
    case tooEasy
}

/// The one place a quiz answer becomes an FSRS rating. The learner never picks from four
/// buttons: correctness, speed and an optional override decide.
///
/// - wrong (for multiple-answer: any wrong selection, or a correct option left out) → Again
/// - right → Good, or Hard when slow: responseTime > `slowThreshold(questionLength:)`
/// - "I guessed" → Again, right or wrong: a lucky guess is not recall
/// - "too easy" → Easy on a right answer, even a slow one; on a wrong answer it is ignored (Again)
public enum Grading {
    /// Seconds anyone gets to think, however short the question.
    public static let slowBaseSeconds: TimeInterval = 8
    /// Reading allowance per character of stem plus shown options. 0.06 s is about
    /// 170 words a minute, a little slower than ordinary silent reading (~240), so a learner
    /// who reads everything carefully once and then answers is not marked slow.
    public static let slowSecondsPerCharacter: TimeInterval = 0.06

    /// Answers slower than this (in seconds) are "right but slow": 8 s + 0.06 s per character.
    /// A 100-character stem with four 40-character options (260 characters) gives 23.6 s.
    public static func slowThreshold(questionLength: Int) -> TimeInterval {
        slowBaseSeconds + slowSecondsPerCharacter * Double(max(0, questionLength))
    }

    /// The length the threshold is measured on: characters of the stem and of the options shown.
    public static func questionLength(stem: String, shown: [String]) -> Int {
        shown.reduce(stem.count) { $0 + $1.count }
    }

    public static func rating(correct: Bool, responseTime: TimeInterval, questionLength: Int,
                              override: AnswerOverride?) -> Rating {
        guard correct, override != .guessed else { return .again }
        if override == .tooEasy { return .easy }
        return responseTime > slowThreshold(questionLength: questionLength) ? .hard : .good
    }
}

/// Whether a mark ("I guessed", "too easy") applies to an answer, and the words for what
/// it did. Both interfaces use these, so they never say different things, and never say
/// something happened that did not.
public enum AnswerMarking {
    /// nil when the mark applies; otherwise why it is refused (nothing changes then).
    public static func refusal(_ mark: AnswerOverride, correct: Bool, affectsSchedule: Bool) -> String? {
        if !affectsSchedule {
            return "Cram leaves your schedule alone: there is nothing to mark."
        }
        switch mark {
        case .guessed where !correct:
            return "A wrong answer is already scheduled as not known: nothing changed."
        case .tooEasy where !correct:
            return "“Too easy” is only for a right answer: nothing changed."
        default:
            return nil
        }
    }

    /// What a mark did, once the answer is saved again; `returns` is when the question
    /// comes back now ("again in 10 min", "in 4 days").
    public static func confirmation(_ mark: AnswerOverride?, returns: String) -> String {
        switch mark {
        case .guessed?: return "Marked “I guessed”: it returns \(returns)."
        case .tooEasy?: return "Marked “too easy”: it returns \(returns)."
        case nil: return "Mark removed: it returns \(returns)."
        }
    }
}
