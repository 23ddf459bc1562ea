import ArgumentParser
import Foundation
import NcursesTerminal
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
            stands; unanswered questions count as wrong. The end of input hands the exam in when every \
            question is answered, and abandons it (no score) otherwise. \
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
        guard minutes > 0, minutes <= 24 * 60 else { throw ValidationError("--minutes must be more than 0 and at most 1440 (a day)") }
        guard (0...100).contains(passMark) else { throw ValidationError("--pass-mark must be between 0 and 100") }
    }

    func run() throws {
        let lineMode = {
            do {
                let setup = try PlainSetup.open(options)
                try exam(setup)
            }
        }
        if plain { return try lineMode() }
        try TUILauncher(options: options, exam: { course in
            let (session, preset) = try makeExam(course: course, start: Clock.now(), learner: options.learnerName)
            return PreparedExam(session: session, title: preset?.title ?? "Mock exam",
                                feedbackDuring: preset?.feedback == .during, preset: preset?.title)
        }, lineMode: lineMode).run()
    }

    /// The exam to sit: the preset's (same seed, same questions and options for everyone)
    /// or one drawn across every theme, with this learner's option sets.
    func makeExam(course: Course, start: Date, learner: String) throws -> (ExamSession, ExamPreset?) {
        let preset = try self.preset.map { try PresetFile.load($0, course: course) }
        if let preset {
            let exam = preset.makeSession(course: course, startedAt: start, seed: PresetFile.seed(preset, option: seed))
            guard !exam.items.isEmpty else { throw PrimerError("the preset's themes have no questions") }
            return (exam, preset)
        }
        var rng = SeededGenerator(seed: seed ?? RandomSeed.fresh())
        let questions = ExamSession.drawQuestions(from: course, count: count, using: &rng)
        guard !questions.isEmpty else { throw PrimerError("the course has no questions") }
        return (ExamSession(questions: questions, startedAt: start, timeLimit: minutes * 60,
                            passMark: passMark / 100, options: .forLearner(learner), rng: &rng), nil)
    }

    func exam(_ setup: PlainSetup) throws {
        let start = Clock.now()
        let (exam, preset) = try makeExam(course: setup.course, start: start, learner: setup.context.learnerName)
        let recorder = try ExamRecorder(context: setup.context, startedAt: start, paper: exam.items.map(\.question.id),
                                        preset: preset?.title)
        var sitting = PlainExamSitting(exam: exam, setup: setup, recorder: recorder,
                                       feedbackDuring: preset?.feedback == .during, reader: LineReader())
        let output = setup.output
        output.line("Mock exam: \(clean(preset?.title ?? setup.course.title)) (learner \(clean(setup.context.learnerName)))")
        output.wrapped("\(plural(exam.items.count, "question")), \(durationText(exam.timeLimit)), pass mark \(percent(exam.passMark)). "
                       + (sitting.feedbackDuring ? "Right or wrong is shown after each answer." : "No feedback until the end.")
                       + " Besides an answer, type flag (come back to it later), go N (question N), list (every"
                       + " question), or submit (hand the exam in).")
        try sitting.run()

        guard let result = sitting.exam.result else { return }
        try recorder.finish(result, at: sitting.exam.finishedAt ?? Clock.now())
        PlainExamReport(result: result, setup: setup).write()
    }
}

/// A line-mode exam under way: the paper, where its answers are stored, and the terminal
/// it is sat at. Each input line is an answer or a command (flag, go N, list, submit).
struct PlainExamSitting {
    var exam: ExamSession
    let setup: PlainSetup
    let recorder: ExamRecorder
    let feedbackDuring: Bool
    let reader: LineReader

    var output: PlainOutput { setup.output }
    var asker: PlainAsker { PlainAsker(setup: setup, reader: reader) }

    /// Until the exam is handed in, abandoned or out of time.
    mutating func run() throws {
        var showQuestion = true
        while !exam.checkClock(at: Clock.now()) {
            guard let asked = exam.current, let index = exam.currentIndex else { break }
            if showQuestion { asker.show(asked, header: header(asked, index: index)) }
            showQuestion = true
            output.prompt()
            switch reader.next(deadline: exam.deadline) {
            case .timedOut:
                exam.checkClock(at: Clock.now())
            case .endOfInput:
                // The end of a script that answered everything hands the exam in; input
                // that stops half-way leaves it (abandoned, not scored).
                if exam.allAnswered { exam.submit(at: Clock.now()) } else { exam.abandon(at: Clock.now()) }
            case .line(let text):
                showQuestion = try carryOut(ExamCommand.parse(text, asked: asked, count: exam.items.count), asked: asked, index: index)
            }
        }
    }

    /// "Question 3 of 20 · theme · flagged · answered 2 · 14 min left"
    func header(_ asked: AskedQuestion, index: Int) -> String {
        let minutesLeft = Int((exam.timeLeft(at: Clock.now()) / 60).rounded(.up))
        let status = [exam.currentIsFlagged ? "flagged" : nil,
                      exam.currentAnswer.map { "answered \(PlainAsker.chosenText(asked, $0.chosen))" }].compactMap { $0 }
        return "Question \(index + 1) of \(exam.items.count) · \(setup.themeTitle(asked.question.themeID))"
            + status.map { " · \($0)" }.joined() + " · \(minutesLeft) min left"
    }

