import Foundation
import StudyCore
import TerminalUI

/// Answering a question of a `QuizSession`: the part the lesson quiz, practice and Study
/// today share. Digits and letters pick options; for a single answer they also submit.
enum Answering {
    enum Result: Equatable {
        case none
        case submitted(AnswerOutcome)
        case back
    }

    static func handle(_ command: QuizFeature.Command, _ session: inout QuizSession, scroll: inout Int, at now: Date) -> Result {
        guard case .asking(let selection, let cursor, _) = session.phase, let asked = session.current else { return .none }
        let isMultiple = asked.question.kind == .multiple
        switch command {
        case .cursorUp: session.moveCursor(by: -1); scroll = 0   // the view follows the cursor (QuestionText.offset)
        case .cursorDown: session.moveCursor(by: 1); scroll = 0
        case .toggle: if isMultiple { session.toggle(cursor) }
        case .choose:
            // Enter on a select-all question with nothing ticked ticks the option under the cursor.
            if isMultiple && selection.isEmpty { session.toggle(cursor); return .none }
            if !isMultiple { session.toggle(cursor) }
            return submit(&session, scroll: &scroll, at: now)
        case .scroll(let s): scroll = s.apply(to: scroll)
        case .back: return .back
        default: break
        }
        return .none
    }

    /// An option key (1-9, a-i): selects (single answer: and submits) or toggles (select all).
    static func option(_ key: Key, _ session: inout QuizSession, scroll: inout Int, at now: Date) -> Result {
        guard case .asking = session.phase, let asked = session.current,
              let option = AnswerInput.optionIndex(for: key, count: asked.shown.count) else { return .none }
        session.toggle(option)
        return asked.question.kind == .multiple ? .none : submit(&session, scroll: &scroll, at: now)
    }

    private static func submit(_ session: inout QuizSession, scroll: inout Int, at now: Date) -> Result {
        guard let outcome = session.submit(at: now) else { return .none }
        scroll = 0
        return .submitted(outcome)
    }
}
