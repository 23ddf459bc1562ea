/// One line of a course file: where it starts and ends in the file's bytes (without its
/// "\n" or "\r\n"), and whether it is all ASCII, in which case every byte is one character
/// and a column is a byte count.
struct SourceLine {
    let start: Int
    let end: Int
    let isASCII: Bool
    var range: Range<Int> { start..<end }
}

/// The raw checks every course file gets before parsing: size, UTF-8 validity, and
/// no control characters or escape sequences. Then the lines, as byte ranges: the parsers
/// classify lines on their bytes and make Strings only of the text they keep.
struct SourceText {
    static let maximumBytes = 1 << 20   // 1 MiB: a course file is prose, not data

    /// The file as given (valid UTF-8); a byte order mark stays in front of the first line.
    let bytes: [UInt8]
    let lines: [SourceLine]

    var lineCount: Int { lines.count }

    /// Returns nil (with diagnostics) when the bytes can't be used at all. Otherwise the sink
    /// keeps the text, to count the columns of later diagnostics.
    static func decode(_ bytes: [UInt8], sink: inout DiagnosticSink) -> SourceText? {
        if bytes.count > maximumBytes {
            sink.error(1, 1, "file is \(bytes.count) bytes; course files are limited to 1 MiB (\(maximumBytes) bytes)")
            return nil
        }
        switch LineScan.scan(bytes) {
        case .invalidUTF8(let bad):
            let (line, column) = position(ofByte: bad, in: bytes)
            sink.error(line, column, "invalid UTF-8 (byte 0x\(String(bytes[bad], radix: 16, uppercase: true))); save the file as UTF-8")
            return nil
        case .lines(let lines, let firstControlLine):
            let text = SourceText(bytes: bytes, lines: lines)
            if let firstControlLine, !text.reportControlCharacters(from: firstControlLine, sink: &sink) { return nil }
            sink.source = text
            return text
        }
    }

    /// Reports the first control character of every line from `first` on (which holds one):
    /// only those lines are walked character by character, for an exact column. False when
    /// one was reported.
    private func reportControlCharacters(from first: Int, sink: inout DiagnosticSink) -> Bool {
        var ok = true
        for offset in first..<lines.count {
            for (column, character) in lineText(offset).enumerated() {
                guard let scalar = character.unicodeScalars.first(where: { s in
                    (s.value < 0x20 && s.value != 0x09) || (s.value >= 0x7F && s.value < 0xA0)
                }) else { continue }
                let v = scalar.value
                let what = v == 0x1B ? "an escape sequence (ESC)" : "a control character (U+\(Self.format4(v)))"
                sink.error(offset + 1, column + 1, "\(what) is not allowed in course text")
                ok = false
                break
            }
        }
        return ok
    }

    /// Line `index` (0-based) as text, for the parts of a file read in the Character view
    /// (front matter, the course file).
    func lineText(_ index: Int) -> Substring { Substring(string(lines[index].range)) }

    /// Every line as text (preset files, which are a few lines long).
    func substrings() -> [Substring] {
        let first = lines.first?.start ?? 0
        let text = String(decoding: bytes[first...], as: UTF8.self)
        let utf8 = text.utf8
        return lines.map { line in
            let lower = utf8.index(utf8.startIndex, offsetBy: line.start - first)
            let upper = utf8.index(lower, offsetBy: line.end - line.start)
            return text[lower..<upper]
        }
    }

    /// Byte offset in the file of `part`, a piece of `lineText(index)`.
    func offset(of part: Substring, inLine index: Int, text: Substring) -> Int {
        lines[index].start + text.utf8.distance(from: text.startIndex, to: part.startIndex)
    }

    /// 1-based column (in characters) of byte `offset` on 1-based line `line`: the number of
    /// characters before it, plus one. Counted only when a diagnostic is made.
    func column(line: Int, offset: Int) -> Int {
        guard line >= 1, line <= lines.count else { return 1 }
        let l = lines[line - 1]
        let end = min(max(offset, l.start), l.end)
        if l.isASCII { return end - l.start + 1 }
        return String(decoding: bytes[l.start..<end], as: UTF8.self).count + 1
    }

    private static func format4(_ v: UInt32) -> String {
        let hex = String(v, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, 4 - hex.count)) + hex
    }

    /// Index of the first byte that is not part of a well-formed UTF-8 sequence (for files
    /// that are not split into lines, such as question banks).
    static func firstInvalidUTF8(_ bytes: [UInt8]) -> Int? {
        bytes.withUnsafeBufferPointer { b in
            var i = 0
            while i < b.count {
                if b[i] < 0x80 { i += 1; continue }
                guard let length = LineScan.sequenceLength(b, at: i) else { return i }
                i += length
            }
            return nil
        }
    }

    /// 1-based line and column (in characters, counting valid text before the byte).
    static func position(ofByte offset: Int, in bytes: [UInt8]) -> (Int, Int) {
        var line = 1, lineStart = 0
        for i in 0..<offset where bytes[i] == 0x0A { line += 1; lineStart = i + 1 }
        let prefix = String(decoding: bytes[lineStart..<offset], as: UTF8.self)
        return (line, prefix.count + 1)
    }
}
