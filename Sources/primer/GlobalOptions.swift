import ArgumentParser
import Foundation
import LearnerStore
import StudyCore
import StudyServices

/// Options every subcommand accepts.
struct GlobalOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Folder for learner data (default: $PRIMER_DATA_DIR, $XDG_DATA_HOME/primer, ~/.local/share/primer).", valueName: "PATH"))
    var dataDir: String?

    @Option(name: .long, help: ArgumentHelp("Course folder to study instead of the bundled one (also $PRIMER_CONTENT).", valueName: "PATH"))
    var content: String?

    @Option(name: .customLong("class"), help: ArgumentHelp("A class folder (see 'primer class'): its learners' data is DIR/data.", valueName: "DIR"))
    var classDir: String?

    @Option(name: .long, help: ArgumentHelp("Learner name (default: your login name).", valueName: "NAME"))
    var learner: String?

    @Flag(name: .long, help: "Do not use colour (also NO_COLOR).")
    var noColor = false

    var environment: [String: String] { ProcessEnvironment.values }

    /// The data folder these options select: the class's when `--class` is given.
    var dataDirectory: URL {
        if let classDir { return ClassFolder(path: classDir).data }
        return StoreLocation.directory(option: dataDir, environment: environment)
    }

    /// An empty or unusable value is an error, never silently a default: `--learner ''`
    /// must not study as someone else, `--data-dir ''` must not write to the home folder.
    func validate() throws {
        if let learner, let problem = LearnerName.problem(learner) {
            throw ValidationError("--learner: \(problem)")
        }
        if let dataDir, dataDir.isBlank {
            throw ValidationError("--data-dir needs a folder: an empty path is not one")
        }
        if let classDir, classDir.isBlank {
            throw ValidationError("--class needs a folder: an empty path is not one")
        }
        if classDir != nil && dataDir != nil { throw ValidationError("--class and --data-dir cannot be used together") }
        if let classDir {
            // A class is made by `primer class init` (its folder private to the account);
            // a mistyped path must not quietly become a new, empty class.
            let folder = ClassFolder(path: classDir)
            guard FileManager.default.fileExists(atPath: folder.root.path) else {
                throw ValidationError("there is no class folder \(folder.root.path); create it with "
                                      + "'primer class init --class \(StoreCommandSupport.shellQuoted(folder.root.path))'")
            }
            try Self.refuseRootInAccountsClass(folder)
        }
        if let content, content.isBlank {
            throw ValidationError("--content needs a folder: an empty path is not one")
        }
    }

    /// Root working in a class folder that belongs to the class's account would leave files
    /// beside the data that only root can write (the daily backup, SQLite's log and lock),
    /// and the learners, running as the account, could no longer open their data.
    static func refuseRootInAccountsClass(_ folder: ClassFolder) throws {
        var info = stat()
        guard geteuid() == 0, stat(folder.root.path, &info) == 0, info.st_uid != 0 else { return }
        let owner = getpwuid(info.st_uid).map { String(cString: $0.pointee.pw_name) } ?? String(info.st_uid)
        throw PrimerError("the class \(folder.root.path) belongs to \(owner); run primer as \(owner), not as root "
                          + "(runuser -u \(owner) -- primer …), or files root makes in it would lock its learners out")
    }

    var useColor: Bool {
        !noColor && (environment["NO_COLOR"] ?? "").isEmpty
    }

    /// `--learner`, else `$PRIMER_LEARNER`, `$USER`, `$LOGNAME` (the first that is a usable
    /// name), else "learner".
    var learnerName: String {
        if let learner { return learner }
        for key in ["PRIMER_LEARNER", "USER", "LOGNAME"] {
            if let v = environment[key], LearnerName.problem(v) == nil { return v }
        }
        return "learner"
    }
}
