import Foundation
import Synchronization
import TerminalUI
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Every byte primer prints goes through here, so that:
/// - nothing from data, file names or arguments reaches a terminal raw: text output is
///   sanitised (escape sequences, controls and bidi overrides removed), CSV and JSON have
///   such characters escaped (`\uXXXX`) rather than dropped;
/// - a failed write is never silent: a closed pipe ends primer quietly, with the status a
///   SIGPIPE would give (as Unix tools end under `head`), any other failure (a full disk,
///   `/dev/full`) says so on stderr and ends with status 1. What was saved before stays
///   saved. Primer does not exit in the middle of the write: later output is dropped, a
///   line-mode session sees the end of its input, and the command finishes and closes
///   the store as usual (an exit without the clean close made the next start check the
///   whole file, seconds on a large store, after every `primer results | head`); then
///   `Primer.main` ends with `failedStatus`.
enum Streams {
    /// `.pages`: text whose form feeds are page breaks (a printable sheet) and are kept.
    enum Kind { case text, pages, csv, json }

    /// Status for a closed pipe: 128 + SIGPIPE, what a shell reports for a tool killed by it.
    static let closedPipeStatus: Int32 = 141

    /// 0 while stdout takes what primer writes; else the status primer ends with.
    private static let failure = Atomic<Int32>(0)

    /// The status to end with once a write to stdout has failed; nil while none has.
    static var failedStatus: Int32? {
        let status = failure.load(ordering: .relaxed)
        return status == 0 ? nil : status
    }

    static func out(_ text: String, kind: Kind = .text) {
        guard failedStatus == nil else { return }
        let safe: String
        switch kind {
        case .text: safe = TextSanitizer.cleanKeepingLines(text)
        case .pages: safe = text.components(separatedBy: "\u{0C}").map(TextSanitizer.cleanKeepingLines).joined(separator: "\u{0C}")
        case .csv, .json: safe = escapeUnsafe(text)
        }
        switch writeAll(STDOUT_FILENO, safe) {
        case 0: return
        case EPIPE: failure.store(closedPipeStatus, ordering: .relaxed)
        case let code:
            err("primer: could not write the output: \(String(cString: strerror(code))). Nothing that was saved is lost.\n")
            failure.store(1, ordering: .relaxed)
        }
    }

    /// Ends the process with `failedStatus` when a write to stdout failed (called once the
    /// command has finished and closed what it opened).
    static func endIfOutputFailed() {
        if let status = failedStatus { Foundation.exit(status) }
    }

    static func line(_ text: String = "") { out(text + "\n") }

    /// Best effort: a failing stderr must not stop primer, and never traps.
    static func err(_ text: String) {
        _ = writeAll(STDERR_FILENO, TextSanitizer.cleanKeepingLines(text))
    }

    /// Writes every byte; returns 0 or the errno of the failure.
    static func writeAll(_ fd: Int32, _ text: String) -> Int32 {
        let bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let n = bytes[offset...].withUnsafeBytes { rest in write(fd, rest.baseAddress, rest.count) }
            if n > 0 { offset += n; continue }
            if n < 0 && errno == EINTR { continue }
            return n < 0 ? errno : EIO
        }
        return 0
    }

    /// Unsafe characters written as `\uXXXX`: valid inside JSON strings (where alone they can
    /// occur in primer's JSON), and a visible, reversible form in CSV fields. Tab, line feed
    /// and carriage return are kept: CSV records and quoted fields use them.
    static func escapeUnsafe(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: { TextSanitizer.isUnsafe($0) && !"\t\n\r".unicodeScalars.contains($0) }) else {
            return text
        }
        var out = ""
        for scalar in text.unicodeScalars {
            if TextSanitizer.isUnsafe(scalar) && !"\t\n\r".unicodeScalars.contains(scalar) {
                out += String(format: "\\u%04X", scalar.value)
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
