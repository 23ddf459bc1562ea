import StudyCore

// Characters with their escapes resolved, and the text they make.

extension GIFTParser {
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
}

extension GIFTParser.State {
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
