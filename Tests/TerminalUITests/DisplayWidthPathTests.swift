import XCTest
@testable import TerminalUI

/// Text made only of scalars that are each their own grapheme cluster is measured and
/// drawn scalar by scalar; everything else cluster by cluster. Both must agree.
final class DisplayWidthPathTests: XCTestCase {
    let samples = [
        "plain ASCII", "“do more” — the ‘ally’… • ¶6", "پاکستان", "日本語のテキスト", "█▋░ 62%",
        "e\u{301}t\u{e9}", "مُحَمَّد", "👍🏽 thumbs", "👨‍👩‍👧 family", "🇵🇰 flag", "1️⃣ keycap", "नमस्ते", "각 jamo",
        "\u{600}1 prepend", "tab\tand\u{7}bell", "",
    ]

    func testTheScalarSumEqualsTheClusterSumForEveryScript() {
        for text in samples {
            let byCluster = text.reduce(0) { $0 + DisplayWidth.of($1) }
            XCTAssertEqual(DisplayWidth.of(text), byCluster, text)
        }
    }

    func testTheFastPathIsTakenOnlyByScalarsThatStandAlone() {
        XCTAssertTrue("“do more” — پاکستان 日本 █".unicodeScalars.allSatisfy(DisplayWidth.standsAlone))
        for joiner in ["\u{301}", "\u{200D}", "\u{FE0F}", "\u{1F3FD}", "\u{1F1F5}", "\u{93E}", "\u{1161}", "\u{600}", "\u{64E}"] {
            XCTAssertFalse(joiner.unicodeScalars.allSatisfy(DisplayWidth.standsAlone), "U+\(String(joiner.unicodeScalars.first!.value, radix: 16))")
        }
    }

    func testEverySampleIsDrawnAsItIsMeasured() {
        // (Not the tab and the bell, which are removed.)
        for text in samples where !text.contains("\t") {
            var buffer = CellBuffer(width: 40, height: 1)
            let used = buffer.put(text, x: 0, y: 0)
            XCTAssertEqual(used, DisplayWidth.of(text), text)
            XCTAssertEqual(buffer.lines, [text], text)
        }
    }
}
