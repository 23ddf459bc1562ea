import Foundation
import XCTest

/// `primer class init/add/list/remove`, run as the real binary. The tests run as root, so
/// the class's account is the current one and every command is given
/// `--authorized-keys FILE` in a temporary folder: /root/.ssh is never touched.
final class ClassCommandTests: XCTestCase {
    var primer: String!
    var root: URL!
    /// `root/my class`: a path with a space.
    var classDir: URL!
    /// `root/home/.ssh`, made 0700 by setUp unless a test removes it.
    var sshDir: URL!
    var keysFile: URL!
    var environment: [String: String]!

    override func setUpWithError() throws {
        guard let url = Built.primer else { throw XCTSkip("the primer binary was not built") }
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/ssh-keygen") else {
            throw XCTSkip("ssh-keygen is not installed (.ci/run installs openssh-client)")
        }
        primer = url.path
        root = try Built.temporaryDirectory("class commands")
        classDir = root.appendingPathComponent("my class", isDirectory: true)
        sshDir = root.appendingPathComponent("home/.ssh", isDirectory: true)
        try FileManager.default.createDirectory(at: sshDir, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        keysFile = sshDir.appendingPathComponent("authorized_keys")
        environment = ["HOME": root.appendingPathComponent("home").path, "LANG": "C.UTF-8", "TZ": "UTC", "PATH": "/usr/bin:/bin"]
    }

    override func tearDownWithError() throws {
        if let root { try? FileManager.default.removeItem(at: root) }
    }

    // MARK: helpers

    /// Runs `primer ARGUMENTS --class classDir --authorized-keys keysFile`.
    func run(_ arguments: [String], keys: URL? = nil, stdin: String? = nil) throws -> CommandResult {
        try runCommand(primer, arguments + ["--class", classDir.path, "--authorized-keys", (keys ?? keysFile).path],
                       environment: environment, stdin: stdin, timeout: 20)
    }

    @discardableResult
    func succeed(_ arguments: [String], keys: URL? = nil, file: StaticString = #filePath, line: UInt = #line) throws -> String {
        let result = try run(arguments, keys: keys)
        XCTAssertEqual(result.status, 0, "primer \(arguments.joined(separator: " ")): \(result.stdout)\(result.stderr)", file: file, line: line)
        XCTAssertEqual(result.stderr, "", file: file, line: line)
        return result.stdout
    }

    /// Asserts exit 1 with one `primer: ` message on stderr; returns it.
    @discardableResult
    func fail(_ arguments: [String], keys: URL? = nil, file: StaticString = #filePath, line: UInt = #line) throws -> String {
        let result = try run(arguments, keys: keys)
        XCTAssertEqual(result.status, 1, "primer \(arguments.joined(separator: " ")): \(result.stdout)\(result.stderr)", file: file, line: line)
        XCTAssertTrue(result.stderr.hasPrefix("primer: "), result.stderr, file: file, line: line)
        XCTAssertFalse(result.stderr.contains("Fatal error"), result.stderr, file: file, line: line)
        return result.stderr
    }

