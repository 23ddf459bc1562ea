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

/// Collects diagnostics for one file.
struct DiagnosticSink {
    let file: String
    var items: [Diagnostic] = []
    mutating func error(_ line: Int, _ column: Int, _ message: String) {
        items.append(Diagnostic(file: file, line: line, column: column, severity: .error, message: message))
    }
    mutating func warning(_ line: Int, _ column: Int, _ message: String) {
        items.append(Diagnostic(file: file, line: line, column: column, severity: .warning, message: message))
    }
    var hasErrors: Bool { items.contains(where: \.isError) }
}
