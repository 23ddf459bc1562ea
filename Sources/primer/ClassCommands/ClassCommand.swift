import ArgumentParser
import Foundation
import StudyServices
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `primer class`: a class over SSH. One Unix account, one authorized_keys line per learner;
/// sshd checks the learner's key and runs `primer --class DIR --learner NAME` for them.
struct ClassCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "class",
        abstract: "Run a class over SSH: one account, one key per learner.",
        discussion: """
            A class is one Unix account whose authorized_keys file holds one line per learner: \
            sshd checks the learner's key and runs primer as that learner on the class folder's \
            data (DIR/data), whatever the learner asked to run. Start with \
            'primer class init --class DIR', then 'primer class add NAME --key FILE --class DIR' \
            for each learner. See "Running a class" in README.md.
            """,
        subcommands: [ClassInitCommand.self, ClassAddCommand.self, ClassRemoveCommand.self, ClassListCommand.self,
                      ClassStatusCommand.self])
}

/// The options every `primer class` subcommand takes.
struct ClassOptions: ParsableArguments {
    @Option(name: .customLong("class"), help: ArgumentHelp("The class folder; its learners' data is DIR/data.", valueName: "DIR"))
    var classDir: String

    @Option(name: .long, help: ArgumentHelp("The account the learners log in to (default: the one running this command).", valueName: "NAME"))
    var account: String?

    @Option(name: .customLong("authorized-keys"), help: ArgumentHelp(
        "Edit FILE instead of the account's ~/.ssh/authorized_keys: for tests and unusual set-ups (sshd must then be told with AuthorizedKeysFile).",
        valueName: "FILE"))
    var authorizedKeys: String?

    func validate() throws {
        if classDir.trimmingCharacters(in: .whitespaces).isEmpty { throw ValidationError("--class needs a folder: an empty path is not one") }
        if let account, account.isEmpty { throw ValidationError("--account needs an account name") }
        if let authorizedKeys, authorizedKeys.trimmingCharacters(in: .whitespaces).isEmpty {
            throw ValidationError("--authorized-keys needs a file: an empty path is not one")
        }
    }

    /// The class these options name: its folder, account and keys file.
    func site() throws -> ClassSite {
        let account = try ClassAccount.find(self.account)
        let keysFile = authorizedKeys.map(StoreCommandSupport.fileURL)
            ?? URL(fileURLWithPath: account.home).appendingPathComponent(".ssh/authorized_keys")
        return ClassSite(folder: ClassFolder(path: classDir), account: account, keysFile: keysFile,
                         keysFileIsDefault: authorizedKeys == nil)
    }
}

/// A Unix account, as the password database has it.
struct ClassAccount {
    let name: String
    let uid: uid_t
    let gid: gid_t
    let home: String
    let shell: String

    /// The account named `name`, or the one running primer when nil.
    static func find(_ name: String?) throws -> ClassAccount {
        guard let entry = name.map({ getpwnam($0) }) ?? getpwuid(geteuid()) else {
            if let name {
                throw PrimerError("there is no account '\(name)' on this machine; create it first "
                                  + "(for example: adduser --disabled-password \(StoreCommandSupport.shellQuoted(name)))")
            }
            throw PrimerError("the account running primer (uid \(geteuid())) is not in the password database; pass --account NAME")
        }
        let fields = entry.pointee
        return ClassAccount(name: String(cString: fields.pw_name), uid: fields.pw_uid, gid: fields.pw_gid,
                            home: String(cString: fields.pw_dir), shell: String(cString: fields.pw_shell))
    }
}

/// One class on this machine: where its data is, which account learners log in to, and the
/// authorized_keys file that lets them in.
struct ClassSite {
    let folder: ClassFolder
    let account: ClassAccount
    let keysFile: URL
    /// Whether `keysFile` is the account's ~/.ssh/authorized_keys, where sshd looks by default.
    let keysFileIsDefault: Bool

    /// The class folder as it is written in authorized_keys lines.
    var classPath: String { folder.root.path }
    var keysFolder: URL { keysFile.deletingLastPathComponent() }

    /// Refuses a class folder `primer class init` has not made.
    func requireFolder() throws {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: classPath, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw PrimerError("there is no class folder \(classPath); create it with 'primer class init --class \(StoreCommandSupport.shellQuoted(classPath))'")
        }
    }

    /// The keys file as it is now; a missing file has no lines.
    func readKeys() throws -> AuthorizedKeys {
        if let data = FileManager.default.contents(atPath: keysFile.path) { return AuthorizedKeys(bytes: [UInt8](data)) }
        guard FileManager.default.fileExists(atPath: keysFile.path) else { return AuthorizedKeys(bytes: []) }
        throw PrimerError("cannot read \(keysFile.path): \(String(cString: strerror(errno)))")
    }

    /// This class's learners, in file order.
    func learners() throws -> [ClassLearnerKey] {
        try readKeys().learners(inClass: classPath)
    }

    /// Changes the keys file atomically and under a lock, creating its folder (mode 0700,
    /// the account's) and the file (0600, the account's) when they are missing.
    func editKeys<Result>(_ change: (inout AuthorizedKeys) throws -> Result) throws -> Result {
        try makeKeysFolder()
        return try Self.classErrors {
            try AtomicRewrite.update(keysFile, newFileMode: 0o600) { old in
                var keys = AuthorizedKeys(bytes: old ?? [])
                let result = try change(&keys)
                return (keys.bytes, result)
            }
        }
    }

    private func makeKeysFolder() throws {
        let path = keysFolder.path
        if FileManager.default.fileExists(atPath: path) { return }
        guard mkdir(path, 0o700) == 0 else {
            throw PrimerError("cannot create \(path): \(String(cString: strerror(errno)))")
        }
        // The account's own, as sshd requires; only root can give it away.
        if geteuid() == 0 && chown(path, account.uid, account.gid) != 0 {
            throw PrimerError("cannot give \(path) to \(account.name): \(String(cString: strerror(errno)))")
        }
    }

    /// Runs `body`, turning a `ClassKeyError` into primer's own error (printed `primer: …`, exit 1).
    static func classErrors<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as ClassKeyError {
            throw PrimerError(error.description)
        }
    }

    /// What a learner types to join: `ssh ACCOUNT@HOST`.
    var loginCommand: String { "ssh \(account.name)@\(Self.hostName)" }

    static var hostName: String {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count - 1) == 0 else { return "HOST" }
        let name = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return name.isEmpty ? "HOST" : name
    }
}
