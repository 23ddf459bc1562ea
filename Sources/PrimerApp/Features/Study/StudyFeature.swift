import Foundation
import StudyCore
import TerminalUI

/// Study today: one question at a time from the scheduler's queue.
public struct StudyState: Sendable, Equatable {
    public enum Phase: Sendable, Equatable {
        case loading
        case question(QuizSession)
        case finished(nextDue: Date?)
    }
    public var phase: Phase = .loading
    public var startedAt: Date
    public var answered = 0
    public var right = 0
    /// Questions in today's queue when the one on screen was chosen, that one included.
    public var left = 0
    public var scroll = 0
    public var override: AnswerOverride?
    public var receipt: SaveReceipt?
    /// What the last mark key did, or why it did nothing.
    public var note: String?
    /// Saved answers of this session, newest last: `u` takes them back in turn.
    public var history: [String] = []
    public var lastShown: String?
    /// The latest clock reading while waiting for a learning item to fall due.
    public var now: Date?
    /// Answers were given and the session record is still open.
    public var sessionOpen = false
    /// What earlier session records of this visit hold already: a session closed on the
    /// "comes back in" screen and reopened by the next answer records only its own answers.
    public var recordedAnswered = 0
    public var recordedRight = 0
    public init(startedAt: Date) { self.startedAt = startedAt }

    public var session: QuizSession? {
        if case .question(let s) = phase { return s }
        return nil
    }
}

enum StudyFeature: Feature {
    typealias Command = QuizFeature.Command

    static var path: ScreenPath<StudyState> { .study }
    static let title = "Study today"

    static func keymap(_ study: StudyState, _ app: AppState) -> Keymap<Command> {
        let undo: [KeyBinding<Command>] = study.history.isEmpty ? [] : [.key(.character("u"), .undo, label: "undo the last answer", footer: "u")]
        switch study.phase {
        case .loading:
            return Keymap([.keys([.escape, .character("q")], .stop, label: "back", footer: "Esc")])
        case .finished:
            return Keymap([.keys([.enter, .escape, .character("q"), .character(" ")], .done, label: "home", footer: "Enter")] + undo)
        case .question(let session):
            switch session.phase {
            case .asking:
                let asking = QuizFeature.askingKeymap(count: session.current?.shown.count ?? 0,
                                                      multiple: session.current?.question.kind == .multiple)
                return Keymap(asking.bindings.dropLast() + undo + asking.bindings.suffix(1))
            case .feedback(let outcome):
                return QuizFeature.feedbackKeymap(extra: undo, after: outcome, kind: .study)
            case .finished:
                return Keymap([])
            }
        }
    }

    static func handle(_ command: Command, _ study: inout StudyState, _ app: inout AppState, at now: Date) -> [Effect] {
        if command == .undo { return undoLast(study) }
        switch study.phase {
        case .loading:
            return command == .stop ? closeSession(&study) + app.goBack() : []
        case .finished:
            return command == .done ? app.goBack() : []
        case .question(var session):
            defer { if case .question = study.phase { study.phase = .question(session) } }
            switch session.phase {
            case .asking:
                switch Answering.handle(command, &session, scroll: &study.scroll, at: now) {
                case .none: return []
                case .back: return leave(&study, &app)
                case .submitted(let outcome): return submitted(outcome, &study)
                }
            case .feedback(let outcome):
                switch command {
                case .mark(let mark):
                    let result = AnswerMarks.apply(mark, to: outcome, current: study.override, kind: .study, receipt: study.receipt)
                    study.override = result.override
                    study.note = result.note
                    return result.effects
                case .openLesson:
                    study.phase = .question(session)
                    return LessonFeature.openReference(for: outcome.asked.question, &app)
                case .scroll(let scroll):
                    study.scroll = scroll.apply(to: study.scroll)
                case .next:
                    // Move on only once the answer is saved: the next question must never
                    // appear before the store has acknowledged this one.
                    guard study.receipt != nil else { return [] }
                    study.lastShown = outcome.asked.question.id
                    study.phase = .loading
                    study.scroll = 0
                    return [.loadNextStudyItem(lastShown: study.lastShown)]
                case .stop:
                    study.phase = .question(session)
                    return leave(&study, &app)
                default: break
                }
            case .finished:
                break
            }
        }
        return []
    }

