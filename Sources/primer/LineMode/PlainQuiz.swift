import ArgumentParser
import Foundation
import StudyCore
import StudyServices

/// `primer quiz` (always line mode): practice on chosen questions, weakest first; answers feed the scheduler.
struct PlainQuizCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "quiz",
        abstract: "Practise questions of a theme, a lesson or the whole course, weakest first.",
        discussion: """
            Answers count as reviews: they move each question's schedule as in study. The quiz \
            always runs in line mode (--plain changes nothing): answer with one line per question: an option number or letter (2, b), several for select-all questions \
            (1,3 or a c), optionally followed by ? ("I guessed") or ! ("too easy"). Each answer \
            is followed by its feedback and a line reading exactly "saved" once it is stored. \
            A line reading quit, or the end of input, ends the quiz with its summary.
            """)

    @OptionGroup var options: GlobalOptions

    @Flag(name: .long, help: "Changes nothing (accepted so that scripts may pass it to every command): this command always runs in line mode, plain text on stdout and one answer line per question on stdin.")
    /// Never read: the command has no full-screen form, so it is always in line mode.
    var plain = false

    @Option(name: .long, help: ArgumentHelp("Only questions of this theme.", valueName: "ID"))
    var theme: String?

    @Option(name: .long, help: ArgumentHelp("Only questions of this lesson.", valueName: "ID"))
    var lesson: String?

    @Option(name: .long, help: "How many questions.")
    var count: Int = 10

    @Option(name: .long, help: "Seed for the choice and order of questions and options (for reproducible runs).")
    var seed: UInt64?

    func validate() throws {
        guard count > 0 else { throw ValidationError("--count must be at least 1") }
    }

    func run() throws {
        do {
            let setup = try PlainSetup.open(options)
            try quiz(setup)
        }
    }

    func quiz(_ setup: PlainSetup) throws {
        let course = setup.course, context = setup.context, output = setup.output
        var pool = course.questions
        var scope = "the whole course"
        if let theme {
            guard let found = course.theme(theme) else {
                throw PrimerError(Suggest.unknown("theme", clean(theme), among: course.themes.map(\.id), listName: "themes"))
            }
            pool = pool.filter { $0.themeID == theme }
            scope = clean(found.title)
        }
        if let lesson {
            guard let found = course.lesson(lesson) else {
                throw PrimerError(Suggest.unknown("lesson", clean(lesson), among: course.lessons.map(\.id), listName: "lessons"))
            }
            pool = pool.filter { $0.lessonID == lesson }
            scope = clean(found.title)
        }
        guard !pool.isEmpty else { throw PrimerError("no questions match: the lesson is not in that theme") }

        // Weakest first, as the full-screen practice orders them (ties in a seeded random order).
        var rng = SeededGenerator(seed: seed ?? RandomSeed.fresh())
        let now = Clock.now()
        let chosen = Array(PracticeOrder.weakestFirst(pool, states: context.states, scheduler: context.scheduler,
                                                      now: now, using: &rng).prefix(count))

        var session = QuizSession(questions: chosen, startedAt: now, options: context.optionDraw, rng: &rng)
        let asker = PlainAsker(setup: setup, reader: LineReader())
        var tally = PlainTally(startedAt: now)
        let sessionID = try context.startSession(kind: .practice, at: now)
        var ending = PlainTally.Ending.finished

        output.line("Practice: \(scope), \(plural(chosen.count, "question")) (learner \(clean(context.learnerName)))")
        while let asked = session.current {
            let header = "Question \(session.index + 1) of \(session.items.count) · \(setup.themeTitle(asked.question.themeID))"
            let step = try asker.askAndRecord(&session, header: header, sessionID: sessionID)
            guard case .answered(let outcome) = step else {
                if case .stopped(let how) = step { ending = how }
                break
            }
            tally.add(outcome)
        }

        let end = Clock.now()
        try context.finishSession(sessionID, at: end, answered: tally.answered, correct: tally.right)
        output.line()
        output.line(tally.summary(ending, now: end))
        output.wrapped(try whatsNext(context, now: end))
    }
}
