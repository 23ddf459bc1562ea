import Foundation

/// What primer believes a learner knows, as probabilities. The scheduler decides when to
/// ask; this turns its memory model into the figures a learner sees and into predictions
/// that every answer then tests.
///
/// One rule sits on top of FSRS: a question counts as recallable only once the learner
/// has answered it right (an answer not marked "I guessed", i.e. rated above Again).
/// FSRS's forgetting curve is fitted to cards people have learned; applied to a question
/// someone has only failed, its heavy tail still claims more than half is recalled a week
/// later, which nothing the learner did supports. Until that first right answer, their
/// chance of being right is the chance of a blind guess.
public enum LearnerModel {
    /// How far ahead the figures look when no exam date is set.
    public static let defaultHorizonDays = 7.0

    /// The day the figures are about: the exam date while it is ahead, else a week from now.
    public static func horizon(now: Date, examDate: Date?) -> Date {
        if let examDate, examDate > now { return examDate }
        return now.addingTimeInterval(defaultHorizonDays * 86_400)
    }

    /// The probability of recalling the question unaided at `at`: FSRS's retrievability for
    /// a question already answered right, else 0.
    public static func recall(_ card: CardMemory?, recalled: Bool, at: Date, scheduler: FSRSScheduler) -> Double {
        guard recalled, let card else { return 0 }
        return scheduler.recallProbability(of: card, at: at)
    }

    /// The probability that an answer to a question shown at `at` is right: recalled
    /// (R, see `recall`), or not recalled and guessed right, (1 − R) · g.
    public static func predictedRight(_ card: CardMemory?, recalled: Bool, guessChance: Double, at: Date,
                                      scheduler: FSRSScheduler) -> Double {
        withGuessing(recall(card, recalled: recalled, at: at, scheduler: scheduler), guessChance: guessChance)
    }

    public static func withGuessing(_ r: Double, guessChance: Double) -> Double {
        let g = min(1, max(0, guessChance))
        return r + (1 - r) * g
    }

    /// The questions answered right at least once in schedule-affecting answers.
    public static func recalledQuestions<S: Sequence>(in records: S) -> Set<String> where S.Element == ReviewRecord {
        var recalled: Set<String> = []
        for record in records where record.affectsSchedule && record.rating != .again { recalled.insert(record.questionID) }
        return recalled
    }
}

extension Question {
    /// The chance of a blind guess as primer shows this question: one over the options
    /// shown for a single answer, one half for true/false, one over the number of answer
    /// sets (every non-empty set of the options shown) for select-all.
    public var guessChance: Double {
        let n = kind == .trueFalse ? 2 : min(shownCount, choices.count)
        guard n > 0 else { return 0 }
        switch kind {
        case .single: return 1 / Double(n)
        case .trueFalse: return 0.5
        case .multiple: return 1 / (pow(2, Double(n)) - 1)
        }
    }
}
