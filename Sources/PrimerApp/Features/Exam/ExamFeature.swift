import Foundation
import StudyCore
import TerminalUI

/// The mock exam, as a real exam paper works: answer in any order, flag questions to come
/// back to, see the whole paper on the overview, change any answer until handing in. No
/// feedback until the end (unless a preset asks for it); then the score and a review of
/// every answer.
enum ExamFeature: Feature {
    enum Command: Sendable, Equatable {
        case cursorUp, cursorDown, toggle, choose, flag, nextQuestion, previousQuestion, overview, handIn, leave
        case rowUp, rowDown, firstRow, lastRow, openRow, backToQuestion
        case confirmHandIn, abandon, cancel
        case continueAfterFeedback
        case review, nextReview, previousReview, openLesson, toSummary, done
        case scroll(Scroll)
    }

    static var path: ScreenPath<ExamState> { .exam }
    static let title = "Mock exam"

    // MARK: starting

    static func startMockExam(_ app: inout AppState, at now: Date) -> [Effect] {
        let questions = ExamSession.drawQuestions(from: app.course, count: ExamState.defaultQuestionCount, using: &app.rng)
        guard !questions.isEmpty else {
            app.status = "This course has no questions, so there is no exam to sit."
            return []
        }
        let exam = ExamSession(questions: questions, startedAt: now, options: app.optionDraw, rng: &app.rng)
        return app.beginExam(exam, title: "Mock exam", feedbackDuring: false, preset: nil, at: now)
    }

    // MARK: keys

    static func keymap(_ state: ExamState, _ app: AppState) -> Keymap<Command> {
        if state.confirmingHandIn {
            return Keymap([
                .key(.character("y"), .confirmHandIn, label: "hand the exam in now", footer: "y", short: "hand in"),
                .key(.character("x"), .abandon, label: "leave without a score", footer: "x", short: "abandon"),
                .described("other keys", label: "back to the exam", footer: "any key", short: "back"),
            ])
        }
        if state.lastAnswer != nil {
            return Keymap([.described("any key", label: "next question", footer: "any key")])
        }
        switch state.page {
        case .question:
            let asked = state.exam.current
            let multiple = asked?.question.kind == .multiple
            var bindings: [KeyBinding<Command>] = [
                .described("1-9  or  a-i", label: multiple ? "toggle an option" : "answer", footer: AnswerInput.range(asked?.shown.count ?? 0), short: multiple ? "toggle" : "answer"),
                KeyBinding([(.up, .cursorUp), (.down, .cursorDown)], vi: [(.character("k"), .cursorUp), (.character("j"), .cursorDown)],
                           label: "move"),
            ]
            if multiple { bindings.append(.key(.character(" "), .toggle, label: "toggle the option under the cursor")) }
            bindings += [
                .key(.enter, .choose, label: multiple ? "save the answer" : "choose", footer: "Enter", short: multiple ? "save" : "choose"),
                .key(.character("f"), .flag, label: "flag to come back (again: unflag)", footer: "f", short: "flag"),
                KeyBinding([(.right, .nextQuestion), (.character("n"), .nextQuestion), (.left, .previousQuestion), (.character("p"), .previousQuestion)],
                           label: "previous, next question", footer: "←→", short: "previous/next"),
                .keys([.character("v"), .tab], .overview, label: "overview of every question", footer: "v", short: "overview"),
                .key(.character("s"), .handIn, label: "hand the exam in", footer: "s", short: "hand in"),
                KeyBinding([(.pageUp, .scroll(.pageUp)), (.pageDown, .scroll(.pageDown))], label: "scroll a long question"),
                .keys([.escape, .character("q")], .leave, label: "overview, then leave"),
            ]
            return Keymap(bindings)
        case .overview:
            return Keymap([
                KeyBinding([(.up, .rowUp), (.down, .rowDown)], vi: [(.character("k"), .rowUp), (.character("j"), .rowDown)],
                           label: "choose a question", footer: "↑↓", short: "choose"),
                KeyBinding([(.home, .firstRow), (.end, .lastRow)], vi: [(.character("g"), .firstRow), (.character("G"), .lastRow)],
                           label: "first or last question"),
                .key(.enter, .openRow, label: "go to it", footer: "Enter", short: "open"),
                .key(.character("s"), .handIn, label: "hand the exam in", footer: "s", short: "hand in"),
                .keys([.character("v"), .tab], .backToQuestion, label: "back to the question"),
                .keys([.escape, .character("q")], .leave, label: "leave: hand in or abandon", footer: "Esc", short: "leave"),
            ])
        case .summary:
            return Keymap(Scroll.bindings(Command.scroll, footer: false) + [
                KeyBinding([(.character("r"), .review), (.right, .review)], label: "review every answer", footer: "r", short: "review"),
                .keys([.enter, .escape, .character("q")], .done, label: "done", footer: "Enter"),
            ])
        case .review:
            return Keymap(Scroll.bindings(Command.scroll, footer: false) + [
                KeyBinding([(.right, .nextReview), (.character("n"), .nextReview), (.left, .previousReview), (.character("p"), .previousReview)],
                           label: "previous, next question", footer: "← →", short: "previous/next"),
                .key(.character("o"), .openLesson, label: "open the lesson at this part", footer: "o", short: "lesson"),
                .keys([.escape, .character("q"), .enter], .toSummary, label: "back to the summary", footer: "Esc", short: "summary"),
            ])
        }
    }

