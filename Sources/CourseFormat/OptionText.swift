/// Option texts measured and compared as `count` and `lowercased()` do, on their bytes when
/// they are all ASCII (where a byte is a character and case is A-Z against a-z): nearly
/// every option, and so most of what checking a course costs beyond reading it.
enum OptionText {
    /// Length in characters.
    static func length(_ option: QuestionDraft.Option) -> Int {
        option.isASCII ? option.choice.text.utf8.count : option.choice.text.count
    }

    /// Each option whose text, ignoring case, repeats an earlier one's, with the index of
    /// the first one.
    static func duplicates(_ options: [QuestionDraft.Option]) -> [(index: Int, first: Int)] {
        var out: [(index: Int, first: Int)] = []
        guard options.count > 1 else { return out }
        // Pairs for a usual question; a dictionary when a file has a question with very many.
        guard options.count <= 16 else {
            var seen: [String: Int] = [:]
            for (i, option) in options.enumerated() {
                let key = option.choice.text.lowercased()
                if let first = seen[key] { out.append((i, first)) } else { seen[key] = i }
            }
            return out
        }
        for i in 1..<options.count {
            for j in 0..<i where !surelyDifferent(options[j], options[i]) && same(options[j], options[i]) {
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
    static func head(_ bytes: ArraySlice<UInt8>) -> (UInt64, Bool) {
        var head: UInt64 = 0
        var ascii = true
        for (k, byte) in bytes.prefix(8).enumerated() {
            if byte >= 0x80 { ascii = false }
            head |= UInt64(lower(byte)) << (8 * k)
        }
        return (head, ascii)
    }

    /// Both heads all ASCII and different: the texts differ even ignoring case. (A
    /// difference among ASCII bytes before any other decides it, see `same`; and where a
    /// text shorter than eight bytes has ended, the other goes on with an ASCII character,
    /// which no normalization can absorb.)
    private static func surelyDifferent(_ a: QuestionDraft.Option, _ b: QuestionDraft.Option) -> Bool {
        a.headIsASCII && b.headIsASCII && a.head != b.head
    }

    private static func same(_ a: QuestionDraft.Option, _ b: QuestionDraft.Option) -> Bool {
        let x = a.choice.text.utf8, y = b.choice.text.utf8
        var sawNonASCII = false
        for (p, q) in zip(x, y) {
            if p == q || (p < 0x80 && q < 0x80 && lower(p) == lower(q)) {
                if p >= 0x80 { sawNonASCII = true }
                continue
            }
            if !sawNonASCII && p < 0x80 && q < 0x80 { return false }
            return a.choice.text.lowercased() == b.choice.text.lowercased()
        }
        if x.count == y.count { return true }
        if a.isASCII && b.isASCII { return false }
        return a.choice.text.lowercased() == b.choice.text.lowercased()
    }

    private static func lower(_ byte: UInt8) -> UInt8 { byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte }
}
