import Foundation
import NcursesTerminal
import StudyCore
import StudyServices

/// Prints a question and reads exactly one answer line for it: the shared part of
/// `study`, `quiz` and `exam` in line mode.
struct PlainAsker {
    let setup: PlainSetup
    let reader: LineReader

    enum Reply: Equatable {
        case answer(Set<Int>, AnswerOverride?)
        case flag
        case quit
        case endOfInput
        case timedOut
    }

    var output: PlainOutput { setup.output }

    /// Header line, stem, then numbered options.
    func show(_ asked: AskedQuestion, header: String) {
        output.line()
        output.line(clean(header))
        output.wrapped(asked.question.stem)
        if asked.question.kind == .multiple {
            output.line(asked.question.stemSaysSelectAll ? "(Several answers: type them all, e.g. 1,3.)" : "Select all that apply (e.g. 1,3).")
        }
        for (i, choice) in asked.shown.enumerated() {
            output.wrapped(choice.text, prefix: "\(i + 1). ")
        }
    }

    /// Shows the question and reads lines until one is an answer (or `flag` when
    /// allowed). An unreadable line gets a one-line hint and the same question again.
    /// With a deadline, waiting stops there (`.timedOut`).
    func ask(_ asked: AskedQuestion, header: String, allowFlag: Bool = false, allowQuit: Bool = false,
             deadline: Date? = nil) -> Reply {
        show(asked, header: header)
        while true {
            output.prompt()
            let input = reader.next(deadline: deadline)
            let text: String
            switch input {
            case .endOfInput:
                if output.isTerminal { output.line() }
                return .endOfInput
            case .timedOut:
                if output.isTerminal { output.line() }
                return .timedOut
            case .line(let line):
                text = line
            }
            switch AnswerLine.parse(text, optionCount: asked.shown.count, multiple: asked.question.kind == .multiple,
                                    trueFalse: asked.question.kind == .trueFalse, allowFlag: allowFlag, allowQuit: allowQuit) {
            case .flag:
                return .flag
            case .quit:
                return .quit
            case let .choice(chosen, guessed, tooEasy):
                return .answer(chosen, guessed ? .guessed : tooEasy ? .tooEasy : nil)
            case .unreadable(let reason):
                output.line(hint(reason, for: asked, allowFlag: allowFlag, allowQuit: allowQuit))
                show(asked, header: header)
            }
        }
    }

    func hint(_ reason: String, for asked: AskedQuestion, allowFlag: Bool, allowQuit: Bool = false) -> String {
        let example = asked.question.kind == .multiple
            ? "the numbers of every right option, such as 1,3" : "one option number, such as 2"
        return "Hint: \(reason) Type \(example); add ? if you guessed or ! if it was too easy"
            + (allowFlag ? "; or type flag to come back to it later." : "")
            + (allowQuit ? "; or type quit to stop here." : allowFlag ? "" : ".")
    }

    /// "2. text" for each correct option shown.
    static func correctText(_ asked: AskedQuestion) -> String {
        asked.shown.indices.filter { asked.shown[$0].isCorrect }
            .map { "\($0 + 1). \(clean(asked.shown[$0].text))" }.joined(separator: "; ")
    }

    static func chosenText(_ asked: AskedQuestion, _ chosen: Set<Int>) -> String {
        chosen.sorted().map { "\($0 + 1). \(clean(asked.shown[$0].text))" }.joined(separator: "; ")
    }

    enum Asked {
        case answered(AnswerOutcome)
        case stopped(PlainTally.Ending)
    }

