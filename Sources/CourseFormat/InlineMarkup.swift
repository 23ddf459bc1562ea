import StudyCore

/// `**key term**` marking inside lesson text.
enum InlineMarkup {
    /// Splits text into runs; an unclosed `**` is reported and kept as literal text.
    static func parse(_ text: String, line: Int, column: Int, sink: inout DiagnosticSink) -> InlineText {
        var runs: [InlineText.Run] = []
        var rest = Substring(text)
        var offset = 0
        while let open = rest.range(of: "**") {
            let before = rest[rest.startIndex..<open.lowerBound]
            let afterOpen = rest[open.upperBound...]
            guard let close = afterOpen.range(of: "**") else {
                let col = column + offset + before.count
                sink.warning(line, col, "'**' is not closed; the rest of the line is shown as typed")
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
