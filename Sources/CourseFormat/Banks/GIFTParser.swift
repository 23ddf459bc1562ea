import StudyCore

/// Reads Moodle's GIFT format (docs.moodle.org/en/GIFT_format), following Moodle's own
/// importer (question/format/gift/format.php) wherever the documentation is silent:
///
/// - Questions are separated by blank lines; a question may span lines. Lines starting
///   with `//` are comments. `$CATEGORY: a/b` switches the category for what follows
///   (`//` inside a category name is a literal `/`; a leading `$course$`-style context and
///   the `top` after it are dropped).
/// - `::title::` names a question; `[html]`, `[markdown]`, `[plain]`, `[moodle]` before a
///   text give its format (HTML is turned into plain text; the others are kept as written).
/// - Escapes `\~ \= \# \{ \} \: \\` stand for the character, `\n` for a line break.
/// - The answer block `{…}`: `{=right ~wrong}` multiple choice; without any `=`, answers
///   weighted `~%50%` are multiple answer (positive weight = correct); `{T}` `{F}` `{TRUE}`
///   `{FALSE}` true/false with `#wrong feedback#right feedback`; `#feedback` after an
///   answer; `####general feedback` at the end. Text after the block makes a missing-word
///   question (the block becomes `_____`).
/// - Numerical `{#…}`, matching `{=a -> b}`, short answer (only `=` answers), essay `{}`
///   and descriptions (no block) are reported as skipped.
///
/// Leniency beyond Moodle: a `$CATEGORY:` line may be followed by a question without a
/// blank line between them.
public enum GIFTParser {
    public static func parse(_ text: String) -> BankParseResult {
        var state = State()
        let lines = text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" })
        var block: [(Int, Substring)] = []
        for (index, line) in lines.enumerated() {
            if line.allSatisfy(\.isWhitespace) {
                if !block.isEmpty { state.block(block) }
                block = []
            } else {
                block.append((index + 1, line))
            }
        }
        if !block.isEmpty { state.block(block) }
        return BankParseResult(questions: state.questions, messages: BankImport.sorted(state.messages), metadata: state.metadata)
    }

    // MARK: - The parser

    /// What reading a bank has found so far; its methods read one block or question.
    struct State {
        typealias Unit = GIFTParser.Unit
        typealias TextFormat = GIFTParser.TextFormat

        var questions: [BankQuestion] = []
        var messages: [BankMessage] = []
        var metadata = BankMetadata()
        var category: [String] = []

        mutating func block(_ lines: [(Int, Substring)]) {
            var content: [(Int, Substring)] = []
            var questionMeta: [(key: String, value: String, line: Int)] = []
            for (n, line) in lines {
                let trimmed = line.trimmingSpaces()
                if trimmed.hasPrefix("//") {
                    if let (key, value) = primerComment(trimmed) {
                        if !globalComment(key, value, line: n) { questionMeta.append((key, value, n)) }
                    }
                } else {
                    content.append((n, trimmed))
                }
            }
            guard let first = content.first else {
                for m in questionMeta { messages.append(BankMessage(line: m.line, .warning, "'// primer-\(m.key):' belongs with a question; ignored")) }
                return
            }
            if first.1.hasPrefix("$CATEGORY:") {
                category = Self.categoryPath(String(first.1.dropFirst("$CATEGORY:".count)))
                content.removeFirst()
                if content.isEmpty {
                    for m in questionMeta { messages.append(BankMessage(line: m.line, .warning, "'// primer-\(m.key):' belongs with a question; ignored")) }
                    return
                }
            }
            question(content, meta: questionMeta)
        }

        // MARK: One question

        mutating func question(_ lines: [(Int, Substring)], meta: [(key: String, value: String, line: Int)]) {
            let line = lines[0].0
            var notes: [BankMessage] = []
            var text = trim(Self.joinedUnits(lines)[...])
            let title = takeTitle(&text, line: line, notes: &notes)
            let stemUnits: [Unit], answer: ArraySlice<Unit>, general: ArraySlice<Unit>?
            switch layout(text) {
            case .description:
                messages += notes
                messages.append(BankMessage(line: line, .skipped, "description"))
                return
            case .malformed(let reason):
                messages += notes
                messages.append(BankMessage(line: line, .error, reason))
                return
            case let .question(stem, answerBlock, generalFeedback):
                (stemUnits, answer, general) = (stem, answerBlock, generalFeedback)
            }

            let (stemFormat, stemBody) = formatTag(trim(stemUnits[...]), default: .moodle)
            let stem = BankText.tidyLines(textOf(stemBody, format: stemFormat, notes: &notes, line: line))
            let explanation = general.map { oneLineText($0, default: stemFormat, notes: &notes, line: line) }
            if let kind = skippedKind(answer) {
                messages.append(BankMessage(line: line, .skipped, kind))
                return
            }
            if stem.isEmpty {
                messages += notes
                messages.append(BankMessage(line: line, .error, "the question has no text before its answers"))
                return
            }

            var q = BankQuestion(line: line, title: title, category: category, kind: .single, stem: stem, choices: [],
                                 explanation: explanation.flatMap { $0.isEmpty ? nil : $0 })
            let isMultichoice = answer.contains(where: { !$0.escaped && $0.ch == "~" })
            if isMultichoice {
                guard multichoice(answer, into: &q, format: stemFormat, notes: &notes) else {
                    messages += notes
                    return
                }
            } else {
                trueFalse(answer, into: &q, format: stemFormat, notes: &notes)
            }
            if notes.contains(where: { $0.severity != .warning }) {
                messages += notes
                return
            }
            applyComments(meta, to: &q, notes: &notes)
            messages += notes
            questions.append(q)
        }

