import XCTest
@testable import CourseFormat

/// Every question `LineBytes` answers on the bytes must get the answer the Character view
/// gives (the parsers used to ask it, and columns and diagnostics depend on it). Seeded
/// random lines mix the marks the parsers look for with scalars that join their neighbours.
final class LineBytesTests: XCTestCase {
    private let pieces = [" ", "  ", "\t", "#", "###", "-", "- ", "*", ">", ":", "(", ")", "[x]", "[ ]", "x", "¶", "¶1", "12", "q:",
                          "source:", "a", "word", "é", "e\u{301}", "\u{301}", "\u{0600}", "\u{200D}", "’", "“", "日本", "پاکستان",
                          "\u{0903}", "👍🏽", "🇵🇰", "\u{212A}", "**", "\u{FE0F}", "\u{AD}"]
    private let prefixes: [StaticString] = ["#", "### ", "- ", "* ", ">", "  ", "[x]", "[ ]", "q:", "¶", "source:"]

    private struct SplitMix64: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    func testByteAnswersMatchTheCharacterView() throws {
        var rng = SplitMix64(state: 20_261_201)
        for _ in 0..<3_000 {
            let line = (0..<Int.random(in: 0...10, using: &rng)).map { _ in pieces.randomElement(using: &rng) ?? "" }.joined()
            try check(line)
        }
    }

    /// The line as one file, and each answer compared (offsets as UTF-8 offsets in the line).
    private func check(_ line: String) throws {
        var sink = DiagnosticSink(file: "t.md")
        let source = try XCTUnwrap(SourceText.decode(Array(line.utf8), sink: &sink), line.debugDescription)
        let r = source.lines[0].range
        let text = Substring(line)
        func offset(_ i: Substring.Index) -> Int { r.lowerBound + line.utf8.distance(from: line.startIndex, to: i) }
        func range(_ s: Substring) -> Range<Int> { offset(s.startIndex)..<offset(s.endIndex) }
        let context = line.debugDescription

        let trimmed = text.trimmingSpaces()
        XCTAssertEqual(source.trimmed(r), range(trimmed), context)
        XCTAssertEqual(source.trimmedTrailing(r), range(text.trimmingTrailingSpaces()), context)
        for prefix in prefixes {
            XCTAssertEqual(source.hasPrefix(r, prefix), text.hasPrefix(prefix.description), "\(context) \(prefix)")
            XCTAssertEqual(source.hasPrefix(range(trimmed), prefix), trimmed.hasPrefix(prefix.description), "\(context) \(prefix)")
        }
        XCTAssertEqual(source.hasSuffix(range(trimmed), ")"), trimmed.hasSuffix(")"), context)
        XCTAssertEqual(source.equals(range(trimmed), "---"), trimmed == "---", context)
        XCTAssertEqual(source.firstIndex(of: 0x3A, in: range(trimmed)), trimmed.firstIndex(of: ":").map(offset), context)
        XCTAssertEqual(source.lastIndex(of: 0x28, in: range(trimmed)), trimmed.lastIndex(of: "(").map(offset), context)
        XCTAssertEqual(source.dropping(0x23, from: range(trimmed)), range(trimmed.drop(while: { $0 == "#" })), context)
        XCTAssertEqual(source.dropping(0x20, from: r), range(text.drop(while: { $0 == " " })), context)
        XCTAssertEqual(source.column(line: 1, offset: source.trimmed(r).lowerBound), column(of: trimmed, in: text), context)
    }
}
