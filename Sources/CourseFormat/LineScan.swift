/// One pass over a course file's bytes: UTF-8 validity, line ends, control characters, and
/// which lines are all ASCII. Eight bytes at a time while they are printable ASCII, which
/// is nearly all of a course file.
enum LineScan {
    enum Outcome {
        /// The first byte that is not part of a well-formed UTF-8 sequence.
        case invalidUTF8(at: Int)
        /// The lines, and the first one holding a control character if any.
        case lines([SourceLine], firstControlLine: Int?)
    }

    /// A byte order mark is skipped (it is harmless); "\r\n" line ends lose their "\r", and
    /// so does the last line.
    static func scan(_ bytes: [UInt8]) -> Outcome {
        bytes.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else {
                return .lines([SourceLine(start: 0, end: 0, isASCII: true)], firstControlLine: nil)
            }
            return scan(buffer, raw: UnsafeRawPointer(base))
        }
    }

    private static func scan(_ b: UnsafeBufferPointer<UInt8>, raw: UnsafeRawPointer) -> Outcome {
        let n = b.count
        let hasBOM = n >= 3 && b[0] == 0xEF && b[1] == 0xBB && b[2] == 0xBF
        var lines: [SourceLine] = []
        lines.reserveCapacity(n / 32 + 1)
        var firstControlLine: Int? = nil
        var start = hasBOM ? 3 : 0
        var ascii = true
        var i = start
        while i < n {
            if i + 8 <= n {
                // Skip the printable bytes before the first that is not (its flag is exact).
                let special = specialBytes(raw.loadUnaligned(fromByteOffset: i, as: UInt64.self))
                if special == 0 { i += 8; continue }
                i += special.trailingZeroBitCount / 8
            }
            let byte = b[i]
            if byte &- 0x20 < 0x5F {   // printable ASCII
                i += 1
            } else if byte == 0x0A {
                let end = i > start && b[i - 1] == 0x0D ? i - 1 : i
                lines.append(SourceLine(start: start, end: end, isASCII: ascii))
                start = i + 1
                ascii = true
                i += 1
            } else if byte >= 0x80 {
                guard let length = sequenceLength(b, at: i) else { return .invalidUTF8(at: i) }
                ascii = false
                // C1 controls, U+0080-U+009F, are C2 80-C2 9F.
                if byte == 0xC2, b[i + 1] <= 0x9F, firstControlLine == nil { firstControlLine = lines.count }
                i += length
            } else {
                // C0 controls but tab, a CR not before LF, and DEL.
                let crlf = byte == 0x0D && i + 1 < n && b[i + 1] == 0x0A
                if byte != 0x09, !crlf, firstControlLine == nil { firstControlLine = lines.count }
                i += 1
            }
        }
        let end = n > start && b[n - 1] == 0x0D ? n - 1 : n
        lines.append(SourceLine(start: start, end: max(start, end), isASCII: ascii))
        return .lines(lines, firstControlLine: firstControlLine)
    }

    /// Bit 7 of each byte of `word` (little-endian, first byte lowest) that is below 0x20 or at
    /// or above 0x7F: a byte < 0x20 borrows in the subtraction, 0x7F carries into bit 7 when
    /// incremented, bit 7 is set for >= 0x80. Borrows and carries only move upwards, from a
    /// flagged byte, so the lowest flag is exactly the first such byte, and zero means none.
    @inline(__always)
    private static func specialBytes(_ word: UInt64) -> UInt64 {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let high: UInt64 = 0x8080_8080_8080_8080
        return (word | (word &+ ones) | ((word &- ones &* 0x20) & ~word)) & high
    }

    /// The length of the well-formed UTF-8 sequence whose lead byte (>= 0x80) is at `i`:
    /// no stray continuation byte, no overlong form, no surrogate, nothing past U+10FFFF.
    static func sequenceLength(_ b: UnsafeBufferPointer<UInt8>, at i: Int) -> Int? {
        let lead = b[i]
        let length: Int
        let minimum: UInt32
        if lead & 0xE0 == 0xC0 { length = 2; minimum = 0x80 }
        else if lead & 0xF0 == 0xE0 { length = 3; minimum = 0x800 }
        else if lead & 0xF8 == 0xF0 { length = 4; minimum = 0x10000 }
        else { return nil }
        guard i + length <= b.count else { return nil }
        var value = UInt32(lead) & (0xFF >> (length + 1))
        for k in 1..<length {
            let c = b[i + k]
            guard c & 0xC0 == 0x80 else { return nil }
            value = (value << 6) | UInt32(c & 0x3F)
        }
        guard value >= minimum, value <= 0x10FFFF, !(0xD800...0xDFFF).contains(value) else { return nil }
        return length
    }
}
