import StudyCore

/// `**key term**` marking inside lesson text. A paragraph may span several lines, and
/// a key term may too; problems are reported on the line where they are.
enum InlineMarkup {
    /// One source line of a block: its text and where that text starts.
    struct Segment {
        var text: String
        var line: Int
        var column: Int
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