    static func handleUnbound(_ key: Key, _ study: inout StudyState, _ app: inout AppState, at now: Date) -> [Effect] {
        guard case .question(var session) = study.phase else { return [] }
        let result = Answering.option(key, &session, scroll: &study.scroll, at: now)
        study.phase = .question(session)
        guard case .submitted(let outcome) = result else { return [] }
        return submitted(outcome, &study)
    }

    private static func submitted(_ outcome: AnswerOutcome, _ study: inout StudyState) -> [Effect] {
        study.override = nil
        study.receipt = nil
        study.note = nil
        study.answered += 1
        if outcome.correct { study.right += 1 }
        study.sessionOpen = true
        return [.recordAnswer(outcome, kind: .study)]
    }

    private static func leave(_ study: inout StudyState, _ app: inout AppState) -> [Effect] {
        app.notice = QuizFeature.stoppedNotice(answered: study.answered, right: study.right)
        return closeSession(&study) + app.goBack()
    }

    /// Leaving Study today closes its session record, with the answers given since the
    /// last one closed (a visit may hold several: see `recordedAnswered`).
    static func closingEffects(_ study: StudyState) -> [Effect] {
        guard study.sessionOpen else { return [] }
        return [.finishStudySession(answered: max(0, study.answered - study.recordedAnswered),
                                    right: max(0, study.right - study.recordedRight))]
    }

    /// `closingEffects`, and the session counted as closed.
    static func closeSession(_ study: inout StudyState) -> [Effect] {
        let effects = closingEffects(study)
        study.sessionOpen = false
        study.recordedAnswered = study.answered
        study.recordedRight = study.right
        return effects
    }

    private static func undoLast(_ study: StudyState) -> [Effect] {
        guard let last = study.history.last else { return [] }
        return [.undoAnswer(reviewID: last)]
    }

    // MARK: from the run loop

    static func applyItem(_ question: Question?, nextDue: Date?, left: Int, _ study: inout StudyState, _ app: inout AppState,
                          at now: Date) -> [Effect] {
        study.left = left
        study.override = nil
        study.receipt = nil
        study.note = nil
        study.scroll = 0
        if let question {
            study.phase = .question(QuizSession(questions: [question], startedAt: now, options: app.optionDraw, rng: &app.rng))
            return []
        }
        study.phase = .finished(nextDue: nextDue)
        study.now = now
        return closeSession(&study)
    }

    /// An undone answer: its question is asked again (options in a new order).
    static func applyUndo(_ reviewID: String, question: Question, wasCorrect: Bool, _ study: inout StudyState,
                          _ app: inout AppState, at now: Date) -> [Effect] {
        guard study.history.last == reviewID else { return [] }
        study.history.removeLast()
        if case .finished = study.phase {   // the answer taken back was in the session record already closed
            study.recordedAnswered = max(0, study.recordedAnswered - 1)
            if wasCorrect { study.recordedRight = max(0, study.recordedRight - 1) }
        }
        // Taken back from its own feedback, the question is asked again in its own place;
        // from the next question (or Done), it comes back before the one that was next.
        if case .question(let session) = study.phase, case .feedback = session.phase {} else { study.left += 1 }
        study.answered = max(0, study.answered - 1)
        if wasCorrect { study.right = max(0, study.right - 1) }
        study.receipt = nil
        study.override = nil
        study.note = nil
        study.scroll = 0
        study.sessionOpen = true
        study.phase = .question(QuizSession(questions: [question], startedAt: now, options: app.optionDraw, rng: &app.rng))
        return []
    }

