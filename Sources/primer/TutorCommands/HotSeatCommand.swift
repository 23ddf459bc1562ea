import ArgumentParser
import CourseFormat
import Foundation
import LearnerStore
import NcursesTerminal
import StudyCore
import StudyServices

/// `primer hotseat` (always line mode): several learners take turns at one terminal.
struct HotSeatCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hotseat",
        abstract: "A hot-seat session: learners take turns at one terminal, one question each per round.",
        discussion: """
            Each round every player gets one question of their own, in the order the names \
            were given, with a timer: an answer after --seconds counts as wrong, and when the \
            time runs out the question is recorded as wrong with nothing chosen. After each \
            answer the right answer is shown, then a line reading exactly "saved" once it is \
            stored; after each round, the scoreboard. Every answer is recorded for the player \
            who gave it (a practice session per player, labelled "hot-seat"), so it counts \
            towards their study schedule and appears in primer results and primer report. \
            The game always runs in line mode (--plain changes nothing): the names come from --players or, without it, from the \
            first input line (comma-separated). Answer as in the quiz: an option number or \
            letter, several for select-all questions. End of input stops the game with the \
            scoreboard so far.
            """)

    /// The session label in the store, so results and reports can pick hot-seat answers out.
    static let sessionLabel = "hot-seat"
    static let maximumPlayers = 20

    @OptionGroup var options: GlobalOptions

    @Flag(name: .long, help: "Changes nothing (accepted so that scripts may pass it to every command): this command always runs in line mode, plain text on stdout and one answer line per question on stdin.")
    /// Never read: the command has no full-screen form, so it is always in line mode.
    var plain = false

    @Option(name: .long, help: ArgumentHelp("The players' names, separated by commas (default: read from the first input line).", valueName: "NAMES"))
    var players: String?

    @Option(name: .long, help: "Rounds: each player answers one question per round.")
    var rounds: Int = 3

    @Option(name: .long, help: "Seconds to answer each question.")
    var seconds: Double = 30

    @Option(name: .long, help: "Seed for the choice and order of questions and options (for reproducible runs).")
    var seed: UInt64?

    func validate() throws {
        guard rounds > 0 else { throw ValidationError("--rounds must be at least 1") }
        guard seconds > 0, seconds <= 3600 else { throw ValidationError("--seconds must be above 0 and at most 3600") }
        if let players { _ = try Self.names(players) }
    }

    /// Names from a comma-separated list: trimmed, none empty, no two the same.
    static func names(_ list: String) throws -> [String] {
        let names = list.split(separator: ",", omittingEmptySubsequences: false)
            .map { $0.trimmingCharacters(in: .whitespaces) }
        guard !names.isEmpty, !names.allSatisfy(\.isEmpty) else { throw ValidationError("no player names: give them separated by commas, such as Ayesha,Bilal") }
        if names.contains(where: \.isEmpty) { throw ValidationError("a player name is empty: separate names with single commas, such as Ayesha,Bilal") }
        var seen = Set<String>()
        for name in names where !seen.insert(name).inserted { throw ValidationError("'\(clean(name))' is named twice: each player needs a name of their own") }
        guard names.count <= maximumPlayers else { throw ValidationError("at most \(maximumPlayers) players") }
        return names
    }

    func run() throws {
        do {
            do {
                try play()
            } catch let error as ValidationError {
                throw PrimerError(error.message)
            }
        }
    }

    struct Player {
        let name: String
        let context: StudyContext
        let sessionID: String
        var answered = 0
        var right = 0
    }

    func play() throws {
        let output = PlainOutput(environment: options.environment)
        let reader = LineReader()
        let course = try PlainSetup.loadCourse(options)
        let names = try playerNames(output: output, reader: reader)
        var rng = SeededGenerator(seed: seed ?? RandomSeed.fresh())
        let (items, roundCount) = try drawQuestions(course: course, players: names, using: &rng)

        // One store for everyone, one study context (and session) per player.
        let now = Clock.now()
        let store = try LearnerStore.open(directory: options.dataDirectory, now: now)
        var table: [Player] = []
        for name in names {
            let context = try StudyContext(store: store, course: course, learnerName: name, now: now)
            let session = try context.startSession(kind: .practice, at: now, preset: Self.sessionLabel)
            table.append(Player(name: name, context: context, sessionID: session))
        }

        output.line("Hot seat: \(clean(course.title))")
        output.wrapped("Players: \(names.map(clean).joined(separator: ", ")). \(plural(roundCount, "round")), "
                       + "one question each per round, \(durationText(seconds)) per question.")
        if roundCount < rounds {
            output.line("(The course has questions for \(plural(roundCount, "round")) only.)")
        }

        var stopped = false
        var roundsPlayed = 0
        game: for round in 0..<roundCount {
            for p in table.indices {
                let setup = PlainSetup(course: course, context: table[p].context, output: output)
                let header = "Round \(round + 1) of \(roundCount) · \(clean(table[p].name))'s turn · "
                    + "\(setup.themeTitle(items[round * names.count + p].question.themeID)) · \(durationText(seconds)) to answer"
                guard try playTurn(items[round * names.count + p], header: header, player: &table[p], setup: setup, reader: reader) else {
                    stopped = true
                    break game
                }
            }
            roundsPlayed = round + 1
            output.line()
            output.line("Scoreboard after round \(round + 1) of \(roundCount):")
            output.line(Self.scoreboard(table))
        }
        try finish(table, store: store, stopped: stopped, roundsPlayed: roundsPlayed, output: output)
    }

    /// The names from --players, else from the first input line.
    func playerNames(output: PlainOutput, reader: LineReader) throws -> [String] {
        if let players { return try Self.names(players) }
        output.line("Hot seat: type the players' names on one line, separated by commas.")
        if output.isTerminal { output.emit("Players: ") }
        guard case let .line(line) = reader.next() else { throw PrimerError("no player names: the input ended") }
        return try Self.names(line)
    }

    /// A question for each player each round, each shown with that player's own set of
    /// options (as in their study), and how many whole rounds the course has questions for.
    func drawQuestions(course: Course, players names: [String], using rng: inout SeededGenerator) throws -> (items: [AskedQuestion], rounds: Int) {
        let questions = ExamSession.drawQuestions(from: course, count: rounds * names.count, using: &rng)
        guard questions.count >= names.count else {
            throw PrimerError("the course has \(plural(questions.count, "question")), too few for \(names.count) players")
        }
        let roundCount = min(rounds, questions.count / names.count)
        let items = questions.prefix(roundCount * names.count).enumerated().map { index, question in
            AskedQuestion(question: question, shown: OptionDraw.forLearner(names[index % names.count]).choices(for: question, using: &rng))
        }
        return (items, roundCount)
    }

    /// One player's turn: the question with the timer, the answer marked and recorded, the
    /// right answer shown. False when the input ended instead of an answer.
    func playTurn(_ asked: AskedQuestion, header: String, player: inout Player, setup: PlainSetup, reader: LineReader) throws -> Bool {
        let output = setup.output
        let shownAt = Clock.now()
        let deadline = shownAt.addingTimeInterval(seconds)
        let reply = PlainAsker(setup: setup, reader: reader).ask(asked, header: header, deadline: deadline)
        let answeredAt = Clock.now()
        let outcome: AnswerOutcome
        var override: AnswerOverride? = nil
        var late = false
        switch reply {
        case .endOfInput, .quit:   // quit is not offered here (allowQuit is false)
            return false
        case .flag, .timedOut:
            late = true
            outcome = AnswerOutcome(asked: asked, chosen: [], correct: false,
                                    responseTime: seconds, answeredAt: answeredAt)
        case let .answer(chosen, given):
            late = answeredAt > deadline
            outcome = AnswerOutcome(asked: asked, chosen: chosen, correct: !late && asked.isCorrect(chosen),
                                    responseTime: answeredAt.timeIntervalSince(shownAt), answeredAt: answeredAt)
            override = late ? nil : given
            if let mark = override, let refusal = AnswerMarking.refusal(mark, correct: outcome.correct, affectsSchedule: true) {
                override = nil
                output.wrapped("Mark not applied: \(refusal)")
            }
        }
        try player.context.record(outcome, override: override, sessionID: player.sessionID)
        player.answered += 1
        if outcome.correct { player.right += 1 }
        tellResult(outcome, late: late, player: player.name, output: output)
        output.line("saved")
        return true
    }

    /// Right, wrong, too late or out of time, with the right answer and why.
    func tellResult(_ outcome: AnswerOutcome, late: Bool, player: String, output: PlainOutput) {
        let answer = PlainAsker.correctText(outcome.asked)
        if outcome.correct {
            output.line("Right, \(clean(player)).")
        } else if late && outcome.chosen.isEmpty {
            output.wrapped("Time is up: counted as wrong. The answer was: \(answer)")
        } else if late {
            output.wrapped("Too late (over \(durationText(seconds))): counted as wrong. The answer was: \(answer)")
        } else {
            output.wrapped("Wrong. The answer was: \(answer)")
        }
        if !outcome.asked.question.explanation.isEmpty {
            output.wrapped(outcome.asked.question.explanation, prefix: "Why: ", indent: "")
        }
    }

    /// Closes every player's session and the store, then names the winner.
    func finish(_ table: [Player], store: LearnerStore, stopped: Bool, roundsPlayed: Int, output: PlainOutput) throws {
        let end = Clock.now()
        for player in table {
            try player.context.finishSession(player.sessionID, at: end, answered: player.answered, correct: player.right)
        }
        try? store.close()
        output.line()
        if stopped { output.line(EndingSignal.received ? "Stopped: the game ends here." : "Input ended: the game stops here.") }
        if stopped || roundsPlayed == 0 {
            output.line("Scoreboard:")
            output.line(Self.scoreboard(table))
        }
        let best = table.map(\.right).max() ?? 0
        let leaders = table.filter { $0.right == best }.map { clean($0.name) }
        if table.allSatisfy({ $0.answered == 0 }) {
            output.line("No answers were given, so nothing was saved.")
            return
        }
        if leaders.count == 1 {
            output.line("Winner: \(leaders[0]) with \(best) right.")
        } else {
            output.line("Tied with \(best) right: \(leaders.joined(separator: ", ")).")
        }
        output.line("Answers saved for each player.")
    }

    /// Players by points (then in playing order), aligned by display width.
    static func scoreboard(_ table: [Player]) -> String {
        let ranked = table.enumerated().sorted { a, b in
            a.element.right != b.element.right ? a.element.right > b.element.right : a.offset < b.offset
        }.map(\.element)
        var rows: [[String]] = []
        var place = 0, previous = -1
        for (i, player) in ranked.enumerated() {
            if player.right != previous { place = i + 1; previous = player.right }
            rows.append(["\(place).", player.name, "\(player.right) of \(player.answered)"])
        }
        return TextTable.render(["", "PLAYER", "RIGHT"], rows, rightAligned: [0, 2])
            .split(separator: "\n", omittingEmptySubsequences: false).map { "  " + $0 }.joined(separator: "\n")
    }
}
