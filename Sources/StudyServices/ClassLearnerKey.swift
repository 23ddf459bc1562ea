import Foundation
import LearnerStore

/// One learner of a class as an authorized_keys line:
///
///     command="/usr/local/bin/primer --class /srv/quiz --learner 'Ana B'",restrict,pty ssh-ed25519 AAAA… primer:Ana B
///
/// sshd runs the command, through the account's shell, whatever the learner asked for;
/// `restrict` turns off forwarding, the agent, X11 and the terminal, and `pty` gives the
/// terminal back. The comment `primer:NAME` marks the lines primer wrote; every other line
/// is the tutor's and is never changed.
public struct ClassLearnerKey: Equatable, Sendable {
    public static let marker = "primer:"

    public let learner: String
    /// The class folder, absolute.
    public let classFolder: String
    /// The primer executable sshd runs, absolute.
    public let program: String
    /// The key, without the comment it came with: the line's comment is `primer:NAME`.
    public let key: SSHPublicKey

    /// Checks every part; throws the first problem, naming the part.
    public init(learner: String, classFolder: String, program: String, key: SSHPublicKey) throws {
        if let problem = Self.nameProblem(learner) { throw ClassKeyError(problem) }
        if let problem = Self.pathProblem(classFolder, what: "the class folder") { throw ClassKeyError(problem) }
        if let problem = Self.pathProblem(program, what: "the primer program") { throw ClassKeyError(problem) }
        self.learner = learner
        self.classFolder = classFolder
        self.program = program
        self.key = key.withoutComment
    }

    /// Why `name` cannot be a class learner, or nil. Beyond any learner's rules: no `"` or
    /// `\`, which authorized_keys would read as quoting (refused rather than escaped, so
    /// that what the tutor typed is exactly what sshd runs), no leading `-`, which primer
    /// would read as an option, and no blank at either end.
    public static func nameProblem(_ name: String) -> String? {
        if let problem = LearnerName.problem(name) { return problem }
        if let reason = quotingProblem(name) { return "a class learner's name cannot hold \(reason)" }
        if name.hasPrefix("-") { return "a class learner's name cannot start with '-', which would read as an option" }
        // A combining mark would join the quote or the `primer:` before it into one character.
        if (" " + name).count == name.count {
            return "a class learner's name cannot start with a combining mark or joiner"
        }
        // The name ends its line, where a trailing blank would be lost to a reader.
        if name.first?.isWhitespace == true || name.last?.isWhitespace == true {
            return "a class learner's name cannot start or end with a blank"
        }
        return nil
    }

    static func pathProblem(_ path: String, what: String) -> String? {
        guard path.hasPrefix("/") else { return "\(what) must be an absolute path, not '\(path)'" }
        if let reason = quotingProblem(path) {
            return "\(what) \(path.unicodeScalars.contains { isControl($0) } ? "path" : "'\(path)'") holds \(reason), "
                + "which an authorized_keys line cannot carry safely; use a path without it"
        }
        return nil
    }

    private static func quotingProblem(_ text: String) -> String? {
        if text.contains("\"") { return "a double quote (\")" }
        if text.contains("\\") { return "a backslash (\\)" }
        if text.unicodeScalars.contains(where: isControl) { return "line breaks, tabs or other control characters" }
        return nil
    }

    private static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (0x7F..<0xA0).contains(scalar.value)
    }

    /// The arguments primer runs with once the account's shell has read `command`.
    public var arguments: [String] { [program, "--class", classFolder, "--learner", learner] }

    /// The command sshd runs, as the account's shell reads it.
    public var command: String {
        arguments.map(Self.shellWord).joined(separator: " ")
    }

    /// The authorized_keys line, without its line break.
    public var line: String {
        "command=\"\(command)\",restrict,pty \(key.type) \(key.base64) \(Self.marker)\(learner)"
    }

    /// A line primer wrote (its comment starts `primer:` and its command is primer's), or nil.
    public static func parse(_ line: String) -> ClassLearnerKey? {
        guard line.hasPrefix("command=\""), let key = SSHPublicKey.inAuthorizedKeysLine(line),
              let comment = key.comment, comment.hasPrefix(marker) else { return nil }
        guard let value = commandValue(line), let words = shellWords(value), words.count == 5, words[1] == "--class", words[3] == "--learner",
              words[4] == String(comment.dropFirst(marker.count)) else { return nil }
        return try? ClassLearnerKey(learner: words[4], classFolder: words[2], program: words[0], key: key)
    }

    /// The value of the `command="…"` option that starts `line`, dequoted as sshd does it
    /// (auth-options.c): `\"` stands for `"`, and every other backslash is kept as it is,
    /// so the `'\''` of a quoted apostrophe reaches the shell intact. Nil when unclosed.
    static func commandValue(_ line: String) -> String? {
        let scalars = Array(line.unicodeScalars.dropFirst("command=\"".unicodeScalars.count))
        var value = String.UnicodeScalarView()
        var index = 0
        while index < scalars.count {
            if scalars[index] == "\"" { return String(value) }
            if scalars[index] == "\\", index + 1 < scalars.count, scalars[index + 1] == "\"" { index += 1 }
            value.append(scalars[index])
            index += 1
        }
        return nil
    }

    /// A word for /bin/sh: bare when it is plainly safe, else in single quotes, a quote
    /// inside written `'\''` (authorized_keys keeps a backslash that is not before `"`).
    /// Scalar by scalar, as the shell reads it: an apostrophe followed by a combining accent
    /// is one Character to Swift, and must still be escaped.
    static func shellWord(_ text: String) -> String {
        let safe = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789/._-+=:,@%".unicodeScalars)
        if !text.isEmpty && text.unicodeScalars.allSatisfy({ safe.contains($0) }) { return text }
        var quoted = String.UnicodeScalarView()
        quoted.append("'")
        for scalar in text.unicodeScalars {
            if scalar == "'" { quoted.append(contentsOf: "'\\''".unicodeScalars) } else { quoted.append(scalar) }
        }
        quoted.append("'")
        return String(quoted)
    }

    /// The words of a command `shellWord` built: bare words, single-quoted strings and `\'`;
    /// nil for anything else (a line someone edited by hand is then left alone as theirs).
    /// Read scalar by scalar: a name's combining accent must not merge with a quote.
    static func shellWords(_ text: String) -> [String]? {
        var words: [String] = [], current = String.UnicodeScalarView(), inWord = false
        var scalars = text.unicodeScalars.makeIterator()
        while let scalar = scalars.next() {
            switch scalar {
            case " ":
                if inWord { words.append(String(current)); current = String.UnicodeScalarView(); inWord = false }
            case "'":
                inWord = true
                while true {
                    guard let next = scalars.next() else { return nil }
                    if next == "'" { break }
                    current.append(next)
                }
            case "\\":
                guard let next = scalars.next(), next == "'" else { return nil }
                inWord = true
                current.append(next)
            case "\"", "$", "`", ";", "&", "|", "<", ">", "(", ")", "*", "?", "[", "#", "~", "\t":
                return nil
            default:
                inWord = true
                current.append(scalar)
            }
        }
        if inWord { words.append(String(current)) }
        return words
    }
}