        /// A question's lines as one run of units, joined by line breaks.
        static func joinedUnits(_ lines: [(Int, Substring)]) -> [Unit] {
            var units: [Unit] = []
            for (i, (n, text)) in lines.enumerated() {
                if i > 0 { units.append(Unit(ch: "\n", escaped: false, line: n)) }
                units += GIFTParser.units(text, number: n)
            }
            return units
        }

        /// `::title::` at the start of `text`: the title, and `text` moved on past it.
        func takeTitle(_ text: inout ArraySlice<Unit>, line: Int, notes: inout [BankMessage]) -> String? {
            guard text.count >= 2, isSyntax(text, text.startIndex, ":"), isSyntax(text, text.startIndex + 1, ":") else { return nil }
            let afterOpen = text.startIndex + 2
            guard let close = find(text[afterOpen...], "::") else {
                notes.append(BankMessage(line: line, .warning, "'::' opens a title that is not closed with '::'; read as having no title"))
                text = trim(text[afterOpen...])
                return nil
            }
            let title = BankImport.oneLine(String(text[afterOpen..<close].map(\.ch)))
            text = trim(text[(close + 2)...])
            return title
        }

        /// How a question's text is laid out around its answer block `{…}`.
        enum Layout {
            /// The stem (a missing-word question's with `_____` where the block was), the
            /// answers, and the general feedback after `####`.
            case question(stem: [Unit], answer: ArraySlice<Unit>, general: ArraySlice<Unit>?)
            /// No answer block: a description, which primer skips.
            case description
            case malformed(String)
        }

        func layout(_ text: ArraySlice<Unit>) -> Layout {
            let open = text.firstIndex { !$0.escaped && $0.ch == "{" }
            let close = text.firstIndex { !$0.escaped && $0.ch == "}" }
            guard let open, let close else {
                if open == nil && close == nil { return .description }
                return .malformed(open == nil ? "'}' without '{': the answers go between '{' and '}' (write \\} for a literal brace)"
                                              : "'{' is not closed with '}' (write \\{ for a literal brace)")
            }
            guard open < close else {
                return .malformed("'}' comes before '{': the answers go between '{' and '}' (write \\} for a literal brace)")
            }
            let after = trim(text[(close + 1)...])
            if after.contains(where: { !$0.escaped && ($0.ch == "{" || $0.ch == "}") }) {
                return .malformed("more than one answer block '{…}'; a GIFT question has one (write \\{ and \\} for literal braces)")
            }
            var answer = trim(text[(open + 1)..<close])
            var stem = Array(text[..<open])
            if !after.isEmpty {
                // Missing word: the blank stands where the answers were.
                stem += "_____".map { Unit(ch: $0, escaped: true, line: text[open].line) }
                stem += text[(close + 1)...]
            }
            var general: ArraySlice<Unit>? = nil
            if let hashes = lastRun(of: "####", in: answer) {
                general = answer[(hashes + 4)...]
                answer = trim(answer[..<hashes])
            }
            return .question(stem: stem, answer: answer, general: general)
        }

        /// The kind of question an answer block makes, when primer cannot represent it (tested
        /// in Moodle's own order); nil for multiple choice and true/false.
        func skippedKind(_ answer: ArraySlice<Unit>) -> String? {
            if answer.isEmpty { return "essay" }
            if isSyntax(answer, answer.startIndex, "#") { return "numerical" }
            if answer.contains(where: { !$0.escaped && $0.ch == "~" }) { return nil }
            if answer.contains(where: { !$0.escaped && $0.ch == "=" }) && containsArrow(answer) { return "matching" }
            var check = answer
            if let hash = answer.firstIndex(where: { !$0.escaped && $0.ch == "#" }), hash > answer.startIndex {
                check = trim(answer[..<hash])
            }
            return ["T", "TRUE", "F", "FALSE"].contains(String(check.map(\.ch))) ? nil : "short answer"
        }

        /// A question's own `// primer-…` comments: claims, sources, shown, question-theme.
        mutating func applyComments(_ meta: [(key: String, value: String, line: Int)], to q: inout BankQuestion,
                                    notes: inout [BankMessage]) {
            for m in meta {
                switch m.key {
                case "claims": q.claims = References.tokens(m.value).map(\.0)
                case "sources": q.sources = paragraphs(m.value, line: m.line)
                case "shown":
                    if let n = Int(m.value), n >= 2, n >= q.choices.filter(\.isCorrect).count { q.shownCount = n }
                    else { notes.append(BankMessage(line: m.line, .warning, "'primer-shown: \(m.value)' is not a usable count; ignored")) }
                case "question-theme": q.themeID = m.value
                default: notes.append(BankMessage(line: m.line, .warning, "unknown comment 'primer-\(m.key):'; ignored"))
                }
            }
        }
    }
}
