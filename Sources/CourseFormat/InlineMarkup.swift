import StudyCore

/// `**key term**` marking inside lesson text. A paragraph may span several lines, and
/// a key term may too; problems are reported on the line where they are.
enum InlineMarkup {
    /// One source line of a block: the bytes of its text in the file, and its line number.
    struct Piece {
        var span: Range<Int>
        var line: Int
    }

    /// One source line of a block as text, with the column where that text starts.
    struct Segment {
        var text: String
        var line: Int
        var column: Int
    }

    /// Joins the pieces with spaces and splits the text into runs. Read on the bytes when
    /// every `**` is closed and stands clear of its neighbours (see `CharacterBoundary`);
    /// otherwise in the Character view, which reports an unclosed `**` at its column.
    static func parse(_ pieces: [Piece], source: SourceText, sink: inout DiagnosticSink) -> InlineText {
        var joined: [UInt8] = []
        joined.reserveCapacity(pieces.reduce(0) { $0 + $1.span.count + 1 })
        for (k, piece) in pieces.enumerated() {
            if k > 0 { joined.append(0x20) }
            joined.append(contentsOf: source.bytes[piece.span])
        }
        if let runs = byteRuns(joined) { return InlineText(runs: runs) }
        let segments = pieces.map {
            Segment(text: source.string($0.span), line: $0.line, column: source.column(line: $0.line, offset: $0.span.lowerBound))
        }
        return parse(segments, sink: &sink)
    }

    /// The runs of `text` split at `**` pairs; nil when the Character view must decide (a
    /// `**` not closed, or next to a scalar that could join it).
    private static func byteRuns(_ text: [UInt8]) -> [InlineText.Run]? {
        var runs: [InlineText.Run] = []
        var rest = 0
        func string(_ r: Range<Int>) -> String { String(decoding: text[r], as: UTF8.self) }
        while true {
            switch mark(in: text, from: rest) {
            case .absent:
                if rest < text.count { runs.append(.init(string(rest..<text.count))) }
                return runs
            case .unclear: return nil
            case .at(let open):
                guard case .at(let close) = mark(in: text, from: open + 2) else { return nil }
                if open > rest { runs.append(.init(string(rest..<open))) }
                if close > open + 2 { runs.append(.init(string(open + 2..<close), isKeyTerm: true)) }
                rest = close + 2
            }
        }
    }

    private enum Mark { case absent, at(Int), unclear }

    /// The first "**" from `start`, if it is two characters of its own.
    private static func mark(in text: [UInt8], from start: Int) -> Mark {
        var i = start
        while i + 1 < text.count {
            if text[i] == 0x2A, text[i + 1] == 0x2A {
                let clean = CharacterBoundary.closesCleanly(text, before: i, start: 0)
                    && CharacterBoundary.opensCleanly(text, at: i + 2, end: text.count)
                return clean ? .at(i) : .unclear
            }
            i += 1
        }
        return .absent
    }

    /// Joins the segments with spaces and splits the text into runs; an unclosed `**`
    /// is reported and kept as literal text.
    static func parse(_ segments: [Segment], sink: inout DiagnosticSink) -> InlineText {
        let text = segments.map(\.text).joined(separator: " ")
        func position(ofOffset offset: Int) -> (Int, Int) {
            var start = 0
            for segment in segments {
                if offset < start + segment.text.count + 1 { return (segment.line, segment.column + offset - start) }
                start += segment.text.count + 1
            }
            return (segments.last?.line ?? 1, segments.last?.column ?? 1)
        }
        var runs: [InlineText.Run] = []
        var rest = Substring(text)
        var offset = 0
        // firstRange, not Foundation's range(of:), which copies the rest of the text on
        // every call and made a long line of asterisks take minutes.
        while let open = rest.firstRange(of: "**") {
            let before = rest[rest.startIndex..<open.lowerBound]
            let afterOpen = rest[open.upperBound...]
            guard let close = afterOpen.firstRange(of: "**") else {
                let (line, column) = position(ofOffset: offset + before.count)
                sink.warning(line, column, "'**' is not closed; the rest is shown as typed")
                break
            }
            if !before.isEmpty { runs.append(.init(String(before))) }
            let term = afterOpen[afterOpen.startIndex..<close.lowerBound]
            if !term.isEmpty { runs.append(.init(String(term), isKeyTerm: true)) }
            offset += before.count + 2 + term.count + 2
            rest = afterOpen[close.upperBound...]
        }
        if !rest.isEmpty { runs.append(.init(String(rest))) }
        return InlineText(runs: runs)
    }
}
