import ArgumentParser
import Foundation
import LearnerStore
import NcursesTerminal
import StudyCore
import StudyServices

@main
struct Primer: ParsableCommand {
    static let version = "0.2.0"

    static let configuration = CommandConfiguration(
        commandName: "primer",
        abstract: "Study a course in the terminal: lessons, quizzes, spaced repetition.",
        discussion: """
            Run without a subcommand to open the full-screen interface on the bundled course \
            (Pakistan-US relations and the War on Terror).
            """,
        version: version,
        subcommands: [StudyTUICommand.self, CheckCommand.self, LearnersCommand.self, DoctorCommand.self, BackupCommand.self,
                      RestoreCommand.self, ExportCommand.self, ImportCommand.self,
                      PlainStudyCommand.self, PlainQuizCommand.self, PlainExamCommand.self, PlainLessonCommand.self,
                      StatsCommand.self, PlanCommand.self, OptimizeCommand.self, LiveCommand.self, ImportBankCommand.self, ExportBankCommand.self,
                      ResultsCommand.self, ReportCommand.self, SheetCommand.self, HotSeatCommand.self, ClassCommand.self],
        defaultSubcommand: StudyTUICommand.self)

    /// The one way every command ends: its own errors print `primer: message` on stderr and
    /// exit 1; usage errors, --help and --version are ArgumentParser's.
    static func main() {
        // Over a file-size limit (ulimit -f) the default SIGXFSZ kills the process without
        // a word; ignored, write() fails with EFBIG and the store reports it clearly.
        signal(SIGXFSZ, SIG_IGN)
        // A closed pipe (`primer results | head`) is seen as EPIPE by `Streams`, which lets
        // the command finish and close the store before primer ends with status 141.
        signal(SIGPIPE, SIG_IGN)
        let environment = ProcessEnvironment.values
        do {
            try Clock.configure(environment: environment)
            try RandomSeed.configure(environment: environment)
        } catch {
            fail(message(for: error), status: 2)
        }
        let arguments = CommandNames.commandFirst(Array(CommandLine.arguments.dropFirst()))
        if let problem = CommandNames.unknownCommand(in: arguments) ?? CommandNames.negativeNumber(in: arguments) { fail(problem, status: 64) }
        do {
            var command = try CommandNames.parsedDirectly(arguments) ?? parseAsRoot(arguments)
            try command.run()
            EndingSignal.endProcessIfSignalled()   // line mode ended by SIGTERM/SIGHUP/SIGINT, all saved
            Streams.endIfOutputFailed()
        } catch let error as PrimerError {
            fail(error.description)
        } catch let error as StoreError {
            fail(error.description)
        } catch let error as ClockError {
            fail(error.description)
        } catch {
            // --help and --version print as ArgumentParser prints them. A usage error goes
            // the one way every error goes: `primer: …`, sanitised (ArgumentParser echoes
            // arguments, which may hold escape sequences), with its usage line.
            let code = exitCode(for: error)
            guard code != .success else { exit(withError: error) }
            var text = fullMessage(for: error)
            if text.hasPrefix("Error: ") { text.removeFirst("Error: ".count) }
            text = text.trimmingCharacters(in: .whitespacesAndNewlines)
            // A command that has said everything already ends with a bare exit code.
            if text.isEmpty { Foundation.exit(code.rawValue) }
            fail(text, status: code.rawValue)
        }
    }

    static func message(for error: any Error) -> String {
        switch error {
        case let error as StoreError: return error.description
        case let error as PrimerError: return error.description
        case let error as LocalizedError: return error.errorDescription ?? String(describing: error)
        default: return String(describing: error)
        }
    }

    /// `primer: message` on stderr, then exit. A StoreError's later lines (the command to
    /// run, what was kept) stay on lines of their own so a command can be copied as it is.
    static func fail(_ message: String, status: Int32 = 1) -> Never {
        Streams.err("primer: \(message)\n")
        Foundation.exit(status)
    }
}

/// A mistyped command must not be taken for the default `tui` and answered with that
/// command's help ("Unknown option '--exam-date'. See 'primer tui --help'").
enum CommandNames {
    static var all: [String] {
        Primer.configuration.subcommands.map { $0.configuration.commandName ?? "" }.filter { !$0.isEmpty }
    }

