import Foundation
import XCTest
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// Shared by the robustness suite (CrashLoopTests, DamagedDataTests, FuzzedCourseTests,
// HostileTerminalTests): a live line-mode session fed through a pipe, the integrity
// check, and small readers of primer's output.

enum Robust {
    /// The sqlite3 command-line shell, when installed: it runs the real `PRAGMA
    /// integrity_check` in a process that is not primer. Without it, `primer doctor` does.
    static var sqlite3: String? {
        ["/usr/bin/sqlite3", "/usr/local/bin/sqlite3", "/bin/sqlite3"].first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// A clean environment: no terminal, a private home and data folder, a fixed learner.
    static func environment(home: URL, data: URL, extra: [String: String] = [:]) -> [String: String] {
        var env = ["HOME": home.path, "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8", "TZ": "UTC",
                   "PRIMER_DATA_DIR": data.path, "PRIMER_LEARNER": "tester"]
        env.merge(sanitizerOptions) { $1 }
        env.merge(extra) { $1 }
        return env
    }

    /// ASAN_OPTIONS and friends from the test's own environment, so a sanitized primer
    /// (`swift test --sanitize=…` builds one) runs with the options the run was given.
    static var sanitizerOptions: [String: String] {
        ProcessInfo.processInfo.environment.filter { ["ASAN_OPTIONS", "LSAN_OPTIONS", "TSAN_OPTIONS", "UBSAN_OPTIONS"].contains($0.key) }
    }

    /// Lines equal to `target`, counting only whole lines (a last line without its
    /// newline was cut off, e.g. by a kill, and was never fully written).
    static func wholeLines(_ text: String, equalTo target: String) -> Int {
        var lines = text.components(separatedBy: "\n")
        lines.removeLast()
        return lines.filter { $0 == target }.count
    }

    /// The result of an integrity check: `ok` exactly when the file is sound.
    struct Integrity {
        var ok: Bool
        var how: String
        var detail: String
    }

    /// `PRAGMA integrity_check` on the store in `data`: with the sqlite3 shell when it is
    /// installed, else with `primer doctor` (which runs the same pragma and prints
    /// "Integrity: ok"). Either one also recovers the write-ahead log a kill left behind,
    /// as the next primer would.
    static func integrity(data: URL, primer: String, environment: [String: String]) throws -> Integrity {
        let file = data.appendingPathComponent("primer.sqlite")
        guard FileManager.default.fileExists(atPath: file.path) else {
            return Integrity(ok: true, how: "no file yet", detail: "")
        }
        if let sqlite3 {
            let result = try runCommand(sqlite3, [file.path, "PRAGMA integrity_check;"], timeout: 30)
            return Integrity(ok: result.status == 0 && result.stdout == "ok\n", how: "sqlite3",
                             detail: result.stdout + result.stderr)
        }
        let result = try runCommand(primer, ["doctor"], environment: environment, timeout: 30)
        return Integrity(ok: result.stdout.contains("\nIntegrity: ok\n"), how: "primer doctor",
                         detail: result.stdout + result.stderr)
    }

    /// `reviews_total` from `primer stats --json`.
    static func reviewsTotal(primer: String, environment: [String: String],
                             file: StaticString = #filePath, line: UInt = #line) throws -> Int {
        let result = try runCommand(primer, ["stats", "--json"], environment: environment, timeout: 30)
        XCTAssertEqual(result.status, 0, "primer stats --json: \(result.stderr)", file: file, line: line)
        let object = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
        return try XCTUnwrap(object?["reviews_total"] as? Int, "no reviews_total in:\n\(result.stdout)", file: file, line: line)
    }

    /// "exit 1" or "signal 9 (Killed)", for messages.
    static func describe(_ process: Process) -> String {
        switch process.terminationReason {
        case .exit: return "exit \(process.terminationStatus)"
        case .uncaughtSignal:
            let name = strsignal(process.terminationStatus).map { String(cString: $0) } ?? "?"
            return "signal \(process.terminationStatus) (\(name))"
        @unknown default: return "status \(process.terminationStatus)"
        }
    }
}

/// A process with its stdin on a pipe the test writes to, line by line, while the
/// process runs; stdout and stderr go to files, so whatever it wrote before it died
/// can be read afterwards.
final class LiveProcess {
    let process = Process()
    private let input = Pipe()
    private let outURL: URL
    private let errURL: URL
    private let scratch: URL

    init(_ executable: String, _ arguments: [String], environment: [String: String], currentDirectory: URL? = nil) throws {
        scratch = FileManager.default.temporaryDirectory.appendingPathComponent("primer-live-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        outURL = scratch.appendingPathComponent("out")
        errURL = scratch.appendingPathComponent("err")
        _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
        let out = try FileHandle(forWritingTo: outURL), err = try FileHandle(forWritingTo: errURL)
        defer { try? out.close(); try? err.close() }
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.environment = environment
        if let currentDirectory { process.currentDirectoryURL = currentDirectory }
        process.standardInput = input
        process.standardOutput = out
        process.standardError = err
        try process.run()
    }

    deinit {
        if process.isRunning { kill(process.processIdentifier, SIGKILL); process.waitUntilExit() }
        try? input.fileHandleForWriting.close()
        try? FileManager.default.removeItem(at: scratch)
    }

    var pid: pid_t { process.processIdentifier }
    var isRunning: Bool { process.isRunning }

    /// Writes one line to the process's stdin. Returns false once the process has stopped
    /// reading (EPIPE). SIGPIPE is blocked on this thread for the write, and a pending one
    /// consumed, so a process that exits first cannot take the test runner down with it.
    @discardableResult
    func send(_ line: String) -> Bool {
        var block = sigset_t(), previous = sigset_t()
        sigemptyset(&block)
        sigaddset(&block, SIGPIPE)
        pthread_sigmask(SIG_BLOCK, &block, &previous)
        defer {
            var zero = timespec(tv_sec: 0, tv_nsec: 0)
            while sigtimedwait(&block, nil, &zero) == SIGPIPE {}
            pthread_sigmask(SIG_SETMASK, &previous, nil)
        }
        let bytes = Array((line + "\n").utf8)
        let fd = input.fileHandleForWriting.fileDescriptor
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeBytes { write(fd, $0.baseAddress! + offset, $0.count - offset) }
            if n > 0 { offset += n } else if n < 0 && errno == EINTR { continue } else { return false }
        }
        return true
    }

    /// Closes stdin: end of input.
    func closeInput() { try? input.fileHandleForWriting.close() }

    func signal(_ number: Int32) { kill(process.processIdentifier, number) }

    /// Waits for the process to end; kills it (and returns false) after `timeout`.
    @discardableResult
    func wait(timeout: TimeInterval) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning {
            if Date() > deadline {
                kill(process.processIdentifier, SIGKILL)
                process.waitUntilExit()
                return false
            }
            usleep(5_000)
        }
        process.waitUntilExit()
        return true
    }

    /// Waits until stdout satisfies `condition` (a state of the process); false if the
    /// process ended first. The timeout only guards against a hang.
    func waitForOutput(timeout: TimeInterval = 60, _ condition: (String) -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while !condition(stdout) {
            if !process.isRunning { return condition(stdout) }
            if Date() > deadline { return false }
            usleep(2_000)
        }
        return true
    }

    var stdout: String { (try? String(contentsOf: outURL, encoding: .utf8)) ?? "" }
    var stderr: String { (try? String(contentsOf: errURL, encoding: .utf8)) ?? "" }
    var describedEnd: String { Robust.describe(process) }
}
