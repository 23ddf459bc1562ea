import XCTest
@testable import TerminalUI

final class CellBufferTests: XCTestCase {
    func testPlainTextIsWrittenAndReadBack() {
        var buffer = CellBuffer(width: 10, height: 2)
        let used = buffer.put("hello", x: 2, y: 1)
        XCTAssertEqual(used, 5)
        XCTAssertEqual(buffer.lines, ["", "  hello"])
    }

    func testTextCutAtTheRightEdgeEndsInAnEllipsis() {
        var buffer = CellBuffer(width: 6, height: 1)
        buffer.put("abcdefgh", x: 0, y: 0)
        XCTAssertEqual(buffer.lines, ["abcde…"], "a cut is never silent")
        var exact = CellBuffer(width: 6, height: 1)
        exact.put("abcdef", x: 0, y: 0)
        XCTAssertEqual(exact.lines, ["abcdef"], "text that fits is not touched")
        var limited = CellBuffer(width: 10, height: 1)
        limited.put("abcdefgh", x: 1, y: 0, maxWidth: 4)
        XCTAssertEqual(limited.lines, [" abc…"])
    }

    func testStyledSpansCutAtTheEdgeEndInAnEllipsis() {
        var buffer = CellBuffer(width: 8, height: 1)
        buffer.put([StyledText("abcd"), StyledText("efgh"), StyledText("ij", .bold)], x: 0, y: 0)
        XCTAssertEqual(buffer.lines, ["abcdefg…"])
        var fits = CellBuffer(width: 8, height: 1)
        fits.put([StyledText("abcd"), StyledText("efgh"), StyledText("  ")], x: 0, y: 0)
        XCTAssertEqual(fits.lines, ["abcdefgh"], "only spaces left over: nothing was cut")
    }

    func testWideCharactersTakeTwoCellsAndAreNeverSplit() {
        var buffer = CellBuffer(width: 5, height: 1)
        let used = buffer.put("日本語", x: 0, y: 0)
        // Two wide characters and the ellipsis fit in five columns; 語 would not.
        XCTAssertEqual(used, 5)
        XCTAssertEqual(buffer[0, 0].text, "日")
        XCTAssertTrue(buffer[1, 0].isContinuation)
        XCTAssertEqual(buffer[2, 0].text, "本")
        XCTAssertEqual(buffer[4, 0].text, "…")
        XCTAssertEqual(buffer.lines, ["日本…"])
    }

    func testFillOutsideTheBufferIsHarmless() {
        var buffer = CellBuffer(width: 10, height: 4)
        buffer.fill(Rect(x: 2, y: 9, width: 3, height: 5))
        buffer.restyle(Rect(x: 12, y: 1, width: 3, height: 1)) { $0.adding(.bold) }
        XCTAssertEqual(buffer.lines, ["", "", "", ""], "a rectangle below or beside the buffer draws nothing, and never traps")
    }

    func testCopyPlacesOneBufferInsideAnother() {
        var inner = CellBuffer(width: 3, height: 2)
        inner.put("ab日", x: 0, y: 0)
        var outer = CellBuffer(width: 6, height: 3)
        outer.copy(inner, toX: 2, y: 1)
        XCTAssertEqual(outer.lines, ["", "  ab…", ""], "at most the inner buffer's own size")
    }

    func testCombiningMarksStayWithTheirBaseCharacter() {
        var buffer = CellBuffer(width: 6, height: 1)
        buffer.put("e\u{301}x", x: 0, y: 0)       // e + combining acute, as two scalars
        XCTAssertEqual(buffer[0, 0].text, "e\u{301}")
        XCTAssertEqual(buffer[1, 0].text, "x")
        XCTAssertEqual(buffer.lines, ["e\u{301}x"])
    }

