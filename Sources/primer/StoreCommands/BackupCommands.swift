import ArgumentParser
import Foundation
import LearnerStore

/// `primer backup [FILE]`: a consistent copy of the learner data, made now.
struct BackupCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup",
        abstract: "Write a consistent copy of the learner data file and print its path.",
        discussion: """
            The copy is made with SQLite's backup API, so it is consistent even while another \
            primer is studying. Without FILE it goes to backups/primer-<UTC time>.sqlite in the \
            data folder (manual backups are never pruned; primer also keeps a daily backup of \
            the last 7 days there). FILE must not exist yet. Restore with 'primer restore FILE'.
            """)

    @OptionGroup var options: GlobalOptions

    @Argument(help: ArgumentHelp("Where to write the backup (default: the data folder's backups/).", valueName: "FILE"))
    var file: String?

    func run() throws {
        do {
            let store = try StoreCommandSupport.openStore(options)
            defer { StoreCommandSupport.close(store) }
            let written = try store.backup(to: file.map(StoreCommandSupport.fileURL), now: Clock.now())
            Streams.line(written.path)
        }
    }
}

/// `primer restore FILE`: puts a backup back in place of the learner data file.
struct RestoreCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "restore",
        abstract: "Replace the learner data file with a backup; the current file is moved aside, never deleted.",
        discussion: """
            Quit every running primer first. The backup is copied and checked before anything \
            changes; then the current file (damaged or not) is moved to \
            primer-replaced-<UTC time>.sqlite in the data folder, and the backup takes its place. \
            Backups made by primer are in the data folder's backups/ (see 'primer backup').
            """)

    @OptionGroup var options: GlobalOptions

    @Argument(help: ArgumentHelp("The backup to restore (a file written by 'primer backup' or a daily backup).", valueName: "FILE"))
    var file: String

    func run() throws {
        do {
            let directory = StoreCommandSupport.directory(options)
            let outcome = try LearnerStore.restore(from: StoreCommandSupport.fileURL(file), into: directory, now: Clock.now())
            Streams.line("Restored \(outcome.restored.path) from \(StoreCommandSupport.fileURL(file).path).")
            if let aside = outcome.previousMovedTo {
                Streams.line("The previous file was moved to \(aside.path).")
            } else {
                Streams.line("There was no previous file to move aside.")
            }
        }
    }
}
