import Foundation

/// Why a key, a name or an authorized_keys file cannot be used for a class; the
/// description is one sentence for the tutor.
public struct ClassKeyError: Error, CustomStringConvertible, Equatable {
    public let description: String
    public init(_ description: String) { self.description = description }
}

/// An OpenSSH public key as a learner sends it: `TYPE BASE64 [comment]`, one line (the
/// contents of `~/.ssh/id_ed25519.pub`). Checked before it goes into authorized_keys,
/// because sshd skips a line it cannot read without a word: a learner with a mangled key
/// would only ever see "Permission denied".
public struct SSHPublicKey: Equatable, Sendable {
    /// The key types sshd accepts for a login today (DSA is gone from OpenSSH).
    public static let types: Set<String> = [
        "ssh-ed25519", "ssh-rsa",
        "ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384", "ecdsa-sha2-nistp521",
        "sk-ssh-ed25519@openssh.com", "sk-ecdsa-sha2-nistp256@openssh.com",
    ]

    public let type: String
    public let base64: String
    /// What followed the key on its line ("ana@laptop"), if anything.
    public let comment: String?

    /// Parses the text of a public key file: one key line, surrounding blank lines allowed.
    public init(fileText: String) throws {
        let lines = fileText.split(whereSeparator: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" })
            .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        if lines.first?.hasPrefix("-----BEGIN") == true {
            throw ClassKeyError("this is a private key, which must never leave the learner's computer; ask for the .pub file beside it")
        }
        guard lines.count == 1, let line = lines.first else {
            throw ClassKeyError(lines.isEmpty ? "the key file is empty" : "the key file holds \(lines.count) lines; it must hold one public key")
        }
        try self.init(line: line)
    }

    /// Parses one `TYPE BASE64 [comment]` line.
    public init(line: String) throws {
        let fields = line.split(separator: " ", maxSplits: 2, omittingEmptySubsequences: true)
        guard fields.count >= 2 else {
            throw ClassKeyError("a public key is one line 'TYPE KEY [comment]', such as 'ssh-ed25519 AAAAC3Nza… ana@laptop'")
        }
        let type = String(fields[0]), base64 = String(fields[1])
        guard Self.types.contains(type) else {
            let known = Self.types.sorted().joined(separator: ", ")
            throw ClassKeyError("'\(Self.shown(type))' is not a key type sshd accepts (\(known))")
        }
        guard let blob = Data(base64Encoded: base64) else {
            throw ClassKeyError("the \(type) key is not valid base64: it was cut or changed in copying")
        }
        // The key's own encoding starts with its type (a uint32 length and the name): a key
        // pasted under the wrong type, or damaged, does not.
        guard Self.leadingString(of: [UInt8](blob)) == type else {
            throw ClassKeyError("the key data does not match its type \(type): it was cut or changed in copying")
        }
        self.type = type
        self.base64 = base64
        let comment = fields.count > 2 ? fields[2].trimmingCharacters(in: .whitespaces) : ""
        self.comment = comment.isEmpty ? nil : comment
    }

    private init(type: String, base64: String, comment: String?) {
        self.type = type
        self.base64 = base64
        self.comment = comment
    }

    /// The same key without its comment, as it stands on a line primer writes.
    public var withoutComment: SSHPublicKey { SSHPublicKey(type: type, base64: base64, comment: nil) }

    /// The key alone, as sshd compares keys: two lines with the same identity let the
    /// same person in, whatever their comments say.
    public var identity: String { type + " " + base64 }

    /// `SHA256:…`, as `ssh-keygen -l` and sshd's log show it: the digest of the key's
    /// bytes in base64 without padding.
    public var fingerprint: String {
        let blob = Data(base64Encoded: base64).map { [UInt8]($0) } ?? []
        var text = Data(SHA256.digest(blob)).base64EncodedString()
        while text.hasSuffix("=") { text.removeLast() }
        return "SHA256:" + text
    }

    /// The key in any authorized_keys line, with or without options before it; nil for a
    /// comment, a blank line or a line sshd could not read either.
    public static func inAuthorizedKeysLine(_ line: String) -> SSHPublicKey? {
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        if trimmed.isEmpty || trimmed.hasPrefix("#") { return nil }
        if let key = try? SSHPublicKey(line: trimmed) { return key }
        // Options come first and end at the first blank outside double quotes (as sshd reads them).
        var inQuotes = false, previous: Character = " "
        for index in trimmed.indices {
            let character = trimmed[index]
            if character == "\"" && previous != "\\" { inQuotes.toggle() }
            if character == " " || character == "\t", !inQuotes {
                let rest = trimmed[index...].trimmingCharacters(in: .whitespaces)
                return try? SSHPublicKey(line: rest)
            }
            previous = character
        }
        return nil
    }

    /// The string a key blob starts with, or nil when the blob is too short to hold one.
    static func leadingString(of blob: [UInt8]) -> String? {
        guard blob.count >= 4 else { return nil }
        let length = Int(blob[0]) << 24 | Int(blob[1]) << 16 | Int(blob[2]) << 8 | Int(blob[3])
        guard length > 0, length <= blob.count - 4 else { return nil }
        return String(decoding: blob[4..<(4 + length)], as: UTF8.self)
    }

    /// A type from a file, short and with nothing a terminal would act on.
    private static func shown(_ text: String) -> String {
        let visible = String(text.unicodeScalars.filter { $0.value >= 0x20 && $0.value != 0x7F }.map(Character.init))
        return visible.count > 40 ? String(visible.prefix(40)) + "…" : visible
    }
}
