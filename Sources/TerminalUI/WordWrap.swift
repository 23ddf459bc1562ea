/// Word wrapping by display width. Breaks at spaces; a word longer than the line is
/// broken inside (never splitting a grapheme cluster); explicit newlines are kept.
public enum WordWrap {
    /// Wraps styled spans into lines of at most `width` columns.
    public static func wrap(_ spans: [StyledText], width: Int) -> [[StyledText]] {
        guard width > 0 else { return [] }
        var lines: [[StyledText]] = []
        var line: [StyledText] = []
        var lineWidth = 0
        var pendingSpace: Style? = nil   // a space seen between words, emitted only mid-line

        func flush() {
            lines.append(line)
            line = []
            lineWidth = 0
            pendingSpace = nil
        }
        func append(_ text: String, _ style: Style, _ w: Int) {
            if let last = line.last, last.style == style { line[line.count - 1].text += text }
            else { line.append(StyledText(text, style)) }
            lineWidth += w
        }

        for span in spans {
            for (index, paragraph) in span.text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                if index > 0 { flush() }
                var word = ""
                var wordWidth = 0
                func placeWord() {
                    guard !word.isEmpty else { return }
                    let spaceWidth = (pendingSpace != nil && lineWidth > 0) ? 1 : 0
                    if lineWidth + spaceWidth + wordWidth > width, lineWidth > 0 { flush() }
                    if let s = pendingSpace, lineWidth > 0 { append(" ", s, 1) }
                    pendingSpace = nil
                    // A word wider than the line: break it at the edge.
                    var chunk = "", chunkWidth = 0
                    for ch in word {
                        let w = DisplayWidth.of(ch)
                        if lineWidth + chunkWidth + w > width {
                            if !chunk.isEmpty { append(chunk, span.style, chunkWidth) }
                            flush()
                            chunk = ""; chunkWidth = 0
                        }
                        chunk.append(ch); chunkWidth += w
                    }
                    if !chunk.isEmpty { append(chunk, span.style, chunkWidth) }
                    word = ""; wordWidth = 0
                }
                for ch in paragraph {
                    if ch == " " {
                        placeWord()
                        if lineWidth > 0 { pendingSpace = span.style }
                    } else {
                        word.append(ch)
                        wordWidth += DisplayWidth.of(ch)
                    }
                }
                placeWord()
            }
        }
        if !line.isEmpty || lines.isEmpty { lines.append(line) }
        return lines
    }

    public static func wrap(_ text: String, width: Int, style: Style = .plain) -> [[StyledText]] {
        wrap([StyledText(text, style)], width: width)
    }

    /// Plain-text wrapping, for line mode and tests.
    public static func wrapPlain(_ text: String, width: Int) -> [String] {
        wrap(text, width: width).map { $0.map(\.text).joined() }
    }
}
