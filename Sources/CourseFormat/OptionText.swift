import StudyCore

/// Option texts measured and compared as `count` and `lowercased()` do, on their bytes when
/// that gives the same answer (all ASCII: a byte is a character and case is A-Z against
/// a-z): nearly every option, and so most of what checking a course costs beyond reading it.
enum OptionText {
    /// What checking an option needs, read from its bytes `text` (on a line that may be all
    /// ASCII, which saves looking).
    static func info(_ bytes: [UInt8], _ text: Range<Int>, line: Int, lineIsASCII: Bool) -> QuestionDraft.OptionInfo {
        let (head, headIsASCII) = head(bytes, text)
        let length = lineIsASCII ? text.count : characterCount(bytes, text)
        let isASCII = lineIsASCII || length == text.count
        return QuestionDraft.OptionInfo(line: line, offset: text.lowerBound, isASCII: isASCII, length: length,
                                        head: head, headIsASCII: headIsASCII)
    }

    /// Length in characters.
    static func length(_ choice: Choice, _ option: QuestionDraft.OptionInfo) -> Int {
        option.length >= 0 ? option.length : choice.text.count
    }

    /// Characters in `text` when each scalar is a character of its own (ASCII and `isPlain`
    /// scalars never join, see `CharacterBoundary`); -1 when some other scalar might.
    private static func characterCount(_ bytes: [UInt8], _ text: Range<Int>) -> Int {
        var count = 0
        for i in text {
            let byte = bytes[i]
            if byte < 0x80 { count += 1; continue }
            if byte & 0xC0 == 0x80 { continue }   // a continuation byte
            guard CharacterBoundary.isPlain(CharacterBoundary.scalar(bytes, startingAt: i)) else { return -1 }
            count += 1
        }
        return count
    }

    /// The first eight bytes of a text (fewer if it is shorter, zero-padded), A-Z folded to
    /// a-z when they are all ASCII, for a quick comparison; and whether they are.
    static func head(_ bytes: [UInt8], _ text: Range<Int>) -> (UInt64, Bool) {
        let k = min(8, text.count)
        var word: UInt64 = 0
        if text.lowerBound + 8 <= bytes.count {
            word = bytes.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: text.lowerBound, as: UInt64.self) }
            if k < 8 { word &= (1 << (8 * k)) - 1 }
        } else {
            for i in 0..<k { word |= UInt64(bytes[text.lowerBound + i]) << (8 * i) }
        }
        let high: UInt64 = 0x8080_8080_8080_8080
        guard word & high == 0 else { return (word, false) }
        // Bit 7 of each byte from 0x41 ('A') to 0x5A ('Z'); no carries, every byte is < 0x80.
        let upper = (word &+ 0x3F3F_3F3F_3F3F_3F3F) & ~(word &+ 0x2525_2525_2525_2525) & high
        return (word | upper >> 2, true)
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

    /// Both heads all ASCII and different: the texts differ even ignoring case. (A
    /// difference among ASCII bytes before any other decides it, see `same`; and where a
    /// text shorter than eight bytes has ended, the other goes on with an ASCII character,
    /// which no normalization can absorb.)
    private static func surelyDifferent(_ a: QuestionDraft.OptionInfo, _ b: QuestionDraft.OptionInfo) -> Bool {
        a.headIsASCII && b.headIsASCII && a.head != b.head
    }

    /// `a.lowercased() == b.lowercased()`, mostly decided on the bytes. Equal bytes up to
    /// ASCII case give equal lowercased texts. Before the first non-ASCII byte, two
    /// different ASCII letters (or a letter and another ASCII character) make the texts
    /// differ for good: lowercasing maps each scalar on its own, and no normalization moves
    /// a character before an ASCII one. Anything else asks `lowercased()`.
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
