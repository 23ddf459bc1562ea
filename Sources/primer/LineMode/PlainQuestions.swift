import Foundation
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
            output.line("Select all that apply (e.g. 1,3).")
        }
        for (i, choice) in asked.shown.enumerated() {
            output.wrapped(choice.text, prefix: "\(i + 1). ")
        }
    }

    /// Shows the question and reads lines until one is an answer (or `flag` when
    /// allowed). An unreadable line gets a one-line hint and the same question again.
    /// With a deadline, waiting stops there (`.timedOut`).
    func ask(_ asked: AskedQuestion, header: String, allowFlag: Bool = false, deadline: Date? = nil) -> Reply {
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
                                    trueFalse: asked.question.kind == .trueFalse, allowFlag: allowFlag) {
            case .flag:
                return .flag
            case let .choice(chosen, guessed, tooEasy):
                return .answer(chosen, guessed ? .guessed : tooEasy ? .tooEasy : nil)
            case .unreadable(let reason):
                output.line(hint(reason, for: asked, allowFlag: allowFlag))
                show(asked, header: header)
            }
        }
    }

    func hint(_ reason: String, for asked: AskedQuestion, allowFlag: Bool) -> String {
        let example = asked.question.kind == .multiple
            ? "the numbers of every right option, such as 1,3" : "one option number, such as 2"
        return "Hint: \(reason) Type \(example); add ? if you guessed or ! if it was too easy"
            + (allowFlag ? "; or type flag to come back to it later." : ".")
    }

    /// "2. text" for each correct option shown.
    static func correctText(_ asked: AskedQuestion) -> String {
        asked.shown.indices.filter { asked.shown[$0].isCorrect }
            .map { "\($0 + 1). \(clean(asked.shown[$0].text))" }.joined(separator: "; ")
    }

    static func chosenText(_ asked: AskedQuestion, _ chosen: Set<Int>) -> String {
        chosen.sorted().map { "\($0 + 1). \(clean(asked.shown[$0].text))" }.joined(separator: "; ")
    }

    /// Feedback after a study or practice answer, once it is saved; ends with `saved`.
    func feedback(_ outcome: AnswerOutcome, saved: SavedAnswer, override: AnswerOverride?) {
        let asked = outcome.asked
        if outcome.correct {
            output.line("Right.")
        } else {
            let many = asked.correctIndices.count > 1
            output.wrapped("Wrong. The answer\(many ? "s are" : " is"): \(Self.correctText(asked))")
        }
        for picked in outcome.pickedFeedback {
            output.wrapped("You chose “\(clean(picked.choice))”: \(clean(picked.feedback))")
        }
        if !asked.question.explanation.isEmpty {
            output.wrapped(asked.question.explanation, prefix: "Why: ", indent: "")
        }
        if !asked.question.sources.isEmpty {
            output.line("Source: \(citation(asked.question.sources))")
        }
        switch override {
        case .guessed?: output.line("Marked as a guess: it comes back soon.")
        case .tooEasy? where outcome.correct: output.line("Marked as too easy: it comes back much later.")
        default: break
        }
        if let state = saved.newState {
            output.line("Comes back \(StudyContext.describeReturn(of: state, from: outcome.answeredAt)).")
        }
        output.line("saved")
    }
}

/// Tallies and the closing summary of a study or practice session.
struct PlainTally {
    let startedAt: Date
    var answered = 0
    var right = 0

    mutating func add(_ outcome: AnswerOutcome) {
        answered += 1
        if outcome.correct { right += 1 }
    }

    func summary(endedByInput: Bool, now: Date) -> String {
        let wrong = answered - right
        let lead = endedByInput ? "Input ended. " : ""
        return "\(lead)Session over: \(answered) answered, \(right) right, \(wrong) wrong, in \(durationText(now.timeIntervalSince(startedAt)))."
    }
}

/// "Next: …": what the scheduler has for the learner after a session.
func whatsNext(_ context: StudyContext, now: Date, unlockAll: Bool = false) throws -> String {
    let queue = try context.queue(now: now, lastShown: nil, unlockAll: unlockAll)
    if !queue.entries.isEmpty {
        let n = queue.entries.count
        return "Next: \(n) more question\(n == 1 ? "" : "s") to study today (primer study --plain)."
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