    /// The one ask-record-feedback step of study, quiz and practice in line mode: shows
    /// the current question of `session`, reads an answer, saves it (a mark that does not
    /// apply is refused with the reason, and the answer saved without it), prints the
    /// feedback and then `saved`, and moves the session on.
    func askAndRecord(_ session: inout QuizSession, header: String, sessionID: String?,
                      affectsSchedule: Bool = true) throws -> Asked {
        guard let asked = session.current else { return .stopped(.finished) }
        let picks: Set<Int>, requested: AnswerOverride?
        switch ask(asked, header: header, allowQuit: true) {
        case let .answer(chosen, mark): (picks, requested) = (chosen, mark)
        case .quit: return .stopped(.quit)
        case .endOfInput, .flag, .timedOut: return .stopped(.endOfInput)
        }
        for option in picks.sorted() { session.toggle(option) }
        guard let outcome = session.submit(at: Clock.now()) else { return .stopped(.finished) }
        var override = requested
        var refusal: String?
        if let mark = requested, let reason = AnswerMarking.refusal(mark, correct: outcome.correct, affectsSchedule: affectsSchedule) {
            override = nil
            refusal = reason
        }
        let saved = try setup.context.record(outcome, override: override, sessionID: sessionID, affectsSchedule: affectsSchedule)
        feedback(outcome, saved: saved, override: override, refusal: refusal)
        session.advance(at: Clock.now())
        return .answered(outcome)
    }

    /// Feedback after a study or practice answer, once it is saved; ends with `saved`.
    func feedback(_ outcome: AnswerOutcome, saved: SavedAnswer, override: AnswerOverride?, refusal: String? = nil) {
        let asked = outcome.asked
        if outcome.correct {
            output.line("Right.")
        } else {
            let many = asked.correctIndices.count > 1
            output.wrapped("Wrong. The answer\(many ? "s are" : " is"): \(Self.correctText(asked))")
        }
        for note in outcome.shownNotes where note.picked {
            output.wrapped("You chose “\(clean(note.choice))”: \(clean(note.note))")
        }
        if !asked.question.explanation.isEmpty {
            output.wrapped(asked.question.explanation, prefix: "Why: ", indent: "")
        }
        if !asked.question.sources.isEmpty {
            output.line("Source: \(citation(asked.question.sources))")
        }
        for note in outcome.shownNotes where !note.picked {
            output.wrapped("“\(clean(note.choice))”: \(clean(note.note))")
        }
        let returns = saved.newState.map { StudyContext.describeReturn(of: $0, from: outcome.answeredAt) }
        if let refusal {
            output.wrapped("Mark not applied: \(refusal)")
        } else if override != nil, let returns {
            output.wrapped(AnswerMarking.confirmation(override, returns: returns))
        }
        if let returns {
            output.line("Comes back \(returns).")
        } else {
            output.line("Cram: your schedule is unchanged.")
        }
        output.line("saved")
    }
}

/// Tallies and the closing summary of a study or practice session.
struct PlainTally {
    /// How a session ended: out of questions, at the end of the input, or on `quit`.
    enum Ending: Equatable { case finished, endOfInput, quit }

    let startedAt: Date
    var answered = 0
    var right = 0

    mutating func add(_ outcome: AnswerOutcome) {
        answered += 1
        if outcome.correct { right += 1 }
    }

    func summary(_ ending: Ending, now: Date) -> String {
        let wrong = answered - right
        let lead = ending == .endOfInput ? (EndingSignal.received ? "Stopped. " : "Input ended. ") : ""
        return "\(lead)Session over: \(answered) answered, \(right) right, \(wrong) wrong, in \(durationText(now.timeIntervalSince(startedAt)))."
    }
}

/// "Next: …": what the scheduler has for the learner after a session.
func whatsNext(_ context: StudyContext, now: Date, unlockAll: Bool = false) throws -> String {
    let queue = try context.queue(now: now, lastShown: nil, unlockAll: unlockAll)
    if !queue.entries.isEmpty {
        let n = queue.entries.count
        return "Next: \(plural(n, "more question")) to study today (primer study --plain)."
    }
    if let due = queue.nextLearningDue {
        return "Next: questions you are learning come back \(StudyContext.describeReturn(of: memoryDue(due), from: now))."
    }
    let upcoming = context.states.values.filter { !$0.isNew && $0.due > now }.map(\.due).min()
    if let upcoming {
        return "Next: nothing more today; the next review is \(StudyContext.describeReturn(of: memoryDue(upcoming), from: now))."
    }
    if let lesson = context.course.lessons.first(where: { !context.lessonsRead.contains($0.id) }) {
        return "Next: read a lesson to unlock its questions (primer lesson --plain \(lesson.id))."
    }
    return "Next: nothing is due today."
}

private func memoryDue(_ date: Date) -> CardMemory {
    var memory = CardMemory.new(at: date)
    memory.due = date
    return memory
}
