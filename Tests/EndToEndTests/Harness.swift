import Foundation
import XCTest

/// Locates the built `primer` binary and the repository, for tests that run the real program.
enum Built {
    static let repository = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// `swift test` builds every product next to the test bundle.
    static var primer: URL? {
        let besideTests = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        let candidates = [besideTests.appendingPathComponent("primer"),
                          besideTests.deletingLastPathComponent().appendingPathComponent("primer"),
                          repository.appendingPathComponent(".build/debug/primer")]
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) }
    }

    static func temporaryDirectory(_ name: String) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("primer-\(name)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}

/// Runs a command to completion with optional stdin, returning status and output.
struct CommandResult {
    var status: Int32
    var stdout: String
    var stderr: String
}

func runCommand(_ executable: String, _ arguments: [String], environment: [String: String]? = nil,
                stdin: String? = nil, currentDirectory: URL? = nil, timeout: TimeInterval = 30) throws -> CommandResult {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    if let environment { process.environment = environment }
    if let currentDirectory { process.currentDirectoryURL = currentDirectory }
    // Output goes to files, not pipes: a daemon the command starts (the tmux server)
    // inherits them and would keep a pipe open forever.
    let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("primer-cmd-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: scratch) }
    let outURL = scratch.appendingPathComponent("out"), errURL = scratch.appendingPathComponent("err")
    FileManager.default.createFile(atPath: outURL.path, contents: nil)
    FileManager.default.createFile(atPath: errURL.path, contents: nil)
    let out = try FileHandle(forWritingTo: outURL), err = try FileHandle(forWritingTo: errURL)
    defer { try? out.close(); try? err.close() }
    process.standardOutput = out
    process.standardError = err
    let input = Pipe()
    process.standardInput = input
    try process.run()
    if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
    try? input.fileHandleForWriting.close()
    let deadline = Date().addingTimeInterval(timeout)
    while process.isRunning {
        if Date() > deadline {
            process.terminate()
            throw NSError(domain: "e2e", code: 1, userInfo: [NSLocalizedDescriptionKey: "\(executable) did not finish in \(timeout) s"])
        }
        usleep(5_000)
    }
    return CommandResult(status: process.terminationStatus,
                         stdout: (try? String(contentsOf: outURL, encoding: .utf8)) ?? "",
                         stderr: (try? String(contentsOf: errURL, encoding: .utf8)) ?? "")
}

/// A tmux server on a private socket, driving one pane as a person would.
/// Runs `executable` with `input` written to a standard input that stays open until the
/// process ends by itself (a state, not a time: `guardTime` only stops a hang, and then
/// the test fails with `hang`). Output goes through files in `scratch`.
func runKeepingInputOpen(_ executable: String, _ arguments: [String], environment: [String: String], input: String = "",
                         scratch: URL, guardTime: TimeInterval = 120, hang: String = "primer did not end by itself",
                         file: StaticString = #filePath, line: UInt = #line) throws -> CommandResult {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    process.environment = environment
    let outURL = scratch.appendingPathComponent("open-out"), errURL = scratch.appendingPathComponent("open-err")
    _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
    _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
    let out = try FileHandle(forWritingTo: outURL), err = try FileHandle(forWritingTo: errURL)
    defer { try? out.close(); try? err.close() }
    process.standardOutput = out
    process.standardError = err
    let stdin = Pipe()
    process.standardInput = stdin
    try process.run()
    stdin.fileHandleForWriting.write(Data(input.utf8))
    let deadline = Date().addingTimeInterval(guardTime)
    while process.isRunning && Date() < deadline { usleep(10_000) }
    if process.isRunning { process.terminate(); XCTFail(hang, file: file, line: line) }
    process.waitUntilExit()
    try? stdin.fileHandleForWriting.close()
    return CommandResult(status: process.terminationStatus,
                         stdout: (try? String(contentsOf: outURL, encoding: .utf8)) ?? "",
                         stderr: (try? String(contentsOf: errURL, encoding: .utf8)) ?? "")
}

final class TmuxSession {
    let directory: URL
    /// A new socket for every server: reusing a path right after kill-server can reach
    /// the dying server ("server exited unexpectedly").
    private(set) var socket: String
    let name = "primer-e2e"
    private(set) var started = false

    init(directory: URL) {
        self.directory = directory
        socket = Self.newSocket(in: directory)
    }

    private static func newSocket(in directory: URL) -> String {
        directory.appendingPathComponent("tmux-\(UInt32.random(in: 0...UInt32.max)).sock").path
    }

    static var isAvailable: Bool {
        ["/usr/bin/tmux", "/usr/local/bin/tmux", "/bin/tmux"].contains { FileManager.default.isExecutableFile(atPath: $0) }
    }

    static var tmuxPath: String {
        ["/usr/bin/tmux", "/usr/local/bin/tmux", "/bin/tmux"].first { FileManager.default.isExecutableFile(atPath: $0) } ?? "tmux"
    }

    /// Runs tmux through system(3): Foundation's Process waits for descriptors that the
    /// daemonised tmux server inherits, so it would never see the client finish.
    @discardableResult
    func tmux(_ arguments: [String]) throws -> String {
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("primer-tmux-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: output) }
        let words = [Self.tmuxPath, "-S", socket] + arguments
        let command = "TERM=xterm-256color " + words.map(shellQuote).joined(separator: " ")
            + " </dev/null >" + shellQuote(output.path) + " 2>&1"
        let status = system(command)
        let text = (try? String(contentsOf: output, encoding: .utf8)) ?? ""
        guard status == 0 else {
            throw NSError(domain: "tmux", code: Int(status), userInfo: [NSLocalizedDescriptionKey: "tmux \(arguments.joined(separator: " ")): \(text)"])
        }
        return text
    }

    /// Starts `command` in a pane of the given size. The shell prints the exit status
    /// after the program ends, so the test can read it from the screen.
    func start(command: String, width: Int = 80, height: Int = 24) throws {
        let wrapped = "\(command); echo \"primer-exit-status=$?\"; sleep 600"
        if started { kill() }
        socket = Self.newSocket(in: directory)
        try tmux(["-f", "/dev/null", "new-session", "-d", "-s", name, "-x", "\(width)", "-y", "\(height)", wrapped])
        started = true
    }

    func capture() throws -> String { try tmux(["capture-pane", "-p", "-t", name]) }

    func send(_ keys: String...) throws { try tmux(["send-keys", "-t", name] + keys) }

    func resize(width: Int, height: Int) throws {
        try tmux(["resize-window", "-t", name, "-x", "\(width)", "-y", "\(height)"])
    }

    /// Polls the screen until `condition` holds; fails with the last screen after `timeout`.
    @discardableResult
    func waitFor(_ what: String, timeout: TimeInterval = 15, file: StaticString = #filePath, line: UInt = #line,
                 _ condition: (String) -> Bool) throws -> String {
        let deadline = Date().addingTimeInterval(timeout)
        var screen = ""
        while Date() < deadline {
            screen = try capture()
            if condition(screen) {
                // A frame reaches tmux in pieces: the text waited for may be on screen
                // before the rest of its frame. Return the screen once it has stopped
                // changing (two captures in a row alike) and still shows what was waited for.
                var settled = screen
                while Date() < deadline {
                    usleep(30_000)
                    let again = try capture()
                    if again == settled { break }
                    settled = again
                }
                if condition(settled) { return settled }
                screen = settled
            }
            usleep(20_000)
        }
        XCTFail("timed out waiting for \(what); the screen was:\n\(screen)", file: file, line: line)
        throw NSError(domain: "e2e", code: 2, userInfo: [NSLocalizedDescriptionKey: "timed out waiting for \(what)"])
    }

    @discardableResult
    func waitFor(text: String, timeout: TimeInterval = 15, file: StaticString = #filePath, line: UInt = #line) throws -> String {
        try waitFor("'\(text)'", timeout: timeout, file: file, line: line) { $0.contains(text) }
    }

    func kill() {
        guard started else { return }
        _ = try? tmux(["kill-server"])
        started = false
    }

    deinit { kill() }
}

/// Quotes a word for /bin/sh.
func shellQuote(_ word: String) -> String {
    "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'"
}
