import StudyCore

/// Parses the `### q: ID` blocks under `## Questions` and checks each question.
enum QuestionParser {
    static let keys = ["kind", "claims", "source", "theme", "shown"]

    struct Parsed {
        var question: Question
        var line: Int
        var column: Int
    }

    /// A question as written, before it is checked.
    private struct Draft {
        var id = ""
        /// Where the question's id is written.
        var line = 0, idColumn = 0
        var meta: [String: (value: String, line: Int, column: Int)] = [:]
        var stem: [String] = []
        var options: [(choice: Choice, line: Int, column: Int)] = []
        var explanation: [String] = []
        var lastLine = 0
        enum Phase { case meta, stem, options, explanation }
        var phase = Phase.meta

        /// A line of the question after its heading: a key, stem text, an option, option
        /// feedback or the explanation, by what it starts with and where the question is.
        mutating func read(_ line: Substring, trimmed: Substring, lineNumber n: Int, sink: inout DiagnosticSink) {
            if trimmed.isEmpty {
                if phase == .stem, !stem.isEmpty { stem.append("") }
                return
            }
            lastLine = n
            // Option feedback: indented "> " right under an option.
            if line.hasPrefix("  "), trimmed.hasPrefix(">"), phase == .options, !options.isEmpty {
                let text = trimmed.dropFirst().trimmingSpaces()
                let last = options.count - 1
                let old = options[last].choice.feedback
                options[last].choice.feedback = old.map { $0 + " " + text } ?? String(text)
            } else if trimmed.hasPrefix(">") {
                if options.isEmpty {
                    sink.error(n, column(of: trimmed, in: line), "the explanation ('> ...') must come after the options")
                    return
                }
                phase = .explanation
                explanation.append(String(trimmed.dropFirst().trimmingSpaces()))
            } else if trimmed.hasPrefix("- ") || trimmed.hasPrefix("* ") {
                readOption(trimmed, in: line, lineNumber: n, sink: &sink)
            } else if phase == .meta, let (key, value, valueColumn) = metaLine(trimmed, in: line) {
                if !keys.contains(key) {
                    sink.error(n, column(of: trimmed, in: line), "unknown key '\(key)'" + Suggest.didYouMean(key, keys))
                } else if meta[key] != nil {
                    sink.error(n, column(of: trimmed, in: line), "duplicate key '\(key)'")
                } else {
                    meta[key] = (value, n, valueColumn)
                }
            } else {
                switch phase {
                case .meta, .stem:
                    phase = .stem
                    stem.append(String(trimmed))
                case .options:
                    sink.error(n, column(of: trimmed, in: line), "unexpected text among the options; each option is one line '- [ ] text'")
                case .explanation:
                    sink.error(n, column(of: trimmed, in: line), "unexpected text after the explanation; explanation lines start with '> '")
                }
            }
        }

        /// `- [x] right` or `- [ ] wrong`.
        mutating func readOption(_ trimmed: Substring, in line: Substring, lineNumber n: Int, sink: inout DiagnosticSink) {
            if phase == .explanation {
                sink.error(n, column(of: trimmed, in: line), "option after the explanation; put options before the '> ' lines")
                return
            }
            let afterDash = trimmed.dropFirst(2)
            let box = afterDash.prefix(3)
            guard box == "[x]" || box == "[X]" || box == "[ ]" else {
                sink.error(n, column(of: afterDash, in: line), "an option starts with '- [x] ' (correct) or '- [ ] ' (wrong)")
                return
            }
            let textPart = afterDash.dropFirst(3).trimmingSpaces()
            if textPart.isEmpty {
                sink.error(n, column(of: afterDash, in: line), "option has no text")
                return
            }
            phase = .options
            options.append((Choice(String(textPart), isCorrect: box != "[ ]"), n, column(of: textPart, in: line)))
        }
    }

