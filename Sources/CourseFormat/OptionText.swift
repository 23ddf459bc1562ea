import StudyCore

/// Option texts measured and compared as `count` and `lowercased()` do, on their bytes when
/// they are all ASCII (where a byte is a character and case is A-Z against a-z): nearly
/// every option, and so most of what checking a course costs beyond reading it.
enum OptionText {
    /// Length in characters.
    static func length(_ choice: Choice, _ option: QuestionDraft.OptionInfo) -> Int {
        option.isASCII ? choice.text.utf8.count : choice.text.count
    }

    /// Each option whose text, ignoring case, repeats an earlier one's, with the index of
    /// the first one.
    static func duplicates(_ choices: [Choice], _ options: [QuestionDraft.OptionInfo]) -> [(index: Int, first: Int)] {
        var out: [(index: Int, first: Int)] = []
        guard choices.count > 1 else { return out }
        // Pairs for a usual question; a dictionary when a file has a question with very many.
        guard choices.count <= 16 else {
            var seen: [String: Int] = [:]
            for (i, choice) in choices.enumerated() {
                let key = choice.text.lowercased()
                if let first = seen[key] { out.append((i, first)) } else { seen[key] = i }
            }
            return out
        }
        for i in 1..<choices.count {
            for j in 0..<i where !surelyDifferent(options[j], options[i]) && same(choices[j], choices[i], options[j], options[i]) {
                out.append((i, j))
                break
            }
        }
        return out
    }

    /// `a.lowercased() == b.lowercased()`, mostly decided on the bytes. Equal bytes up to
    /// ASCII case give equal lowercased texts. Before the first non-ASCII byte, two
    /// different ASCII letters (or a letter and another ASCII character) make the texts
    /// differ for good: lowercasing maps each scalar on its own, and no normalization moves
    /// a character before an ASCII one. Anything else asks `lowercased()`.
    /// The first eight bytes of a text (fewer if it is shorter), A-Z folded to a-z, packed
    /// for a quick comparison; and whether they are all ASCII.
    static func head(_ bytes: [UInt8], _ text: Range<Int>) -> (UInt64, Bool) {
        var head: UInt64 = 0
        var ascii = true
        for k in 0..<min(8, text.count) {
            let byte = bytes[text.lowerBound + k]
            if byte >= 0x80 { ascii = false }
            head |= UInt64(lower(byte)) << (8 * k)
        }
        return (head, ascii)
    }

    /// Both heads all ASCII and different: the texts differ even ignoring case. (A
    /// difference among ASCII bytes before any other decides it, see `same`; and where a
    /// text shorter than eight bytes has ended, the other goes on with an ASCII character,
    /// which no normalization can absorb.)
    private static func surelyDifferent(_ a: QuestionDraft.OptionInfo, _ b: QuestionDraft.OptionInfo) -> Bool {
        a.headIsASCII && b.headIsASCII && a.head != b.head
    }

    private static func same(_ a: Choice, _ b: Choice, _ infoA: QuestionDraft.OptionInfo, _ infoB: QuestionDraft.OptionInfo) -> Bool {
        let x = a.text.utf8, y = b.text.utf8
        var sawNonASCII = false
        for (p, q) in zip(x, y) {
            if p == q || (p < 0x80 && q < 0x80 && lower(p) == lower(q)) {
                if p >= 0x80 { sawNonASCII = true }
                continue
            }
            if !sawNonASCII && p < 0x80 && q < 0x80 { return false }
            return a.text.lowercased() == b.text.lowercased()
        }
        if x.count == y.count { return true }
        if infoA.isASCII && infoB.isASCII { return false }
        return a.text.lowercased() == b.text.lowercased()
    }

    private static func lower(_ byte: UInt8) -> UInt8 { byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte }
}
