import StudyCore

/// Reads Moodle's Aiken format (docs.moodle.org/en/Aiken_format): single-answer multiple
/// choice, one question after another.
///
/// ```
/// What is the correct answer to this question?
/// A. Is it this one?
/// B) Maybe this answer?
/// ANSWER: B
/// ```
///
/// The question is one line; each option is a capital letter, then `.` or `)`, then a
/// space and the text, lettered A, B, C… in order; then `ANSWER: X`. Blank lines between
/// questions are optional. Anything else is reported as an error on its line, and the
/// question it belongs to is left out (reading resumes after its `ANSWER:` line).
public enum AikenParser {
    public static func parse(_ text: String) -> BankParseResult {
        struct Open {
            var line: Int
            var stem: String
            var options: [(label: Character, text: String, line: Int)] = []
            /// An error was reported: skip to the ANSWER line.
            var broken = false
        }
        var questions: [BankQuestion] = []
        var messages: [BankMessage] = []
        var current: Open? = nil
        var cleanedLines: Set<Int> = []

        func clean(_ s: Substring, line: Int) -> String {
            let (text, removed) = BankText.sanitize(String(s))
            if removed && !cleanedLines.contains(line) {
                cleanedLines.insert(line)
                messages.append(BankMessage(line: line, .warning, "removed control characters, which course files do not allow"))
            }
            return String(Substring(text).trimmingSpaces())
        }

        let lines = text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" })
        for (index, raw) in lines.enumerated() {
            let n = index + 1
            let line = Substring(clean(raw, line: n))
            if line.isEmpty { continue }

            if let (label, rest) = option(line) {
                guard var q = current else {
                    messages.append(BankMessage(line: n, .error, "option '\(label)' comes before any question; an Aiken question starts with one line of question text"))
                    continue
                }
                defer { current = q }
                if q.broken { continue }
                let expected = Character(Unicode.Scalar(UInt8(65 + min(q.options.count, 25))))
                if label != expected {
                    messages.append(BankMessage(line: n, .error, "expected option '\(expected)', found '\(label)': options are lettered A, B, C… in order"))
                    q.broken = true
                    continue
                }
                let optionText = String(rest)
                if optionText.isEmpty {
                    messages.append(BankMessage(line: n, .error, "option '\(label)' has no text"))
                    q.broken = true
                    continue
                }
                q.options.append((label, optionText, n))
                continue
            }

            if line.count >= 7, line.prefix(7).uppercased() == "ANSWER:" {
                guard let q = current else {
                    messages.append(BankMessage(line: n, .error, "'ANSWER:' line without a question before it"))
                    continue
                }
                current = nil
                if q.broken { continue }
                if line.prefix(7) != "ANSWER:" {
                    messages.append(BankMessage(line: n, .warning, "write 'ANSWER:' in capitals; Moodle requires it"))
                }
                let value = line.dropFirst(7).trimmingSpaces()
                var letter = value.first
                if let l = letter, l.isLowercase, l.isASCII {
                    messages.append(BankMessage(line: n, .warning, "the answer letter should be a capital: 'ANSWER: \(l.uppercased())'"))
                    letter = Character(l.uppercased())
                }
                let tail = value.dropFirst()
                guard let l = letter, l.isASCII, l.isUppercase, tail.isEmpty || tail == "." || tail == ")" else {
                    messages.append(BankMessage(line: n, .error, "'ANSWER:' must give the letter of the one right option, e.g. 'ANSWER: B'"))
                    continue
                }
                guard q.options.count >= 2 else {
                    messages.append(BankMessage(line: q.line, .error,
                        "the question has \(q.options.count) option\(q.options.count == 1 ? "" : "s"); it needs at least two ('A) …', 'B) …')"))
                    continue
                }
                guard q.options.contains(where: { $0.label == l }) else {
                    messages.append(BankMessage(line: n, .error, "'ANSWER: \(l)' names no option; the options are A-\(q.options.last!.label)"))
                    continue
                }
                var seen: [String: Int] = [:]
                var duplicate = false
                for o in q.options {
                    if let first = seen[o.text.lowercased()] {
                        messages.append(BankMessage(line: o.line, .error, "option '\(o.label)' repeats the text of line \(first)"))
                        duplicate = true
                        break
                    }
                    seen[o.text.lowercased()] = o.line
                }
                if duplicate { continue }
                questions.append(BankQuestion(line: q.line, kind: .single, stem: q.stem,
                                              choices: q.options.map { Choice($0.text, isCorrect: $0.label == l) }))
                continue
            }

            // Question text.
            if var q = current {
                if !q.broken {
                    let what = q.options.isEmpty
                        ? "the question on line \(q.line) continues on this line; an Aiken question is one line of text, then its options"
                        : "expected an option ('\(Character(Unicode.Scalar(UInt8(65 + min(q.options.count, 25)))))) …') or 'ANSWER: X' for the question on line \(q.line)"
                    messages.append(BankMessage(line: n, .error, what))
                    q.broken = true
                    current = q
                }
                continue
            }
            current = Open(line: n, stem: String(line))
        }
        if let q = current, !q.broken {
            messages.append(BankMessage(line: q.line, .error, "the question has no 'ANSWER: X' line"))
        }
        return BankParseResult(questions: questions, messages: BankImport.sorted(messages))
    }

    /// "B) text", "B. text" → ("B", "text"). A lone "B)" is an option with no text.
    static func option(_ line: Substring) -> (Character, Substring)? {
        guard let first = line.first, first.isASCII, first.isUppercase, line.count >= 2 else { return nil }
        let second = line[line.index(after: line.startIndex)]
        guard second == "." || second == ")" else { return nil }
        let rest = line.dropFirst(2)
        guard rest.isEmpty || rest.first == " " || rest.first == "\t" else { return nil }
        return (first, rest.trimmingSpaces())
    }
}
