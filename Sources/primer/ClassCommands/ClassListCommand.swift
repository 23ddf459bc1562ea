import ArgumentParser
import Foundation

/// `primer class list`: who may log in to the class, with which key, and who is in now.
struct ClassListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List the class's learners: name, key type and fingerprint, connected now or not.",
        discussion: """
            The fingerprint is the one 'ssh-keygen -lf KEY.pub' shows, to compare with the \
            learner's own. Connected means a primer of theirs is running on this machine now.
            """)

    @OptionGroup var options: ClassOptions

    func run() throws {
        let site = try options.site()
        let roster = try ClassRoster.load(site)
        if roster.members.isEmpty {
            Streams.line("No learners in the class \(site.classPath) yet; add one with "
                         + "'primer class add NAME --key FILE --class \(StoreCommandSupport.shellQuoted(site.classPath))'.")
            return
        }
        Streams.line(roster.table)
    }
}
