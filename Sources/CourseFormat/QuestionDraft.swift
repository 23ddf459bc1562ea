import StudyCore

/// A question as written, before it is checked: what each line after its heading added.
/// Places are line numbers and byte offsets; key values stay bytes until a check needs them.
struct QuestionDraft {
    /// A `key: value` line: the value's bytes (it starts where diagnostics point).
    struct Meta {
        var span: Range<Int>
        var line: Int
    }
    /// Where an option is, and what comparing it quickly needs.
    struct OptionInfo {
        var line: Int
        var offset: Int
        /// All ASCII: its length in characters is its length in bytes.
        var isASCII: Bool
        /// Its length in characters, or -1 when only `String.count` can tell.
        var length: Int
        /// Its first bytes, for telling options apart quickly (`OptionText.head`).
        var head: UInt64
        var headIsASCII: Bool
    }

    var id = ""
    /// Where the question's id is written.
    var line = 0, idOffset = 0
    var kind: Meta?, claims: Meta?, source: Meta?, theme: Meta?, shown: Meta?
    /// The stem lines joined by "\n"; blank lines inside it wait in `stemBreaks` until more
    /// text comes, so blank lines after it are left out.
    var stem = ""
    var stemBreaks = 0
    var choices: [Choice] = []
    var options: [OptionInfo] = []
    /// The explanation lines joined by spaces (not trimmed yet).
    var explanation = ""
    var explanationLines = 0
    var lastLine = 0
    enum Phase { case meta, stem, options, explanation }
    var phase = Phase.meta

    /// A line of the question after its heading: a key, stem text, an option, option
    /// feedback or the explanation, by what it starts with and where the question is.
    mutating func read(_ line: Range<Int>, trimmed: Range<Int>, index: Int, source: SourceText, sink: inout DiagnosticSink) {
        let n = index + 1
        guard !trimmed.isEmpty else {
            if phase == .stem, !stem.isEmpty { stemBreaks += 1 }
            return
        }
        lastLine = n
        let first = source.bytes[trimmed.lowerBound]
        if first == 0x3E, source.hasPrefix(trimmed, ">") {
            readQuote(line, trimmed: trimmed, lineNumber: n, source: source, sink: &sink)
        } else if (first == 0x2D && source.hasPrefix(trimmed, "- ")) || (first == 0x2A && source.hasPrefix(trimmed, "* ")) {
            readOption(trimmed, index: index, source: source, sink: &sink)
        } else if phase == .meta, let (key, value) = Self.metaLine(trimmed, source: source) {
            readMeta(key, value: value, trimmed: trimmed, lineNumber: n, source: source, sink: &sink)
        } else {
            switch phase {
            case .meta, .stem:
                phase = .stem
                let text = source.string(trimmed)
                if stem.isEmpty { stem = text } else {
                    for _ in 0...stemBreaks { stem.append("\n") }
                    stem.append(text)
                }
                stemBreaks = 0
            case .options:
                sink.error(n, at: trimmed.lowerBound, "unexpected text among the options; each option is one line '- [ ] text'")
            case .explanation:
                sink.error(n, at: trimmed.lowerBound, "unexpected text after the explanation; explanation lines start with '> '")
            }
        }
    }

    /// "> ...": feedback on the option above when indented under it, else the explanation.
    /// (">" was found as a character of one byte, so dropping it drops a byte.)
    private mutating func readQuote(_ line: Range<Int>, trimmed: Range<Int>, lineNumber n: Int, source: SourceText,
                                    sink: inout DiagnosticSink) {
        let text = source.trimmed(trimmed.lowerBound + 1..<trimmed.upperBound)
        if source.hasPrefix(line, "  "), phase == .options, !choices.isEmpty {
            let last = choices.count - 1
            let feedback = source.string(text)
            choices[last].feedback = choices[last].feedback.map { $0 + " " + feedback } ?? feedback
        } else if choices.isEmpty {
            sink.error(n, at: trimmed.lowerBound, "the explanation ('> ...') must come after the options")
        } else {
            phase = .explanation
            if explanationLines > 0 { explanation.append(" ") }
            explanation.append(source.string(text))
            explanationLines += 1
        }
    }

    /// `- [x] right` or `- [ ] wrong`. ("- " was found as two one-byte characters.)
    private mutating func readOption(_ trimmed: Range<Int>, index: Int, source: SourceText, sink: inout DiagnosticSink) {
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
        if choices.isEmpty {
            // Most questions have a handful of options: one allocation each, not three.
            choices.reserveCapacity(8)
            options.reserveCapacity(8)
        }
        choices.append(Choice(source.string(textPart), isCorrect: isCorrect))
        options.append(OptionText.info(source.bytes, textPart, line: n, lineIsASCII: source.lines[index].isASCII))
    }

    private mutating func readMeta(_ key: Range<Int>, value: Range<Int>, trimmed: Range<Int>, lineNumber n: Int,
                                   source: SourceText, sink: inout DiagnosticSink) {
        let meta = Meta(span: value, line: n)
        func set(_ slot: inout Meta?) {
            if slot != nil { sink.error(n, at: trimmed.lowerBound, "duplicate key '\(source.string(key))'") } else { slot = meta }
        }
        // The keys are ASCII, so a key is one of them exactly when its bytes are.
        if source.equals(key, "kind") { set(&kind) }
        else if source.equals(key, "claims") { set(&claims) }
        else if source.equals(key, "source") { set(&self.source) }
        else if source.equals(key, "theme") { set(&theme) }
        else if source.equals(key, "shown") { set(&shown) }
        else {
            let name = source.string(key)
            sink.error(n, at: trimmed.lowerBound, "unknown key '\(name)'" + Suggest.didYouMean(name, QuestionParser.keys))
        }
    }

    /// "key: value" where key is one lowercase word (possibly hyphenated): the key, and the
    /// value after the spaces following ":" without trailing spaces (where it starts is
    /// where diagnostics about it point).
    static func metaLine(_ trimmed: Range<Int>, source: SourceText) -> (Range<Int>, Range<Int>)? {
        guard let colon = source.firstIndex(of: 0x3A, in: trimmed) else { return nil }
        let key = trimmed.lowerBound..<colon
        guard !key.isEmpty, isKeyWord(key, source: source) else { return nil }
        let valuePart = source.dropping(0x20, from: colon + 1..<trimmed.upperBound)
        return (key, source.trimmedTrailing(valuePart))
    }

    /// Lowercase letters and '-': on the bytes for ASCII, else in the Character view.
    private static func isKeyWord(_ key: Range<Int>, source: SourceText) -> Bool {
        for i in key {
            let byte = source.bytes[i]
            if byte >= 0x80 { return source.string(key).allSatisfy { ($0.isLetter && $0.isLowercase) || $0 == "-" } }
            if !(byte >= 0x61 && byte <= 0x7A) && byte != 0x2D { return false }
        }
        return true
    }
}