    /// Options the bare `primer` takes that have a value (the next argument).
    static let optionsWithValues: Set<String> = ["--data-dir", "--content", "--learner", "--class"]

    /// Where the first argument that is not an option (or an option's value) is, if any.
    static func firstWord(in arguments: [String]) -> Int? {
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            if argument == "--" { return nil }
            if argument.hasPrefix("-") {
                index += optionsWithValues.contains(argument) ? 2 : 1
                continue
            }
            return index
        }
        return nil
    }

    /// `primer --data-dir X stats` means `primer stats --data-dir X`: options given before
    /// a command are moved after it, where the command can read them.
    /// A group's subcommand moves with it: `primer --class D class list` is `primer class list --class D`.
    static func commandFirst(_ arguments: [String]) -> [String] {
        guard let index = firstWord(in: arguments), index > 0, all.contains(arguments[index]) else { return arguments }
        var words = [arguments[index]], rest = Array(arguments[(index + 1)...])
        if let group = Primer.configuration.subcommands.first(where: { $0.configuration.commandName == arguments[index] }),
           let next = rest.first, group.configuration.subcommands.contains(where: { $0.configuration.commandName == next }) {
            words.append(rest.removeFirst())
        }
        return words + arguments[..<index] + rest
    }

    /// A command with no subcommands of its own, named first, parsed as if it were the
    /// root: ArgumentParser otherwise sets up every one of primer's commands first (about
    /// 0.3 ms of every start). Anything this does not accept, and any call for help,
    /// is left to the usual parse (nil), so errors and help read exactly as they did.
    /// `optimize`, timed against fsrs-rs's fit, first tries its everyday arguments without
    /// ArgumentParser at all (`OptimizeCommand.parsedQuickly`).
    static func parsedDirectly(_ arguments: [String]) -> (any ParsableCommand)? {
        if arguments.first == "optimize", let command = OptimizeCommand.parsedQuickly(Array(arguments.dropFirst())) { return command }
        let builtIns: Set<String> = ["-h", "--help", "-help", "help", "--version", "--experimental-dump-help"]
        guard let name = arguments.first,
              let type = Primer.configuration.subcommands.first(where: { $0.configuration.commandName == name }),
              type.configuration.subcommands.isEmpty,
              !arguments.contains(where: { builtIns.contains($0) || $0.hasPrefix("--generate-completion") }) else { return nil }
        return try? type.parseAsRoot(Array(arguments.dropFirst()))
    }

    /// The message for an unknown command, or nil: the first argument that is not an
    /// option (or an option's value) must name a command.
    static func unknownCommand(in arguments: [String]) -> String? {
        if let index = firstWord(in: arguments) {
            let argument = arguments[index]
            if all.contains(argument) || argument == "help" { return nil }
            let names = all
            var text = "unknown command '\(clean(argument))'"
            let near = names.filter { Suggest.closest(to: argument, among: [$0]) != nil || $0.hasPrefix(argument) || argument.hasPrefix($0) }
            if !near.isEmpty { text += "; did you mean \(near.map { "'\($0)'" }.joined(separator: " or "))?" }
            return text + "\nThe commands are: \(names.joined(separator: ", ")). See 'primer --help'."
        }
        return nil
    }

    /// Options that take a number, none of them negative.
    static let numericOptions: Set<String> = ["--count", "--minutes", "--pass-mark", "--seed", "--target", "--seconds", "--rounds"]

    /// `--count -3` reads to the argument parser as an option named `-3` ("Missing value
    /// for '--count'"); say what is wrong instead.
    static func negativeNumber(in arguments: [String]) -> String? {
        for (option, value) in zip(arguments, arguments.dropFirst()) where numericOptions.contains(option) {
            guard value.count > 1, value.hasPrefix("-"), value.dropFirst().allSatisfy({ $0.isNumber || $0 == "." }) else { continue }
            return "\(option) \(clean(value)): a negative number is not accepted here"
        }
        return nil
    }
}
