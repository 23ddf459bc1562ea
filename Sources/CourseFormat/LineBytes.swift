/// Questions the parsers ask about a piece of a line (a range of byte offsets into `bytes`,
/// starting and ending on character boundaries), answered on the UTF-8 bytes and always as
/// the Character view answers them: `trimmingSpaces()`, `hasPrefix`, `firstIndex(of:)`...
/// When a neighbouring scalar could join a mark into a larger character (see
/// `CharacterBoundary`), the piece is made a String and the Character view decides.
extension SourceText {
    /// The text of `r`: what parsers keep, and the Character view when bytes can't decide.
    func string(_ r: Range<Int>) -> String { String(decoding: bytes[r], as: UTF8.self) }

    private func opens(_ i: Int, _ r: Range<Int>) -> Bool {
        CharacterBoundary.opensCleanly(bytes, at: i, end: r.upperBound)
    }
    private func closes(_ i: Int, _ r: Range<Int>) -> Bool {
        CharacterBoundary.closesCleanly(bytes, before: i, start: r.lowerBound)
    }

    /// Runs `body` on `r` as a String and turns the index it returns back into a byte offset.
    private func viaCharacters(_ r: Range<Int>, _ body: (String) -> String.Index) -> Int {
        let s = string(r)
        return r.lowerBound + s.utf8.distance(from: s.startIndex, to: body(s))
    }

    /// `r` without leading and trailing spaces and tabs.
    func trimmed(_ r: Range<Int>) -> Range<Int> {
        var lo = r.lowerBound, hi = r.upperBound
        while lo < hi, bytes[lo] == 0x20 || bytes[lo] == 0x09 { lo += 1 }
        while hi > lo, bytes[hi - 1] == 0x20 || bytes[hi - 1] == 0x09 { hi -= 1 }
        if lo > r.lowerBound, !opens(lo, r) { return slowTrimmed(r) }
        if hi < r.upperBound, !closes(hi, r) { return slowTrimmed(r) }
        return lo..<hi
    }

    private func slowTrimmed(_ r: Range<Int>) -> Range<Int> {
        let lo = viaCharacters(r) { $0.trimmingSpaces().startIndex }
        let hi = viaCharacters(r) { $0.trimmingSpaces().endIndex }
        return lo..<hi
    }

    /// `r` without trailing spaces and tabs.
    func trimmedTrailing(_ r: Range<Int>) -> Range<Int> {
        var hi = r.upperBound
        while hi > r.lowerBound, bytes[hi - 1] == 0x20 || bytes[hi - 1] == 0x09 { hi -= 1 }
        if hi < r.upperBound, !closes(hi, r) {
            return r.lowerBound..<viaCharacters(r) { $0.trimmingTrailingSpaces().endIndex }
        }
        return r.lowerBound..<hi
    }

    /// `r` without the run of `mark` (ASCII) it starts with: `drop(while: { $0 == mark })`.
    func dropping(_ mark: UInt8, from r: Range<Int>) -> Range<Int> {
        var lo = r.lowerBound
        while lo < r.upperBound, bytes[lo] == mark { lo += 1 }
        if lo > r.lowerBound, !opens(lo, r) {
            let character = Character(Unicode.Scalar(mark))
            return viaCharacters(r) { s in s.firstIndex(where: { $0 != character }) ?? s.endIndex }..<r.upperBound
        }
        return lo..<r.upperBound
    }

    /// Whether `r` starts with `prefix` (ASCII or ¶, as typed in the parsers). Inlined, so
    /// the literal's bytes are constants at each call.
    @inline(__always)
    func hasPrefix(_ r: Range<Int>, _ prefix: StaticString) -> Bool {
        let count = prefix.utf8CodeUnitCount
        guard count <= r.count, bytesMatch(r.lowerBound, prefix) else { return false }
        if opens(r.lowerBound + count, r) { return true }
        return Substring(string(r)).hasPrefix(prefix.description)
    }

    /// Whether the bytes from `start` are those of `text` (which fits in `bytes`).
    @inline(__always)
    private func bytesMatch(_ start: Int, _ text: StaticString) -> Bool {
        // A literal of one character may be kept as a scalar, not as UTF-8 bytes.
        guard text.hasPointerRepresentation else {
            return text.withUTF8Buffer { p in p.indices.allSatisfy { bytes[start + $0] == p[$0] } }
        }
        let p = text.utf8Start
        var k = 0
        while k < text.utf8CodeUnitCount, bytes[start + k] == p[k] { k += 1 }
        return k == text.utf8CodeUnitCount
    }

    /// Whether `r` ends with `suffix` (ASCII or ¶).
    func hasSuffix(_ r: Range<Int>, _ suffix: StaticString) -> Bool {
        let count = suffix.utf8CodeUnitCount
        guard count <= r.count else { return false }
        let start = r.upperBound - count
        guard bytesMatch(start, suffix) else { return false }
        if closes(start, r) { return true }
        return Substring(string(r)).hasSuffix(suffix.description)
    }

    /// Whether `r` is exactly `text` (ASCII).
    func equals(_ r: Range<Int>, _ text: StaticString) -> Bool {
        r.count == text.utf8CodeUnitCount && hasPrefix(r, text)
    }

    /// The first `mark` (an ASCII character) in `r`.
    func firstIndex(of mark: UInt8, in r: Range<Int>) -> Int? {
        var i = r.lowerBound
        while i < r.upperBound, bytes[i] != mark { i += 1 }
        guard i < r.upperBound else { return nil }
        if closes(i, r), opens(i + 1, r) { return i }
        let character = Character(Unicode.Scalar(mark))
        let found = viaCharacters(r) { $0.firstIndex(of: character) ?? $0.endIndex }
        return found == r.upperBound ? nil : found
    }

    /// The last `mark` (an ASCII character) in `r`.
    func lastIndex(of mark: UInt8, in r: Range<Int>) -> Int? {
        var i = r.upperBound
        while i > r.lowerBound, bytes[i - 1] != mark { i -= 1 }
        guard i > r.lowerBound else { return nil }
        if closes(i - 1, r), opens(i, r) { return i - 1 }
        let character = Character(Unicode.Scalar(mark))
        let found = viaCharacters(r) { $0.lastIndex(of: character) ?? $0.endIndex }
        return found == r.upperBound ? nil : found
    }
}
