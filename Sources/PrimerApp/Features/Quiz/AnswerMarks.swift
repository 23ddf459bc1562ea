import Foundation
import StudyCore

/// "I guessed" (g) and "too easy" (e) on an answer just given, shared by the quiz and
/// Study today. A mark that does not apply is refused with the reason; one that applies
/// re-saves the answer, and the receipt that comes back says what it did.
enum AnswerMarks {
    struct Result {
        var override: AnswerOverride?
        var note: String?
        var effects: [Effect]
    }

    static func apply(_ mark: AnswerOverride, to outcome: AnswerOutcome, current: AnswerOverride?,
                      kind: Effect.AnswerKind, receipt: SaveReceipt?) -> Result {
        if let refusal = AnswerMarking.refusal(mark, correct: outcome.correct, affectsSchedule: kind.affectsSchedule) {
            return Result(override: current, note: refusal, effects: [])
        }
        guard let receipt else {
            return Result(override: current, note: "Wait a moment: the answer is still being saved.", effects: [])
        }
        let next: AnswerOverride? = current == mark ? nil : mark
        return Result(override: next, note: nil,
                      effects: [.amendAnswer(reviewID: receipt.reviewID, outcome, override: next)])
    }
}