    static func parseAll(_ lines: [Substring], from start: Int, lesson: Lesson, context: CourseContext,
                         sink: inout DiagnosticSink) -> [Parsed] {
        var drafts: [Draft] = []
        var current: Draft? = nil
        for index in start..<lines.count {
            let line = lines[index]
            let n = index + 1
            let trimmed = line.trimmingSpaces()
            if !trimmed.hasPrefix("source:") {   // source: lines are checked as refs below
                LessonBodyParser.checkParagraphMentions(line, in: line, lineNumber: n, context: context, sink: &sink)
            }
            if trimmed.hasPrefix("### ") {
                if let d = current { drafts.append(d) }
                current = heading(trimmed, in: line, lineNumber: n, sink: &sink)
            } else if trimmed.hasPrefix("#") {
                sink.error(n, column(of: trimmed, in: line), "unexpected heading in the questions section; questions start with '### q: ID'")
            } else if var d = current {
                d.read(line, trimmed: trimmed, lineNumber: n, sink: &sink)
                current = d
            } else if !trimmed.isEmpty {
                sink.error(n, column(of: trimmed, in: line), "text before the first question; questions start with '### q: ID'")
            }
        }
        if let d = current { drafts.append(d) }
        return drafts.compactMap { build($0, lesson: lesson, context: context, sink: &sink) }
    }

    /// `### q: ID` starts a question; nil (with an error) for any other `###` heading.
    private static func heading(_ trimmed: Substring, in line: Substring, lineNumber n: Int, sink: inout DiagnosticSink) -> Draft? {
        let head = trimmed.dropFirst(4).trimmingSpaces()
        guard head.hasPrefix("q:") else {
            sink.error(n, column(of: head, in: line), "expected a question heading '### q: ID'")
            return nil
        }
        let idPart = head.dropFirst(2).trimmingSpaces()
        var d = Draft()
        d.id = String(idPart)
        d.line = n
        d.idColumn = idPart.isEmpty ? column(of: head, in: line) : column(of: idPart, in: line)
        d.lastLine = n
        if d.id.isEmpty { sink.error(n, d.idColumn, "question id is missing after 'q:'") }
        else if !References.isValidID(d.id) { sink.error(n, d.idColumn, "question id '\(d.id)' may use only letters, digits, '-', '_' and '.'") }
        return d
    }

    /// "key: value" where key is one lowercase word (possibly hyphenated).
    private static func metaLine(_ trimmed: Substring, in line: Substring) -> (String, String, Int)? {
        guard let colon = trimmed.firstIndex(of: ":") else { return nil }
        let key = trimmed[..<colon]
        guard !key.isEmpty, key.allSatisfy({ ($0.isLetter && $0.isLowercase) || $0 == "-" }) else { return nil }
        let valuePart = trimmed[trimmed.index(after: colon)...].drop(while: { $0 == " " })
        return (String(key), String(valuePart.trimmingTrailingSpaces()), column(of: valuePart, in: line))
    }

    private static func build(_ d: Draft, lesson: Lesson, context: CourseContext, sink: inout DiagnosticSink) -> Parsed? {
        guard !d.id.isEmpty else { return nil }
        let before = sink.items.filter(\.isError).count
        var kind = QuestionKind.single
        if let k = d.meta["kind"] {
            if let parsed = QuestionKind(rawValue: k.value) { kind = parsed }
            else {
                sink.error(k.line, k.column, "unknown kind '\(k.value)'" + Suggest.didYouMean(k.value, QuestionKind.allCases.map(\.rawValue)))
            }
        }
        var theme = lesson.themeID
        if let t = d.meta["theme"] {
            if context.themeIDs.contains(t.value) { theme = t.value }
            else { sink.error(t.line, t.column, "unknown theme '\(t.value)'" + Suggest.didYouMean(t.value, context.themeList)) }
        }
        let claims = d.meta["claims"].map {
            LessonFileParser.claimRefs($0.value, line: $0.line, column: $0.column, context: context, sink: &sink)
        } ?? []
        var sources: [Int] = []
        if let s = d.meta["source"] {
            sources = References.paragraphs(s.value, line: s.line, column: s.column, paragraphCount: context.paragraphCount, sink: &sink)
        } else if context.paragraphCount != nil {
            sink.error(d.line, d.idColumn, "question '\(d.id)' has no 'source:' line; cite the paragraphs its answer comes from, e.g. 'source: ¶6'")
        }

        let stem = d.stem.joined(separator: "\n").trimmingCharacters(in: "\n")
        if stem.isEmpty { sink.error(d.line, d.idColumn, "question '\(d.id)' has no stem (the question text)") }
        let explanation = d.explanation.joined(separator: " ").trimmingSpaces()
        if explanation.isEmpty {
            sink.error(d.lastLine, 1, "question '\(d.id)' has an empty explanation; add '> ' lines after the options")
        }
        checkOptions(d, kind: kind, sink: &sink)
        let shown = shownCount(d, kind: kind, sink: &sink)
        guard sink.items.filter(\.isError).count == before else { return nil }
        let question = Question(id: d.id, kind: kind, themeID: theme, lessonID: lesson.id, claims: claims, sources: sources,
                                stem: stem, choices: d.options.map(\.choice), explanation: String(explanation), shownCount: shown)
        return Parsed(question: question, line: d.line, column: d.idColumn)
    }

