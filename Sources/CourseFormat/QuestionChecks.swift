import StudyCore

/// Checks a question as written (`QuestionDraft`) and builds it: keys, refs, stem,
/// explanation, options.
enum QuestionChecks {
    static func build(_ d: QuestionDraft, source: SourceText, lesson: Lesson, context: CourseContext,
                      refs: inout RefCache, sink: inout DiagnosticSink) -> Question? {
        guard !d.id.isEmpty else { return nil }
        let before = sink.errorCount
        var kind = QuestionKind.single
        if let k = d.kind {
            let value = source.string(k.span)
            if let parsed = QuestionKind(rawValue: value) { kind = parsed }
            else {
                sink.error(k.line, at: k.span.lowerBound, "unknown kind '\(value)'" + Suggest.didYouMean(value, QuestionKind.allCases.map(\.rawValue)))
            }
        }
        var theme = lesson.themeID
        if let t = d.theme {
            let value = source.string(t.span)
            if context.themeIDs.contains(value) { theme = value }
            else { sink.error(t.line, at: t.span.lowerBound, "unknown theme '\(value)'" + Suggest.didYouMean(value, context.themeList)) }
        }
        let claims = d.claims.map { refs.claims($0, source: source, context: context, sink: &sink) } ?? []
        var sources: [Int] = []
        if let s = d.source {
            sources = refs.sources(s, source: source, context: context, sink: &sink)
        } else if context.paragraphCount != nil {
            sink.error(d.line, at: d.idOffset, "question '\(d.id)' has no 'source:' line; cite the paragraphs its answer comes from, e.g. 'source: ¶6'")
        }

        if d.stem.isEmpty { sink.error(d.line, at: d.idOffset, "question '\(d.id)' has no stem (the question text)") }
        let explanation = trimmedExplanation(d.explanation)
        if explanation.isEmpty {
            sink.error(d.lastLine, 1, "question '\(d.id)' has an empty explanation; add '> ' lines after the options")
        }
        checkOptions(d, kind: kind, sink: &sink)
        let shown = shownCount(d, kind: kind, source: source, sink: &sink)
        guard sink.errorCount == before else { return nil }
        return Question(id: d.id, kind: kind, themeID: theme, lessonID: lesson.id, claims: claims, sources: sources,
                        stem: d.stem, choices: d.choices, explanation: explanation, shownCount: shown)
    }

    /// The explanation lines joined by spaces, trimmed. Trimming only removes a space or
    /// tab character, which is one byte: when neither end byte is one, there is nothing to do.
    static func trimmedExplanation(_ joined: String) -> String {
        let utf8 = joined.utf8
        guard let first = utf8.first, let last = utf8.last else { return joined }
        if first != 0x20, first != 0x09, last != 0x20, last != 0x09 { return joined }
        return String(joined.trimmingSpaces())
    }

    /// Enough options, a correct one (one only for single answer; True then False for
    /// true-false), none twice; a warning when the key's length gives it away.
    private static func checkOptions(_ d: QuestionDraft, kind: QuestionKind, sink: inout DiagnosticSink) {
        let choices = d.choices, options = d.options
        let correct = choices.reduce(0) { $0 + ($1.isCorrect ? 1 : 0) }
        if choices.count < 2 {
            sink.error(d.line, at: d.idOffset, "question '\(d.id)' has \(choices.count) option\(choices.count == 1 ? "" : "s"); it needs at least two")
        }
        if !choices.isEmpty, correct == 0 {
            sink.error(options[0].line, 1, "question '\(d.id)' has no correct option; mark one with '- [x]'")
        }
        for (i, first) in OptionText.duplicates(choices, options) {
            sink.error(options[i].line, at: options[i].offset, "duplicate option text (same as line \(options[first].line))")
        }
        switch kind {
        case .single where correct > 1:
            let second = choices.indices.filter { choices[$0].isCorrect }[1]
            sink.error(options[second].line, 1, "single-answer question '\(d.id)' has \(correct) correct options; keep one, or add 'kind: multiple'")
        case .trueFalse:
            let texts = choices.map { $0.text.lowercased() }
            if texts != ["true", "false"] {
                sink.error(options.first?.line ?? d.line, 1, "a true-false question has exactly two options, '- [ ] True' then '- [ ] False'")
            } else if correct > 1 {
                sink.error(options[1].line, 1, "true-false question '\(d.id)' marks both True and False correct")
            }
        default: break
        }
        if kind == .single, correct == 1, let key = choices.firstIndex(where: \.isCorrect) {
            let wrong = choices.indices.lazy.filter { !choices[$0].isCorrect }
            let longest = wrong.map { OptionText.length(choices[$0], options[$0]) }.max()
            if let cue = LengthCue.ratio(key: OptionText.length(choices[key], options[key]), longestDistractor: longest) {
                sink.warning(options[key].line, at: options[key].offset, String(format: "the right option is %.1f times as long as the longest "
                             + "wrong one, so its length gives it away; shorten it or lengthen the others", cue))
            }
        }
    }

    /// How many options a showing draws: `shown:`, else the default for the kind.
    private static func shownCount(_ d: QuestionDraft, kind: QuestionKind, source: SourceText, sink: inout DiagnosticSink) -> Int {
        guard let s = d.shown else { return kind == .trueFalse ? 2 : Question.defaultShownCount }
        let value = source.string(s.span)
        guard let n = Int(value), n >= 2 else {
            sink.error(s.line, at: s.span.lowerBound, "'shown' must be a whole number of at least 2, not '\(value)'")
            return kind == .trueFalse ? 2 : Question.defaultShownCount
        }
        let correct = d.choices.filter(\.isCorrect).count
        if n < correct { sink.error(s.line, at: s.span.lowerBound, "'shown: \(n)' is fewer than the \(correct) correct options, which are always shown") }
        // Likely a miscount (or an option lost in an edit): the tutor expects a pool to draw from.
        if n > d.choices.count {
            sink.warning(s.line, at: s.span.lowerBound,
                         "'shown: \(n)' is more than the \(d.choices.count) options: all \(d.choices.count) are shown every time")
        }
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
