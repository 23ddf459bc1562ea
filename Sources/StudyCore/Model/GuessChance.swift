import Foundation

extension AskedQuestion {
    /// The chance of answering right by a blind guess, as the question is shown: one over
    /// the options for a single answer, one half for true/false, and one over the number
    /// of answer sets one could hand in (every non-empty set of the options shown) for
    /// "select all that apply".
    public var guessChance: Double {
        let n = shown.count
        guard n > 0 else { return 0 }
        switch question.kind {
        case .single: return 1 / Double(n)
        case .trueFalse: return 0.5
        case .multiple: return 1 / (pow(2, Double(n)) - 1)
        }
    }
}
