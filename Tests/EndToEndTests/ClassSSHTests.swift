import Foundation
import XCTest
#if canImport(Glibc)
import Glibc
#endif

/// A class over a real SSH connection: a private sshd on 127.0.0.1 (its own host key and
/// config, a free high port, the test's authorized_keys written by `primer class add`) and
/// the real ssh client. What a learner gets: primer as themselves in line mode without a
/// terminal, the full-screen interface with one, answers stored in the class's data;
/// and what they do not: another key, a password, another command, port forwarding.
///
/// The class's account is the one running the tests. The suite runs as root, so here the
/// account is root (hence `PermitRootLogin prohibit-password`, keys only): fine for a test
/// whose sshd listens on 127.0.0.1 alone and lives as long as the test; a real class has
/// an account of its own (README.md, "Running a class"). `StrictModes no` because the keys
/// file is in a temporary folder that sshd would not otherwise accept.
final class ClassSSHTests: XCTestCase {
    static let sshd = "/usr/sbin/sshd"
    static let ssh = "/usr/bin/ssh"
    static let learner = "Ana O'Neil"

    var primer: String!
    var directory: URL!
    var classDir: URL!
    var keysFile: URL!
    var account: String!
    var port: UInt16 = 0
    var server: SpawnedProcess?
    var sshdLog: URL!
    var tmux: TmuxSession?
    /// ssh clients left running by a test; ended in tearDown.
    var clients: [SpawnedProcess] = []

    var environment: [String: String] {
        ["HOME": directory.path, "LANG": "C.UTF-8", "TZ": "UTC", "PATH": "/usr/bin:/bin"]
    }

    override func setUpWithError() throws {
        guard FileManager.default.isExecutableFile(atPath: Self.sshd) else {
            throw XCTSkip("\(Self.sshd) is not installed (.ci/run installs openssh-server)")
        }
        guard let url = Built.primer else { throw XCTSkip("the primer binary was not built") }
        primer = url.path
        let name = try XCTUnwrap(getpwuid(geteuid())).pointee.pw_name
        account = String(cString: try XCTUnwrap(name))
        directory = try Built.temporaryDirectory("class-ssh")
        classDir = directory.appendingPathComponent("quiz")
        keysFile = directory.appendingPathComponent("authorized_keys")
        sshdLog = directory.appendingPathComponent("sshd.log")
        for key in ["host", "ana", "mallory"] { try makeKey(key) }
        try primerSucceeds(["class", "init", "--class", classDir.path, "--authorized-keys", keysFile.path])
        try primerSucceeds(["class", "add", Self.learner, "--key", key("ana") + ".pub",
                            "--class", classDir.path, "--authorized-keys", keysFile.path])
        try startServer()
    }

    override func tearDownWithError() throws {
        tmux?.kill()
        for client in clients { client.terminate() }
        server?.terminate()
        if let directory { try? FileManager.default.removeItem(at: directory) }
    }

    // MARK: the server

    func key(_ name: String) -> String { directory.appendingPathComponent(name).path }

