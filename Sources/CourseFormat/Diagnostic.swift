/// A problem found in a course file, located precisely enough for an editor to jump to it.
public struct Diagnostic: Sendable, Equatable, CustomStringConvertible {
    public enum Severity: String, Sendable { case error, warning }
    public var file: String
    public var line: Int
    public var column: Int
    public var severity: Severity
    public var message: String

    public init(file: String, line: Int, column: Int, severity: Severity = .error, message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.severity = severity
        self.message = message
    }

    /// `FILE:LINE:COLUMN: error: MESSAGE`, the form compilers use and editors understand.
    public var description: String { "\(file):\(line):\(column): \(severity.rawValue): \(message)" }
    public var isError: Bool { severity == .error }
}

/// Collects diagnostics for one file. Once the file is decoded the sink holds its text, so
/// parsers can name a place by byte offset and the column (in characters, as editors count
/// them) is only counted for the diagnostics actually made.
struct DiagnosticSink {
    let file: String
    private(set) var items: [Diagnostic] = []
    /// The decoded file, set by `SourceText.decode`; nil before (or when it could not be decoded).
    var source: SourceText? = nil
    private(set) var errorCount = 0

    init(file: String) { self.file = file }

    mutating func error(_ line: Int, _ column: Int, _ message: String) {
        items.append(Diagnostic(file: file, line: line, column: column, severity: .error, message: message))
        errorCount += 1
    }
    mutating func warning(_ line: Int, _ column: Int, _ message: String) {
        items.append(Diagnostic(file: file, line: line, column: column, severity: .warning, message: message))
    }
    /// An error at byte `offset` of the file, on 1-based line `line`.
    mutating func error(_ line: Int, at offset: Int, _ message: String) {
        error(line, column(line, offset), message)
    }
    mutating func warning(_ line: Int, at offset: Int, _ message: String) {
        warning(line, column(line, offset), message)
    }
    var hasErrors: Bool { errorCount > 0 }

    /// Adds what `other` (a sink for the same file) collected, after what this one has.
    mutating func append(_ other: DiagnosticSink) {
        items += other.items
        errorCount += other.errorCount
    }

    /// Parsers only place diagnostics by offset after decoding, so `source` is there; column
    /// 1 is the safe answer if it ever is not.
    private func column(_ line: Int, _ offset: Int) -> Int {
        source?.column(line: line, offset: offset) ?? 1
    }
}
