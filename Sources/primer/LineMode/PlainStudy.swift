import ArgumentParser
import Foundation
import StudyCore
import StudyServices

/// Line-mode "Study today", for the default command when stdout is not a terminal:
/// the scheduler's queue, one input line per question, every answer saved before the
/// next question is shown.
func runPlainStudy(options: GlobalOptions) throws {
    try PlainStudy.run(options: options, unlockAll: false, seed: nil)
}

/// `primer study` (always line mode)
struct PlainStudyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "study",
        abstract: "Study today's questions: the spaced-repetition queue.",
        discussion: """
            Study here always runs in line mode (--plain changes nothing): each question is printed as \
            a header line ("Question 3 of 20 · theme"), the question, and numbered options. Answer \
            with one line per question: the option number or letter (2, b), several for \
            select-all questions (1,3 or a c), optionally followed by ? ("I guessed") or \
            ! ("too easy"). After each answer come the feedback, when the question returns, \
            and a line reading exactly "saved" once the answer is stored. A line that cannot be \
            read gets a one-line hint and the same question again. A line reading quit, or the \
            end of input, ends the session with its summary. New questions come from lessons you have read \
            (primer lesson --plain ID), or from every lesson with --all.
            """)

    @OptionGroup var options: GlobalOptions

    @Flag(name: .long, help: "Changes nothing (accepted so that scripts may pass it to every command): this command always runs in line mode, plain text on stdout and one answer line per question on stdin.")
    /// Never read: the command has no full-screen form, so it is always in line mode.
    var plain = false

    @Flag(name: .long, help: "Skip ahead: new questions from every lesson, read or not.")
    var all = false

    @Option(name: .long, help: "Seed for the order of options (for reproducible runs).")
    var seed: UInt64?

    func run() throws {
        try PlainStudy.run(options: options, unlockAll: all, seed: seed)
    }
}

enum PlainStudy {
    static func run(options: GlobalOptions, unlockAll: Bool, seed: UInt64?) throws {
        do {
            let setup = try PlainSetup.open(options)
            try study(setup, unlockAll: unlockAll, seed: seed)
        }
    }

    static func study(_ setup: PlainSetup, unlockAll: Bool, seed: UInt64?) throws {
        let context = setup.context, output = setup.output
        let asker = PlainAsker(setup: setup, reader: LineReader())
        var rng = SeededGenerator(seed: seed ?? RandomSeed.fresh())
        var tally = PlainTally(startedAt: Clock.now())
        var sessionID: String?
        var lastShown: String?
        var ending = PlainTally.Ending.finished

        output.line("Study today: \(clean(setup.course.title)) (learner \(clean(context.learnerName)))")
        while true {
            let now = Clock.now()
            let queue = try context.queue(now: now, lastShown: lastShown, unlockAll: unlockAll)
            guard let entry = queue.next, let question = setup.course.question(entry.questionID) else { break }
            if sessionID == nil { sessionID = try context.startSession(kind: .study, at: now) }
            // A one-question quiz: it draws the options and marks the answer.
            var quiz = QuizSession(questions: [question], startedAt: Clock.now(), options: context.optionDraw, rng: &rng)
            let header = "Question \(tally.answered + 1) of \(tally.answered + queue.entries.count) · \(setup.themeTitle(question.themeID))"
            let step = try asker.askAndRecord(&quiz, header: header, sessionID: sessionID)
            guard case .answered(let outcome) = step else {
                if case .stopped(let how) = step { ending = how }
                break
            }
            tally.add(outcome)
            lastShown = question.id
        }

        let end = Clock.now()
        if let sessionID {
            try context.finishSession(sessionID, at: end, answered: tally.answered, correct: tally.right)
        }
        output.line()
        if tally.answered == 0 && ending == .finished {
            output.line(context.lessonsRead.isEmpty && !unlockAll
                        ? "Nothing to study yet: new questions come from the lessons you have read."
                        : "Nothing to study right now.")
        } else {
            output.line(tally.summary(ending, now: end))
        }
        output.wrapped(try whatsNext(context, now: end, unlockAll: unlockAll))
    }
}