    func makeKey(_ name: String) throws {
        let result = try runCommand("/usr/bin/ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-C", name, "-f", key(name)])
        XCTAssertEqual(result.status, 0, result.stderr)
    }

    @discardableResult
    func primerSucceeds(_ arguments: [String], file: StaticString = #filePath, line: UInt = #line) throws -> String {
        let result = try runCommand(primer, arguments, environment: environment)
        XCTAssertEqual(result.status, 0, "primer \(arguments.joined(separator: " ")): \(result.stdout)\(result.stderr)", file: file, line: line)
        return result.stdout
    }

    func config(port: UInt16) -> String {
        """
        Port \(port)
        ListenAddress 127.0.0.1
        HostKey \(key("host"))
        PidFile none
        UsePAM no
        PasswordAuthentication no
        KbdInteractiveAuthentication no
        PermitRootLogin prohibit-password
        StrictModes no
        AuthorizedKeysFile \(keysFile.path)
        LogLevel VERBOSE

        """
    }

    /// Starts sshd on a free port and waits until it accepts connections. A port taken
    /// between choosing it and sshd binding it makes sshd exit: then another port.
    func startServer() throws {
        // sshd running as root wants its privilege separation folder (made by the service normally).
        if geteuid() == 0 && !FileManager.default.fileExists(atPath: "/run/sshd") {
            try FileManager.default.createDirectory(atPath: "/run/sshd", withIntermediateDirectories: true,
                                                    attributes: [.posixPermissions: 0o755])
        }
        _ = FileManager.default.createFile(atPath: sshdLog.path, contents: nil)
        let configFile = directory.appendingPathComponent("sshd_config")
        for _ in 0..<5 {
            port = try Self.freePort()
            try config(port: port).write(to: configFile, atomically: true, encoding: .utf8)
            let process = try SpawnedProcess(Self.sshd, ["-D", "-e", "-f", configFile.path], environment: environment, output: sshdLog)
            let deadline = Date().addingTimeInterval(30)
            while process.isRunning && !Self.accepts(port) && Date() < deadline { usleep(20_000) }
            if process.isRunning && Self.accepts(port) {
                server = process
                return
            }
            process.terminate()
        }
        XCTFail("sshd did not start; its log:\n\(serverLog())")
        throw XCTSkip("sshd did not start")
    }

    func serverLog() -> String { (try? String(contentsOf: sshdLog, encoding: .utf8)) ?? "" }

    static func loopback(_ port: UInt16) -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        return address
    }

    /// A port the kernel had free a moment ago.
    static func freePort() throws -> UInt16 {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw XCTSkip("no socket: \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        var address = loopback(0)
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0 }
        }
        guard bound else { throw XCTSkip("cannot bind 127.0.0.1: \(String(cString: strerror(errno)))") }
        return UInt16(bigEndian: address.sin_port)
    }

    /// A socket connected to 127.0.0.1:port, or nil. The attempt is bounded (SO_SNDTIMEO
    /// bounds connect on Linux): a busy listener's full queue must not hold a test for minutes.
    static func connected(to port: UInt16) -> Int32? {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return nil }
        var wait = timeval(tv_sec: 5, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &wait, socklen_t(MemoryLayout<timeval>.size))
        var address = loopback(port)
        let done = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0 }
        }
        if done { return fd }
        close(fd)
        return nil
    }

    /// Whether something accepts connections on 127.0.0.1:port.
    static func accepts(_ port: UInt16) -> Bool {
        guard let fd = connected(to: port) else { return false }
        close(fd)
        return true
    }

    /// Connects to 127.0.0.1:port and reads until the other end closes (bounded); returns what came.
    static func readAll(from port: UInt16, timeout: TimeInterval = 30) -> String {
        guard let fd = connected(to: port) else { return "" }
        defer { close(fd) }
        var wait = timeval(tv_sec: Int(timeout), tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &wait, socklen_t(MemoryLayout<timeval>.size))
        var received: [UInt8] = [], buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let n = read(fd, &buffer, buffer.count)
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { break }
            received += buffer[..<n]
        }
        return String(decoding: received, as: UTF8.self)
    }

    // MARK: the client

    /// ssh's options: no config files, this key only, the test's host key taken on trust.
    func sshOptions(key name: String = "ana") -> [String] {
        ["-F", "/dev/null", "-i", key(name), "-p", "\(port)",
         "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null", "-o", "BatchMode=yes",
         "-o", "IdentitiesOnly=yes", "-o", "IdentityAgent=none", "-o", "LogLevel=ERROR"]
    }

    var destination: String { "\(account!)@127.0.0.1" }

    func ssh(_ options: [String], command: [String] = [], stdin: String? = nil) throws -> CommandResult {
        try runCommand(Self.ssh, options + [destination] + command, environment: environment, stdin: stdin, timeout: 60)
    }

    /// Ana's reviews in the class's data, as `primer learners` counts them (nil: no row).
    func reviews() throws -> Int? {
        let table = try primerSucceeds(["learners", "--class", classDir.path])
        guard let row = table.components(separatedBy: "\n").first(where: { $0.hasPrefix(Self.learner + " ") }) else { return nil }
        return row.dropFirst(Self.learner.count).split(separator: " ").first.flatMap { Int($0) }
    }

    func connected() throws -> String? {
        let list = try primerSucceeds(["class", "list", "--class", classDir.path, "--authorized-keys", keysFile.path])
        let row = list.components(separatedBy: "\n").first { $0.hasPrefix(Self.learner + " ") }
        return row?.split(separator: " ").last.map(String.init)
    }

    // MARK: tests

    /// `ssh -T` (no terminal) with answers on stdin: primer in line mode, as the learner,
    /// in the class's data.
    func testWithoutATerminalPrimerRunsInLineModeAsTheLearner() throws {
        try primerSucceeds(["lesson", "--plain", "alliance", "--class", classDir.path, "--learner", Self.learner])
        XCTAssertEqual(try reviews(), 0)
        let session = try ssh(sshOptions() + ["-T"], stdin: "1\n")
        XCTAssertEqual(session.status, 0, session.stderr + serverLog())
        XCTAssertTrue(session.stdout.hasPrefix("Study today: Pakistan-US relations and the War on Terror (learner \(Self.learner))"), session.stdout)
        XCTAssertTrue(session.stdout.contains("Question 1 of 13"), session.stdout)
        XCTAssertTrue(session.stdout.contains("\nsaved\n"), session.stdout)
        XCTAssertEqual(try reviews(), 1, "the answer is in the class's data, under the learner's name")
    }

    /// `ssh -t` in a terminal: the full-screen interface; an answer is stored; the learner
    /// shows as connected while it runs.
    func testWithATerminalTheFullScreenInterfaceStoresAnswers() throws {
        guard TmuxSession.isAvailable else { throw XCTSkip("tmux is not installed (.ci/run installs it)") }
        let tmux = TmuxSession(directory: directory)
        self.tmux = tmux
        XCTAssertEqual(try connected(), "no")
        let words = [Self.ssh] + sshOptions() + ["-t", destination]
        try tmux.start(command: "env -i PATH=/usr/bin:/bin TERM=xterm-256color " + words.map(shellQuote).joined(separator: " "))
        try tmux.waitFor(text: "Exam readiness", timeout: 60)
        XCTAssertEqual(try connected(), "yes", "primer runs as the learner's command")
        try tmux.send("l"); try tmux.waitFor(text: "Enter read", timeout: 30)
        try tmux.send("Enter"); try tmux.waitFor(text: "Source: ¶2", timeout: 30)
        try tmux.send("Enter"); try tmux.waitFor(text: "Question 1 of", timeout: 30)
        try tmux.send("1"); try tmux.waitFor(text: "Saved · returns", timeout: 30)
        try tmux.send("Escape", "Escape", "Escape"); try tmux.waitFor(text: "Exam readiness", timeout: 30)
        try tmux.send("q")
        try tmux.waitFor(text: "primer-exit-status=0", timeout: 60)
        XCTAssertEqual(try reviews(), 1, "the answer is in the class's data, under the learner's name")
        XCTAssertEqual(try connected(), "no", "the session ended with primer")
    }

    func testAnotherKeyIsRefused() throws {
        let result = try ssh(sshOptions(key: "mallory") + ["-T"])
        XCTAssertEqual(result.status, 255)
        XCTAssertTrue(result.stderr.contains("Permission denied"), result.stderr)
        XCTAssertFalse(result.stdout.contains("Study today"), result.stdout)
    }

    func testAPasswordLoginIsRefused() throws {
        let result = try ssh(sshOptions() + ["-T", "-o", "PreferredAuthentications=password,keyboard-interactive",
                                             "-o", "PubkeyAuthentication=no"])
        XCTAssertEqual(result.status, 255)
        XCTAssertTrue(result.stderr.contains("Permission denied"), result.stderr)
    }

    /// The key's command runs whatever the learner asks for.
    func testAnotherCommandRunsPrimerInstead() throws {
        for command in [["ls", "-a", "/"], ["echo", "not-primer"], ["sh", "-c", "id"]] {
            let result = try ssh(sshOptions(), command: command)
            XCTAssertEqual(result.status, 0, result.stderr)
            XCTAssertTrue(result.stdout.hasPrefix("Study today: "), "\(command): \(result.stdout)")
            XCTAssertFalse(result.stdout.contains("not-primer") || result.stdout.contains("uid=") || result.stdout.contains("\nusr\n"),
                           "\(command): \(result.stdout)")
        }
    }

    /// `restrict`: sshd refuses a remote forward at once (so ssh exits with
    /// ExitOnForwardFailure), and closes a local forward's connection without a byte.
    func testPortForwardingIsRefused() throws {
        let remote = try ssh(sshOptions() + ["-o", "ExitOnForwardFailure=yes", "-N", "-R", "\(try Self.freePort()):127.0.0.1:\(port)"])
        XCTAssertEqual(remote.status, 255)
        XCTAssertTrue(remote.stderr.contains("remote port forwarding failed"), remote.stderr)

        let localPort = try Self.freePort()
        let client = try SpawnedProcess(Self.ssh, sshOptions() + ["-o", "ExitOnForwardFailure=yes", "-N",
                                                                    "-L", "\(localPort):127.0.0.1:\(port)", destination],
                                        environment: environment, output: directory.appendingPathComponent("ssh-L.log"))
        clients.append(client)
        // The client listens once it has logged in.
        let deadline = Date().addingTimeInterval(30)
        while client.isRunning && !Self.accepts(localPort) && Date() < deadline { usleep(20_000) }
        XCTAssertTrue(client.isRunning && Self.accepts(localPort), "ssh -L did not start listening; sshd said:\n\(serverLog())")
        // Through the forward, sshd itself would greet with "SSH-2.0-…": nothing comes.
        let through = Self.readAll(from: localPort)
        XCTAssertFalse(through.contains("SSH-"), "the forward reached sshd: \(through)")
        XCTAssertTrue(serverLog().contains("refused local port forward"), serverLog())
    }
}

