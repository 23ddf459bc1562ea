import StudyCore

/// Parses the `### q: ID` blocks under `## Questions` and checks each question
/// (`QuestionChecks`). Lines are classified by their first bytes (see `LineBytes`); only the
/// text a question keeps becomes a String.
enum QuestionParser {
    static let keys = ["kind", "claims", "source", "theme", "shown"]
    /// The keys by their place in `keys`.
    enum Key: Int { case kind, claims, source, theme, shown }

    struct Parsed {
        var question: Question
        var line: Int
        /// Byte offset of the question's id in the file.
        var idOffset: Int
    }

    static func parseAll(_ source: SourceText, from start: Int, lesson: Lesson, context: CourseContext,
                         sink: inout DiagnosticSink) -> [Parsed] {
        var drafts: [QuestionDraft] = []
        var current: QuestionDraft? = nil
        for index in start..<source.lineCount {
            let line = source.lines[index].range
            let n = index + 1
            let trimmed = source.trimmed(line)
            if !source.hasPrefix(trimmed, "source:") {   // source: lines are checked as refs
                ParagraphMentions.check(line, line: index, source: source, context: context, sink: &sink)
            }
            if source.hasPrefix(trimmed, "### ") {
                if let d = current { drafts.append(d) }
                current = heading(trimmed, lineNumber: n, source: source, sink: &sink)
            } else if source.hasPrefix(trimmed, "#") {
                sink.error(n, at: trimmed.lowerBound, "unexpected heading in the questions section; questions start with '### q: ID'")
            } else if current != nil {
                // In place: `if var d = current` would copy the draft's arrays on every line.
                current?.read(line, trimmed: trimmed, index: index, source: source, sink: &sink)
            } else if !trimmed.isEmpty {
                sink.error(n, at: trimmed.lowerBound, "text before the first question; questions start with '### q: ID'")
            }
        }
        if let d = current { drafts.append(d) }
        return drafts.compactMap { QuestionChecks.build($0, lesson: lesson, context: context, sink: &sink) }
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

/// A question as written, before it is checked. Places are line numbers and byte offsets.
struct QuestionDraft {
    struct Meta {
        var value: String
        var line: Int
        var offset: Int
    }
    struct Option {
        var choice: Choice
        var line: Int
        var offset: Int
        /// All ASCII: its length in characters is its length in bytes.
        var isASCII: Bool
        /// Its first bytes, for telling options apart quickly (`OptionText.head`).
        var head: UInt64
        var headIsASCII: Bool
    }

    var id = ""
    /// Where the question's id is written.
    var line = 0, idOffset = 0
    /// The value of each of `QuestionParser.keys`, by position.
    var meta: [Meta?] = [nil, nil, nil, nil, nil]
    var stem: [String] = []
    var options: [Option] = []
    var explanation: [String] = []
    var lastLine = 0
    enum Phase { case meta, stem, options, explanation }
    var phase = Phase.meta

    func meta(_ key: QuestionParser.Key) -> Meta? { meta[key.rawValue] }

    /// A line of the question after its heading: a key, stem text, an option, option
    /// feedback or the explanation, by what it starts with and where the question is.
    mutating func read(_ line: Range<Int>, trimmed: Range<Int>, index: Int, source: SourceText, sink: inout DiagnosticSink) {
        let n = index + 1
        if trimmed.isEmpty {
            if phase == .stem, !stem.isEmpty { stem.append("") }
            return
        }
        lastLine = n
        // ">" and "- " were each found as characters of one byte, so dropping them drops bytes.
        if source.hasPrefix(trimmed, ">") {
            // Option feedback: indented "> " right under an option.
            if source.hasPrefix(line, "  "), phase == .options, !options.isEmpty {
                let text = source.string(source.trimmed(trimmed.lowerBound + 1..<trimmed.upperBound))
                let last = options.count - 1
                let old = options[last].choice.feedback
                options[last].choice.feedback = old.map { $0 + " " + text } ?? text
            } else if options.isEmpty {
                sink.error(n, at: trimmed.lowerBound, "the explanation ('> ...') must come after the options")
            } else {
                phase = .explanation
                explanation.append(source.string(source.trimmed(trimmed.lowerBound + 1..<trimmed.upperBound)))
            }
        } else if source.hasPrefix(trimmed, "- ") || source.hasPrefix(trimmed, "* ") {
            readOption(trimmed, index: index, source: source, sink: &sink)
        } else if phase == .meta, let (key, value, valueOffset) = Self.metaLine(trimmed, source: source) {
            if let slot = Self.keySlot(key, source: source) {
                if meta[slot] != nil {
                    sink.error(n, at: trimmed.lowerBound, "duplicate key '\(source.string(key))'")
                } else {
                    meta[slot] = Meta(value: source.string(value), line: n, offset: valueOffset)
                }
            } else {
                let name = source.string(key)
                sink.error(n, at: trimmed.lowerBound, "unknown key '\(name)'" + Suggest.didYouMean(name, QuestionParser.keys))
            }
        } else {
            switch phase {
            case .meta, .stem:
                phase = .stem
                stem.append(source.string(trimmed))
            case .options:
                sink.error(n, at: trimmed.lowerBound, "unexpected text among the options; each option is one line '- [ ] text'")
            case .explanation:
                sink.error(n, at: trimmed.lowerBound, "unexpected text after the explanation; explanation lines start with '> '")
            }
        }
    }

    /// `- [x] right` or `- [ ] wrong`.
    mutating func readOption(_ trimmed: Range<Int>, index: Int, source: SourceText, sink: inout DiagnosticSink) {
        let n = index + 1
        if phase == .explanation {
            sink.error(n, at: trimmed.lowerBound, "option after the explanation; put options before the '> ' lines")
            return
        }
        let afterDash = trimmed.lowerBound + 2..<trimmed.upperBound
        let isCorrect: Bool
        if source.hasPrefix(afterDash, "[ ]") { isCorrect = false }
        else if source.hasPrefix(afterDash, "[x]") || source.hasPrefix(afterDash, "[X]") { isCorrect = true }
        else {
            sink.error(n, at: afterDash.lowerBound, "an option starts with '- [x] ' (correct) or '- [ ] ' (wrong)")
            return
        }
        let textPart = source.trimmed(afterDash.lowerBound + 3..<afterDash.upperBound)
        if textPart.isEmpty {
            sink.error(n, at: afterDash.lowerBound, "option has no text")
            return
        }
        phase = .options
        let isASCII = source.lines[index].isASCII || !source.bytes[textPart].contains { $0 >= 0x80 }
        let (head, headIsASCII) = OptionText.head(source.bytes[textPart])
        options.append(Option(choice: Choice(source.string(textPart), isCorrect: isCorrect), line: n,
                              offset: textPart.lowerBound, isASCII: isASCII, head: head, headIsASCII: headIsASCII))
    }

    /// "key: value" where key is one lowercase word (possibly hyphenated): the key, the
    /// value without trailing spaces, and where the value starts.
    static func metaLine(_ trimmed: Range<Int>, source: SourceText) -> (Range<Int>, Range<Int>, Int)? {
        guard let colon = source.firstIndex(of: 0x3A, in: trimmed) else { return nil }
        let key = trimmed.lowerBound..<colon
        guard !key.isEmpty, isKeyWord(key, source: source) else { return nil }
        let valuePart = source.dropping(0x20, from: colon + 1..<trimmed.upperBound)
        return (key, source.trimmedTrailing(valuePart), valuePart.lowerBound)
    }

    /// Lowercase letters and '-': on the bytes for ASCII, else in the Character view.
    private static func isKeyWord(_ key: Range<Int>, source: SourceText) -> Bool {
        var ascii = true
        for byte in source.bytes[key] {
            if byte >= 0x80 { ascii = false; break }
            if !(byte >= 0x61 && byte <= 0x7A) && byte != 0x2D { return false }
        }
        if ascii { return true }
        return source.string(key).allSatisfy { ($0.isLetter && $0.isLowercase) || $0 == "-" }
    }

    /// Position of `key` in `QuestionParser.keys`, compared on bytes (the keys are ASCII).
    private static func keySlot(_ key: Range<Int>, source: SourceText) -> Int? {
        QuestionParser.keys.firstIndex { name in
            name.utf8.count == key.count && name.utf8.elementsEqual(source.bytes[key])
        }
    }
}
