import XCTest
@testable import TerminalUI

final class WordWrapTests: XCTestCase {
    func testWrapsAtSpacesWithinWidth() {
        XCTAssertEqual(WordWrap.wrapPlain("the quick brown fox jumps", width: 10),
                       ["the quick", "brown fox", "jumps"])
    }

    func testBreaksWordsLongerThanTheLine() {
        XCTAssertEqual(WordWrap.wrapPlain("abcdefghij kl", width: 4), ["abcd", "efgh", "ij", "kl"])
    }

    func testKeepsExplicitNewlines() {
        XCTAssertEqual(WordWrap.wrapPlain("one\ntwo three", width: 20), ["one", "two three"])
    }

    func testCountsWideCharactersAsTwoColumns() {
        XCTAssertEqual(WordWrap.wrapPlain("日本 日本 日本", width: 9), ["日本 日本", "日本"])
        XCTAssertEqual(WordWrap.wrapPlain("日本語です", width: 5), ["日本", "語で", "す"])
    }

    func testKeepsStylesAcrossSpans() {
        let lines = WordWrap.wrap([StyledText("a "), StyledText("key term", .bold), StyledText(" after")], width: 8)
        XCTAssertEqual(lines.map { $0.map(\.text).joined() }, ["a key", "term", "after"])
        XCTAssertEqual(lines[0].last?.style, .bold)
        XCTAssertEqual(lines[1].first?.style, .bold)
    }
}

final class WidgetTests: XCTestCase {
    func testProgressBarFillsInEighths() {
        XCTAssertEqual(ProgressBar.render(fraction: 0, width: 4), "░░░░")
        XCTAssertEqual(ProgressBar.render(fraction: 1, width: 4), "████")
        XCTAssertEqual(ProgressBar.render(fraction: 0.5, width: 4), "██░░")
        XCTAssertEqual(ProgressBar.render(fraction: 0.5625, width: 2), "█▏")
        XCTAssertEqual(ProgressBar.render(fraction: .nan, width: 3), "░░░")
        XCTAssertEqual(DisplayWidth.of(ProgressBar.render(fraction: 0.37, width: 10)), 10)
    }

    func testTextViewScrollsAndShowsIndicators() {
        let view = TextView(lines: (1...10).map { [StyledText("line \($0)")] })
        var buffer = CellBuffer(width: 12, height: 3)
        view.draw(offset: 4, in: buffer.bounds, into: &buffer)
        XCTAssertEqual(buffer.lines, ["line 5     ▲", "line 6", "line 7     ▼"])
        var end = CellBuffer(width: 12, height: 3)
        view.draw(offset: 100, in: end.bounds, into: &end)   // clamped to the last page
        XCTAssertEqual(end.lines, ["line 8     ▲", "line 9", "line 10"])
        // The last two columns are a margin: text never touches the indicator.
        let long = TextView(lines: (1...5).map { _ in [StyledText("abcdefghijkl")] })
        var narrow = CellBuffer(width: 8, height: 2)
        long.draw(offset: 0, in: narrow.bounds, into: &narrow)
        XCTAssertEqual(narrow.lines, ["abcde…", "abcde… ▼"])
    }

    func testListViewKeepsTheSelectionVisible() {
        let rows = (0..<8).map { [StyledText("item \($0)")] }
        var buffer = CellBuffer(width: 12, height: 3)
        ListView.draw(rows: rows, selected: 6, in: buffer.bounds, into: &buffer)
        XCTAssertEqual(buffer.lines, ["  item 5   ▲", "› item 6", "  item 7"], "the selection sits in the middle while the list scrolls")
        XCTAssertTrue(buffer[2, 1].style.reverse)
        XCTAssertFalse(buffer[2, 0].style.reverse)
        for height in 1...9 {
            for selected in 0..<8 {
                var b = CellBuffer(width: 12, height: height)
                ListView.draw(rows: rows, selected: selected, in: b.bounds, into: &b)
                XCTAssertTrue(b.lines.contains { $0.hasPrefix("› item \(selected)") }, "height \(height), selected \(selected): \(b.lines)")
            }
        }
    }

    func testBoxDrawsAFrameWithTitle() {
        var buffer = CellBuffer(width: 10, height: 3)
        Box.draw(buffer.bounds, title: "Hi", into: &buffer)
        XCTAssertEqual(buffer.lines, ["┌─ Hi ───┐", "│        │", "└────────┘"])
    }

    func testTruncateAddsAnEllipsis() {
        XCTAssertEqual(truncate("abcdef", width: 4), "abc…")
        XCTAssertEqual(truncate("abc", width: 4), "abc")
        XCTAssertEqual(truncate("日本語", width: 4), "日…")
    }

    func testKeysFromScalars() {
        XCTAssertEqual(Key.from(scalar: "\u{3}"), .control("c"))
        XCTAssertEqual(Key.from(scalar: "\r"), .enter)
        XCTAssertEqual(Key.from(scalar: "\u{1B}"), .escape)
        XCTAssertEqual(Key.from(scalar: "x"), .character("x"))
        XCTAssertEqual(Key.from(scalar: "\u{7F}"), .backspace)
    }
}

final class ChartTests: XCTestCase {
    func testBarsScaleToTheTallestValue() {
        XCTAssertEqual(Charts.bars([0, 4, 8], height: 2), ["  █", " ██"])
        XCTAssertEqual(Charts.bars([1, 100], height: 1), ["▁█"], "a small non-zero value still shows")
        XCTAssertEqual(Charts.bars([0, 0], height: 1), ["  "])
    }

    func testHeatmapPlacesTodayInTheLastColumnAndShadesByCount() {
        // 10 days ending today, a Wednesday (row 2): the last column holds Mon-Wed.
        let counts = [0, 0, 0, 0, 0, 0, 0, 1, 2, 4]
        let rows = Charts.heatmap(counts: counts, weeks: 3, todayWeekday: 2)
        XCTAssertEqual(rows.count, 7)
        XCTAssertEqual(rows.map { $0.count }, Array(repeating: 3, count: 7))
        XCTAssertEqual(rows[2].last, "█", "today, the busiest day")
        XCTAssertEqual(rows[1].last, "▒")
        XCTAssertEqual(rows[0].last, "░")
        XCTAssertEqual(rows[3].last, " ", "tomorrow is blank")
        XCTAssertEqual(rows[3].dropLast().last, "·", "last Thursday had no reviews")
    }

    func testSparkline() {
        XCTAssertEqual(Charts.sparkline([0, 0.5, 1]), " ▄█")
    }
}