    /// A cell holds one scalar inline or a longer cluster by number: either way its text
    /// reads back exactly, equal texts make equal cells, and a cluster survives being
    /// copied into another buffer and being written over.
    func testClustersAndScalarsReadBackAlikeAndCompareByText() {
        var buffer = CellBuffer(width: 12, height: 1)
        buffer.put("ae\u{301}\u{302}日", x: 0, y: 0)
        XCTAssertEqual(buffer[0, 0].text, "a")
        XCTAssertEqual(buffer[1, 0].text, "e\u{301}\u{302}", "two combining marks stay with their base")
        XCTAssertEqual(buffer[2, 0].text, "日")
        XCTAssertTrue(buffer[3, 0].isContinuation)
        XCTAssertEqual(Cell("e\u{301}\u{302}"), buffer[1, 0])
        XCTAssertNotEqual(Cell("e\u{301}"), buffer[1, 0])
        XCTAssertEqual(Cell("日"), buffer[2, 0])
        XCTAssertEqual(Cell("").text, "")
        var flag = CellBuffer(width: 4, height: 1)
        flag.put("🇵🇰", x: 0, y: 0)
        XCTAssertEqual(flag[0, 0].text, "🇵🇰", "a flag: two regional indicators, one cluster")
        XCTAssertEqual(flag.lines, ["🇵🇰"])
        var outer = CellBuffer(width: 14, height: 2)
        outer.copy(buffer, toX: 1, y: 1)
        XCTAssertEqual(outer.lines, ["", " ae\u{301}\u{302}日"])
        outer.put("xyz", x: 2, y: 1)
        XCTAssertEqual(outer.lines, ["", " axyz"], "the cluster and the wide character written over, 日 blanked whole")
        var cell = Cell("q")
        cell.text += "\u{301}"
        XCTAssertEqual(cell.text, "q\u{301}")
    }

    func testCurlyQuotesAndArabicAreSingleWidth() {
        var buffer = CellBuffer(width: 20, height: 1)
        let used = buffer.put("“do more” پاکستان", x: 0, y: 0)
        XCTAssertEqual(used, 17)
        XCTAssertEqual(buffer.lines, ["“do more” پاکستان"])
    }

    func testControlCharactersAndEscapeSequencesNeverReachTheBuffer() {
        var buffer = CellBuffer(width: 30, height: 1)
        buffer.put("a\u{1B}[31mred\u{1B}[0m\u{7}b\u{1B}]0;title\u{7}c", x: 0, y: 0)
        XCTAssertEqual(buffer.lines, ["aredbc"])
    }

    func testOverwritingHalfAWideCharacterBlanksTheOtherHalf() {
        var buffer = CellBuffer(width: 4, height: 1)
        buffer.put("日", x: 0, y: 0)
        buffer.put("x", x: 1, y: 0)
        XCTAssertEqual(buffer.lines, [" x"])
        buffer.put("本", x: 1, y: 0)
        buffer.put("y", x: 1, y: 0)
        XCTAssertEqual(buffer[2, 0].text, " ")
        XCTAssertFalse(buffer[2, 0].isContinuation)
    }

    func testChangedRowsFindsOnlyTheRowsThatDiffer() {
        var a = CellBuffer(width: 5, height: 3)
        a.put("one", x: 0, y: 0)
        var b = a
        b.put("two", x: 0, y: 2)
        XCTAssertEqual(b.changedRows(since: a), [2])
        XCTAssertEqual(b.changedRows(since: nil), [0, 1, 2])
        XCTAssertEqual(b.changedRows(since: CellBuffer(width: 4, height: 3)), [0, 1, 2])
    }

    func testStylesAreKeptPerCell() {
        var buffer = CellBuffer(width: 5, height: 1)
        buffer.put("ab", x: 0, y: 0, style: .bold)
        buffer.restyle(Rect(x: 1, y: 0, width: 1, height: 1)) { $0.adding(.reverse) }
        XCTAssertEqual(buffer[0, 0].style, .bold)
        XCTAssertEqual(buffer[1, 0].style, Style(bold: true, reverse: true))
    }
}

final class DisplayWidthTests: XCTestCase {
    func testWidths() {
        XCTAssertEqual(DisplayWidth.of("abc"), 3)
        XCTAssertEqual(DisplayWidth.of("日本"), 4)
        XCTAssertEqual(DisplayWidth.of("’“”"), 3)
        XCTAssertEqual(DisplayWidth.of("پاکستان"), 7)
        XCTAssertEqual(DisplayWidth.of("e\u{301}"), 1)
        XCTAssertEqual(DisplayWidth.of("한국"), 4)
        XCTAssertEqual(DisplayWidth.of("🎉"), 2)
        XCTAssertEqual(DisplayWidth.of("\u{1B}"), 0)
    }
}

final class TextSanitizerTests: XCTestCase {
    func testStripsCSIOSCAndC1() {
        XCTAssertEqual(TextSanitizer.clean("x\u{1B}[2J\u{1B}[H y"), "x y")
        XCTAssertEqual(TextSanitizer.clean("\u{1B}]8;;http://e\u{1B}\\link\u{1B}]8;;\u{1B}\\"), "link")
        XCTAssertEqual(TextSanitizer.clean("a\u{9B}31mb\u{85}c"), "abc")
        XCTAssertEqual(TextSanitizer.clean("tab\there"), "tab here")
        XCTAssertEqual(TextSanitizer.clean("plain ’ text"), "plain ’ text")
    }
}