    /// Does what a line asked; returns whether the question is shown again before the next line.
    mutating func carryOut(_ command: ExamCommand, asked: AskedQuestion, index: Int) throws -> Bool {
        switch command {
        case .submit:
            exam.submit(at: Clock.now())
        case .list:
            printOverview()
            return false
        case .go(let number):
            if !exam.go(to: number - 1, at: Clock.now()) { output.line("There is no question \(number).") }
        case .flag:
            let wasFlagged = exam.currentIsFlagged
            exam.toggleFlag(at: Clock.now())
            output.line(wasFlagged ? "Flag removed from question \(index + 1)." : "Flagged: question \(index + 1); come back with go \(index + 1).")
        case .answer(let chosen, let mark):
            return try answer(chosen, mark: mark, index: index)
        case .unreadable(let reason):
            output.line(asker.hint(reason, for: asked, allowFlag: true) + " Or: go N, list, submit.")
            return false
        }
        return true
    }

    mutating func answer(_ chosen: Set<Int>, mark: AnswerOverride?, index: Int) throws -> Bool {
        if mark != nil { output.line("(Marks ? and ! are not used in an exam: the answer is saved as it is.)") }
        if exam.currentAnswer != nil && !exam.allowsChanges {
            output.line("This exam shows feedback, so an answer cannot be changed.")
            return false
        }
        // The clock is checked again: an answer after zero does not count.
        guard let outcome = exam.answer(chosen, at: Clock.now()) else { return true }
        try recorder.record(outcome, item: index)
        if feedbackDuring {
            output.wrapped(outcome.correct ? "Right." : "Wrong. The answer is: \(PlainAsker.correctText(outcome.asked))")
        }
        output.line("saved")
        if exam.allAnswered {
            output.line()
            output.wrapped("Every question is answered. Type submit to hand the exam in (the end of input does too), "
                           + "or go N to look at question N again" + (exam.allowsChanges ? " and change its answer." : "."))
            return false
        }
        return true
    }

    func printOverview() {
        output.line("Questions (✓ answered, · not yet, F flagged):")
        for i in exam.items.indices {
            let mark = exam.status(of: i) == .answered ? "✓" : "·"
            let flag = exam.flagged.contains(i) ? " F" : ""
            output.wrapped(exam.items[i].question.stem, prefix: "  \(i + 1). \(mark)\(flag) ", indent: "       ")
        }
    }
}

/// The end of a line-mode exam: how it ended, the score, by theme, the time per question,
/// and a review of every answer.
struct PlainExamReport {
    let result: ExamResult
    let setup: PlainSetup
    var output: PlainOutput { setup.output }

    func write() {
        output.line()
        switch result.ending {
        case .timeUp: output.line("Time is up: the exam was handed in.")
        case .submitted: output.line("The exam was handed in.")
        case .abandoned:
            let why = EndingSignal.received ? "primer was stopped" : "The input ended"
            output.wrapped("\(why) before every question was answered: the exam is abandoned, with no score "
                           + "(it counts in no average). The answers given are saved for study.")
        }
        if let score = result.score {
            output.line("Score: \(result.correctCount) of \(result.total) (\(percent(score))): "
                        + (result.passed ? "pass" : "fail") + " (pass mark \(percent(result.passMark))).")
        }
        let unanswered = result.total - result.answeredCount
        output.line("Answered \(result.answeredCount) of \(result.total) in \(durationText(result.elapsed))"
                    + (unanswered > 0 && result.ending.isScored ? "; \(unanswered) not answered (counted wrong)." : "."))
        if result.ending.isScored { writeThemes() }   // an abandoned exam has no score to break down
        output.line()
        output.line("Time per question:")
        for item in result.items {
            output.line("  \(item.number). \(durationText(item.timeSpent)), \(Self.verdict(item))\(item.flagged ? ", flagged" : "")")
        }
        output.line()
        output.line("Review of every answer:")
        for item in result.items { writeReview(item) }
        output.line()
        output.wrapped("Results saved. Questions answered wrongly are due for study (primer study --plain).")
    }

    static func verdict(_ item: ExamResult.Item) -> String {
        item.chosen == nil ? "not answered" : item.correct ? "right" : "wrong"
    }

    /// Right answers by theme, in the course's order.
    func writeThemes() {
        output.line()
        output.line("By theme:")
        let order = Dictionary(uniqueKeysWithValues: setup.course.themes.enumerated().map { ($1.id, $0) })
        for theme in result.themes.sorted(by: { (order[$0.themeID] ?? .max) < (order[$1.themeID] ?? .max) }) {
            output.wrapped("\(setup.themeTitle(theme.themeID)): \(theme.correct) of \(theme.total) (\(percent(theme.fraction)))",
                           prefix: "  ", indent: "    ")
        }
    }

    /// One question: the answer given, the right answer, the notes of the options picked,
    /// why, the source, then the notes of the other options shown.
    func writeReview(_ item: ExamResult.Item) {
        let asked = item.asked
        output.line()
        output.wrapped(asked.question.stem, prefix: "Question \(item.number) (\(Self.verdict(item))): ", indent: "  ")
        if let chosen = item.chosen {
            output.wrapped("Your answer: \(PlainAsker.chosenText(asked, chosen))", prefix: "  ", indent: "    ")
        } else {
            output.line("  Your answer: not answered")
        }
        output.wrapped("Right answer: \(PlainAsker.correctText(asked))", prefix: "  ", indent: "    ")
        func notes(picked: Bool) {
            for (i, choice) in asked.shown.enumerated() where (item.chosen?.contains(i) ?? false) == picked {
                guard let note = choice.feedback, !note.isEmpty else { continue }
                output.wrapped((picked ? "You chose “\(clean(choice.text))”: " : "“\(clean(choice.text))”: ") + clean(note),
                               prefix: "  ", indent: "    ")
            }
        }
        notes(picked: true)
        if !asked.question.explanation.isEmpty {
            output.wrapped("Why: \(clean(asked.question.explanation))", prefix: "  ", indent: "    ")
        }
        if !asked.question.sources.isEmpty {
            output.line("  Source: \(citation(asked.question.sources))")
        }
        notes(picked: false)
    }
}
