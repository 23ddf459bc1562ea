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
        var reader = Reader()
        let lines = text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" })
        for (index, raw) in lines.enumerated() { reader.read(raw, line: index + 1) }
        if let q = reader.current, !q.broken {
            reader.messages.append(BankMessage(line: q.line, .error, "the question has no 'ANSWER: X' line"))
        }
        return BankParseResult(questions: reader.questions, messages: BankImport.sorted(reader.messages))
    }

    /// A question whose `ANSWER:` line has not come yet.
    private struct Open {
        var line: Int
        var stem: String
        var options: [(label: Character, text: String, line: Int)] = []
        /// An error was reported: skip to the ANSWER line.
        var broken = false

        /// The letter the next option must have.
        var nextLetter: Character { Character(Unicode.Scalar(UInt8(65 + min(options.count, 25)))) }
    }

    /// Reads a bank line by line.
    private struct Reader {
        var questions: [BankQuestion] = []
        var messages: [BankMessage] = []
        var current: Open? = nil
        var cleanedLines: Set<Int> = []

        mutating func read(_ raw: Substring, line n: Int) {
            let line = Substring(clean(raw, line: n))
            if line.isEmpty { return }
            if let (label, rest) = option(line) {
                addOption(label, text: String(rest), line: n)
            } else if line.count >= 7, line.prefix(7).uppercased() == "ANSWER:" {
                answer(line, line: n)
            } else if var q = current {
                // Question text while a question is open: it was one line.
                if !q.broken {
                    let what = q.options.isEmpty
                        ? "the question on line \(q.line) continues on this line; an Aiken question is one line of text, then its options"
                        : "expected an option ('\(q.nextLetter)) …') or 'ANSWER: X' for the question on line \(q.line)"
                    messages.append(BankMessage(line: n, .error, what))
                    q.broken = true
                    current = q
                }
            } else {
                current = Open(line: n, stem: String(line))
            }
        }

        /// The line without control characters (warned about once per line), trimmed.
        mutating func clean(_ s: Substring, line: Int) -> String {
            let (text, removed) = BankText.sanitize(String(s))
            if removed && !cleanedLines.contains(line) {
                cleanedLines.insert(line)
                messages.append(BankMessage(line: line, .warning, "removed control characters, which course files do not allow"))
            }
            return String(Substring(text).trimmingSpaces())
        }

        mutating func addOption(_ label: Character, text: String, line n: Int) {
            guard var q = current else {
                messages.append(BankMessage(line: n, .error, "option '\(label)' comes before any question; an Aiken question starts with one line of question text"))
                return
            }
            defer { current = q }
            if q.broken { return }
            if label != q.nextLetter {
                messages.append(BankMessage(line: n, .error, "expected option '\(q.nextLetter)', found '\(label)': options are lettered A, B, C… in order"))
                q.broken = true
            } else if text.isEmpty {
                messages.append(BankMessage(line: n, .error, "option '\(label)' has no text"))
                q.broken = true
            } else {
                q.options.append((label, text, n))
            }
        }

        /// `ANSWER: X` closes the open question: kept when it is whole.
        mutating func answer(_ line: Substring, line n: Int) {
            guard let q = current else {
                messages.append(BankMessage(line: n, .error, "'ANSWER:' line without a question before it"))
                return
            }
            current = nil
            if q.broken { return }
            guard let letter = answerLetter(line, line: n), let question = complete(q, answer: letter, line: n) else { return }
            questions.append(question)
        }

        /// The letter an `ANSWER:` line gives (warning about lowercase); nil, with an error, when it gives none.
        mutating func answerLetter(_ line: Substring, line n: Int) -> Character? {
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
                return nil
            }
            return l
        }

        /// The question with `answer` its right option; nil, with an error, when it has too few
        /// options, `answer` names none, or two options say the same.
        mutating func complete(_ q: Open, answer: Character, line n: Int) -> BankQuestion? {
            guard q.options.count >= 2, let last = q.options.last else {
                messages.append(BankMessage(line: q.line, .error,
                    "the question has \(q.options.count) option\(q.options.count == 1 ? "" : "s"); it needs at least two ('A) …', 'B) …')"))
                return nil
            }
            guard q.options.contains(where: { $0.label == answer }) else {
                messages.append(BankMessage(line: n, .error, "'ANSWER: \(answer)' names no option; the options are A-\(last.label)"))
                return nil
            }
            var seen: [String: Int] = [:]
            for o in q.options {
                if let first = seen[o.text.lowercased()] {
                    messages.append(BankMessage(line: o.line, .error, "option '\(o.label)' repeats the text of line \(first)"))
                    return nil
                }
                seen[o.text.lowercased()] = o.line
            }
            return BankQuestion(line: q.line, kind: .single, stem: q.stem,
                                choices: q.options.map { Choice($0.text, isCorrect: $0.label == answer) })
        }
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
