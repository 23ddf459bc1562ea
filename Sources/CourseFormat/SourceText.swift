/// The raw checks every course file gets before parsing: size, UTF-8 validity, and
/// no control characters or escape sequences. Then the text, split into lines.
struct SourceText {
    static let maximumBytes = 1 << 20   // 1 MiB: a course file is prose, not data

    let lines: [Substring]

    /// Returns nil (with diagnostics) when the bytes can't be used at all.
    static func decode(_ bytes: [UInt8], sink: inout DiagnosticSink) -> SourceText? {
        if bytes.count > maximumBytes {
            sink.error(1, 1, "file is \(bytes.count) bytes; course files are limited to 1 MiB (\(maximumBytes) bytes)")
            return nil
        }
        if let bad = firstInvalidUTF8(bytes) {
            let (line, column) = position(ofByte: bad, in: bytes)
            sink.error(line, column, "invalid UTF-8 (byte 0x\(String(bytes[bad], radix: 16, uppercase: true))); save the file as UTF-8")
            return nil
        }
        var text = String(decoding: bytes, as: UTF8.self)
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }   // a byte order mark is harmless
        // Split on the UTF-8 bytes, not on Characters: grapheme breaking over a whole file
        // is the slowest thing a parser can do. "\r\n" line ends lose their "\r".
        var lines: [Substring] = []
        var ok = true
        let utf8 = text.utf8
        var lineStart = utf8.startIndex
        var index = utf8.startIndex
        var previous: UInt8 = 0
        var firstBadLine: Int? = nil   // the first line with a control character
        while index != utf8.endIndex {
            let byte = utf8[index]
            if byte == 0x0A {
                var end = index
                if previous == 0x0D { end = utf8.index(before: index) }
                lines.append(text[lineStart..<end])
                lineStart = utf8.index(after: index)
            } else if firstBadLine == nil, isControlByte(byte, previous: previous, next: nextByte(utf8, after: index)) {
                firstBadLine = lines.count
            }
            previous = byte
            index = utf8.index(after: index)
        }
        var last = text[lineStart...]
        if last.hasSuffix("\r") { last = last.dropLast() }
        lines.append(last)
        // Only a line known to hold a control character is walked character by character,
        // for an exact column.
        for (offset, line) in lines.enumerated() where offset >= (firstBadLine ?? lines.count) {
            for (column, character) in line.enumerated() {
                guard let scalar = character.unicodeScalars.first(where: { s in
                    (s.value < 0x20 && s.value != 0x09) || (s.value >= 0x7F && s.value < 0xA0)
                }) else { continue }
                let v = scalar.value
                let what = v == 0x1B ? "an escape sequence (ESC)" : "a control character (U+\(format4(v)))"
                sink.error(offset + 1, column + 1, "\(what) is not allowed in course text")
                ok = false
                break
            }
        }
        return ok ? SourceText(lines: lines) : nil
    }

    private static func nextByte(_ utf8: String.UTF8View, after index: String.UTF8View.Index) -> UInt8? {
        let next = utf8.index(after: index)
        return next == utf8.endIndex ? nil : utf8[next]
    }

    /// C0 controls but tab (a CR only before LF), DEL, and C1 controls (U+0080-U+009F,
    /// encoded C2 80-C2 9F).
    private static func isControlByte(_ byte: UInt8, previous: UInt8, next: UInt8?) -> Bool {
        if byte == 0x0D { return next != 0x0A }
        if byte < 0x20 { return byte != 0x09 }
        if byte == 0x7F { return true }
        return previous == 0xC2 && (0x80...0x9F).contains(byte)
    }

    private static func format4(_ v: UInt32) -> String {
        let hex = String(v, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, 4 - hex.count)) + hex
    }

    /// Index of the first byte that is not part of a well-formed UTF-8 sequence.
    static func firstInvalidUTF8(_ bytes: [UInt8]) -> Int? {
        var i = 0
        let n = bytes.count
        while i < n {
            let b = bytes[i]
            if b < 0x80 { i += 1; continue }
            let length: Int
            var minimum: UInt32
            if b & 0xE0 == 0xC0 { length = 2; minimum = 0x80 }
            else if b & 0xF0 == 0xE0 { length = 3; minimum = 0x800 }
            else if b & 0xF8 == 0xF0 { length = 4; minimum = 0x10000 }
            else { return i }
            if i + length > n { return i }
            var value = UInt32(b) & (0xFF >> (length + 1))
            for k in 1..<length {
                let c = bytes[i + k]
                if c & 0xC0 != 0x80 { return i }
                value = (value << 6) | UInt32(c & 0x3F)
            }
            if value < minimum || value > 0x10FFFF || (0xD800...0xDFFF).contains(value) { return i }
            i += length
        }
        return nil
    }

    /// 1-based line and column (in characters, counting valid text before the byte).
    static func position(ofByte offset: Int, in bytes: [UInt8]) -> (Int, Int) {
        var line = 1, lineStart = 0
        for i in 0..<offset where bytes[i] == 0x0A { line += 1; lineStart = i + 1 }
        let prefix = String(decoding: bytes[lineStart..<offset], as: UTF8.self)
        return (line, prefix.count + 1)
    }
}

/// 1-based column of a substring's start within its line (counted in characters).
func column(of part: Substring, in line: Substring) -> Int {
    line.distance(from: line.startIndex, to: part.startIndex) + 1
}
