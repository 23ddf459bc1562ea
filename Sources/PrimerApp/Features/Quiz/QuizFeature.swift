import Foundation
import StudyCore
import TerminalUI

/// A lesson's quiz, a practice round or cram: ask, give feedback, move on; at the end a
/// summary whose missed questions open to their explanations.
enum QuizFeature: Feature {
    enum Command: Sendable, Equatable {
        // Asking
        case cursorUp, cursorDown, toggle, choose, back
        // Feedback
        case next, mark(AnswerOverride), openLesson, stop
        // Summary
        case missedUp, missedDown, openMissed, again, done, previousMissed, nextMissed, closeMissed
        case scroll(Scroll)
        // Study today
        case undo
    }

    static var path: ScreenPath<QuizState> { .quiz }
    static let title = "Quiz"

    static func keymap(_ quiz: QuizState, _ app: AppState) -> Keymap<Command> {
        switch quiz.session.phase {
        case .asking:
            return askingKeymap(count: quiz.session.current?.shown.count ?? 0,
                                multiple: quiz.session.current?.question.kind == .multiple)
        case .feedback(let outcome):
            return feedbackKeymap(extra: [], after: outcome, kind: quiz.kind)
        case .finished:
            if quiz.reviewing != nil {
                return Keymap(Scroll.bindings(Command.scroll, footer: false) + [
                    KeyBinding([(.right, .nextMissed), (.character("n"), .nextMissed), (.left, .previousMissed), (.character("p"), .previousMissed)],
                               label: "previous, next missed question", footer: "← →", short: "previous/next"),
                    .key(.character("o"), .openLesson, label: "open the lesson there", footer: "o", short: "lesson"),
                    .keys([.escape, .character("q"), .enter], .closeMissed, label: "back to the summary", footer: "Esc", short: "summary"),
                ])
            }
            return Keymap([
                KeyBinding([(.up, .missedUp), (.down, .missedDown)], vi: [(.character("k"), .missedUp), (.character("j"), .missedDown)],
                           label: "choose a missed question", footer: quiz.missed.isEmpty ? nil : "↑↓", short: "choose"),
                .key(.enter, .openMissed, label: quiz.missed.isEmpty ? "done" : "open its explanation", footer: "Enter", short: quiz.missed.isEmpty ? "done" : "open"),
                .key(.character("r"), .again, label: "again, options in a new order", footer: "r", short: "again"),
                KeyBinding([(.escape, .done), (.character("q"), .done), (.left, .done)], vi: [(.character("h"), .done)],
                           label: "done", footer: "Esc"),
            ])
        }
    }

    /// Keys while a question is asked (shared with Study today).
    static func askingKeymap(count: Int, multiple: Bool) -> Keymap<Command> {
        var bindings: [KeyBinding<Command>] = [
            .described("1-9  or  a-i", label: multiple ? "toggle an option" : "answer", footer: AnswerInput.range(count), short: multiple ? "toggle" : "answer"),
            KeyBinding([(.up, .cursorUp), (.down, .cursorDown), (.tab, .cursorDown)],
                       vi: [(.character("k"), .cursorUp), (.character("j"), .cursorDown)], label: "move", footer: "↑↓"),
        ]
        if multiple { bindings.append(.key(.character(" "), .toggle, label: "toggle the option under the cursor", footer: "Space", short: "toggle")) }
        bindings += [
            .key(.enter, .choose, label: multiple ? "submit the answer" : "choose", footer: "Enter", short: multiple ? "submit" : "choose"),
            KeyBinding([(.pageUp, .scroll(.pageUp)), (.pageDown, .scroll(.pageDown))], label: "scroll a long question"),
            .keys([.escape, .character("q")], .back, label: "stop", footer: "Esc"),
        ]
        return Keymap(bindings)
    }

    /// Keys after an answer (shared with Study today, which adds undo). The marks are in
    /// the footer only when they apply (a right answer that moves the schedule); the keys
    /// still work otherwise, and say why nothing changed.
    static func feedbackKeymap(extra: [KeyBinding<Command>], after outcome: AnswerOutcome, kind: Effect.AnswerKind) -> Keymap<Command> {
        // Either mark applies exactly when "I guessed" does: a right answer that moves the schedule.
        let marksApply = AnswerMarking.refusal(.guessed, correct: outcome.correct, affectsSchedule: kind.affectsSchedule) == nil
        return Keymap([
            KeyBinding([(.enter, .next), (.character(" "), .next), (.character("n"), .next), (.right, .next)],
                       vi: [(.character("l"), .next)], label: "next question", footer: "Enter", short: "next"),
            .key(.character("g"), .mark(.guessed), label: "I guessed (again: unmark)", footer: marksApply ? "g" : nil,
                 short: "guessed"),
            .key(.character("e"), .mark(.tooEasy), label: "too easy (again: unmark)", footer: marksApply ? "e" : nil,
                 short: "too easy"),
            .key(.character("o"), .openLesson, label: "open the lesson at this part", footer: "o", short: "lesson"),
        ] + extra + [
            KeyBinding([(.up, .scroll(.lineUp)), (.down, .scroll(.lineDown)), (.pageUp, .scroll(.pageUp)), (.pageDown, .scroll(.pageDown))],
                       vi: [(.character("k"), .scroll(.lineUp)), (.character("j"), .scroll(.lineDown))], label: "scroll"),
            .keys([.escape, .character("q")], .stop, label: "stop", footer: "Esc"),
        ])
    }

