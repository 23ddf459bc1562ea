import ArgumentParser
import Foundation

/// Options every subcommand accepts.
struct GlobalOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Folder for learner data (default: $PRIMER_DATA_DIR, $XDG_DATA_HOME/primer, ~/.local/share/primer).", valueName: "PATH"))
    var dataDir: String?

    @Option(name: .long, help: ArgumentHelp("Course folder to study instead of the bundled one (also $PRIMER_CONTENT).", valueName: "PATH"))
    var content: String?

    @Option(name: .long, help: ArgumentHelp("Learner name (default: your login name).", valueName: "NAME"))
    var learner: String?

    @Flag(name: .long, help: "Do not use colour (also NO_COLOR).")
    var noColor = false

    var environment: [String: String] { ProcessInfo.processInfo.environment }

    var useColor: Bool {
        !noColor && (environment["NO_COLOR"] ?? "").isEmpty
    }

    var learnerName: String {
        if let learner, !learner.isEmpty { return learner }
        for key in ["PRIMER_LEARNER", "USER", "LOGNAME"] {
            if let v = environment[key], !v.isEmpty { return v }
        }
        return "learner"
    }
}
