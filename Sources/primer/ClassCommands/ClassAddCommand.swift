import ArgumentParser
import Foundation
import StudyServices

/// `primer class add NAME --key FILE`: lets a learner in with their public key.
struct ClassAddCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add",
        abstract: "Add a learner to the class: their public key lets them in as NAME.",
        discussion: """
            Writes one line to the account's ~/.ssh/authorized_keys (creating ~/.ssh, mode 0700, \
            and the file, mode 0600, when missing), atomically: sshd sees the old file or the \
            new one, never a part. The line runs 'PROGRAM --class DIR --learner NAME' whatever \
            the learner asks for, with forwarding turned off (restrict) and a terminal (pty). \
            A name already in the class, or a key already in the file, is refused. The learner \
            sends their public key: the .pub file, such as ~/.ssh/id_ed25519.pub (made by \
            'ssh-keygen -t ed25519'), never the private key beside it.
            """)

    /// A public key is one line; anything much longer is not one.
    static let largestKeyFile = 64 * 1024

    @Argument(help: ArgumentHelp("The learner's name, as primer shows it.", valueName: "NAME"))
    var name: String

    @Option(name: .long, help: ArgumentHelp("The learner's public key file (such as ana.pub).", valueName: "FILE"))
    var key: String

    @Option(name: .long, help: ArgumentHelp("The primer sshd runs (default: this one).", valueName: "PATH"))
    var program: String?

    @OptionGroup var options: ClassOptions

    func run() throws {
        let site = try options.site()
        try site.requireFolder()
        let publicKey = try Self.readKey(key)
        let programPath = try program.map(StoreCommandSupport.fileURL).map(\.path) ?? Self.runningProgram()
        guard FileManager.default.isExecutableFile(atPath: programPath) else {
            throw PrimerError("the primer program \(programPath) is not an executable file; pass --program PATH")
        }
        let entry = try ClassSite.classErrors {
            try ClassLearnerKey(learner: name, classFolder: site.classPath, program: programPath, key: publicKey)
        }
        try site.editKeys { keys in try keys.add(entry) }
        Streams.line("Added \(entry.learner) to the class \(site.classPath), key \(publicKey.type) \(publicKey.fingerprint)"
                     + (publicKey.comment.map { " (\($0))" } ?? "") + ".")
        Streams.line("The line is in \(site.keysFile.path); it runs: \(entry.command)")
        Streams.line("They log in with: \(site.loginCommand)")
    }

    /// The public key in `path`, or an error naming the file and what is wrong with it.
    static func readKey(_ path: String) throws -> SSHPublicKey {
        let url = StoreCommandSupport.fileURL(path)
        let bytes: [UInt8]
        do {
            bytes = try readStart(of: url, count: largestKeyFile + 1)
        } catch let failure as ReadFailure {
            throw PrimerError("cannot read the key file \(url.path): \(String(cString: strerror(failure.errno)))")
        }
        guard bytes.count <= largestKeyFile else {
            throw PrimerError("the key file \(url.path) is not a public key: it is far too long for one")
        }
        guard let text = String(bytes: bytes, encoding: .utf8) else {
            throw PrimerError("the key file \(url.path) is not a public key: it is not text")
        }
        do {
            return try SSHPublicKey(fileText: text)
        } catch let error as ClassKeyError {
            throw PrimerError("the key file \(url.path): \(error.description)")
        }
    }

    private struct ReadFailure: Error { let errno: Int32 }

    /// Up to `count` bytes from the start of a file; a failure is the system's errno.
    private static func readStart(of url: URL, count: Int) throws -> [UInt8] {
        let fd = open(url.path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw ReadFailure(errno: errno) }
        defer { close(fd) }
        var bytes = [UInt8](repeating: 0, count: count), filled = 0
        while filled < count {
            let n = bytes[filled...].withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            if n < 0 { throw ReadFailure(errno: errno) }
            if n == 0 { break }
            filled += n
        }
        return Array(bytes[..<filled])
    }

    /// The absolute path of this primer: as it was started (a symbolic link such as
    /// /usr/local/bin/primer is kept, so an upgrade behind it carries on working), found
    /// in PATH when started by name, else what /proc/self/exe names.
    static func runningProgram() throws -> String {
        let first = CommandLine.arguments.first ?? ""
        let fm = FileManager.default
        if first.contains("/") {
            let path = StoreCommandSupport.fileURL(first).path
            if fm.isExecutableFile(atPath: path) { return path }
        } else if !first.isEmpty {
            for folder in (ProcessEnvironment.values["PATH"] ?? "").split(separator: ":") where folder.hasPrefix("/") {
                let path = URL(fileURLWithPath: String(folder)).appendingPathComponent(first).standardizedFileURL.path
                if fm.isExecutableFile(atPath: path) { return path }
            }
        }
        if let path = try? fm.destinationOfSymbolicLink(atPath: "/proc/self/exe"), path.hasPrefix("/") { return path }
        throw PrimerError("cannot tell where this primer is; pass --program PATH")
    }
}