    // MARK: starting

    static func startLessonQuiz(_ lesson: Lesson, _ app: inout AppState, at now: Date) {
        // A lesson of reading only: say so, rather than open a quiz that is over at once.
        guard !lesson.questions.isEmpty else {
            app.notice = "“\(lesson.title)” has no questions: it is for reading."
            return
        }
        let session = QuizSession(questions: lesson.questions, startedAt: now, options: app.optionDraw, rng: &app.rng)
        app.push(.quiz(QuizState(title: lesson.title, session: session, kind: .practice)))
    }

    // MARK: keys

    static func handle(_ command: Command, _ quiz: inout QuizState, _ app: inout AppState, at now: Date) -> [Effect] {
        switch quiz.session.phase {
        case .asking:
            switch Answering.handle(command, &quiz.session, scroll: &quiz.scroll, at: now) {
            case .none: return []
            case .back: return stop(quiz, &app)
            case .submitted(let outcome): return submitted(outcome, &quiz)
            }
        case .feedback(let outcome):
            switch command {
            case .mark(let mark):
                let result = AnswerMarks.apply(mark, to: outcome, current: quiz.override, kind: quiz.kind, receipt: quiz.receipt)
                quiz.override = result.override
                quiz.note = result.note
                return result.effects
            case .openLesson:
                return LessonFeature.openReference(for: outcome.asked.question, &app)
            case .scroll(let scroll):
                quiz.scroll = scroll.apply(to: quiz.scroll)
            case .next:
                quiz.session.advance(at: now)
                quiz.scroll = 0
                quiz.override = nil
                quiz.receipt = nil
                quiz.note = nil
                if quiz.session.isFinished {
                    let effects = closingEffects(quiz)
                    quiz.sessionOpen = false
                    return effects
                }
            case .stop: return stop(quiz, &app)
            default: break
            }
        case .finished:
            return handleSummary(command, &quiz, &app, at: now)
        }
        return []
    }

    static func handleUnbound(_ key: Key, _ quiz: inout QuizState, _ app: inout AppState, at now: Date) -> [Effect] {
        guard case .asking = quiz.session.phase else { return [] }
        guard case .submitted(let outcome) = Answering.option(key, &quiz.session, scroll: &quiz.scroll, at: now) else { return [] }
        return submitted(outcome, &quiz)
    }

    private static func submitted(_ outcome: AnswerOutcome, _ quiz: inout QuizState) -> [Effect] {
        quiz.override = nil
        quiz.receipt = nil
        quiz.note = nil
        quiz.sessionOpen = true
        return [.recordAnswer(outcome, kind: quiz.kind)]
    }

    private static func handleSummary(_ command: Command, _ quiz: inout QuizState, _ app: inout AppState, at now: Date) -> [Effect] {
        let missed = quiz.missed
        switch command {
        case .missedUp: quiz.missedCursor = max(0, quiz.missedCursor - 1)
        case .missedDown: quiz.missedCursor = min(max(0, missed.count - 1), quiz.missedCursor + 1)
        case .openMissed:
            if missed.isEmpty { return app.goBack() }
            quiz.reviewing = min(quiz.missedCursor, missed.count - 1)
            quiz.scroll = 0
        case .nextMissed:
            if let i = quiz.reviewing { quiz.openMissed(min(missed.count - 1, i + 1)) }
        case .previousMissed:
            if let i = quiz.reviewing { quiz.openMissed(max(0, i - 1)) }
        case .closeMissed:
            quiz.reviewing = nil
        case .scroll(let scroll):
            quiz.scroll = scroll.apply(to: quiz.scroll)
        case .openLesson:
            if let i = quiz.reviewing, missed.indices.contains(i) {
                return LessonFeature.openReference(for: quiz.session.outcomes[missed[i]].asked.question, &app)
            }
        case .again:
            // The same questions again, in the same kind of round (cram stays cram).
            let questions = quiz.session.items.map(\.question)
            quiz = QuizState(title: quiz.title,
                             session: QuizSession(questions: questions, startedAt: now, options: app.optionDraw, rng: &app.rng),
                             kind: quiz.kind)
        case .done:
            return app.goBack()
        default: break
        }
        return []
    }

