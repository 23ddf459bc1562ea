import StudyCore

/// The answer block of a multiple-choice or true/false question.
extension GIFTParser.State {
    /// An answer of a multiple-choice block with its weight in percent (100 for `=`).
    typealias WeightedChoice = (choice: Choice, weight: Double, line: Int)

    /// `{=right ~wrong ~%50%partly …}`. False (with errors in `notes`) when unusable.
    mutating func multichoice(_ answer: ArraySlice<Unit>, into q: inout BankQuestion, format: TextFormat,
                              notes: inout [BankMessage]) -> Bool {
        let single = answer.contains(where: { !$0.escaped && $0.ch == "=" })
        let choices = weightedChoices(answer, questionLine: q.line, format: format, notes: &notes)
        if notes.contains(where: { $0.severity == .error }) { return false }
        if choices.count < 2 {
            notes.append(BankMessage(line: q.line, .error, "a multiple-choice question needs at least two answers; it has \(choices.count)"))
            return false
        }
        var seen: [String: Int] = [:]
        for c in choices {
            let key = c.choice.text.lowercased()
            if seen[key] != nil {
                notes.append(BankMessage(line: c.line, .error, "answer '\(c.choice.text)' is listed twice"))
                return false
            }
            seen[key] = c.line
        }
        return single ? markSingle(choices, into: &q, notes: &notes) : markMultiple(choices, into: &q, notes: &notes)
    }

    /// Every answer of the block with its weight and feedback; an answer without text is an
    /// error in `notes` and left out.
    mutating func weightedChoices(_ answer: ArraySlice<Unit>, questionLine: Int, format: TextFormat,
                                  notes: inout [BankMessage]) -> [WeightedChoice] {
        var choices: [WeightedChoice] = []
        for part in answerParts(answer) {
            var units = trim(part.units)
            let line = units.first?.line ?? questionLine
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
        return choices
    }

    /// The block cut before every '~' and '='; text before the first marker is an answer
    /// too (as in Moodle).
    func answerParts(_ answer: ArraySlice<Unit>) -> [(marker: Character?, units: ArraySlice<Unit>)] {
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
        return parts
    }

    /// A block with '=': the one '=' answer is right; partial credit is not kept.
    func markSingle(_ choices: [WeightedChoice], into q: inout BankQuestion, notes: inout [BankMessage]) -> Bool {
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
                "partial credit (\(Self.format(c.weight))%) for '\(c.choice.text)' is not kept: primer counts it wrong"))
        }
        q.kind = .single
        q.choices = choices.map { Choice($0.choice.text, isCorrect: $0.weight >= 99.999, feedback: $0.choice.feedback) }
        return true
    }

    /// A block without '=' (multiple answer): every answer with a positive weight is right.
    func markMultiple(_ choices: [WeightedChoice], into q: inout BankQuestion, notes: inout [BankMessage]) -> Bool {
        guard choices.contains(where: { $0.weight > 0 }) else {
            notes.append(BankMessage(line: q.line, .error,
                "no answer is right: mark the right answer with '=', or give the right answers positive weights like '~%50%'"))
            return false
        }
        q.kind = .multiple
        q.choices = choices.map { Choice($0.choice.text, isCorrect: $0.weight > 0, feedback: $0.choice.feedback) }
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
}