    static func handle(_ command: Command, _ state: inout ExamState, _ app: inout AppState, at now: Date) -> [Effect] {
        state.now = now
        if let timeUp = endIfTimeUp(&state, at: now) { return timeUp }
        if state.confirmingHandIn {
            state.confirmingHandIn = false
            switch command {
            case .confirmHandIn:
                let kept = keepPendingTicks(&state, at: now, atEnd: true)
                state.exam.submit(at: now)
                return kept + ended(&state)
            case .abandon:
                let kept = keepPendingTicks(&state, at: now, atEnd: true)
                state.exam.abandon(at: now)
                return kept + ended(&state)
            default:
                return []
            }
        }
        if state.lastAnswer != nil { return continueAfterFeedback(&state) }
        switch state.page {
        case .question: return handleQuestion(command, &state, at: now)
        case .overview: return handleOverview(command, &state, at: now)
        case .summary, .review: return handleAfter(command, &state, &app)
        }
    }

    static func handleUnbound(_ key: Key, _ state: inout ExamState, _ app: inout AppState, at now: Date) -> [Effect] {
        state.now = now
        if let timeUp = endIfTimeUp(&state, at: now) { return timeUp }
        if state.confirmingHandIn { state.confirmingHandIn = false; return [] }
        if state.lastAnswer != nil { return continueAfterFeedback(&state) }
        guard state.page == .question, let asked = state.exam.current,
              let option = AnswerInput.optionIndex(for: key, count: asked.shown.count) else { return [] }
        state.cursor = option
        if asked.question.kind == .multiple {
            toggle(option, &state.selection)
            return []
        }
        return answer([option], &state, at: now)
    }

    private static func handleQuestion(_ command: Command, _ state: inout ExamState, at now: Date) -> [Effect] {
        guard let asked = state.exam.current else { return [] }
        let multiple = asked.question.kind == .multiple
        switch command {
        case .cursorUp: state.cursor = max(0, state.cursor - 1); state.scroll = 0   // the view follows the cursor
        case .cursorDown: state.cursor = min(asked.shown.count - 1, state.cursor + 1); state.scroll = 0
        case .toggle: if multiple { toggle(state.cursor, &state.selection) }
        case .choose:
            if multiple {
                if state.selection.isEmpty { toggle(state.cursor, &state.selection); return [] }
                return answer(state.selection, &state, at: now)
            }
            return answer([state.cursor], &state, at: now)
        case .flag:
            let kept = keepPendingTicks(&state, at: now)
            if state.exam.toggleFlag(at: now) { state.showCurrent() }
            return kept
        case .nextQuestion:
            let kept = keepPendingTicks(&state, at: now)
            if state.exam.step(1, at: now) { state.showCurrent() }
            return kept
        case .previousQuestion:
            let kept = keepPendingTicks(&state, at: now)
            if state.exam.step(-1, at: now) { state.showCurrent() }
            return kept
        case .overview, .leave:
            let kept = keepPendingTicks(&state, at: now)
            state.overviewCursor = state.exam.currentIndex ?? 0
            state.page = .overview
            return kept
        case .handIn:
            let kept = keepPendingTicks(&state, at: now)   // so the prompt counts them as answered
            state.confirmingHandIn = true
            return kept
        case .scroll(let scroll):
            state.scroll = scroll.apply(to: state.scroll)
        default: break
        }
        return []
    }

    private static func handleOverview(_ command: Command, _ state: inout ExamState, at now: Date) -> [Effect] {
        let count = state.exam.items.count
        switch command {
        case .rowUp: state.overviewCursor = max(0, state.overviewCursor - 1)
        case .rowDown: state.overviewCursor = min(max(0, count - 1), state.overviewCursor + 1)
        case .firstRow: state.overviewCursor = 0
        case .lastRow: state.overviewCursor = max(0, count - 1)
        case .openRow:
            if state.exam.go(to: state.overviewCursor, at: now) { state.showCurrent() }
        case .backToQuestion:
            state.showCurrent()
        case .handIn, .leave:
            state.confirmingHandIn = true
        default: break
        }
        return []
    }

