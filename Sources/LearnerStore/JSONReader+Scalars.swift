import Foundation

/// Strings, numbers and literals: read into `text` straight from the chunk, in runs
/// where nothing needs decoding, byte by byte across a chunk's end or an escape.
extension JSONReader {
    /// After the opening quote: the string's UTF-8 into `text`, escapes decoded.
    func readStringBody() throws {
        clearText()
        var rawNonASCII = false
        while true {
            guard try fill() else { throw fail("the file ends inside a string") }
            var p = position
            var stop: UInt8 = 0
            while p < count {
                // Eight plain ASCII bytes at a time: none a quote, a backslash, a control or past 0x7F.
                while p + 8 <= count, Self.plainASCII(UnsafeRawPointer(buffer + p).loadUnaligned(as: UInt64.self)) { p += 8 }
                guard p < count else { break }
                let b = buffer[p]
                if b == 0x22 || b == 0x5C || b < 0x20 { stop = b; break }
                if b >= 0x80 {
                    rawNonASCII = true
                    if b & 0xC0 == 0x80 { continuationBytes += 1 }
                }
                p += 1
            }
            try appendText(buffer + position, count: p - position)
            position = p
            if p == count { continue }
            position += 1
            if stop == 0x22 { break }
            if stop == 0x5C { try readEscape(); continue }
            position -= 1
            throw fail(String(format: "a control character (U+%04X) in a string; it must be written as an escape", stop))
        }
        if rawNonASCII && !UTF8Check.isValid(text) { throw failAtToken("a string that is not valid UTF-8") }
    }

