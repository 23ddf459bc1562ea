import ArgumentParser
import Foundation
import LearnerStore
import StudyServices

/// `primer export [--learner NAME]`: the learner data as JSON on stdout.
struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write learner data to standard output as a primer-export JSON document.",
        discussion: """
            With --learner NAME, only that learner; without it, every learner in the data folder \
            (here, unlike when studying, neither $PRIMER_LEARNER nor the login name is used). \
            The document holds the review log, sessions, lessons read and settings: everything \
            needed to restore with 'primer import'. It is deterministic: the same data always \
            gives the same bytes. The format is described in EXPORT_FORMAT.md.
            """)

    @OptionGroup var options: GlobalOptions

    func run() throws {
        do {
            let store = try StoreCommandSupport.openStore(options)
            defer { StoreCommandSupport.close(store) }
            let learner = options.learner.flatMap { $0.isEmpty ? nil : $0 }
            let data = try store.exportJSON(learner: learner)
            FileHandle.standardOutput.write(data)
        }
    }
}

/// `primer import FILE`: merges an export into the store.
struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Merge a primer-export JSON document into the learner data (restores into an empty folder).",
        discussion: """
            Learners match by name (missing ones are created); reviews merge by their unique id, \
            so importing the same file twice adds nothing, and exports from two machines merge to \
            the union of their answers. Item states are then recomputed from the merged review \
            log. All in one transaction: a file that cannot be read imports nothing. FILE may \
            be - for standard input.
            """)

    @OptionGroup var options: GlobalOptions

    @Argument(help: ArgumentHelp("The export to import (written by 'primer export'), or - for standard input.", valueName: "FILE"))
    var file: String

    func run() throws {
        do {
            let data: Data
            if file == "-" {
                data = FileHandle.standardInput.readDataToEndOfFile()
            } else {
                let url = StoreCommandSupport.fileURL(file)
                do { data = try Data(contentsOf: url) } catch {
                    throw PrimerError("cannot read \(url.path): \(Self.reason(error)). Nothing was imported.")
                }
            }
            let store = try StoreCommandSupport.openStore(options)
            defer { StoreCommandSupport.close(store) }
            let summary = try store.importJSON(data, replayWithSettings: StudyContext.settingsReplayFunction())
            print(Self.summaryLine(summary))
        }
    }

    static func summaryLine(_ s: ImportSummary) -> String {
        typealias S = StoreCommandSupport
        var line = "Imported: \(S.plural(s.reviewsAdded, "review")) added, "
            + "\(S.plural(s.reviewsAlreadyPresent, "duplicate")) skipped, "
            + "\(S.plural(s.learnersCreated, "learner")) created"
        var more: [String] = []
        if s.sessionsAdded > 0 { more.append("\(S.plural(s.sessionsAdded, "session")) added") }
        if s.lessonsAdded > 0 { more.append("\(S.plural(s.lessonsAdded, "lesson")) read added") }
        if s.settingsAdded > 0 { more.append("\(S.plural(s.settingsAdded, "setting")) added") }
        if s.itemStatesRecomputed > 0 { more.append("\(S.plural(s.itemStatesRecomputed, "item state")) recomputed") }
        if !more.isEmpty { line += " (" + more.joined(separator: ", ") + ")" }
        return line + "."
    }

    private static func reason(_ error: any Error) -> String {
        let nsError = error as NSError
        if let underlying = nsError.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain,
           let message = strerror(Int32(underlying.code)) {
            return String(cString: message)
        }
        if nsError.domain == NSCocoaErrorDomain && nsError.code == NSFileReadNoSuchFileError { return "no such file" }
        return nsError.localizedDescription
    }
}
