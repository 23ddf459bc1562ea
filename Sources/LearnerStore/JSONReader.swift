import Foundation

/// Where a JSON document stops being JSON: what was expected, and where, as a line and
/// column (characters, from 1) and a byte offset (from 0), so the place can be found in
/// an editor or with `head -c`.
struct JSONSyntaxError: Error, Equatable {
    var message: String
    var offset: Int
    var line: Int
    var column: Int

    var place: String { "line \(line), column \(column) (byte \(offset))" }
}

/// One step through a JSON document. A key's or string's text, and a number's digits,
/// are in `JSONReader.text` until the next token: most are compared or parsed where they
/// lie, and only the ones kept become a `String`.
enum JSONToken: Equatable {
    case objectStart, objectEnd, arrayStart, arrayEnd
    case key, string, number
    case bool(Bool)
    case null
    /// The document ended, and nothing but white space followed it.
    case end
}

/// A pull reader for JSON (RFC 8259) over bytes read a chunk at a time: memory stays at
/// one chunk, the text of the current token and the stack of open containers, whatever
/// the size of the document. It checks the grammar as it goes (so skipped values are
/// checked too), strings for valid UTF-8, escapes (`\uXXXX` surrogate pairs joined) and
/// the number grammar; it never builds the document.
final class JSONReader {
    static let defaultChunkSize = 1 << 20
    /// Deeper than any export (five levels); the bound keeps the stack small on hostile input.
    static let maximumDepth = 128
    /// A string or number longer than this is refused rather than held: no field of an
    /// export comes near it (the longest text is 20,000 characters).
    static let maximumTokenBytes = 1 << 20

    enum State: Equatable {
        /// A value is next; `allowClose` right after `[` (an empty array).
        case value(allowClose: Bool)
        /// A member name is next; `allowClose` right after `{` (an empty object).
        case key(allowClose: Bool)
        /// A value has just ended: `,` or the close of its container is next.
        case afterValue
        /// The top-level value has ended.
        case done
    }

    // The state below is touched for every byte. No two accesses to it ever overlap (one
    // reader, one thread, no callbacks while a byte is read), so the runtime's dynamic
    // exclusivity checks, a third of the time of reading, are turned off for it.
    private var source: any ByteSource
    /// The chunk: `count` bytes read, `position` the next one.
    let buffer: UnsafeMutablePointer<UInt8>
    private let capacity: Int
    @exclusivity(unchecked) var position = 0
    @exclusivity(unchecked) var count = 0
    @exclusivity(unchecked) private var startOffset = 0   // the file offset of buffer[0]
    @exclusivity(unchecked) private var atEnd = false

    // The place of `position`, kept cheaply: lines only change in white space, and a
    // column counts characters, so UTF-8 continuation bytes (only in strings) are subtracted.
    @exclusivity(unchecked) private var line = 1
    @exclusivity(unchecked) private var lineStart = 0
    @exclusivity(unchecked) var continuationBytes = 0
    @exclusivity(unchecked) private var tokenPlace = (offset: 0, line: 1, column: 1)

    /// The current key, string (unescaped UTF-8) or number (as written): `text`.
    private var textStorage: UnsafeMutablePointer<UInt8>
    private var textCapacity = 256
    @exclusivity(unchecked) private var textLength = 0
    @exclusivity(unchecked) var numberHasFraction = false
    @exclusivity(unchecked) var numberHasExponent = false

    @exclusivity(unchecked) private var stack: [Bool] = []   // true: an object
    @exclusivity(unchecked) private(set) var state = State.value(allowClose: false)

