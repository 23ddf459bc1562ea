import Foundation
import StudyCore
import TerminalUI

extension AppState {
    mutating func handleStudy(_ key: Key, _ study: inout StudyState, at now: Date) -> [Effect] {
        switch study.phase {
        case .loading:
            if key == .escape || key == .character("q") { return leavingStudy() + goBack() }
            return []
        case .finished:
            switch key {
            case .character("u"):
                return undoLast(&study)
            case .enter, .escape, .character("q"), .character(" "):
                return goBack()
            default: return []
            }
        case .question(var session):
            defer { if case .question = study.phase { study.phase = .question(session) } }
            switch session.phase {
            case .asking:
                if key == .character("u") { return undoLast(&study) }
                switch AnsweringKeys.handle(key, session: &session, scroll: &study.scroll, at: now) {
                case .none: return []
                case .back:
                    screen = .study(study)
                    return leavingStudy() + goBack()
                case .submitted(let outcome):
                    study.override = nil
                    study.receipt = nil
                    study.answered += 1
                    if outcome.correct { study.right += 1 }
                    return [.recordAnswer(outcome, kind: .study)]
                }
            case .feedback(let outcome):
                if let mark = AnsweringKeys.mark(for: key, current: study.override) {
                    study.override = mark
                    guard let receipt = study.receipt else { return [] }
                    return [.amendAnswer(reviewID: receipt.reviewID, outcome, override: mark)]
                }
                switch key {
                case .character("u"):
                    return undoLast(&study)
                case .character("o"):
                    study.phase = .question(session)
                    screen = .study(study)
                    return openLesson(for: outcome.asked.question)
                case .up, .character("k"): study.scroll = max(0, study.scroll - 1)
                case .down, .character("j"): study.scroll += 1
                case .pageUp: study.scroll = max(0, study.scroll - Self.pageStep)
                case .pageDown: study.scroll += Self.pageStep
                case .enter, .character(" "), .character("n"), .right, .character("l"):
                    // Move on only once the answer is saved: the next question must never
                    // appear before the store has acknowledged this one.
                    guard study.receipt != nil else { return [] }
                    study.lastShown = outcome.asked.question.id
                    study.phase = .loading
                    study.scroll = 0
                    return [.loadNextStudyItem(lastShown: study.lastShown)]
                case .escape, .character("q"):
                    screen = .study(study)
                    return leavingStudy() + goBack()
                default: break
                }
            case .finished:
                break
            }
        }
        return []
    }

    private func undoLast(_ study: inout StudyState) -> [Effect] {
        guard let last = study.history.last else { return [] }
        return [.undoAnswer(reviewID: last)]
    }

    mutating func applyStudyItem(_ question: Question?, nextDue: Date?, at now: Date) -> [Effect] {
        guard case .study(var study) = screen else { return [] }
        study.override = nil
        study.receipt = nil
        study.scroll = 0
        if let question {
            study.phase = .question(QuizSession(questions: [question], startedAt: now, rng: &rng))
        } else {
            study.phase = .finished(nextDue: nextDue)
            study.now = now
        }
        screen = .study(study)
        return study.phase == .finished(nextDue: nextDue) ? [.finishStudySession(answered: study.answered, right: study.right)] : []
    }

    /// An undone answer: its question is asked again (options drawn afresh).
    mutating func applyUndo(_ reviewID: String, question: Question, wasCorrect: Bool, at now: Date) {
        guard case .study(var study) = screen, study.history.last == reviewID else { return }
        study.history.removeLast()
        study.answered = max(0, study.answered - 1)
        if wasCorrect { study.right = max(0, study.right - 1) }
        study.receipt = nil
        study.override = nil
        study.scroll = 0
        study.phase = .question(QuizSession(questions: [question], startedAt: now, rng: &rng))
        screen = .study(study)
    }

    /// Leaving Study today closes its session record.
    mutating func leavingStudy() -> [Effect] {
        guard case .study(let study) = screen, study.answered > 0 else { return [] }
        if case .finished = study.phase { return [] }
        return [.finishStudySession(answered: study.answered, right: study.right)]
    }
}
