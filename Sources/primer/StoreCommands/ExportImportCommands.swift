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
        let store = try StoreCommandSupport.openStore(options)
        defer { StoreCommandSupport.close(store) }
        let data = try store.exportJSON(learner: options.learner)
        Streams.out(String(decoding: data, as: UTF8.self), kind: .json)
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
        let input = try InputFile.open(file, what: "Nothing was imported.")
        defer { input.finish() }
        // The loaded course (bundled, --content or $PRIMER_CONTENT) lets import check that
        // every answer names one of its questions.
        var known: [String: Set<String>] = [:]
        if let course = optionalCourse(options) { known[course.id] = Set(course.questions.map(\.id)) }
        // Read and checked whole before the store is opened: a refused file leaves the data
        // as it was. The import then reads it a second time, writing (see DECISIONS.md).
        let checked = try LearnerStore.checkExportFile(.file(input.url), file: input.name, knownQuestions: known)
        let store = try StoreCommandSupport.openStore(options, exclusiveFor: "Importing", creating: true)
        defer { StoreCommandSupport.close(store) }
        let summary = try store.importJSON(checked, replayWithSettings: StudyContext.settingsReplayFunction(),
                                           scheduling: StudyContext.settingsItemScheduling())
        Streams.line(Self.summaryLine(summary))
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
}
