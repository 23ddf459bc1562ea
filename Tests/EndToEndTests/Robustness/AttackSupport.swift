import Foundation
import XCTest
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The tally behind RELIABILITY.md: every hostile attempt the robustness suite makes, by
/// category, with what came of it. Each attempt is also asserted on the spot (no crash,
/// nothing lost, nothing modified that must not be); the tally only counts them. With
/// `PRIMER_RELIABILITY_LOG=FILE` set, each test appends its counts to FILE as JSON lines
/// (`.ci/reliability` sums them into the table).
final class AttackTally {
    struct Counts: Codable {
        var attempts = 0
        var clearErrors = 0
        var crashes = 0
        var answersLost = 0
        var filesModified = 0
    }

    private(set) var counts: [String: Counts] = [:]

    /// A run of primer (or a tool) counted under `category`. A crash is a trap, an abort or
    /// a segfault (Swift's fatal errors end in SIGILL or SIGTRAP), or "Fatal error" on stderr.
    @discardableResult
    func record(_ category: String, _ result: CommandResult, expectError: Bool,
                file: StaticString = #filePath, line: UInt = #line) -> CommandResult {
        var c = counts[category] ?? Counts()
        c.attempts += 1
        let crashed = Self.isCrash(result)
        if crashed {
            c.crashes += 1
            XCTFail("\(category): primer crashed (status \(result.status)): \(result.stderr.prefix(400))", file: file, line: line)
        }
        let clear = result.status != 0 && result.stderr.hasPrefix("primer: ") && !crashed
        if clear { c.clearErrors += 1 }
        if expectError {
            if !clear {
                XCTFail("\(category): expected a clear error (exit ≠ 0, 'primer: …' on stderr), got status \(result.status): "
                        + "\(result.stderr.prefix(400))", file: file, line: line)
            }
        }
        counts[category] = c
        return result
    }

    func lost(_ category: String, _ count: Int, file: StaticString = #filePath, line: UInt = #line) {
        counts[category, default: Counts()].answersLost += count
        if count > 0 { XCTFail("\(category): \(count) acknowledged answers lost", file: file, line: line) }
    }

    func modified(_ category: String, _ changed: Bool, _ what: String, file: StaticString = #filePath, line: UInt = #line) {
        if changed {
            counts[category, default: Counts()].filesModified += 1
            XCTFail("\(category): \(what) was modified", file: file, line: line)
        }
    }

    static func isCrash(_ result: CommandResult) -> Bool {
        [4, 5, 6, 11, 132, 133, 134, 139].contains(result.status) || result.stderr.contains("Fatal error")
            || result.stderr.contains("Stack dump")
    }

    /// Appends the counts to `$PRIMER_RELIABILITY_LOG`, if set.
    func flush(test: String) {
        guard let path = ProcessInfo.processInfo.environment["PRIMER_RELIABILITY_LOG"], !counts.isEmpty else { return }
        struct Line: Codable { var test: String; var category: String; var counts: Counts }
        let lines = counts.sorted { $0.key < $1.key }.compactMap { entry -> String? in
            guard let data = try? JSONEncoder().encode(Line(test: test, category: entry.key, counts: entry.value)) else { return nil }
            return String(decoding: data, as: UTF8.self)
        }
        guard let handle = FileHandle(forWritingAtPath: path) ?? {
            _ = FileManager.default.createFile(atPath: path, contents: nil)
            return FileHandle(forWritingAtPath: path)
        }() else { return }
        handle.seekToEndOfFile()
        handle.write(Data((lines.joined(separator: "\n") + "\n").utf8))
        try? handle.close()
    }
}

/// Every file under a folder, by relative path, with its bytes: "byte-identical" made checkable.
func folderSnapshot(_ folder: URL) -> [String: Data] {
    var snapshot: [String: Data] = [:]
    guard let walker = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: [.isRegularFileKey]) else { return [:] }
    for case let url as URL in walker {
        guard (try? url.resourceValues(forKeys: [.isRegularFileKey]))?.isRegularFile == true else { continue }
        snapshot[String(url.path.dropFirst(folder.path.count))] = (try? Data(contentsOf: url)) ?? Data()
    }
    return snapshot
}

/// Runs sqlite3 on a file (installed by .ci/run); fails the test if it is missing.
func sqlite(_ file: URL, _ sql: String, file line: StaticString = #filePath, at number: UInt = #line) throws -> String {
    guard let shell = Robust.sqlite3 else {
        XCTFail("sqlite3 is needed to damage files on purpose (apt-get install sqlite3)", file: line, line: number)
        throw XCTSkip("no sqlite3")
    }
    let result = try runCommand(shell, [file.path, sql], timeout: 30)
    XCTAssertEqual(result.status, 0, "sqlite3 \(sql): \(result.stderr)", file: line, line: number)
    return result.stdout
}

/// Whether `sqlite3`'s own `integrity_check` finds `file` sound: false also when it cannot
/// even read the schema (a flipped bit can leave a definition SQLite cannot parse).
func sqliteFindsSound(_ file: URL) throws -> Bool {
    guard let shell = Robust.sqlite3 else { throw XCTSkip("no sqlite3") }
    let result = try runCommand(shell, [file.path, "PRAGMA integrity_check;"], timeout: 30)
    return result.status == 0 && result.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "ok"
}

extension LiveProcess {
    /// Waits until a whole line equal to `line` has been printed; false if the process ended first.
    func waitFor(line: String, timeout: TimeInterval = 60) -> Bool {
        waitForOutput(timeout: timeout) { $0.components(separatedBy: "\n").dropLast().contains(line) }
    }

    func kill9() {
        signal(SIGKILL)
        wait(timeout: 60)
    }

    func finish() {
        closeInput()
        wait(timeout: 60)
    }
}
