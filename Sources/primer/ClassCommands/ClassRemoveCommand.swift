import ArgumentParser
import Foundation
import StudyServices

/// `primer class remove NAME`: takes a learner's key line out; their data stays.
struct ClassRemoveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "remove",
        abstract: "Remove a learner from the class: their key no longer lets them in. Their data stays.",
        discussion: """
            Only the learner's line in authorized_keys goes; every other line is kept byte for \
            byte. Their answers stay in DIR/data (see 'primer learners --class DIR'), and a \
            learner added again under the same name carries on where they were. A session \
            already open goes on until they leave it.
            """)

    @Argument(help: ArgumentHelp("The learner's name, as 'primer class list' shows it.", valueName: "NAME"))
    var name: String

    @OptionGroup var options: ClassOptions

    func run() throws {
        let site = try options.site()
        let keys = try site.readKeys()
        guard FileManager.default.fileExists(atPath: site.keysFile.path) else {
            // Nothing to lock or rewrite: say what remove(learner:) says of an empty class.
            var empty = keys
            _ = try ClassSite.classErrors { try empty.remove(learner: name, inClass: site.classPath) }
            return
        }
        let removed = try site.editKeys { keys in try keys.remove(learner: name, inClass: site.classPath) }
        Streams.line("Removed \(removed.learner) (\(removed.key.type) \(removed.key.fingerprint)) from the class \(site.classPath):")
        Streams.line("their key no longer lets them in (\(site.keysFile.path)).")
        Streams.line("Their data stays in \(site.folder.data.path); adding them again under the same name carries on from it.")
        if let sessions = ClassSessions.running([removed])[removed.learner], sessions > 0 {
            Streams.line("They are connected now; that session goes on until they leave it.")
        }
    }
}