    static func applyReceipt(_ receipt: SaveReceipt, _ app: inout AppState) -> [Effect] {
        app.scope(.study) { study, _ in
            guard case .question(let session) = study.phase, case .feedback = session.phase else { return [] }
            if study.receipt?.reviewID == receipt.reviewID {
                study.note = AnswerMarking.confirmation(study.override, returns: receipt.returns)
            }
            study.receipt = receipt
            if study.history.last != receipt.reviewID { study.history.append(receipt.reviewID) }
            return []
        }
    }

    /// Time passes while waiting for a learning step: it is asked when it falls due.
    static func tick(_ study: inout StudyState, at now: Date) -> [Effect] {
        guard case .finished(let nextDue?) = study.phase else { return [] }
        study.now = now
        guard now >= nextDue else { return [] }
        study.phase = .loading
        return [.loadNextStudyItem(lastShown: study.lastShown)]
    }

    // MARK: drawing

    static func statusLine(_ study: StudyState, _ app: AppState) -> [StyledText]? {
        guard case .question(let session) = study.phase, case .feedback = session.phase else { return nil }
        if let note = study.note { return [StyledText(note, Style(color: .yellow))] }
        return QuestionText.receiptLine(study.receipt)
    }

    static func draw(_ study: StudyState, _ app: AppState, in rect: Rect, into buffer: inout CellBuffer) {
        // The counts must show whole; on a narrow screen the screen's name, which the title
        // bar already shows, gives way first.
        let counts = "\(study.left) left · answered \(study.answered) · right \(study.right)"
        let full = "Study today · " + counts
        let counter = DisplayWidth.of(full) <= QuestionText.column(in: rect).width ? full : counts
        switch study.phase {
        case .loading:
            buffer.put(counter, x: rect.x + 1, y: rect.y, style: .dim, maxWidth: rect.width - 2)
            buffer.put("Finding what is due…", x: rect.x + 1, y: rect.y + 2, maxWidth: rect.width - 2)
        case .question(let session):
            QuizView.draw(header: counter, session: session, scroll: study.scroll, in: rect, into: &buffer) { _ in [] }
        case .finished(let nextDue):
            let (x, width) = QuestionText.column(in: rect)
            TextView(lines: finishedLines(study, nextDue: nextDue, zone: app.timeZone, width: TextView.textWidth(for: width)))
                .draw(offset: 0, in: Rect(x: x, y: rect.y, width: width, height: rect.height), into: &buffer)
        }
    }

    static func finishedLines(_ study: StudyState, nextDue: Date?, zone: TimeZone, width: Int) -> [[StyledText]] {
        var lines: [[StyledText]] = [[StyledText("Done for now", .bold)], []]
        if study.answered == 0 {
            lines += WordWrap.wrap("Nothing is due now, and no new questions are open yet.", width: width)
            lines += WordWrap.wrap("Read a lesson (Lessons on the home screen) to open its questions for study.", width: width)
        } else {
            lines.append([StyledText("Answered \(study.answered), right \(study.right) (\(percentText(Double(study.right) / Double(study.answered))))")])
            let minutes = Int(((study.now ?? study.startedAt).timeIntervalSince(study.startedAt) / 60).rounded())
            lines.append([StyledText("Time: \(minutes) min", .dim)])
        }
        if let nextDue {
            lines.append([])
            let wait = max(0, nextDue.timeIntervalSince(study.now ?? nextDue))
            if study.now != nil, wait < 3600 {
                lines += WordWrap.wrap("A question in its learning steps comes back in \(TimeText.countdown(wait)) (at \(TimeText.clock(nextDue, zone: zone))).", width: width)
                lines += WordWrap.wrap("Wait here and it will be asked, or go home and come back.", width: width, style: .dim)
            } else {
                lines += WordWrap.wrap("Next: a question in its learning steps comes back at \(TimeText.clock(nextDue, zone: zone)).", width: width)
            }
        }
        return lines
    }
}