    /// What a learner who stops part-way is told on the screen they return to (nil before
    /// any answer): the summary a finished round shows, in one line.
    static func stoppedNotice(answered: Int, right: Int) -> String? {
        guard answered > 0 else { return nil }
        return "Stopped after \(plural(answered, "answer")): \(right) right (\(percentText(Double(right) / Double(answered)))), all saved."
    }

    /// Leaving part-way: the session record closed, and the screen returned to says how it went.
    private static func stop(_ quiz: QuizState, _ app: inout AppState) -> [Effect] {
        let outcomes = quiz.session.outcomes
        app.notice = stoppedNotice(answered: outcomes.count, right: outcomes.filter(\.correct).count)
        return closingEffects(quiz) + app.goBack()
    }

    /// Closing the round's session record, when answers were given and it is still open.
    static func closingEffects(_ quiz: QuizState) -> [Effect] {
        guard quiz.sessionOpen, quiz.kind != .study else { return [] }
        let outcomes = quiz.session.outcomes
        return [.finishPracticeSession(answered: outcomes.count, right: outcomes.filter(\.correct).count)]
    }

    /// The store's receipt goes to the quiz whose answer it is.
    static func applyReceipt(_ receipt: SaveReceipt, _ app: inout AppState) -> [Effect] {
        app.scope(.quiz) { quiz, _ in
            guard case .feedback = quiz.session.phase else { return [] }
            if quiz.receipt?.reviewID == receipt.reviewID {
                quiz.note = AnswerMarking.confirmation(quiz.override, returns: receipt.returns)
            }
            quiz.receipt = receipt
            return []
        }
    }

    // MARK: drawing

    static func statusLine(_ quiz: QuizState, _ app: AppState) -> [StyledText]? {
        guard case .feedback = quiz.session.phase else { return nil }
        if let note = quiz.note { return [StyledText(note, Style(color: .yellow))] }
        return QuestionText.receiptLine(quiz.receipt)
    }

    static func draw(_ quiz: QuizState, _ app: AppState, in rect: Rect, into buffer: inout CellBuffer) {
        let session = quiz.session
        let header = session.isFinished
            ? quiz.title
            : "Question \(min(session.index + 1, session.items.count)) of \(session.items.count) · \(quiz.title)"
        QuizView.draw(header: header, session: session, scroll: quiz.scroll, in: rect, into: &buffer) { width in
            summaryLines(quiz, width: width)
        }
    }

    static func summaryLines(_ quiz: QuizState, width: Int) -> [[StyledText]] {
        let session = quiz.session
        let missed = quiz.missed
        if let i = quiz.reviewing, missed.indices.contains(i) {
            let outcome = session.outcomes[missed[i]]
            return [[StyledText("Missed question \(i + 1) of \(missed.count)", .dim)], []]
                + QuestionText.answerLines(outcome.asked, chosen: outcome.chosen, width: width)
        }
        let total = session.outcomes.count
        let right = session.correctCount
        let percent = percentText(total == 0 ? 0 : Double(right) / Double(total))
        var lines: [[StyledText]] = [[StyledText("Done: \(right) of \(total) right (\(percent))", .bold)], []]
        if missed.isEmpty {
            lines.append([StyledText(total == 0 ? "No answers were given." : "Nothing missed.", .dim)])
        } else {
            lines.append([StyledText("Missed (Enter opens the explanation):", .dim)])
            for (row, index) in missed.enumerated() {
                let stem = session.outcomes[index].asked.question.stem.replacingOccurrences(of: "\n", with: " ")
                let selected = row == quiz.missedCursor
                lines.append([StyledText(selected ? "› " : "  ", .bold),
                              StyledText(truncate(stem, width: max(4, width - 2)), selected ? .reverse : .plain)])
            }
        }
        return lines
    }
}

/// The body of a question screen: a header line, then the asking, feedback or summary
/// text in the reading column, scrolled.
enum QuizView {
    static func draw(header: String, session: QuizSession, scroll: Int, in rect: Rect, into buffer: inout CellBuffer,
                     summary: (Int) -> [[StyledText]]) {
        let (x, width) = QuestionText.column(in: rect)
        let textWidth = TextView.textWidth(for: width)
        let top = rect.y + (rect.height >= 16 ? 1 : 0)
        buffer.put(header, x: x, y: top, style: .dim, maxWidth: width)
        let textRect = Rect(x: x, y: top + 2, width: width, height: rect.maxY - top - 2)
        let lines: [[StyledText]]
        var offset = scroll
        switch session.phase {
        case .asking(let selection, let cursor, _):
            guard let asked = session.current else { return }
            let asking = QuestionText.asking(asked, selection: selection, cursor: cursor, width: textWidth)
            lines = asking.lines
            offset = QuestionText.offset(scroll, showing: asking.cursorLastLine, height: textRect.height)
        case .feedback(let outcome):
            lines = QuestionText.feedbackLines(outcome, width: textWidth)
        case .finished:
            lines = summary(textWidth)
        }
        TextView(lines: lines).draw(offset: offset, in: textRect, into: &buffer)
    }
}
