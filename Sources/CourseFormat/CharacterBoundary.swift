/// When a mark found in the UTF-8 bytes is the same mark in the Character view.
///
/// The parsers look for ASCII marks ("- ", "### q:", ":", "**", spaces and tabs) and "¶",
/// and diagnostics count columns in Characters (grapheme clusters). A mark found in the bytes
/// is that mark as a Character when nothing joins it to its neighbours: an ASCII neighbour
/// never does, nor does any scalar `isPlain` accepts (checked against Swift's own grapheme
/// breaking by `CharacterBoundaryTests`). Any other neighbour (a combining accent, a
/// zero-width joiner, an Arabic number sign, which takes in what follows it...) may, and the
/// parsers then ask the Character view instead, so the two always agree.
enum CharacterBoundary {
    /// Nothing at byte `i` (a scalar's start, or `end`) joins onto the ASCII or ¶ before it.
    @inline(__always)
    static func opensCleanly<Bytes: RandomAccessCollection<UInt8>>(_ bytes: Bytes, at i: Int, end: Int) -> Bool
    where Bytes.Index == Int {
        i >= end || bytes[i] < 0x80 || isPlain(scalar(bytes, startingAt: i))
    }

    /// The scalar ending at byte `i` (if any, after `start`) does not join onto the ASCII or ¶
    /// at `i`.
    @inline(__always)
    static func closesCleanly<Bytes: RandomAccessCollection<UInt8>>(_ bytes: Bytes, before i: Int, start: Int) -> Bool
    where Bytes.Index == Int {
        i <= start || bytes[i - 1] < 0x80 || isPlain(scalar(bytes, endingAt: i))
    }

    /// Scalars that never form one character with an ASCII character or ¶ on either side:
    /// letters and punctuation common in course text. Combining marks, joiners, variation
    /// selectors, prepended marks and controls are left out, as is anything not listed.
    static func isPlain(_ v: UInt32) -> Bool {
        switch v {
        case 0x00A0...0x00FF: return v != 0x00AD            // Latin-1 (¶, «», é...); the soft hyphen is a control
        case 0x0100...0x024F: return true                    // Latin Extended-A and -B
        case 0x0391...0x03C9: return true                    // Greek letters
        case 0x0400...0x0481: return true                    // Cyrillic letters (U+0483 on combine)
        case 0x0621...0x063A, 0x0641...0x064A, 0x0671...0x06D3: return true   // Arabic and Urdu letters, not the marks
        case 0x2010...0x2027, 0x2030...0x205E: return true   // dashes, quotes, bullets, primes
        case 0x20A0...0x20BF: return true                    // currency signs
        case 0x3041...0x3096, 0x30A1...0x30FA: return true   // kana, not the voicing marks
        case 0x4E00...0x9FFF: return true                    // CJK ideographs
        default: return false
        }
    }

    /// The scalar whose UTF-8 starts at `i` (the bytes are valid UTF-8; U+FFFD, which is not
    /// plain, if they are cut short).
    static func scalar<Bytes: RandomAccessCollection<UInt8>>(_ bytes: Bytes, startingAt i: Int) -> UInt32
    where Bytes.Index == Int {
        let b0 = UInt32(bytes[i])
        if b0 < 0x80 { return b0 }
        let length = b0 < 0xE0 ? 2 : b0 < 0xF0 ? 3 : 4
        guard i + length <= bytes.endIndex else { return 0xFFFD }
        var value = b0 & (0xFF >> (length + 1))
        for k in 1..<length { value = value << 6 | UInt32(bytes[i + k] & 0x3F) }
        return value
    }

    /// The scalar whose UTF-8 ends just before `i`.
    static func scalar<Bytes: RandomAccessCollection<UInt8>>(_ bytes: Bytes, endingAt i: Int) -> UInt32
    where Bytes.Index == Int {
        var j = i - 1
        while j > bytes.startIndex, i - j < 4, bytes[j] & 0xC0 == 0x80 { j -= 1 }
        return scalar(bytes, startingAt: j)
    }
}
