import ArgumentParser
import Foundation
import LearnerStore
import StudyServices

/// Shared plumbing for the commands that work on the learner data file
/// (`learners`, `doctor`, `backup`, `restore`, `export`, `import`).
enum StoreCommandSupport {
    /// `primer: message` on stderr. A StoreError's later lines (the command to run, what
    /// was kept) stay on lines of their own so a command can be copied as it is.
    static func printError(_ message: String) {
        writeStandardError("primer: \(message)\n")
    }

    static func printWarning(_ message: String) {
        writeStandardError("primer: warning: \(message)\n")
    }

    static func writeStandardError(_ text: String) {
        Streams.err(text)
    }

    /// The data folder these options select.
    static func directory(_ options: GlobalOptions) -> URL {
        options.dataDirectory
    }

    /// Opens the store selected by `options`. Opening checks the file first: a damaged
    /// file or one from a newer primer throws a `StoreError` and is left untouched. Warns on
    /// stderr when the daily backup could not be written. `exclusive`: for a command that
    /// rewrites much of the store (import), refused while another primer has it open, and
    /// keeping others out until it closes. Only `creating` commands (import) make a store
    /// where there is none: a command that reads, run on a mistyped folder, says so rather
    /// than leaving an empty store there and reporting nothing as if it were the learner's.
    /// Every such command runs and ends: its store is one connection
    /// (`LearnerStore.Options.readsOnWriter`), which opens several milliseconds sooner
    /// than a pool and, for a command that only reads, writes nothing.
    static func openStore(_ options: GlobalOptions, now: Date = Clock.now(), exclusiveFor what: String? = nil,
                          creating: Bool = false) throws -> LearnerStore {
        if !creating { try requireStore(in: directory(options)) }
        let storeOptions = LearnerStore.Options(readsOnWriter: true)
        let store = try what.map { try LearnerStore.openExclusively(directory: directory(options), now: now, for: $0, options: storeOptions) }
            ?? LearnerStore.open(directory: directory(options), now: now, options: storeOptions)
        for notice in store.notices { printWarning(notice) }
        if case let .failed(reason) = store.automaticBackup {
            printWarning("the daily backup could not be written (\(reason))")
        }
        return store
    }

    /// A `PrimerError` naming the folder when it holds no store, and the earlier files that
    /// could bring one back when there are any.
    static func requireStore(in directory: URL) throws {
        guard !DataLocation.holdsStore(directory) else { return }
        let missing = "no learner data in \(directory.path): there is no \(DataLocation.fileName) there"
        if let earlier = DataLocation.earlierData(in: directory) {
            throw PrimerError(missing + "; the folder holds \(earlier): 'primer restore FILE' brings one back")
        }
        throw PrimerError(missing + " (check --data-dir, --class or PRIMER_DATA_DIR; primer makes the file when a learner first studies)")
    }

    /// The id of the learner `name` in `store`, for a command that only reads: a name no
    /// one has studied under is an error naming the learners there (a mistyped name must
    /// not create a learner who then shows in every list and report).
    static func existingLearner(_ name: String, in store: LearnerStore) throws -> Int64 {
        if let id = try store.existingLearner(named: name) { return id }
        let names = try store.learnerNames()
        let known = names.isEmpty ? "no one has studied there yet"
            : "learners there: " + names.prefix(12).map { "'\($0)'" }.joined(separator: ", ") + (names.count > 12 ? ", …" : "")
        throw PrimerError("no learner named '\(name)' in \(store.directory.path) (\(known); names are exact, "
                          + "\"Ana\" and \"ana\" are two learners)")
    }

    /// Closes the store so the log is checkpointed into the main file; a failure to do
    /// so loses nothing (SQLite replays the log next time), so it is not an error.
    static func close(_ store: LearnerStore) {
        try? store.close()
        // Kept, closed, until the process ends (every caller is a command that ends it
        // soon after): releasing it would run GRDB's deinit, which looks up Foundation's
        // notification center and casts through it for nothing, about 0.2 ms of every such
        // command. The file is settled and the lock released by `close`.
        closedUntilExit.append(store)
    }

    /// Only the command's own thread closes stores.
    nonisolated(unsafe) private static var closedUntilExit: [LearnerStore] = []

    /// A path given on the command line, resolved against the current directory, with
    /// a leading `~/` expanded.
    static func fileURL(_ path: String) -> URL {
        URL(fileURLWithPath: (path as NSString).expandingTildeInPath).standardizedFileURL
    }

    /// Quoting for a path shown inside a command the learner may paste into a shell.
    static func shellQuoted(_ text: String) -> String {
        let safe = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789/._-+=:,@")
        if !text.isEmpty && text.allSatisfy({ safe.contains($0) }) { return text }
        return "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }

    /// "2025-03-01 09:21" in the local time zone.
    static func localDateTime(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone.current
        formatter.dateFormat = "yyyy-MM-dd HH:mm"
        return formatter.string(from: date)
    }

    static func plural(_ count: Int, _ singular: String, _ plural: String? = nil) -> String {
        "\(count) \(count == 1 ? singular : (plural ?? singular + "s"))"
    }
}
