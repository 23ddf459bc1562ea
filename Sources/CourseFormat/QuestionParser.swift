import StudyCore

/// Parses the `### q: ID` blocks under `## Questions` and checks each question
/// (`QuestionChecks`). Lines are classified by their first bytes (see `LineBytes`); only the
/// text a question keeps becomes a String.
enum QuestionParser {
    static let keys = ["kind", "claims", "source", "theme", "shown"]

    /// The questions that passed their checks, in file order, with the line of each and the
    /// byte offset of its id (for duplicate ids, within the file and across files).
    struct Parsed {
        var questions: [Question] = []
        /// Every question heading's id and place, built or not: a repeated id is reported
        /// even when one of its questions has other errors (all problems at once).
        var headings: [(id: String, line: Int, idOffset: Int)] = []
    }

    static func parseAll(_ source: SourceText, from start: Int, lesson: Lesson, context: CourseContext,
                         sink: inout DiagnosticSink) -> Parsed {
        var parsed = Parsed()
        // Each question is checked as soon as its last line is read, but what the checks
        // find is reported after every line's own diagnostics, as the file reads.
        var checks = DiagnosticSink(file: sink.file)
        checks.source = sink.source
        var current: QuestionDraft? = nil
        var refs = RefCache()
        // The options' working list of one question is emptied and lent to the next.
        var spareOptions: [QuestionDraft.OptionInfo] = []
        func finish() {
            guard var d = current.take() else { return }
            if !d.id.isEmpty { parsed.headings.append((d.id, d.line, d.idOffset)) }
            if let question = QuestionChecks.build(d, source: source, lesson: lesson, context: context, refs: &refs, sink: &checks) {
                parsed.questions.append(question)
            }
            d.options.removeAll(keepingCapacity: true)
            spareOptions = d.options
        }
        for index in start..<source.lineCount {
            let line = source.lines[index].range
            let n = index + 1
            let trimmed = source.trimmed(line)
            // The first byte rules out most marks before any is looked for as a character.
            let first = trimmed.isEmpty ? 0 : source.bytes[trimmed.lowerBound]
            if first != 0x73 || !source.hasPrefix(trimmed, "source:") {   // source: lines are checked as refs
                ParagraphMentions.check(line, line: index, source: source, context: context, sink: &sink)
            }
            let isHeading = first == 0x23 && source.hasPrefix(trimmed, "#")
            if isHeading, source.hasPrefix(trimmed, "### ") {
                finish()
                current = heading(trimmed, lineNumber: n, source: source, sink: &sink)
                current?.options = spareOptions
                spareOptions = []   // so the draft's list is its own again
            } else if isHeading {
                sink.error(n, at: trimmed.lowerBound, "unexpected heading in the questions section; questions start with '### q: ID'")
            } else if current != nil {
                // In place: `if var d = current` would copy the draft's arrays on every line.
                current?.read(line, trimmed: trimmed, index: index, source: source, sink: &sink)
            } else if !trimmed.isEmpty {
                sink.error(n, at: trimmed.lowerBound, "text before the first question; questions start with '### q: ID'")
            }
        }
        finish()
        sink.append(checks)
        return parsed
    }

    /// `### q: ID` starts a question; nil (with an error) for any other `###` heading.
    private static func heading(_ trimmed: Range<Int>, lineNumber n: Int, source: SourceText,
                                sink: inout DiagnosticSink) -> QuestionDraft? {
        let head = source.trimmed(trimmed.lowerBound + 4..<trimmed.upperBound)   // after "### "
        guard source.hasPrefix(head, "q:") else {
            sink.error(n, at: head.lowerBound, "expected a question heading '### q: ID'")
            return nil
        }
        let idPart = source.trimmed(head.lowerBound + 2..<head.upperBound)
        var d = QuestionDraft()
        d.id = source.string(idPart)
        d.line = n
        d.idOffset = idPart.isEmpty ? head.lowerBound : idPart.lowerBound
        d.lastLine = n
        if d.id.isEmpty { sink.error(n, at: d.idOffset, "question id is missing after 'q:'") }
        else if !References.isValidID(d.id) { sink.error(n, at: d.idOffset, "question id '\(d.id)' may use only letters, digits, '-', '_' and '.'") }
        return d
    }
}