    /// A new ed25519 key pair `root/NAME` and `root/NAME.pub`; returns the public key file.
    func makeKey(_ name: String) throws -> URL {
        let path = root.appendingPathComponent(name).path
        let result = try runCommand("/usr/bin/ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-C", "\(name)@laptop", "-f", path])
        XCTAssertEqual(result.status, 0, result.stderr)
        return URL(fileURLWithPath: path + ".pub")
    }

    /// `SHA256:…` as ssh-keygen prints it.
    func fingerprint(_ publicKey: URL) throws -> String {
        let result = try runCommand("/usr/bin/ssh-keygen", ["-l", "-f", publicKey.path])
        return String(result.stdout.split(separator: " ")[1])
    }

    func mode(_ url: URL) throws -> Int {
        try XCTUnwrap(FileManager.default.attributesOfItem(atPath: url.path)[.posixPermissions] as? Int)
    }

    func keysText() throws -> String { try String(contentsOf: keysFile, encoding: .utf8) }

    /// The keys file's lines, split at line feeds only (Swift reads "\r\n" as one character).
    func keysLines() throws -> [String] {
        try Data(contentsOf: keysFile).split(separator: 0x0A, omittingEmptySubsequences: false).map { String(decoding: $0, as: UTF8.self) }
    }

    // MARK: init

    func testInitCreatesThePrivateFolderAndPrintsTheSetUp() throws {
        let first = try succeed(["class", "init"])
        XCTAssertEqual(try mode(classDir), 0o700)
        XCTAssertTrue(FileManager.default.fileExists(atPath: classDir.appendingPathComponent("data").path))
        XCTAssertTrue(first.contains("Class folder: \(classDir.path) (created)"), first)
        XCTAssertTrue(first.contains("Keys file: \(keysFile.path)"), first)
        for line in ["Match User root", "    PasswordAuthentication no", "    AllowTcpForwarding no", "    X11Forwarding no",
                     "    PermitTTY yes", "    AuthorizedKeysFile \"\(keysFile.path)\"", "ssh root@",
                     "primer class add NAME --key NAME.pub --class '\(classDir.path)'"] {
            XCTAssertTrue(first.contains(line), "lacks \(line):\n\(first)")
        }
        XCTAssertTrue(first.contains("ok      \(classDir.path) belongs to root, mode 0700"), first)
        XCTAssertTrue(first.contains("note    \(keysFile.path) does not exist yet"), first)
        XCTAssertFalse(first.contains("PROBLEM"), first)

        // Again: nothing to create, nothing wrong.
        let second = try succeed(["class", "init"])
        XCTAssertFalse(second.contains("(created)"), second)
        XCTAssertTrue(second.contains("Class folder: \(classDir.path)\n"), second)
    }

    func testInitReportsWhatIsWrongAndHowToFixIt() throws {
        try succeed(["class", "init"])
        XCTAssertEqual(chmod(classDir.path, 0o755), 0)
        FileManager.default.createFile(atPath: keysFile.path, contents: Data(), attributes: [.posixPermissions: 0o666])
        XCTAssertEqual(chmod(keysFile.path, 0o666), 0)
        let result = try run(["class", "init"])
        XCTAssertEqual(result.status, 1)
        XCTAssertTrue(result.stdout.contains("PROBLEM \(classDir.path) has mode 0755, not 0700"), result.stdout)
        XCTAssertTrue(result.stdout.contains("fix: chmod 700 '\(classDir.path)'"), result.stdout)
        XCTAssertTrue(result.stdout.contains("PROBLEM \(keysFile.path) can be written by others (mode 0666)"), result.stdout)
        XCTAssertTrue(result.stdout.contains("fix: chmod 600 '\(keysFile.path)'"), result.stdout)
        XCTAssertEqual(result.stderr, "primer: 2 checks above failed; fix them and run 'primer class init' again\n")
        XCTAssertEqual(try mode(classDir), 0o755, "init reports; it does not change a folder that is there")
    }

    func testAnAccountThatDoesNotExistIsRefused() throws {
        let message = try fail(["class", "init", "--account", "no-such-account-here"])
        XCTAssertTrue(message.contains("there is no account 'no-such-account-here'"), message)
        XCTAssertFalse(FileManager.default.fileExists(atPath: classDir.path))
        // The account may be named: here it is the one running the tests.
        try succeed(["class", "init", "--account", "root"])
    }

    // MARK: add, list, remove

    func testAddListRemove() throws {
        try succeed(["class", "init"])
        let anaKey = try makeKey("ana"), bobKey = try makeKey("bob")
        let tutorLine = "# the tutor's own key stays\r\nssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIJ9lavNjJL3+VpRBCdfZqXJGxDTUAbpDmQZsLRd3RShH tutor\n"
        try Data(tutorLine.utf8).write(to: keysFile)
        XCTAssertEqual(chmod(keysFile.path, 0o600), 0)

        let added = try succeed(["class", "add", "Ana O'Neil", "--key", anaKey.path])
        let anaFingerprint = try fingerprint(anaKey)
        XCTAssertTrue(added.contains("Added Ana O'Neil to the class \(classDir.path), key ssh-ed25519 \(anaFingerprint) (ana@laptop)."), added)
        XCTAssertTrue(added.contains("They log in with: ssh root@"), added)
        try succeed(["class", "add", "bob", "--key", bobKey.path])

        let lines = try keysLines()
        XCTAssertEqual(lines.count, 5, "tutor's two lines, ana, bob and the final line break")
        XCTAssertTrue(try keysText().hasPrefix(tutorLine), "the tutor's lines are untouched")
        let anaPublic = try String(contentsOf: anaKey, encoding: .utf8).split(separator: " ")
        XCTAssertEqual(lines[2], "command=\"\(primer!) --class '\(classDir.path)' --learner 'Ana O'\\''Neil'\",restrict,pty "
                       + "\(anaPublic[0]) \(anaPublic[1]) primer:Ana O'Neil", "the program is this primer, by its absolute path")
        XCTAssertEqual(try mode(keysFile), 0o600, "the file keeps its mode")

        let list = try succeed(["class", "list"])
        let header = try XCTUnwrap(list.components(separatedBy: "\n").first)
        XCTAssertTrue(header.hasPrefix("NAME        KEY          FINGERPRINT ") && header.hasSuffix("  CONNECTED"), header)
        XCTAssertTrue(list.contains("Ana O'Neil  ssh-ed25519  \(anaFingerprint)  no"), list)
        XCTAssertTrue(list.contains("bob         ssh-ed25519  \(try fingerprint(bobKey))  no"), list)
        XCTAssertFalse(list.contains("tutor"), list)

        let removed = try succeed(["class", "remove", "Ana O'Neil"])
        XCTAssertTrue(removed.contains("Removed Ana O'Neil (ssh-ed25519 \(anaFingerprint))"), removed)
        XCTAssertTrue(removed.contains("Their data stays in \(classDir.path)/data"), removed)
        XCTAssertEqual(try keysText(), tutorLine + lines[3] + "\n", "only ana's line went")
        let after = try succeed(["class", "list"])
        XCTAssertFalse(after.contains("Ana"), after)
        XCTAssertTrue(after.contains("bob "), after)

        try succeed(["class", "remove", "bob"])
        XCTAssertEqual(try keysText(), tutorLine)
        XCTAssertTrue(try succeed(["class", "list"]).hasPrefix("No learners in the class \(classDir.path) yet"))
    }

    /// The line's command, run by a shell as sshd runs it, studies as the learner in the class.
    func testTheLinesCommandStudiesAsTheLearnerInTheClass() throws {
        try succeed(["class", "init"])
        try succeed(["class", "add", "Ana O'Neil", "--key", try makeKey("ana").path])
        let line = try keysLines()[0]
        let command = try XCTUnwrap(line.split(separator: "\"").dropFirst().first.map(String.init))
            .replacingOccurrences(of: "\\\"", with: "\"")
        let session = try runCommand("/bin/sh", ["-c", command], environment: environment, stdin: "")
        XCTAssertEqual(session.status, 0, session.stderr)
        XCTAssertTrue(session.stdout.hasPrefix("Study today: Pakistan-US relations and the War on Terror (learner Ana O'Neil)"), session.stdout)
        XCTAssertFalse(try FileManager.default.contentsOfDirectory(atPath: classDir.appendingPathComponent("data").path).isEmpty,
                       "the learner's store is in the class's data folder")
    }

    /// `status` finds a learner's running session by its exact command (as sshd starts it),
    /// with where it connected from; the others are listed as not connected.
    func testStatusShowsWhoIsConnectedAndFromWhere() throws {
        try succeed(["class", "init"])
        try succeed(["class", "add", "Ana O'Neil", "--key", try makeKey("ana").path])
        try succeed(["class", "add", "bob", "--key", try makeKey("bob").path])
        let before = try succeed(["class", "status"])
        XCTAssertTrue(before.hasPrefix("Class \(classDir.path): 0 of 2 learners connected.\nNot connected: Ana O'Neil, bob."), before)

        // Ana has read a lesson, so her session has a question to wait on.
        let read = try runCommand(primer, ["lesson", "alliance", "--class", classDir.path, "--learner", "Ana O'Neil"],
                                  environment: environment)
        XCTAssertEqual(read.status, 0, read.stderr)
        // Her session, as sshd would run it: her line's arguments, SSH_CONNECTION set, and
        // an open standard input (line mode waits for her answer).
        let session = Process()
        session.executableURL = URL(fileURLWithPath: primer)
        session.arguments = ["--class", classDir.path, "--learner", "Ana O'Neil"]
        session.environment = environment.merging(["SSH_CONNECTION": "192.0.2.7 50000 192.0.2.1 22"]) { $1 }
        let input = Pipe()
        session.standardInput = input
        session.standardOutput = FileHandle.nullDevice
        session.standardError = FileHandle.nullDevice
        try session.run()
        defer {
            session.terminate()
            session.waitUntilExit()
        }
        var status = ""
        // Until her session runs: a state; the minute is only a guard for a busy machine.
        let guardTime = Date().addingTimeInterval(60)
        while !status.contains("1 of 2 learners connected") && Date() < guardTime {
            status = try succeed(["class", "status"])
        }
        let lines = status.components(separatedBy: "\n")
        XCTAssertEqual(lines.first, "Class \(classDir.path): 1 of 2 learners connected.", status)
        XCTAssertTrue(lines.count > 2 && lines[1].hasPrefix("NAME        SINCE") && lines[2].hasPrefix("Ana O'Neil  "), status)
        XCTAssertTrue(lines.count > 2 && lines[2].hasSuffix("  192.0.2.7  1"), status)
        XCTAssertTrue(status.contains("Not connected: bob."), status)
        XCTAssertTrue(status.contains("No live quiz running."), status)
        let list = try succeed(["class", "list"])
        XCTAssertTrue(list.contains("Ana O'Neil  ssh-ed25519  \(try fingerprint(root.appendingPathComponent("ana.pub")))  yes"), list)
    }

    /// A mistyped class folder is refused, never quietly made into a new, empty class.
    func testAClassFolderThatDoesNotExistIsRefusedAndNotMade() throws {
        let missing = root.appendingPathComponent("no such class")
        for arguments in [["--class", missing.path, "--learner", "ana"], ["results", "--class", missing.path],
                          ["live", "--class", missing.path, "--preset", "x.preset"]] {
            let result = try runCommand(primer, arguments, environment: environment, stdin: "")
            XCTAssertNotEqual(result.status, 0, arguments.joined(separator: " "))
            XCTAssertTrue(result.stderr.contains("there is no class folder \(missing.path); create it with 'primer class init"),
                          result.stderr)
            XCTAssertFalse(FileManager.default.fileExists(atPath: missing.path), "nothing made for \(arguments)")
        }
    }

    func testAddMakesTheSSHFolderAndFileForTheAccount() throws {
        try succeed(["class", "init"])
        try FileManager.default.removeItem(at: sshDir)
        try succeed(["class", "add", "ana", "--key", try makeKey("ana").path])
        XCTAssertEqual(try mode(sshDir), 0o700)
        XCTAssertEqual(try mode(keysFile), 0o600)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: sshDir.path), ["authorized_keys"], "no temporary file left")
    }

    func testOptionsBeforeTheCommandWork() throws {
        let result = try runCommand(primer, ["--class", classDir.path, "class", "init", "--authorized-keys", keysFile.path],
                                    environment: environment)
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(try mode(classDir), 0o700)
    }

    /// Files root made beside the data (backup, SQLite's log and lock) would lock out the
    /// learners, who run as the class's account: root is refused in an account's class.
    func testRootIsRefusedInAClassThatBelongsToItsAccount() throws {
        guard geteuid() == 0 else { throw XCTSkip("only root can give the folder away") }
        try succeed(["class", "init"])
        let data = classDir.appendingPathComponent("data")
        XCTAssertEqual(chown(classDir.path, 65534, 65534), 0)
        XCTAssertEqual(chown(data.path, 65534, 65534), 0)
        for arguments in [["learners"], ["--learner", "ana"], ["stats", "--learner", "ana"]] {
            let result = try runCommand(primer, arguments + ["--class", classDir.path], environment: environment, stdin: "")
            XCTAssertEqual(result.status, 1, "\(arguments): \(result.stdout)")
            XCTAssertTrue(result.stderr.hasPrefix("primer: the class \(classDir.path) belongs to "), result.stderr)
            XCTAssertTrue(result.stderr.contains("not as root"), result.stderr)
        }
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: data.path), [], "nothing was made in the data folder")
    }

    func testRefusals() throws {
        let anaKey = try makeKey("ana")
        XCTAssertTrue(try fail(["class", "add", "ana", "--key", anaKey.path]).contains("there is no class folder \(classDir.path)"))
        try succeed(["class", "init"])
        try succeed(["class", "add", "ana", "--key", anaKey.path])
        let before = try keysText()

        XCTAssertTrue(try fail(["class", "add", "ana", "--key", try makeKey("ana2").path]).contains("'ana' is already in this class"))
        XCTAssertTrue(try fail(["class", "add", "bob", "--key", anaKey.path]).contains("this key is already ana's in this class"))
        let privateKey = root.appendingPathComponent("ana").path
        XCTAssertEqual(try fail(["class", "add", "bob", "--key", privateKey]),
                       "primer: the key file \(privateKey): this is a private key, which must never leave the learner's computer; ask for the .pub file beside it\n")
        let garbage = root.appendingPathComponent("garbage.pub")
        try Data([0x00, 0xFF, 0x1B, 0x5B, 0x32, 0x4A]).write(to: garbage)
        XCTAssertEqual(try fail(["class", "add", "bob", "--key", garbage.path]), "primer: the key file \(garbage.path) is not a public key: it is not text\n")
        try Data("not a key at all\n".utf8).write(to: garbage)
        XCTAssertTrue(try fail(["class", "add", "bob", "--key", garbage.path]).contains("the key file \(garbage.path): 'not' is not a key type"))
        XCTAssertEqual(try fail(["class", "add", "bob", "--key", root.appendingPathComponent("missing.pub").path]),
                       "primer: cannot read the key file \(root.appendingPathComponent("missing.pub").path): No such file or directory\n")
        XCTAssertTrue(try fail(["class", "add", "bob", "--key", root.path]).contains("Is a directory"))
        let bobKey = try makeKey("bob")
        XCTAssertTrue(try fail(["class", "add", "Bob \"B\"", "--key", bobKey.path]).contains("double quote"))
        let dash = try runCommand(primer, ["class", "add", "--key", bobKey.path, "--class", classDir.path,
                                           "--authorized-keys", keysFile.path, "--", "-rf"], environment: environment)
        XCTAssertEqual(dash.status, 1)
        XCTAssertTrue(dash.stderr.hasPrefix("primer: a class learner's name cannot start with '-'"), dash.stderr)
        XCTAssertTrue(try fail(["class", "add", "bob\u{1B}[2J", "--key", bobKey.path]).contains("control characters"))
        XCTAssertTrue(try fail(["class", "add", "bob", "--key", bobKey.path, "--program", "/no/such/primer"]).contains("not an executable file"))
        XCTAssertTrue(try fail(["class", "remove", "cy"]).contains("there is no learner 'cy' in this class; it has ana"))
        XCTAssertTrue(try fail(["class", "remove", "cy"], keys: root.appendingPathComponent("none")).contains("(it has none yet)"))
        XCTAssertEqual(try keysText(), before, "nothing refused was written")
    }
}
