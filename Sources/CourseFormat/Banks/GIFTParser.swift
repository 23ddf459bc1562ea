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

    // MARK: - Characters with their escapes resolved

    /// One character of a question, after escapes: `escaped` ones are never syntax.
    struct Unit: Equatable {
        var ch: Character
        var escaped: Bool
        var line: Int
    }

    static let escapable: Set<Character> = ["\\", ":", "#", "=", "{", "}", "~"]

    static func units(_ line: Substring, number: Int) -> [Unit] {
        var out: [Unit] = []
        var i = line.startIndex
        while i < line.endIndex {
            let c = line[i]
            let next = line.index(after: i)
            if c == "\\", next < line.endIndex {
                let e = line[next]
                if escapable.contains(e) {
                    out.append(Unit(ch: e, escaped: true, line: number))
                    i = line.index(after: next)
                    continue
                }
                if e == "n" {
                    out.append(Unit(ch: "\n", escaped: true, line: number))
                    i = line.index(after: next)
                    continue
                }
            }
            out.append(Unit(ch: c, escaped: c == "\\", line: number))
            i = next
        }
        return out
    }

    enum TextFormat: String { case moodle, html, plain, markdown }

    // MARK: - The parser

    private struct State {
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

        /// `// primer-KEY: VALUE` → (KEY, VALUE).
        func primerComment(_ trimmed: Substring) -> (String, String)? {
            let body = trimmed.dropFirst(2).trimmingSpaces()
            guard body.hasPrefix("primer-"), let colon = body.firstIndex(of: ":") else { return nil }
            let key = body[body.index(body.startIndex, offsetBy: 7)..<colon]
            return (String(key), String(body[body.index(after: colon)...].trimmingSpaces()))
        }

        /// Course-level comments; false for the ones that belong to a question.
        mutating func globalComment(_ key: String, _ value: String, line: Int) -> Bool {
            func idAndRest(_ v: String) -> (String, String)? {
                guard let colon = v.firstIndex(of: ":") else { return nil }
                return (String(v[..<colon].trimmingSpaces()), String(v[v.index(after: colon)...].trimmingSpaces()))
            }
            switch key {
            case "course": metadata.courseID = value
            case "course-title": metadata.title = value
            case "course-description": metadata.description = value
            case "course-source": metadata.source = value
            case "course-paragraphs":
                if let n = Int(value), n >= 1 { metadata.paragraphCount = n }
                else { messages.append(BankMessage(line: line, .warning, "'primer-course-paragraphs: \(value)' is not a whole number; ignored")) }
            case "claim":
                // "C1 ¶2 ¶3: text"
                guard let (head, text) = idAndRest(value), let id = References.tokens(head).first?.0, !text.isEmpty,
                      References.isValidID(id), !metadata.claims.contains(where: { $0.id == id }) else {
                    messages.append(BankMessage(line: line, .warning, "'primer-claim:' expects 'ID ¶N: text' with a new claim id; ignored"))
                    return true
                }
                let refs = paragraphs(String(head.dropFirst(id.count)), line: line)
                metadata.claims.append(Claim(id: id, paragraphs: refs, text: text))
            case "theme":
                guard let (id, title) = idAndRest(value), References.isValidID(id), !title.isEmpty else {
                    messages.append(BankMessage(line: line, .warning, "'primer-theme:' expects 'ID: Title'; ignored"))
                    return true
                }
                if !metadata.themes.contains(where: { $0.id == id }) { metadata.themes.append((id, title)) }
            case "lesson", "lesson-order", "lesson-sources", "lesson-claims":
                guard let (id, rest) = idAndRest(value), !id.isEmpty else {
                    messages.append(BankMessage(line: line, .warning, "'primer-\(key):' expects 'LESSON-ID: value'; ignored"))
                    return true
                }
                var info = metadata.lessons[id] ?? BankMetadata.LessonInfo()
                switch key {
                case "lesson": info.title = rest
                case "lesson-order": info.order = Int(rest)
                case "lesson-sources": info.sources = paragraphs(rest, line: line)
                default: info.claims = References.tokens(rest).map(\.0)
                }
                metadata.lessons[id] = info
            default:
                return false
            }
            return true
        }

        mutating func paragraphs(_ value: String, line: Int) -> [Int] {
            var sink = DiagnosticSink(file: "")
            let refs = References.paragraphs(value, line: line, column: 1, paragraphCount: nil, sink: &sink)
            for d in sink.items { messages.append(BankMessage(line: line, .warning, d.message)) }
            return refs
        }

        static func categoryPath(_ raw: String) -> [String] {
            // Moodle writes a '/' inside a category name as '//'.
            let marker = "\u{0}"
            let escapedSlash = raw.replacingOccurrences(of: "//", with: marker)
            var parts = escapedSlash.split(separator: "/", omittingEmptySubsequences: true).map {
                BankImport.oneLine(BankText.sanitize(unescape(String($0).replacingOccurrences(of: marker, with: "/"))).0)
            }.filter { !$0.isEmpty }
            // "$course$/top/…", "$system$/top/…": Moodle's context and its root category.
            var hadContext = false
            while let first = parts.first, first.hasPrefix("$"), first.hasSuffix("$"), first.count > 1 {
                parts.removeFirst()
                hadContext = true
            }
            if hadContext, parts.first?.lowercased() == "top" { parts.removeFirst() }
            return parts
        }

        static func unescape(_ s: String) -> String {
            String(GIFTParser.units(Substring(s), number: 0).map(\.ch))
        }

        // MARK: One question

        mutating func question(_ lines: [(Int, Substring)], meta: [(key: String, value: String, line: Int)]) {
            let line = lines[0].0
            var u: [Unit] = []
            for (i, (n, text)) in lines.enumerated() {
                if i > 0 { u.append(Unit(ch: "\n", escaped: false, line: n)) }
                u += GIFTParser.units(text, number: n)
            }
            var text = trim(u[...])
            var notes: [BankMessage] = []
            func error(_ message: String) {
                messages += notes
                notes = []
                messages.append(BankMessage(line: line, .error, message))
            }

            var title: String? = nil
            if text.count >= 2, isSyntax(text, text.startIndex, ":"), isSyntax(text, text.startIndex + 1, ":") {
                let afterOpen = text.startIndex + 2
                if let close = find(text[afterOpen...], "::") {
                    title = BankImport.oneLine(String(text[afterOpen..<close].map(\.ch)))
                    text = trim(text[(close + 2)...])
                } else {
                    notes.append(BankMessage(line: line, .warning, "'::' opens a title that is not closed with '::'; read as having no title"))
                    text = trim(text[afterOpen...])
                }
            }

            let open = text.firstIndex { !$0.escaped && $0.ch == "{" }
            let close = text.firstIndex { !$0.escaped && $0.ch == "}" }
            guard let open, let close else {
                if open == nil && close == nil {
                    messages += notes
                    messages.append(BankMessage(line: line, .skipped, "description"))
                } else {
                    error(open == nil ? "'}' without '{': the answers go between '{' and '}' (write \\} for a literal brace)"
                                      : "'{' is not closed with '}' (write \\{ for a literal brace)")
                }
                return
            }
            guard open < close else {
                error("'}' comes before '{': the answers go between '{' and '}' (write \\} for a literal brace)")
                return
            }
            let after = trim(text[(close + 1)...])
            if after.contains(where: { !$0.escaped && ($0.ch == "{" || $0.ch == "}") }) {
                error("more than one answer block '{…}'; a GIFT question has one (write \\{ and \\} for literal braces)")
                return
            }
            var answer = trim(text[(open + 1)..<close])
            var stemUnits = Array(text[..<open])
            if !after.isEmpty {
                // Missing word: the blank stands where the answers were.
                stemUnits += "_____".map { Unit(ch: $0, escaped: true, line: text[open].line) }
                stemUnits += text[(close + 1)...]
            }
            var general: ArraySlice<Unit>? = nil
            if let hashes = lastRun(of: "####", in: answer) {
                general = answer[(hashes + 4)...]
                answer = trim(answer[..<hashes])
            }

            let (stemFormat, stemBody) = formatTag(trim(stemUnits[...]), default: .moodle)
            var stem = textOf(stemBody, format: stemFormat, notes: &notes, line: line)
            stem = BankText.tidyLines(stem)
            let explanation = general.map { oneLineText($0, default: stemFormat, notes: &notes, line: line) }

            // What kind of question: Moodle's own order of tests.
            let kindSkipped: String?
            if answer.isEmpty { kindSkipped = "essay" }
            else if isSyntax(answer, answer.startIndex, "#") { kindSkipped = "numerical" }
            else if answer.contains(where: { !$0.escaped && $0.ch == "~" }) { kindSkipped = nil }
            else if answer.contains(where: { !$0.escaped && $0.ch == "=" }) && containsArrow(answer) { kindSkipped = "matching" }
            else {
                var check = answer
                if let hash = answer.firstIndex(where: { !$0.escaped && $0.ch == "#" }), hash > answer.startIndex {
                    check = trim(answer[..<hash])
                }
                kindSkipped = ["T", "TRUE", "F", "FALSE"].contains(String(check.map(\.ch))) ? nil : "short answer"
            }
            if let kind = kindSkipped {
                messages.append(BankMessage(line: line, .skipped, kind))
                return
            }
            if stem.isEmpty {
                error("the question has no text before its answers")
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
            messages += notes
            questions.append(q)
        }

        /// `{=right ~wrong ~%50%partly …}`. False (with errors in `notes`) when unusable.
        mutating func multichoice(_ answer: ArraySlice<Unit>, into q: inout BankQuestion, format: TextFormat,
                                  notes: inout [BankMessage]) -> Bool {
            let single = answer.contains(where: { !$0.escaped && $0.ch == "=" })
            // Split before every '~' and '='; text before the first marker is an answer too (as in Moodle).
            var parts: [(marker: Character?, units: ArraySlice<Unit>)] = []
            var start = answer.startIndex
            var marker: Character? = nil
            for i in answer.indices where !answer[i].escaped && (answer[i].ch == "~" || answer[i].ch == "=") {
                parts.append((marker, answer[start..<i]))
                marker = answer[i].ch
                start = i + 1
            }
            parts.append((marker, answer[start...]))
            if let first = parts.first, first.marker == nil, trim(first.units).isEmpty { parts.removeFirst() }

            var choices: [(Choice, weight: Double, line: Int)] = []
            for part in parts {
                var units = trim(part.units)
                let line = units.first?.line ?? q.line
                var weight = part.marker == "=" ? 100.0 : 0.0
                if part.marker != "=", let (w, rest) = Self.weight(units) {
                    weight = w
                    units = trim(rest)
                }
                var feedback: String? = nil
                if let hash = units.firstIndex(where: { !$0.escaped && $0.ch == "#" }) {
                    feedback = oneLineText(units[(hash + 1)...], default: format, notes: &notes, line: line)
                    units = trim(units[..<hash])
                }
                let text = oneLineText(units, default: format, notes: &notes, line: line)
                if text.isEmpty {
                    notes.append(BankMessage(line: line, .error, "an answer has no text"))
                    continue
                }
                choices.append((Choice(text, isCorrect: false, feedback: feedback.flatMap { $0.isEmpty ? nil : $0 }), weight, line))
            }
            if notes.contains(where: { $0.severity == .error }) { return false }
            if choices.count < 2 {
                notes.append(BankMessage(line: q.line, .error, "a multiple-choice question needs at least two answers; it has \(choices.count)"))
                return false
            }
            var seen: [String: Int] = [:]
            for c in choices {
                let key = c.0.text.lowercased()
                if seen[key] != nil {
                    notes.append(BankMessage(line: c.line, .error, "answer '\(c.0.text)' is listed twice"))
                    return false
                }
                seen[key] = c.line
            }
            if single {
                // One '=' answer is right; partial credit is not kept.
                let full = choices.filter { $0.weight >= 99.999 }
                if full.count > 1 {
                    notes.append(BankMessage(line: q.line, .skipped, "multiple choice with \(full.count) fully right answers"))
                    return false
                }
                if full.isEmpty {
                    notes.append(BankMessage(line: q.line, .error, "no answer is fully right; mark the right one with '='"))
                    return false
                }
                for c in choices where c.weight > 0 && c.weight < 99.999 {
                    notes.append(BankMessage(line: c.line, .warning,
                        "partial credit (\(Self.format(c.weight))%) for '\(c.0.text)' is not kept: primer counts it wrong"))
                }
                q.kind = .single
                q.choices = choices.map { Choice($0.0.text, isCorrect: $0.weight >= 99.999, feedback: $0.0.feedback) }
            } else {
                // Multiple answer: every answer with a positive weight is right.
                guard choices.contains(where: { $0.weight > 0 }) else {
                    notes.append(BankMessage(line: q.line, .error,
                        "no answer is right: mark the right answer with '=', or give the right answers positive weights like '~%50%'"))
                    return false
                }
                q.kind = .multiple
                q.choices = choices.map { Choice($0.0.text, isCorrect: $0.weight > 0, feedback: $0.0.feedback) }
            }
            return true
        }

        /// `{T}`, `{FALSE#feedback if wrong#feedback if right}`.
        mutating func trueFalse(_ answer: ArraySlice<Unit>, into q: inout BankQuestion, format: TextFormat,
                                notes: inout [BankMessage]) {
            var parts: [ArraySlice<Unit>] = []
            var start = answer.startIndex
            for i in answer.indices where !answer[i].escaped && answer[i].ch == "#" && parts.count < 2 {
                parts.append(answer[start..<i])
                start = i + 1
            }
            parts.append(answer[start...])
            let value = String(trim(parts[0]).map(\.ch))
            let isTrue = value == "T" || value == "TRUE"
            func feedback(_ i: Int) -> String? {
                guard i < parts.count else { return nil }
                let t = oneLineText(parts[i], default: format, notes: &notes, line: q.line)
                return t.isEmpty ? nil : t
            }
            let wrong = feedback(1), right = feedback(2)
            q.kind = .trueFalse
            q.choices = [Choice("True", isCorrect: isTrue, feedback: isTrue ? right : wrong),
                         Choice("False", isCorrect: !isTrue, feedback: isTrue ? wrong : right)]
        }

        // MARK: Text

        /// `%50%`, `%-33.33333%` at the start of an answer → (weight, rest).
        static func weight(_ units: ArraySlice<Unit>) -> (Double, ArraySlice<Unit>)? {
            guard let first = units.first, !first.escaped, first.ch == "%" else { return nil }
            var i = units.startIndex + 1
            var negative = false
            while i < units.endIndex, units[i].ch == "-" { negative = true; i += 1 }
            var number = ""
            while i < units.endIndex, units[i].ch.isASCII, units[i].ch.isNumber || units[i].ch == "." {
                number.append(units[i].ch)
                i += 1
            }
            guard i < units.endIndex, units[i].ch == "%", !number.isEmpty, number.first != ".",
                  number.filter({ $0 == "." }).count <= 1, let value = Double(number) else { return nil }
            return (negative ? -value : value, units[(i + 1)...])
        }

        static func format(_ w: Double) -> String {
            w == w.rounded() ? String(Int(w)) : String(w)
        }

        /// `[html]` etc. at the start of a text: its format and the text after the tag.
        func formatTag(_ units: ArraySlice<Unit>, default d: TextFormat) -> (TextFormat, ArraySlice<Unit>) {
            guard let first = units.first, first.ch == "[", let close = units.firstIndex(where: { $0.ch == "]" }) else { return (d, units) }
            let name = String(units[(units.startIndex + 1)..<close].map(\.ch))
            guard let f = TextFormat(rawValue: name) else { return (d, units) }
            return (f, units[(close + 1)...])
        }

        /// The text of some units in its format, control characters removed.
        mutating func textOf(_ units: ArraySlice<Unit>, format: TextFormat, notes: inout [BankMessage], line: Int) -> String {
            var text = String(trim(units).map(\.ch))
            if format == .html { text = BankText.htmlToText(text) }
            let (clean, removed) = BankText.sanitize(text)
            if removed, !notes.contains(where: { $0.message.hasPrefix("removed control") }) {
                notes.append(BankMessage(line: line, .warning, "removed control characters, which course files do not allow"))
            }
            return clean
        }

        /// An answer, feedback or general feedback: its own format tag or the question's, on one line.
        mutating func oneLineText(_ units: ArraySlice<Unit>, default d: TextFormat, notes: inout [BankMessage], line: Int) -> String {
            let (f, body) = formatTag(trim(units), default: d)
            return BankImport.oneLine(textOf(body, format: f, notes: &notes, line: line))
        }

        func trim(_ units: ArraySlice<Unit>) -> ArraySlice<Unit> {
            var s = units
            while let f = s.first, !f.escaped, f.ch.isWhitespace { s.removeFirst() }
            while let l = s.last, !l.escaped, l.ch.isWhitespace { s.removeLast() }
            return s
        }

        func isSyntax(_ units: ArraySlice<Unit>, _ i: Int, _ c: Character) -> Bool {
            units.indices.contains(i) && !units[i].escaped && units[i].ch == c
        }

        /// Index of the first unescaped occurrence of `token`.
        func find(_ units: ArraySlice<Unit>, _ token: String) -> Int? {
            let t = Array(token)
            var i = units.startIndex
            while i + t.count <= units.endIndex {
                if (0..<t.count).allSatisfy({ !units[i + $0].escaped && units[i + $0].ch == t[$0] }) { return i }
                i += 1
            }
            return nil
        }

        /// Index where the last unescaped run of `token` starts (Moodle's strrpos).
        func lastRun(of token: String, in units: ArraySlice<Unit>) -> Int? {
            let t = Array(token)
            var i = units.endIndex - t.count
            while i >= units.startIndex {
                if (0..<t.count).allSatisfy({ !units[i + $0].escaped && units[i + $0].ch == t[$0] }) { return i }
                i -= 1
            }
            return nil
        }

        func containsArrow(_ units: ArraySlice<Unit>) -> Bool {
            units.indices.dropLast().contains { units[$0].ch == "-" && units[$0 + 1].ch == ">" }
        }
    }
}