    init(_ source: any ByteSource, chunkSize: Int = defaultChunkSize) {
        self.source = source
        capacity = max(1, chunkSize)
        buffer = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity)
        textStorage = UnsafeMutablePointer<UInt8>.allocate(capacity: textCapacity)
    }

    deinit {
        buffer.deallocate()
        textStorage.deallocate()
    }

    /// How many containers are open.
    var depth: Int { stack.count }
    var offset: Int { startOffset + position }

    // MARK: bytes

    /// Makes `buffer[position]` readable; false at the end of the document.
    func fill() throws -> Bool {
        if position < count { return true }
        if atEnd { return false }
        startOffset += count
        position = 0
        count = try source.read(into: UnsafeMutableRawBufferPointer(start: buffer, count: capacity))
        if count == 0 { atEnd = true }
        return count > 0
    }

    func peekByte() throws -> UInt8? {
        try fill() ? buffer[position] : nil
    }

    func nextByte() throws -> UInt8? {
        guard try fill() else { return nil }
        defer { position += 1 }
        return buffer[position]
    }

    /// An export is half indentation: this runs over a chunk without leaving the loop,
    /// eight spaces at a time where it can.
    private func skipWhitespace() throws {
        repeat {
            var p = position
            while p < count {
                if p + 8 <= count, UnsafeRawPointer(buffer + p).loadUnaligned(as: UInt64.self) == 0x2020_2020_2020_2020 {
                    p += 8
                    continue
                }
                let b = buffer[p]
                if b == 0x20 || b == 0x09 || b == 0x0D {
                    p += 1
                } else if b == 0x0A {
                    p += 1
                    line += 1
                    lineStart = startOffset + p
                    continuationBytes = 0
                } else {
                    position = p
                    return
                }
            }
            position = p
        } while try fill()
    }

    // MARK: errors

    func fail(_ message: String) -> JSONSyntaxError {
        JSONSyntaxError(message: message, offset: offset, line: line, column: offset - lineStart - continuationBytes + 1)
    }

    /// At the start of the current token (a string that turned out not to be UTF-8).
    func failAtToken(_ message: String) -> JSONSyntaxError {
        JSONSyntaxError(message: message, offset: tokenPlace.offset, line: tokenPlace.line, column: tokenPlace.column)
    }

    private func markToken() {
        tokenPlace = (offset, line, offset - lineStart - continuationBytes + 1)
    }

    /// What the byte at `position` is, for a message.
    func describeNext() throws -> String {
        guard let b = try peekByte() else { return "the end of the file" }
        if b >= 0x21 && b < 0x7F { return "'\(Character(Unicode.Scalar(b)))'" }
        return String(format: "byte 0x%02X", b)
    }

    // MARK: tokens

    /// The next token, the grammar checked.
    func next() throws -> JSONToken {
        while true {
            try skipWhitespace()
            if offset == 0, try skipByteOrderMark() { continue }
            markToken()
            switch state {
            case .done:
                guard try peekByte() == nil else { throw fail("\(try describeNext()) after the end of the JSON document") }
                return .end
            case .afterValue:
                let isObject = stack.last ?? false
                let close: UInt8 = isObject ? 0x7D : 0x5D
                switch try peekByte() {
                case 0x2C:
                    position += 1
                    state = isObject ? .key(allowClose: false) : .value(allowClose: false)
                case close:
                    position += 1
                    return closeContainer()
                default:
                    throw fail("expected ',' or '\(isObject ? "}" : "]")', found \(try describeNext())")
                }
            case let .key(allowClose):
                return try readKey(allowClose: allowClose)
            case let .value(allowClose):
                if allowClose, try peekByte() == 0x5D {
                    position += 1
                    return closeContainer()
                }
                return try readValueStart()
            }
        }
    }

    private func closeContainer() -> JSONToken {
        let wasObject = stack.removeLast()
        state = stack.isEmpty ? .done : .afterValue
        return wasObject ? .objectEnd : .arrayEnd
    }

    private func readKey(allowClose: Bool) throws -> JSONToken {
        let b = try peekByte()
        if allowClose, b == 0x7D {
            position += 1
            return closeContainer()
        }
        guard b == 0x22 else {
            throw fail("expected a member name in double quotes\(allowClose ? " or '}'" : ""), found \(try describeNext())")
        }
        position += 1
        try readStringBody()
        try skipWhitespace()
        guard try peekByte() == 0x3A else { throw fail("expected ':' after a member name, found \(try describeNext())") }
        position += 1
        state = .value(allowClose: false)
        return .key
    }

    private func readValueStart() throws -> JSONToken {
        guard let b = try peekByte() else { throw fail("the file ends where a value was expected") }
        switch b {
        case 0x7B, 0x5B:
            guard stack.count < Self.maximumDepth else { throw fail("containers nested more than \(Self.maximumDepth) deep") }
            position += 1
            stack.append(b == 0x7B)
            state = b == 0x7B ? .key(allowClose: true) : .value(allowClose: true)
            return b == 0x7B ? .objectStart : .arrayStart
        case 0x22:
            position += 1
            try readStringBody()
            endValue()
            return .string
        case 0x2D, 0x30...0x39:
            try readNumber()
            endValue()
            return .number
        case 0x74: try readLiteral("true"); endValue(); return .bool(true)
        case 0x66: try readLiteral("false"); endValue(); return .bool(false)
        case 0x6E: try readLiteral("null"); endValue(); return .null
        default:
            throw fail("expected a value, found \(try describeNext())")
        }
    }

    private func endValue() {
        state = stack.isEmpty ? .done : .afterValue
    }

    /// A UTF-8 byte order mark before the document is allowed, as JSONSerialization allows it.
    private func skipByteOrderMark() throws -> Bool {
        guard try peekByte() == 0xEF else { return false }
        for expected: UInt8 in [0xEF, 0xBB, 0xBF] {
            guard try nextByte() == expected else { throw fail("expected a value, found a broken byte order mark") }
        }
        lineStart = offset
        return true
    }

    // MARK: skipping

    /// Reads the value that comes next, whatever it is, checking its grammar.
    func skipValue() throws {
        let token = try next()
        if token == .objectStart || token == .arrayStart { try skipRestOfContainer() }
    }

    /// After `{` or `[` was read: reads up to and including its close.
    func skipRestOfContainer() throws {
        let inside = depth
        while depth >= inside { _ = try next() }
    }

    /// Reads on until a value at `depth` has ended (or that container closed): where a
    /// reader that gave up half-way through a value takes up the document again.
    func skip(toDepth target: Int) throws {
        while depth > target || (depth == target && state != .afterValue && state != .done) {
            _ = try next()
        }
    }

    // MARK: text

    /// The current key's or string's UTF-8, or number's characters: valid until the next token.
    var text: UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(start: textStorage, count: textLength) }

    var string: String { String(decoding: text, as: UTF8.self) }

    func clearText() { textLength = 0 }

    func appendText(_ bytes: UnsafePointer<UInt8>, count n: Int) throws {
        guard textLength + n <= Self.maximumTokenBytes else { throw fail("a string or number longer than \(Self.maximumTokenBytes) bytes") }
        if textLength + n > textCapacity {
            let grown = UnsafeMutablePointer<UInt8>.allocate(capacity: max(textCapacity * 2, textLength + n))
            grown.update(from: textStorage, count: textLength)
            textStorage.deallocate()
            textStorage = grown
            textCapacity = max(textCapacity * 2, textLength + n)
        }
        (textStorage + textLength).update(from: bytes, count: n)
        textLength += n
    }

    func appendText(_ byte: UInt8) throws {
        var byte = byte
        try appendText(&byte, count: 1)
    }

    /// Which of `keys` the current key or string is, compared as bytes.
    func which(_ keys: KeySet) -> Int? {
        let n = text.count
        guard n < keys.byLength.count else { return nil }
        for index in keys.byLength[n] where textIs(keys.keys[index]) { return index }
        return nil
    }

    /// Whether the current key or string is `literal`, compared as bytes.
    func textIs(_ literal: StaticString) -> Bool {
        let n = literal.utf8CodeUnitCount
        guard text.count == n else { return false }
        return memcmp(textStorage, literal.utf8Start, n) == 0
    }
}

/// Member names looked up by length first: one comparison of bytes, mostly, per key.
struct KeySet {
    let keys: [StaticString]
    /// For each length, the indices of the keys of that length.
    let byLength: [[Int]]

    init(_ keys: [StaticString]) {
        self.keys = keys
        var byLength = [[Int]](repeating: [], count: (keys.map(\.utf8CodeUnitCount).max() ?? 0) + 1)
        for (index, key) in keys.enumerated() { byLength[key.utf8CodeUnitCount].append(index) }
        self.byLength = byLength
    }
}
