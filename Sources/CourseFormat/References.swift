/// Parsing of `¶N` paragraph refs and claim ids, and of ids in general. Values are split
/// into tokens on their bytes when every separator stands clear of its neighbours (see
/// `CharacterBoundary`), else in the Character view.
enum References {
    /// Parses "¶6 ¶7", "¶6, ¶7" or "¶2-¶5" / "¶2–5". Reports bad tokens where they are:
    /// `offset` is the byte offset of `value` in the file, on line `line`.
    static func paragraphs(_ value: String, line: Int, at offset: Int, paragraphCount: Int?,
                           sink: inout DiagnosticSink) -> [Int] {
        var result: [Int] = []
        for (token, tokenOffset) in tokens(value) {
            let refs = token.utf8.withContiguousStorageIfAvailable { plainParagraph($0, $0.indices) } ?? nil
            guard let (low, high) = refs ?? paragraphRange(token, line: line, at: offset + tokenOffset, sink: &sink) else { continue }
            append(low...high, to: &result, line: line, at: offset + tokenOffset, paragraphCount: paragraphCount, sink: &sink)
        }
        return result
    }

    /// The same for a value that is bytes `span` of `source`: no String for a plain "¶N".
    static func paragraphs(in span: Range<Int>, source: SourceText, line: Int, paragraphCount: Int?,
                           sink: inout DiagnosticSink) -> [Int] {
        var result: [Int] = []
        let split = byteTokens(source.bytes, span) { token in
            let refs = plainParagraph(source.bytes, token)
                ?? paragraphRange(source.string(token), line: line, at: token.lowerBound, sink: &sink)
            guard let (low, high) = refs else { return }
            append(low...high, to: &result, line: line, at: token.lowerBound, paragraphCount: paragraphCount, sink: &sink)
        }
        if split { return result }
        return paragraphs(source.string(span), line: line, at: span.lowerBound, paragraphCount: paragraphCount, sink: &sink)
    }

    private static func append(_ refs: ClosedRange<Int>, to result: inout [Int], line: Int, at offset: Int, paragraphCount: Int?,
                               sink: inout DiagnosticSink) {
        for n in refs {
            if let count = paragraphCount, n < 1 || n > count {
                sink.error(line, at: offset, "¶\(n) does not exist: the source has paragraphs ¶1-¶\(count)")
                break
            }
            result.append(n)
        }
    }

    /// "¶N" with N at most 18 digits, the usual token, read on its bytes: ¶ is C2 B6 and
    /// an ASCII digit is a character of its own.
    private static func plainParagraph<Bytes: RandomAccessCollection<UInt8>>(_ bytes: Bytes, _ token: Range<Int>) -> (Int, Int)?
    where Bytes.Index == Int {
        guard token.count >= 3, token.count <= 20, bytes[token.lowerBound] == 0xC2, bytes[token.lowerBound + 1] == 0xB6 else { return nil }
        var n = 0
        for i in token.lowerBound + 2..<token.upperBound {
            let byte = bytes[i]
            guard byte >= 0x30, byte <= 0x39 else { return nil }
            n = n * 10 + Int(byte - 0x30)
        }
        return (n, n)
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
        let fromBytes = value.utf8.withContiguousStorageIfAvailable { bytes -> [(String, Int)]? in
            var out: [(String, Int)] = []
            let split = byteTokens(bytes, bytes.indices) { token in
                out.append((String(decoding: UnsafeBufferPointer(rebasing: bytes[token]), as: UTF8.self), token.lowerBound))
            }
            return split ? out : nil
        }
        if let fromBytes, let tokens = fromBytes { return tokens }
        return characterTokens(value)
    }

    /// Calls `body` with the range of each token of `r` (split at spaces, commas and tabs),
    /// unless a separator has a neighbour that could join it into a larger character (then
    /// it is no separator in the Character view): false then, and `body` is not called.
    static func byteTokens<Bytes: RandomAccessCollection<UInt8>>(_ bytes: Bytes, _ r: Range<Int>,
                                                                 _ body: (Range<Int>) -> Void) -> Bool
    where Bytes.Index == Int {
        func isSeparator(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x2C || byte == 0x09 }
        for i in r where isSeparator(bytes[i]) {
            guard CharacterBoundary.closesCleanly(bytes, before: i, start: r.lowerBound),
                  CharacterBoundary.opensCleanly(bytes, at: i + 1, end: r.upperBound) else { return false }
        }
        var start = -1
        for i in r {
            if isSeparator(bytes[i]) {
                if start >= 0 { body(start..<i) }
                start = -1
            } else if start < 0 {
                start = i
            }
        }
        if start >= 0 { body(start..<r.upperBound) }
        return true
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
