import ArgumentParser
import Foundation

@main
struct Primer: ParsableCommand {
    static let version = "0.1.0"

    static func main() {
        // Over a file-size limit (ulimit -f) the default SIGXFSZ kills the process without
        // a word; ignored, write() fails with EFBIG and the store reports it clearly.
        signal(SIGXFSZ, SIG_IGN)
        let environment = ProcessInfo.processInfo.environment
        do {
            try Clock.configure(environment: environment)
            try RandomSeed.configure(environment: environment)
        } catch {
            FileHandle.standardError.write(Data("primer: \(error)\n".utf8))
            Foundation.exit(2)
        }
        Self.main(nil)
    }

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
                      StatsCommand.self, ImportBankCommand.self, ExportBankCommand.self,
                      ResultsCommand.self, ReportCommand.self, SheetCommand.self, HotSeatCommand.self],
        defaultSubcommand: StudyTUICommand.self)
}