    /// No byte of `w` is '"', '\\', below 0x20 or above 0x7F (the usual "has a zero byte"
    /// and "has a byte below n" word tricks, exact as tests of whether any byte is one).
    @inline(__always)
    static func plainASCII(_ w: UInt64) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101, high: UInt64 = 0x8080_8080_8080_8080
        let quote = w ^ (0x22 &* ones), backslash = w ^ (0x5C &* ones)
        let special = ((quote &- ones) & ~quote) | ((backslash &- ones) & ~backslash) | ((w &- 0x20 &* ones) & ~w) | w
        return special & high == 0
    }

    /// After a backslash.
    private func readEscape() throws {
        guard let e = try nextByte() else { throw fail("the file ends inside a string") }
        switch e {
        case 0x22, 0x5C, 0x2F: try appendText(e)
        case 0x62: try appendText(0x08)
        case 0x66: try appendText(0x0C)
        case 0x6E: try appendText(0x0A)
        case 0x72: try appendText(0x0D)
        case 0x74: try appendText(0x09)
        case 0x75: try appendScalar(try readUnicodeEscape())
        default:
            position -= 1
            let shown = e >= 0x21 && e < 0x7F ? "\\\(Character(Unicode.Scalar(e)))" : String(format: "\\ and byte 0x%02X", e)
            throw fail("an unknown escape \(shown) in a string")
        }
    }

    /// After `\u`: one scalar, joining a UTF-16 surrogate pair written as two escapes.
    private func readUnicodeEscape() throws -> UInt32 {
        let first = try hex4()
        switch first {
        case 0xD800...0xDBFF:
            guard try nextByte() == 0x5C, try nextByte() == 0x75 else {
                throw fail(String(format: "\\u%04X is half of a surrogate pair, and no \\u escape of the other half follows", first))
            }
            let second = try hex4()
            guard (0xDC00...0xDFFF).contains(second) else {
                throw fail(String(format: "\\u%04X is not the low half of a surrogate pair after \\u%04X", second, first))
            }
            return 0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00)
        case 0xDC00...0xDFFF:
            throw fail(String(format: "\\u%04X is the low half of a surrogate pair, with no high half before it", first))
        default:
            return first
        }
    }

    private func hex4() throws -> UInt32 {
        var value: UInt32 = 0
        for _ in 0..<4 {
            guard let b = try peekByte() else { throw fail("the file ends inside a \\u escape") }
            let digit: UInt32
            switch b {
            case 0x30...0x39: digit = UInt32(b - 0x30)
            case 0x41...0x46: digit = UInt32(b - 0x41 + 10)
            case 0x61...0x66: digit = UInt32(b - 0x61 + 10)
            default: throw fail("expected four hexadecimal digits after \\u, found \(try describeNext())")
            }
            position += 1
            value = value << 4 | digit
        }
        return value
    }

    private func appendScalar(_ v: UInt32) throws {
        let bytes: [UInt8]
        switch v {
        case 0..<0x80: bytes = [UInt8(v)]
        case 0x80..<0x800: bytes = [UInt8(0xC0 | v >> 6), UInt8(0x80 | v & 0x3F)]
        case 0x800..<0x10000: bytes = [UInt8(0xE0 | v >> 12), UInt8(0x80 | v >> 6 & 0x3F), UInt8(0x80 | v & 0x3F)]
        default: bytes = [UInt8(0xF0 | v >> 18), UInt8(0x80 | v >> 12 & 0x3F), UInt8(0x80 | v >> 6 & 0x3F), UInt8(0x80 | v & 0x3F)]
        }
        for byte in bytes { try appendText(byte) }
    }

    // MARK: numbers

    /// `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`, as written, into `text`.
    func readNumber() throws {
        clearText()
        numberHasFraction = false
        numberHasExponent = false
        if try peekByte() == 0x2D { try take() }
        guard let first = try peekByte(), isDigit(first) else { throw fail("expected a digit, found \(try describeNext())") }
        try take()
        if first == 0x30, let b = try peekByte(), isDigit(b) { throw fail("a number cannot start with 0 followed by digits") }
        try takeDigits()
        if try peekByte() == 0x2E {
            numberHasFraction = true
            try take()
            try requireDigit(after: "'.'")
        }
        if let b = try peekByte(), b == 0x65 || b == 0x45 {
            numberHasExponent = true
            try take()
            if let sign = try peekByte(), sign == 0x2B || sign == 0x2D { try take() }
            try requireDigit(after: "an exponent")
        }
    }

    private func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }

    private func take() throws {
        guard let b = try nextByte() else { return }
        try appendText(b)
    }

    private func takeDigits() throws {
        while let b = try peekByte(), isDigit(b) { try take() }
    }

    private func requireDigit(after what: String) throws {
        guard let b = try peekByte(), isDigit(b) else { throw fail("expected a digit after \(what), found \(try describeNext())") }
        try takeDigits()
    }

    /// The number as an integer, when it is one exactly (`4000`, `4e3` and `4000.0`
    /// alike, as JSONDecoder reads them); nil when it has a fraction or does not fit.
    var integerValue: Int? {
        if !numberHasFraction && !numberHasExponent {
            var value = 0
            let negative = text.first == 0x2D
            for b in text.dropFirst(negative ? 1 : 0) {
                let (times, o1) = value.multipliedReportingOverflow(by: 10)
                let (sum, o2) = times.addingReportingOverflow(Int(b - 0x30) * (negative ? -1 : 1))
                if o1 || o2 { return nil }
                value = sum
            }
            return value
        }
        let d = doubleValue
        guard d.isFinite, d == d.rounded(), abs(d) < 9.2e18 else { return nil }
        return Int(d)
    }

    /// The number as the nearest double (±infinity beyond the range, as strtod gives).
    var doubleValue: Double {
        // Rare in an export (scores, predictions): a copy for strtod's terminating zero is fine.
        var terminated = text.map { CChar(bitPattern: $0) }
        terminated.append(0)
        return strtod(terminated, nil)
    }

    var numberText: String { String(decoding: text, as: UTF8.self) }

    // MARK: literals

    func readLiteral(_ word: StaticString) throws {
        let bytes = UnsafeBufferPointer(start: word.utf8Start, count: word.utf8CodeUnitCount)
        for expected in bytes {
            guard try peekByte() == expected else { throw fail("expected \(word), found \(try describeNext())") }
            position += 1
        }
    }
}

/// Well-formed UTF-8 (RFC 3629): no overlong forms, no surrogates, nothing past U+10FFFF.
enum UTF8Check {
    static func isValid(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var i = 0
        let n = bytes.count
        while i < n {
            let b = bytes[i]
            if b < 0x80 { i += 1; continue }
            let length: Int
            var low: UInt8 = 0x80, high: UInt8 = 0xBF   // the allowed range of the second byte
            switch b {
            case 0xC2...0xDF: length = 2
            case 0xE0: length = 3; low = 0xA0
            case 0xE1...0xEC, 0xEE...0xEF: length = 3
            case 0xED: length = 3; high = 0x9F
            case 0xF0: length = 4; low = 0x90
            case 0xF1...0xF3: length = 4
            case 0xF4: length = 4; high = 0x8F
            default: return false
            }
            guard i + length <= n, (low...high).contains(bytes[i + 1]) else { return false }
            for k in 2..<max(2, length) where bytes[i + k] & 0xC0 != 0x80 { return false }
            i += length
        }
        return true
    }
}
