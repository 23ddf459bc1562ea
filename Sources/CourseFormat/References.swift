/// Parsing of `¶N` paragraph refs and claim ids, and of ids in general.
enum References {
    /// Parses "¶6 ¶7", "¶6, ¶7" or "¶2-¶5" / "¶2–5". Reports bad tokens where they are:
    /// `offset` is the byte offset of `value` in the file, on line `line`.
    static func paragraphs(_ value: String, line: Int, at offset: Int, paragraphCount: Int?,
                           sink: inout DiagnosticSink) -> [Int] {
        var result: [Int] = []
        for (token, tokenOffset) in tokens(value) {
            let at = offset + tokenOffset
            guard let (low, high) = plainParagraph(token) ?? paragraphRange(token, line: line, at: at, sink: &sink) else { continue }
            for n in low...high {
                if let count = paragraphCount, n < 1 || n > count {
                    sink.error(line, at: at, "¶\(n) does not exist: the source has paragraphs ¶1-¶\(count)")
                    break
                }
                result.append(n)
            }
        }
        return result
    }

    /// "¶N" with N at most 18 digits, the usual token, read on its bytes: ¶ is C2 B6 and
    /// an ASCII digit is a character of its own.
    private static func plainParagraph(_ token: String) -> (Int, Int)? {
        var utf8 = token.utf8.makeIterator()
        guard utf8.next() == 0xC2, utf8.next() == 0xB6 else { return nil }
        var n = 0, digits = 0
        while let byte = utf8.next() {
            guard byte >= 0x30, byte <= 0x39, digits < 18 else { return nil }
            n = n * 10 + Int(byte - 0x30)
            digits += 1
        }
        return digits > 0 ? (n, n) : nil
    }

    /// Any other token, in the Character view: "¶2-¶5", "¶2–5", or an error.
    private static func paragraphRange(_ token: String, line: Int, at: Int, sink: inout DiagnosticSink) -> (Int, Int)? {
        let parts = token.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "-" || $0 == "–" })
        let numbers = parts.compactMap { part -> Int? in
            var p = Substring(part)
            if p.hasPrefix("¶") { p = p.dropFirst() }
            return Int(p)
        }
        guard token.hasPrefix("¶"), (1...2).contains(parts.count), numbers.count == parts.count,
              let low = numbers.first, let high = numbers.last else {
            sink.error(line, at: at, "'\(token)' is not a paragraph ref; write ¶N, e.g. ¶6, or a range ¶2-¶5")
            return nil
        }
        if low > high {
            sink.error(line, at: at, "paragraph range '\(token)' runs backwards")
            return nil
        }
        return (low, high)
    }

    /// Space- or comma-separated tokens with their byte offsets in `value`.
    static func tokens(_ value: String) -> [(String, Int)] {
        if let fromBytes = value.utf8.withContiguousStorageIfAvailable(byteTokens), let tokens = fromBytes { return tokens }
        return characterTokens(value)
    }

    /// Tokens split on the bytes; nil when a separator has a neighbour that could join it
    /// into a larger character (then it is no separator in the Character view).
    private static func byteTokens(_ bytes: UnsafeBufferPointer<UInt8>) -> [(String, Int)]? {
        var out: [(String, Int)] = []
        var start = -1
        for i in 0..<bytes.count {
            let byte = bytes[i]
            if byte == 0x20 || byte == 0x2C || byte == 0x09 {
                guard CharacterBoundary.closesCleanly(bytes, before: i, start: 0),
                      CharacterBoundary.opensCleanly(bytes, at: i + 1, end: bytes.count) else { return nil }
                if start >= 0 { out.append((String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<i]), as: UTF8.self), start)) }
                start = -1
            } else if start < 0 {
                start = i
            }
        }
        if start >= 0 { out.append((String(decoding: UnsafeBufferPointer(rebasing: bytes[start...]), as: UTF8.self), start)) }
        return out
    }

    private static func characterTokens(_ value: String) -> [(String, Int)] {
        var out: [(String, Int)] = []
        var current = "", start = 0
        var index = value.startIndex
        while index < value.endIndex {
            let ch = value[index]
            if ch == " " || ch == "," || ch == "\t" {
                if !current.isEmpty { out.append((current, start)) }
                current = ""
            } else {
                if current.isEmpty { start = value.utf8.distance(from: value.startIndex, to: index) }
                current.append(ch)
            }
            index = value.index(after: index)
        }
        if !current.isEmpty { out.append((current, start)) }
        return out
    }

    /// Ids: letters, digits, '-', '_' and '.', starting with a letter or digit.
    static func isValidID(_ id: String) -> Bool {
        if let ascii = id.utf8.withContiguousStorageIfAvailable(asciiID), let valid = ascii { return valid }
        guard let first = id.unicodeScalars.first, first.properties.isAlphabetic || ("0"..."9").contains(first) else { return false }
        return id.unicodeScalars.allSatisfy { $0.properties.isAlphabetic || ("0"..."9").contains($0) || "-_.".unicodeScalars.contains($0) }
    }

    /// The same rule for an all-ASCII id, on its bytes (nil for any other id).
    private static func asciiID(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool? {
        var valid = !bytes.isEmpty
        for (i, byte) in bytes.enumerated() {
            if byte >= 0x80 { return nil }
            let alphanumeric = (byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x7A || byte >= 0x30 && byte <= 0x39
            if !alphanumeric && (i == 0 || (byte != 0x2D && byte != 0x5F && byte != 0x2E)) { valid = false }
        }
        return valid
    }
}
