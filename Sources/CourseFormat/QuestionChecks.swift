import StudyCore

/// Checks a question as written (`QuestionDraft`) and builds it: keys, refs, stem,
/// explanation, options.
enum QuestionChecks {
    static func build(_ d: QuestionDraft, lesson: Lesson, context: CourseContext, sink: inout DiagnosticSink) -> QuestionParser.Parsed? {
        guard !d.id.isEmpty else { return nil }
        let before = sink.errorCount
        var kind = QuestionKind.single
        if let k = d.meta(.kind) {
            if let parsed = QuestionKind(rawValue: k.value) { kind = parsed }
            else {
                sink.error(k.line, at: k.offset, "unknown kind '\(k.value)'" + Suggest.didYouMean(k.value, QuestionKind.allCases.map(\.rawValue)))
            }
        }
        var theme = lesson.themeID
        if let t = d.meta(.theme) {
            if context.themeIDs.contains(t.value) { theme = t.value }
            else { sink.error(t.line, at: t.offset, "unknown theme '\(t.value)'" + Suggest.didYouMean(t.value, context.themeList)) }
        }
        let claims = d.meta(.claims).map {
            LessonFileParser.claimRefs($0.value, line: $0.line, at: $0.offset, context: context, sink: &sink)
        } ?? []
        var sources: [Int] = []
        if let s = d.meta(.source) {
            sources = References.paragraphs(s.value, line: s.line, at: s.offset, paragraphCount: context.paragraphCount, sink: &sink)
        } else if context.paragraphCount != nil {
            sink.error(d.line, at: d.idOffset, "question '\(d.id)' has no 'source:' line; cite the paragraphs its answer comes from, e.g. 'source: ¶6'")
        }

        let stem = stemText(d.stem)
        if stem.isEmpty { sink.error(d.line, at: d.idOffset, "question '\(d.id)' has no stem (the question text)") }
        let explanation = explanationText(d.explanation)
        if explanation.isEmpty {
            sink.error(d.lastLine, 1, "question '\(d.id)' has an empty explanation; add '> ' lines after the options")
        }
        checkOptions(d, kind: kind, sink: &sink)
        let shown = shownCount(d, kind: kind, sink: &sink)
        guard sink.errorCount == before else { return nil }
        let question = Question(id: d.id, kind: kind, themeID: theme, lessonID: lesson.id, claims: claims, sources: sources,
                                stem: stem, choices: d.options.map(\.choice), explanation: explanation, shownCount: shown)
        return QuestionParser.Parsed(question: question, line: d.line, idOffset: d.idOffset)
    }

    /// The stem lines joined by "\n", without the blank lines after the last one. (A stem
    /// starts with text, and "\n" is always a character of its own, so this is trimming
    /// "\n" from both ends.)
    static func stemText(_ lines: [String]) -> String {
        var end = lines.count
        while end > 0, lines[end - 1].isEmpty { end -= 1 }
        return end == 1 ? lines[0] : lines[..<end].joined(separator: "\n")
    }

    /// The explanation lines joined by spaces, trimmed. Trimming only removes a space or
    /// tab character, which is one byte: when neither end byte is one, there is nothing to do.
    static func explanationText(_ lines: [String]) -> String {
        let joined = lines.count == 1 ? lines[0] : lines.joined(separator: " ")
        let utf8 = joined.utf8
        guard let first = utf8.first, let last = utf8.last else { return joined }
        if first != 0x20, first != 0x09, last != 0x20, last != 0x09 { return joined }
        return String(joined.trimmingSpaces())
    }

    /// Enough options, a correct one (one only for single answer; True then False for
    /// true-false), none twice; a warning when the key's length gives it away.
    private static func checkOptions(_ d: QuestionDraft, kind: QuestionKind, sink: inout DiagnosticSink) {
        let options = d.options
        let correct = options.reduce(0) { $0 + ($1.choice.isCorrect ? 1 : 0) }
        if options.count < 2 {
            sink.error(d.line, at: d.idOffset, "question '\(d.id)' has \(options.count) option\(options.count == 1 ? "" : "s"); it needs at least two")
        }
        if !options.isEmpty, correct == 0 {
            sink.error(options[0].line, 1, "question '\(d.id)' has no correct option; mark one with '- [x]'")
        }
        for (i, first) in OptionText.duplicates(options) {
            sink.error(options[i].line, at: options[i].offset, "duplicate option text (same as line \(options[first].line))")
        }
        switch kind {
        case .single where correct > 1:
            let second = options.filter(\.choice.isCorrect)[1]
            sink.error(second.line, 1, "single-answer question '\(d.id)' has \(correct) correct options; keep one, or add 'kind: multiple'")
        case .trueFalse:
            let texts = options.map { $0.choice.text.lowercased() }
            if texts != ["true", "false"] {
                sink.error(options.first?.line ?? d.line, 1, "a true-false question has exactly two options, '- [ ] True' then '- [ ] False'")
            } else if correct > 1 {
                sink.error(options[1].line, 1, "true-false question '\(d.id)' marks both True and False correct")
            }
        default: break
        }
        if kind == .single, correct == 1, let key = options.first(where: \.choice.isCorrect),
           let cue = LengthCue.ratio(key: OptionText.length(key),
                                     longestDistractor: options.lazy.filter { !$0.choice.isCorrect }.map(OptionText.length).max()) {
            sink.warning(key.line, at: key.offset, String(format: "the right option is %.1f times as long as the longest wrong one, "
                                                          + "so its length gives it away; shorten it or lengthen the others", cue))
        }
    }

    /// How many options a showing draws: `shown:`, else the default for the kind.
    private static func shownCount(_ d: QuestionDraft, kind: QuestionKind, sink: inout DiagnosticSink) -> Int {
        guard let s = d.meta(.shown) else { return kind == .trueFalse ? 2 : Question.defaultShownCount }
        guard let n = Int(s.value), n >= 2 else {
            sink.error(s.line, at: s.offset, "'shown' must be a whole number of at least 2, not '\(s.value)'")
            return kind == .trueFalse ? 2 : Question.defaultShownCount
        }
        let correct = d.options.filter(\.choice.isCorrect).count
        if n < correct { sink.error(s.line, at: s.offset, "'shown: \(n)' is fewer than the \(correct) correct options, which are always shown") }
        return n
    }
}

/// A key much longer than every distractor is a cue a test-wise learner can use without
/// knowing anything: `primer check` warns when it is 1.5 times the longest wrong option and
/// at least 8 characters longer (so "Yes" against "No" is not a cue).
enum LengthCue {
    static let threshold = 1.5
    static let minimumDifference = 8

    /// The key's length over the longest distractor's (in characters), when it is a cue.
    static func ratio(key: Int, longestDistractor: Int?) -> Double? {
        guard let longest = longestDistractor, longest > 0 else { return nil }
        let ratio = Double(key) / Double(longest)
        return ratio >= threshold && key - longest >= minimumDifference ? ratio : nil
    }
}
