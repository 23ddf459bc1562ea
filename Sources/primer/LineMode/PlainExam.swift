import ArgumentParser
import Foundation
import StudyCore
import StudyServices

/// `primer exam --plain`: a timed mock exam across themes.
struct PlainExamCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "exam",
        abstract: "Sit a timed mock exam: questions across every theme, results at the end.",
        discussion: """
            No feedback until the end (unless a --preset says feedback: during). In line mode (--plain) answer with one line per question: an option number or letter, several \
            for select-all questions (1,3), optionally followed by ? ("I guessed") or \
            ! ("too easy"). The line "flag" skips a question and flags it: flagged questions \
            come back after the last one. Each answer is stored at once and acknowledged with \
            a line reading exactly "saved". When the time is up the exam is submitted as it \
            stands; unanswered questions count as wrong. End of input submits the exam too. \
            The end shows the score, pass or fail, a breakdown by theme, the time per \
            question, and a review of each wrong answer with its explanation and ¶ citation. \
            Wrongly answered questions become due for study.
            """)

    @OptionGroup var options: GlobalOptions

    @Flag(name: .long, help: "Line mode: plain text on stdout, one answer line per question on stdin. Without it, a terminal gets the full-screen exam.")
    var plain = false

    @Option(name: .long, help: "How many questions.")
    var count: Int = ExamSession.defaultQuestionCount

    @Option(name: .long, help: "Time limit in minutes.")
    var minutes: Double = ExamSession.defaultTimeLimit / 60

    @Option(name: .long, help: ArgumentHelp("Pass mark in percent.", valueName: "PERCENT"))
    var passMark: Double = ExamSession.defaultPassMark * 100

    @Option(name: .long, help: "Seed for the choice and order of questions and options (for reproducible runs).")
    var seed: UInt64?

    @Option(name: .long, help: ArgumentHelp("Sit the exam a preset file describes (Content/PRESETS.md): its themes, count, minutes, seed, pass mark and feedback replace --count, --minutes and --pass-mark; --seed applies when it has no seed.", valueName: "FILE"))
    var preset: String?

    func validate() throws {
        guard count > 0 else { throw ValidationError("--count must be at least 1") }
        guard minutes > 0, minutes <= 24 * 60 else { throw ValidationError("--minutes must be between 0 and 1440") }
        guard (0...100).contains(passMark) else { throw ValidationError("--pass-mark must be between 0 and 100") }
    }

    func run() throws {
        let lineMode = {
            try LineMode.run {
                let setup = try PlainSetup.open(options)
                try exam(setup)
            }
        }
        if plain { return try lineMode() }
        try TUILauncher(options: options, exam: { course in
            let (session, preset) = try makeExam(course: course, start: Clock.now())
            return PreparedExam(session: session, title: preset?.title ?? "Mock exam",
                                feedbackDuring: preset?.feedback == .during, preset: preset?.title)
        }, lineMode: lineMode).run()
    }

    /// The exam to sit: the preset's (same seed, same questions and options for everyone)
    /// or one drawn across every theme.
    func makeExam(course: Course, start: Date) throws -> (ExamSession, ExamPreset?) {
        let preset = try self.preset.map { try PresetFile.load($0, course: course) }
        if let preset {
            let exam = preset.makeSession(course: course, startedAt: start, seed: PresetFile.seed(preset, option: seed))
            guard !exam.items.isEmpty else { throw PrimerError("the preset's themes have no questions") }
            return (exam, preset)
        }
        var rng = SeededGenerator(seed: seed ?? UInt64.random(in: 0...UInt64.max))
        let questions = ExamSession.drawQuestions(from: course, count: count, using: &rng)
        guard !questions.isEmpty else { throw PrimerError("the course has no questions") }
        return (ExamSession(questions: questions, startedAt: start, timeLimit: minutes * 60,
                            passMark: passMark / 100, rng: &rng), nil)
    }

    func exam(_ setup: PlainSetup) throws {
        let course = setup.course, context = setup.context, output = setup.output
        let start = Clock.now()
        var (exam, preset) = try makeExam(course: course, start: start)
        let feedbackDuring = preset?.feedback == .during
        let sessionID = try context.startSession(kind: .exam, at: start, preset: preset?.title)
        let asker = PlainAsker(setup: setup, reader: LineReader())

        output.line("Mock exam: \(clean(preset?.title ?? course.title)) (learner \(clean(context.learnerName)))")
        output.wrapped("\(exam.items.count) questions, \(durationText(exam.timeLimit)), pass mark \(percent(exam.passMark)). "
                       + (feedbackDuring ? "Right or wrong is shown after each answer." : "No feedback until the end.")
                       + " Type flag to skip a question and come back to it after the last.")

        while !exam.checkClock(at: Clock.now()), let asked = exam.current, let number = exam.currentNumber {
            let minutesLeft = Int((exam.timeLeft(at: Clock.now()) / 60).rounded(.up))
            let header = "Question \(number) of \(exam.items.count) · \(setup.themeTitle(asked.question.themeID))"
                + (exam.currentIsFlagged ? " · flagged" : "") + " · \(minutesLeft) min left"
            let reply = asker.ask(asked, header: header, allowFlag: true, deadline: exam.deadline)
            switch reply {
            case .timedOut:
                exam.checkClock(at: Clock.now())
            case .endOfInput:
                exam.submit(at: Clock.now())
            case .flag:
                if exam.flag(at: Clock.now()) {
                    output.line(exam.currentNumber == number
                                ? "Question \(number) is the only one left: answer it, or end the input to submit."
                                : "Flagged: question \(number) comes back after the last.")
                }
            case let .answer(chosen, override):
                // The clock is checked again: an answer after zero does not count.
                guard let outcome = exam.answer(chosen, at: Clock.now()) else { continue }
                try context.record(outcome, override: override, sessionID: sessionID)
                if feedbackDuring {
                    output.wrapped(outcome.correct ? "Right." : "Wrong. The answer is: \(PlainAsker.correctText(outcome.asked))")
                }
                output.line("saved")
            }
        }

        guard let result = exam.result else { return }
        // Every question of the exam counts (unanswered ones as wrong), so the stored
        // score, correct / answered, is the exam score.
        try context.finishSession(sessionID, at: Clock.now(), answered: result.total, correct: result.correctCount)
        report(result, setup)
    }

    func report(_ result: ExamResult, _ setup: PlainSetup) {
        let output = setup.output
        output.line()
        switch result.ending {
        case .timeUp: output.line("Time is up: the exam was submitted.")
        case .submitted: output.line("Input ended: the exam was submitted.")
        case .allAnswered: output.line("Exam finished.")
        }
        output.line("Score: \(result.correctCount) of \(result.total) (\(percent(result.score))): "
                    + (result.passed ? "pass" : "fail") + " (pass mark \(percent(result.passMark))).")
        let unanswered = result.total - result.answeredCount
        output.line("Answered \(result.answeredCount) of \(result.total) in \(durationText(result.elapsed))"
                    + (unanswered > 0 ? "; \(unanswered) not answered (counted wrong)." : "."))

        output.line()
        output.line("By theme:")
        let order = Dictionary(uniqueKeysWithValues: setup.course.themes.enumerated().map { ($1.id, $0) })
        for theme in result.themes.sorted(by: { (order[$0.themeID] ?? .max) < (order[$1.themeID] ?? .max) }) {
            output.wrapped("\(setup.themeTitle(theme.themeID)): \(theme.correct) of \(theme.total) (\(percent(theme.fraction)))",
                           prefix: "  ", indent: "    ")
        }

        output.line()
        output.line("Time per question:")
        for item in result.items {
            let verdict = item.chosen == nil ? "not answered" : item.correct ? "right" : "wrong"
            output.line("  \(item.number). \(durationText(item.timeSpent)), \(verdict)\(item.flagged ? ", flagged" : "")")
        }

        output.line()
        let wrong = result.wrong
        if wrong.isEmpty {
            output.line("No wrong answers to review.")
        } else {
            output.line("Review of wrong answers:")
            for item in wrong {
                let asked = item.asked
                output.line()
                output.wrapped(asked.question.stem, prefix: "Question \(item.number): ", indent: "  ")
                if let chosen = item.chosen {
                    output.wrapped("Your answer: \(PlainAsker.chosenText(asked, chosen))", prefix: "  ", indent: "    ")
                    for i in chosen.sorted() {
                        if let f = asked.shown[i].feedback, !f.isEmpty {
                            output.wrapped("“\(clean(asked.shown[i].text))”: \(clean(f))", prefix: "  ", indent: "    ")
                        }
                    }
                } else {
                    output.line("  Your answer: not answered")
                }
                output.wrapped("Right answer: \(PlainAsker.correctText(asked))", prefix: "  ", indent: "    ")
                if !asked.question.explanation.isEmpty {
                    output.wrapped("Why: \(clean(asked.question.explanation))", prefix: "  ", indent: "    ")
                }
                if !asked.question.sources.isEmpty {
                    output.line("  Source: \(citation(asked.question.sources))")
                }
            }
        }
        output.line()
        output.line("Results saved. Questions answered wrongly are due for study (primer study --plain).")
    }
}