    /// Enough options, a correct one (one only for single answer; True then False for
    /// true-false), none twice; a warning when the key's length gives it away.
    private static func checkOptions(_ d: Draft, kind: QuestionKind, sink: inout DiagnosticSink) {
        let choices = d.options.map(\.choice)
        let correct = choices.filter(\.isCorrect).count
        if choices.count < 2 {
            sink.error(d.line, d.idColumn, "question '\(d.id)' has \(choices.count) option\(choices.count == 1 ? "" : "s"); it needs at least two")
        }
        if !choices.isEmpty, correct == 0 {
            sink.error(d.options[0].line, 1, "question '\(d.id)' has no correct option; mark one with '- [x]'")
        }
        var seen: [String: Int] = [:]
        for option in d.options {
            let key = option.choice.text.lowercased()
            if let first = seen[key] {
                sink.error(option.line, option.column, "duplicate option text (same as line \(first))")
            } else {
                seen[key] = option.line
            }
        }
        switch kind {
        case .single where correct > 1:
            let second = d.options.filter(\.choice.isCorrect)[1]
            sink.error(second.line, 1, "single-answer question '\(d.id)' has \(correct) correct options; keep one, or add 'kind: multiple'")
        case .trueFalse:
            let texts = choices.map { $0.text.lowercased() }
            if texts != ["true", "false"] {
                sink.error(d.options.first?.line ?? d.line, 1, "a true-false question has exactly two options, '- [ ] True' then '- [ ] False'")
            } else if correct > 1 {
                sink.error(d.options[1].line, 1, "true-false question '\(d.id)' marks both True and False correct")
            }
        default: break
        }
        if kind == .single, correct == 1, let key = d.options.first(where: \.choice.isCorrect),
           let cue = LengthCue.ratio(key: key.choice.text, distractors: choices.filter { !$0.isCorrect }.map(\.text)) {
            sink.warning(key.line, key.column, String(format: "the right option is %.1f times as long as the longest wrong one, "
                                                       + "so its length gives it away; shorten it or lengthen the others", cue))
        }
    }

    /// How many options a showing draws: `shown:`, else the default for the kind.
    private static func shownCount(_ d: Draft, kind: QuestionKind, sink: inout DiagnosticSink) -> Int {
        guard let s = d.meta["shown"] else { return kind == .trueFalse ? 2 : Question.defaultShownCount }
        guard let n = Int(s.value), n >= 2 else {
            sink.error(s.line, s.column, "'shown' must be a whole number of at least 2, not '\(s.value)'")
            return kind == .trueFalse ? 2 : Question.defaultShownCount
        }
        let correct = d.options.filter(\.choice.isCorrect).count
        if n < correct { sink.error(s.line, s.column, "'shown: \(n)' is fewer than the \(correct) correct options, which are always shown") }
        return n
    }
}

private extension String {
    func trimmingCharacters(in set: Character) -> String {
        var s = Substring(self)
        while s.first == set { s.removeFirst() }
        while s.last == set { s.removeLast() }
        return String(s)
    }
}

/// A key much longer than every distractor is a cue a test-wise learner can use without
/// knowing anything: `primer check` warns when it is 1.5 times the longest wrong option and
/// at least 8 characters longer (so "Yes" against "No" is not a cue).
enum LengthCue {
    static let threshold = 1.5
    static let minimumDifference = 8

    /// The key's length over the longest distractor's, when it is a cue.
    static func ratio(key: String, distractors: [String]) -> Double? {
        guard let longest = distractors.map(\.count).max(), longest > 0 else { return nil }
        let ratio = Double(key.count) / Double(longest)
        return ratio >= threshold && key.count - longest >= minimumDifference ? ratio : nil
    }
}
