import XCTest
@testable import TerminalUI

/// `copy` and `fill` work on whole row slices; they must place exactly the cells a
/// cell-by-cell copy would, wherever the source sits (partly off any edge, or wholly off).
final class CellBufferCopyTests: XCTestCase {
    func source() -> CellBuffer {
        var small = CellBuffer(width: 6, height: 3)
        small.put("ab日本", x: 0, y: 0)
        small.put("cdefgh", x: 0, y: 1, style: Style(bold: true))
        small.put("پاکستان", x: 0, y: 2)
        return small
    }

    func naiveCopy(_ other: CellBuffer, into buffer: inout CellBuffer, x: Int, y: Int) {
        for row in 0..<other.height where y + row >= 0 && y + row < buffer.height {
            for column in 0..<other.width where x + column >= 0 && x + column < buffer.width {
                buffer[x + column, y + row] = other[column, row]
            }
        }
    }

    func testCopyPlacesTheSameCellsAsACellByCellCopyAtEveryOffset() {
        let small = source()
        for y in -4...6 {
            for x in -7...11 {
                var fast = CellBuffer(width: 10, height: 5), slow = CellBuffer(width: 10, height: 5)
                fast.fill(fast.bounds, character: ".")
                slow.fill(slow.bounds, character: ".")
                fast.copy(small, toX: x, y: y)
                naiveCopy(small, into: &slow, x: x, y: y)
                XCTAssertEqual(fast, slow, "at (\(x), \(y))")
            }
        }
    }

    func testFillCoversExactlyTheClippedRectangle() {
        var buffer = CellBuffer(width: 8, height: 4)
        buffer.fill(Rect(x: -2, y: 2, width: 5, height: 9), style: .reverse, character: "#")
        XCTAssertEqual(buffer.lines, ["", "", "###", "###"])
        XCTAssertEqual(buffer[2, 3].style, .reverse)
        XCTAssertEqual(buffer[3, 3], .blank)
        buffer.fill(Rect(x: 9, y: 0, width: 3, height: 3), character: "x")   // wholly outside: nothing
        buffer.fill(Rect(x: 0, y: 0, width: 0, height: 3), character: "x")   // empty: nothing
        XCTAssertEqual(buffer.lines, ["", "", "###", "###"])
    }
}
