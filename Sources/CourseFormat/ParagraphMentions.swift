/// "¶12" in the text of an 11-paragraph course is a slip worth catching.
enum ParagraphMentions {
    /// Checks the "¶N" mentions in `part`, a piece of line `index` (0-based), against the
    /// source's paragraphs.
    static func check(_ part: Range<Int>, line index: Int, source: SourceText, context: CourseContext,
                      sink: inout DiagnosticSink) {
        // ¶ is not ASCII (C2 B6), and most lines are: they cite nothing.
        guard let count = context.paragraphCount, !source.lines[index].isASCII else { return }
        switch scan(part, source.bytes) {
        case .none: return
        case .clean: report(part, line: index + 1, count: count, bytes: source.bytes, sink: &sink)
        case .unclear: checkCharacters(part, line: index, count: count, source: source, sink: &sink)
        }
    }

    private enum Scan { case none, clean, unclear }

    /// Whether `part` mentions ¶ at all, and whether every ¶ and the digits after it are
    /// characters of their own (see `CharacterBoundary`).
    private static func scan(_ part: Range<Int>, _ bytes: [UInt8]) -> Scan {
        var found = false
        var i = part.lowerBound
        while let mark = nextPilcrow(bytes, from: i, to: part.upperBound) {
            found = true
            let end = digitsEnd(from: mark + 2, in: part, bytes)
            let clean = CharacterBoundary.closesCleanly(bytes, before: mark, start: part.lowerBound)
                && CharacterBoundary.opensCleanly(bytes, at: end, end: part.upperBound)
            if !clean { return .unclear }
            i = end
        }
        return found ? .clean : .none
    }

    /// The next ¶ (C2 B6) in `from..<to`, looking for C2 eight bytes at a time.
    static func nextPilcrow(_ bytes: [UInt8], from: Int, to: Int) -> Int? {
        bytes.withUnsafeBytes { raw in
            var i = from
            while i + 8 <= to {
                // Bytes equal to C2 become zero; the lowest zero byte is flagged exactly.
                let x = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self) ^ 0xC2C2_C2C2_C2C2_C2C2
                let zero = (x &- 0x0101_0101_0101_0101) & ~x & 0x8080_8080_8080_8080
                if zero == 0 { i += 8; continue }
                i += zero.trailingZeroBitCount / 8
                if i + 1 < to, raw[i + 1] == 0xB6 { return i }
                i += 1
            }
            while i + 1 < to {
                if raw[i] == 0xC2, raw[i + 1] == 0xB6 { return i }
                i += 1
            }
            return nil
        }
    }

    private static func digitsEnd(from start: Int, in part: Range<Int>, _ bytes: [UInt8]) -> Int {
        var end = start
        while end < part.upperBound, bytes[end] >= 0x30, bytes[end] <= 0x39 { end += 1 }
        return end
    }

    private static func report(_ part: Range<Int>, line: Int, count: Int, bytes: [UInt8], sink: inout DiagnosticSink) {
        var from = part.lowerBound
        while let i = nextPilcrow(bytes, from: from, to: part.upperBound) {
            let end = digitsEnd(from: i + 2, in: part, bytes)
            // As Int(digits) reads them: nothing for no digits or a number past Int.max.
            var n: Int? = end > i + 2 ? 0 : nil
            for k in i + 2..<end {
                guard let value = n else { break }
                let (times10, o1) = value.multipliedReportingOverflow(by: 10)
                let (sum, o2) = times10.addingReportingOverflow(Int(bytes[k] - 0x30))
                n = o1 || o2 ? nil : sum
            }
            if let n, n < 1 || n > count {
                sink.error(line, at: i, "¶\(n) does not exist: the source has paragraphs ¶1-¶\(count)")
            }
            from = end
        }
    }

    /// The same check in the Character view, when a ¶ or its digits may join a neighbour.
    private static func checkCharacters(_ range: Range<Int>, line lineIndex: Int, count: Int, source: SourceText,
                                        sink: inout DiagnosticSink) {
        let lineRange = source.lines[lineIndex].range
        let text = source.string(lineRange)
        let line = Substring(text)
        let utf8 = text.utf8
        let lower = utf8.index(utf8.startIndex, offsetBy: range.lowerBound - lineRange.lowerBound)
        let part = text[lower..<utf8.index(lower, offsetBy: range.count)]
        for (mark, n) in outOfRange(in: part, count: count) {
            sink.error(lineIndex + 1, column(of: part[mark...], in: line), "¶\(n) does not exist: the source has paragraphs ¶1-¶\(count)")
        }
    }

    /// The "¶N" mentions in `part` outside ¶1-¶count, and where each ¶ is, in the Character
    /// view. Also for any text (question banks check imported questions with it).
    static func outOfRange(in part: Substring, count: Int) -> [(Substring.Index, Int)] {
        var out: [(Substring.Index, Int)] = []
        var index = part.startIndex
        while let mark = part[index...].firstIndex(of: "¶") {
            let digits = part[part.index(after: mark)...].prefix(while: { $0.isASCII && $0.isNumber })
            if let n = Int(digits), n < 1 || n > count { out.append((mark, n)) }
            index = part.index(after: mark)
        }
        return out
    }
}
