import StudyCore

/// Lesson text: paragraphs, headings (optionally ending in "(¶6 ¶7)"), bullets, `**key terms**`.
/// Lines are classified by their first bytes (see `LineBytes`).
enum LessonBodyParser {
    static func parse(_ source: SourceText, range: Range<Int>, context: CourseContext, sink: inout DiagnosticSink) -> [LessonBlock] {
        var blocks: [LessonBlock] = []
        // Lines of the block being gathered, with where each is, so a problem found in the
        // joined text is reported on the line it is on.
        var paragraph: [InlineMarkup.Piece] = []
        var bullet: [InlineMarkup.Piece]? = nil

        func flush() {
            if !paragraph.isEmpty { blocks.append(.paragraph(InlineMarkup.parse(paragraph, source: source, sink: &sink))) }
            if let b = bullet { blocks.append(.bullet(InlineMarkup.parse(b, source: source, sink: &sink))) }
            paragraph = []
            bullet = nil
        }

        for index in range {
            let line = source.lines[index].range
            let n = index + 1
            let trimmed = source.trimmed(line)
            if trimmed.isEmpty { flush(); continue }
            if source.hasPrefix(trimmed, "#") {
                flush()
                blocks.append(heading(trimmed, line: index, source: source, context: context, sink: &sink))
                continue
            }
            ParagraphMentions.check(line, line: index, source: source, context: context, sink: &sink)
            if source.hasPrefix(trimmed, "- ") || source.hasPrefix(trimmed, "* ") {
                flush()
                bullet = [InlineMarkup.Piece(span: source.trimmed(trimmed.lowerBound + 2..<trimmed.upperBound), line: n)]
            } else if bullet != nil, source.hasPrefix(line, "  ") {
                bullet?.append(InlineMarkup.Piece(span: trimmed, line: n))   // continuation of a bullet
            } else {
                if bullet != nil { flush() }
                paragraph.append(InlineMarkup.Piece(span: trimmed, line: n))
            }
        }
        flush()
        return blocks
    }

    /// A heading line (`trimmed` starts with "#"); "(¶6 ¶7)" at its end names the
    /// paragraphs it covers.
    private static func heading(_ trimmed: Range<Int>, line index: Int, source: SourceText, context: CourseContext,
                                sink: inout DiagnosticSink) -> LessonBlock {
        let n = index + 1
        let text = source.trimmed(source.dropping(0x23, from: trimmed))   // the "#"s
        var title = text, sources: [Int] = []
        if source.hasSuffix(text, ")"), let open = source.lastIndex(of: 0x28, in: text),
           source.hasPrefix(open + 1..<text.upperBound, "¶") {
            // ")" and "(" were each found as one character, so one byte.
            let inner = open + 1..<text.upperBound - 1
            sources = References.paragraphs(source.string(inner), line: n, at: inner.lowerBound,
                                            paragraphCount: context.paragraphCount, sink: &sink)
            title = source.trimmed(text.lowerBound..<open)
        }
        ParagraphMentions.check(title, line: index, source: source, context: context, sink: &sink)
        let runs = InlineMarkup.parse([InlineMarkup.Piece(span: title, line: n)], source: source, sink: &sink)
        return .heading(runs, sources: sources)
    }
}