    private static func handleAfter(_ command: Command, _ state: inout ExamState, _ app: inout AppState) -> [Effect] {
        let count = state.exam.items.count
        switch (state.page, command) {
        case (.summary, .review):
            if count > 0 { state.page = .review(0); state.scroll = 0 }
        case (.summary, .done):
            return state.quitsWhenDone ? [.quit] : app.goBack()
        case (.review(let i), .nextReview):
            state.page = .review(min(count - 1, i + 1)); state.scroll = 0
        case (.review(let i), .previousReview):
            if i == 0 { state.page = .summary } else { state.page = .review(i - 1) }
            state.scroll = 0
        case (.review(let i), .openLesson):
            return LessonFeature.openReference(for: state.exam.items[i].question, &app)
        case (.review, .toSummary):
            state.page = .summary
            state.scroll = 0
        case (_, .scroll(let scroll)):
            state.scroll = scroll.apply(to: state.scroll)
        default: break
        }
        return []
    }

    /// Ticks on the question on screen that differ from its saved answer are saved before
    /// the learner leaves it, however they leave (another question, the overview, hand-in,
    /// the clock, quitting): a select-all answer needs Enter, and forgetting it lost the
    /// answer. Not in an exam that shows feedback, where Enter is what asks for it; there
    /// ticks still count at the end (hand-in, time up, quitting).
    private static func keepPendingTicks(_ state: inout ExamState, at now: Date, atEnd: Bool = false) -> [Effect] {
        guard state.page == .question, state.lastAnswer == nil, !state.selection.isEmpty,
              state.exam.current?.question.kind == .multiple, let index = state.exam.currentIndex,
              !state.feedbackDuring || atEnd,
              let outcome = state.exam.keepTicks(state.selection, at: now) else { return [] }
        return [.recordExamAnswer(outcome, item: index)]
    }

    /// At or past the deadline: pending ticks kept (as of the deadline), then the exam ends.
    private static func endIfTimeUp(_ state: inout ExamState, at now: Date) -> [Effect]? {
        guard !state.exam.isFinished, now >= state.exam.deadline else { return nil }
        let kept = keepPendingTicks(&state, at: now, atEnd: true)
        state.exam.checkClock(at: now)
        return kept + ended(&state)
    }

    private static func toggle(_ option: Int, _ selection: inout Set<Int>) {
        if selection.remove(option) == nil { selection.insert(option) }
    }

    /// Saves an answer to the current question and moves on (to the overview once every
    /// question has an answer).
    private static func answer(_ chosen: Set<Int>, _ state: inout ExamState, at now: Date) -> [Effect] {
        guard let index = state.exam.currentIndex, let outcome = state.exam.answer(chosen, at: now) else {
            if state.exam.isFinished { return ended(&state) }
            return []
        }
        let effects: [Effect] = [.recordExamAnswer(outcome, item: index)]
        if state.feedbackDuring {
            state.lastAnswer = outcome
            state.scroll = 0
            return effects
        }
        afterAnswer(&state)
        return effects
    }

    private static func afterAnswer(_ state: inout ExamState) {
        if state.exam.allAnswered {
            state.overviewCursor = state.exam.currentIndex ?? 0
            state.page = .overview
            state.scroll = 0
        } else {
            state.showCurrent()
        }
    }

    private static func continueAfterFeedback(_ state: inout ExamState) -> [Effect] {
        state.lastAnswer = nil
        afterAnswer(&state)
        return []
    }

    /// The exam is over (handed in, time up or abandoned): record how, show the summary.
    static func ended(_ state: inout ExamState) -> [Effect] {
        guard let result = state.exam.result else { return [] }
        state.page = .summary
        state.scroll = 0
        state.confirmingHandIn = false
        state.lastAnswer = nil
        return [.finishExam(result, at: state.exam.finishedAt ?? state.now)]
    }

    /// Quitting mid-exam: the exam is abandoned (no score), its answers kept.
    static func abandon(_ state: inout ExamState, at now: Date) -> [Effect] {
        guard !state.exam.isFinished else { return [] }
        let kept = keepPendingTicks(&state, at: now, atEnd: true)
        state.exam.abandon(at: now)
        return kept + ended(&state)
    }

    /// Time passes: the countdown moves, and at zero the exam hands itself in.
    static func tick(_ state: inout ExamState, at now: Date) -> [Effect] {
        guard !state.exam.isFinished else { return [] }
        state.now = now
        return endIfTimeUp(&state, at: now) ?? []
    }

    static func draw(_ state: ExamState, _ app: AppState, in rect: Rect, into buffer: inout CellBuffer) {
        ExamView.draw(state, app, in: rect, into: &buffer)
    }
}

extension AppState {
    /// Starts a prepared exam (a tutor's preset, from `primer exam --preset`).
    /// `quitsWhenDone`: primer was started on this exam (`primer exam` on a terminal), so
    /// leaving its summary ends primer rather than opening Home.
    public mutating func beginExam(_ exam: ExamSession, title: String, feedbackDuring: Bool, preset: String?, at now: Date,
                                   quitsWhenDone: Bool = false) -> [Effect] {
        var state = ExamState(exam: exam, now: now, title: title, feedbackDuring: feedbackDuring)
        state.quitsWhenDone = quitsWhenDone
        state.showCurrent()
        push(.exam(state))
        return [.startExam(paper: exam.items.map(\.question.id), at: now, preset: preset)]
    }
}
