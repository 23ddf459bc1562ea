import Foundation
import StudyCore
import TerminalUI

/// Keys while a question is asked, shared by the lesson quiz and Study today.
enum AnsweringKeys {
    enum Result: Equatable {
        case none
        case submitted(AnswerOutcome)
        case back
    }

    static func handle(_ key: Key, session: inout QuizSession, scroll: inout Int, at now: Date) -> Result {
        guard case .asking(let selection, let cursor, _) = session.phase, let asked = session.current else { return .none }
        let isMultiple = asked.question.kind == .multiple
        func submit() -> Result {
            guard let outcome = session.submit(at: now) else { return .none }
            scroll = 0
            return .submitted(outcome)
        }
        switch key {
        case .up, .character("k"): session.moveCursor(by: -1)
        case .down, .character("j"), .tab: session.moveCursor(by: 1)
        case .pageUp: scroll = max(0, scroll - AppState.pageStep)
        case .pageDown: scroll += AppState.pageStep
        case .character(" ") where isMultiple: session.toggle(cursor)
        case .enter:
            if isMultiple && selection.isEmpty { session.toggle(cursor); return .none }
            if !isMultiple { session.toggle(cursor) }
            return submit()
        case .character(let c):
            if let option = optionIndex(for: c, count: asked.shown.count) {
                session.toggle(option)
                if !isMultiple { return submit() }
            } else if c == "q" {
                return .back
            }
        case .escape:
            return .back
        default: break
        }
        return .none
    }

    /// Options answer to digits 1-9 and letters a-i.
    static func optionIndex(for c: Character, count: Int) -> Int? {
        if let d = c.wholeNumberValue, c.isASCII, d >= 1, d <= count { return d - 1 }
        if let ascii = c.asciiValue, ascii >= 97, ascii < 97 + UInt8(min(count, 9)) { return Int(ascii - 97) }
        return nil
    }

    /// Keys on the feedback screen that mark the answer: returns the new mark, or nil
    /// when the key is not a mark key.
    static func mark(for key: Key, current: AnswerOverride?) -> AnswerOverride?? {
        switch key {
        case .character("g"): return .some(current == .guessed ? nil : .guessed)
        case .character("e"): return .some(current == .tooEasy ? nil : .tooEasy)
        default: return nil
        }
    }
}

extension AppState {
    // MARK: lesson quiz

    mutating func handleQuiz(_ key: Key, _ quiz: inout QuizState, at now: Date) -> [Effect] {
        switch quiz.session.phase {
        case .asking:
            switch AnsweringKeys.handle(key, session: &quiz.session, scroll: &quiz.scroll, at: now) {
            case .none: return []
            case .back: return goBack()
            case .submitted(let outcome):
                quiz.override = nil
                quiz.receipt = nil
                return [.recordAnswer(outcome, kind: quiz.kind)]
            }
        case .feedback(let outcome):
            if let mark = AnsweringKeys.mark(for: key, current: quiz.override) {
                quiz.override = mark
                guard let receipt = quiz.receipt else { return [] }
                return [.amendAnswer(reviewID: receipt.reviewID, outcome, override: mark)]
            }
            switch key {
            case .character("o"):
                screen = .quiz(quiz)
                return openLesson(for: outcome.asked.question)
            case .up, .character("k"): quiz.scroll = max(0, quiz.scroll - 1)
            case .down, .character("j"): quiz.scroll += 1
            case .pageUp: quiz.scroll = max(0, quiz.scroll - Self.pageStep)
            case .pageDown: quiz.scroll += Self.pageStep
            case .enter, .character(" "), .character("n"), .right, .character("l"):
                quiz.session.advance(at: now)
                quiz.scroll = 0
                quiz.override = nil
                quiz.receipt = nil
            case .escape, .character("q"):
                return goBack()
            default: break
            }
        case .finished:
            switch key {
            case .enter, .escape, .character("q"), .character(" "), .left, .character("h"):
                return goBack()
            case .character("r"):
                // Again, with freshly drawn options.
                let questions = quiz.session.items.map(\.question)
                quiz = QuizState(title: quiz.title, session: QuizSession(questions: questions, startedAt: now, rng: &rng))
            default: break
            }
        }
        return []
    }

    /// The receipt goes to whichever screen shows the answer it belongs to.
    mutating func applyReceipt(_ receipt: SaveReceipt) {
        switch screen {
        case .quiz(var quiz):
            quiz.receipt = receipt
            screen = .quiz(quiz)
        case .study(var study):
            study.receipt = receipt
            if study.history.last != receipt.reviewID { study.history.append(receipt.reviewID) }
            screen = .study(study)
        default: break
        }
    }
}
