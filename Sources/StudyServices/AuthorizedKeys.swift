import Foundation

/// An authorized_keys file as primer edits it: the lines primer wrote (`ClassLearnerKey`)
/// among everyone else's. Lines are kept as the bytes they were read as, so a line primer
/// did not write (the tutor's own key, a comment, one in another encoding) is written back
/// byte for byte, in its place; only the line added goes at the end and only the line
/// removed disappears.
public struct AuthorizedKeys: Equatable, Sendable {
    public enum Line: Equatable, Sendable {
        /// A line primer wrote, with the bytes it was read as.
        case learner(ClassLearnerKey, bytes: [UInt8])
        /// Any other line.
        case other([UInt8])

        var bytes: [UInt8] {
            switch self {
            case .learner(_, let bytes), .other(let bytes): return bytes
            }
        }
    }

    public private(set) var lines: [Line]
    /// Whether the last line ended with a line break (kept as it was when nothing is added).
    private var endsWithNewline: Bool

    /// Reads a file's bytes; an empty or missing file has no lines.
    public init(bytes: [UInt8]) {
        var pieces = bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).map(Array.init)
        endsWithNewline = pieces.last?.isEmpty == true
        if endsWithNewline { pieces.removeLast() }
        lines = pieces.map { piece in
            guard let text = String(bytes: piece, encoding: .utf8), let entry = ClassLearnerKey.parse(text) else {
                return .other(piece)
            }
            return .learner(entry, bytes: piece)
        }
    }

    /// The file's bytes.
    public var bytes: [UInt8] {
        var out = Array(lines.map(\.bytes).joined(separator: [UInt8(ascii: "\n")]))
        if endsWithNewline && !lines.isEmpty { out.append(UInt8(ascii: "\n")) }
        return out
    }

    /// Every learner of every class this file lets in, in file order.
    public var allLearners: [ClassLearnerKey] {
        lines.compactMap { line in
            if case .learner(let entry, _) = line { return entry }
            return nil
        }
    }

    /// The learners of the class in `classFolder`, in file order.
    public func learners(inClass classFolder: String) -> [ClassLearnerKey] {
        allLearners.filter { $0.classFolder == classFolder }
    }

    /// Adds `entry` at the end. Refuses a name the class already has, and a key already on
    /// any line: sshd lets a key in by the first line that holds it, so a second line for it
    /// would never be used, and two learners sharing a key could not be told apart.
    public mutating func add(_ entry: ClassLearnerKey) throws {
        if let same = learners(inClass: entry.classFolder).first(where: { $0.learner == entry.learner }) {
            throw ClassKeyError("'\(entry.learner)' is already in this class (key \(same.key.fingerprint)); "
                                + "to give them a new key, remove them first (their data stays)")
        }
        for (index, line) in lines.enumerated() {
            switch line {
            case .learner(let other, _) where other.key.identity == entry.key.identity:
                let whose = other.classFolder == entry.classFolder ? "this class" : "the class \(other.classFolder)"
                throw ClassKeyError("this key is already \(other.learner)'s in \(whose); every learner needs a key of their own")
            case .other(let bytes):
                let text = String(decoding: bytes, as: UTF8.self)
                if SSHPublicKey.inAuthorizedKeysLine(text)?.identity == entry.key.identity {
                    throw ClassKeyError("this key is already on line \(index + 1), which primer did not write; "
                                        + "sshd would use that line, not primer's")
                }
            default:
                continue
            }
        }
        lines.append(.learner(entry, bytes: Array(entry.line.utf8)))
        endsWithNewline = true
    }

    /// Removes the class's learner named `learner`; returns what was removed.
    @discardableResult
    public mutating func remove(learner: String, inClass classFolder: String) throws -> ClassLearnerKey {
        guard let index = lines.firstIndex(where: { line in
            if case .learner(let entry, _) = line { return entry.learner == learner && entry.classFolder == classFolder }
            return false
        }), case .learner(let entry, _) = lines[index] else {
            let names = learners(inClass: classFolder).map(\.learner)
            throw ClassKeyError("there is no learner '\(learner)' in this class"
                                + (names.isEmpty ? " (it has none yet)" : "; it has \(names.joined(separator: ", "))"))
        }
        lines.remove(at: index)
        return entry
    }
}