/// A child started with posix_spawn rather than Foundation's Process. sshd and ssh close
/// every descriptor they inherit as they start; Foundation on Linux takes that for the
/// child's exit and blocks its one monitoring thread in waitpid until the child really
/// ends, so no other Process (runCommand's) would be seen to finish meanwhile.
final class SpawnedProcess {
    let pid: pid_t
    private var status: Int32?

    /// Runs `executable` with stdin /dev/null and stdout and stderr appended to `output`.
    init(_ executable: String, _ arguments: [String], environment: [String: String], output: URL) throws {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, output.path, O_WRONLY | O_APPEND | O_CREAT, 0o600)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { (argv + envp).forEach { free($0) } }
        var pid = pid_t()
        let result = posix_spawn(&pid, executable, &actions, nil, argv, envp)
        guard result == 0 else {
            throw NSError(domain: "spawn", code: Int(result), userInfo: [NSLocalizedDescriptionKey: "\(executable): \(String(cString: strerror(result)))"])
        }
        self.pid = pid
    }

    var isRunning: Bool {
        guard status == nil else { return false }
        var code: Int32 = 0
        let result = waitpid(pid, &code, WNOHANG)
        if result == pid { status = code }
        return result == 0
    }

    /// SIGTERM, and SIGKILL if that has not ended it within a few seconds: ssh 9.2 can miss
    /// a SIGTERM that lands just before it blocks in poll (with -N, forever). Then reaps it.
    func terminate() {
        guard isRunning else { return }
        kill(pid, SIGTERM)
        let deadline = Date().addingTimeInterval(5)
        while isRunning && Date() < deadline { usleep(10_000) }
        guard isRunning else { return }
        kill(pid, SIGKILL)
        var code: Int32 = 0
        while waitpid(pid, &code, 0) == -1 && errno == EINTR {}
        status = code
    }

    deinit { terminate() }
}
