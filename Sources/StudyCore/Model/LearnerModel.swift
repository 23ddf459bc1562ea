import Foundation

/// What primer believes a learner knows, as probabilities. The scheduler decides when to
/// ask; this turns its memory model into the figures a learner sees and into predictions
/// that every answer then tests.
public enum LearnerModel {
    /// The probability that an answer to a question shown at `at` is right: recalled
    /// (R, from the item's memory; 0 for a question never answered), or not recalled and
    /// guessed right (1 − R) · g.
    public static func predictedRight(_ card: CardMemory?, guessChance: Double, at: Date,
                                      scheduler: FSRSScheduler) -> Double {
        let r = card.map { scheduler.recallProbability(of: $0, at: at) } ?? 0
        let g = min(1, max(0, guessChance))
        return r + (1 - r) * g
    }
}
