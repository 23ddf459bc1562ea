import TerminalUI

/// A reading column whose first and last lines can stay put while the text between them
/// scrolls: the live quiz screens keep the clock, the count of answers and what a key will
/// do in view on a small terminal, where the question itself must scroll.
struct PinnedColumn {
    var top: [[StyledText]]
    var body: [[StyledText]]
    var bottom: [[StyledText]] = []

    var all: [[StyledText]] { top + body + bottom }

    /// A blank line between the parts only when the column has rows to spare.
    static func spacing(height: Int) -> [[StyledText]] { height >= 16 ? [[]] : [] }

    /// Where the parts go in a column: `rows` the scrolling text's rectangle. When everything
    /// fits it flows as one text (nothing pinned, the bottom right under the body); when the
    /// pinned parts would leave the body fewer than three rows, nothing is pinned either.
    struct Layout {
        var column: Rect
        var top: [[StyledText]]
        var scrolling: [[StyledText]]
        var bottom: [[StyledText]]
        var rows: Rect

        func draw(offset: Int, into buffer: inout CellBuffer) {
            let textWidth = TextView.textWidth(for: column.width)
            for (row, line) in top.enumerated() { buffer.put(line, x: column.x, y: column.y + row, maxWidth: textWidth) }
            for (row, line) in bottom.enumerated() { buffer.put(line, x: column.x, y: rows.maxY + row, maxWidth: textWidth) }
            TextView(lines: scrolling).draw(offset: offset, in: rows, into: &buffer)
        }

        /// `offset` moved by `scroll`, stopping where the scrolling text's last line is in view.
        func scrolled(_ scroll: Scroll, from offset: Int) -> Int {
            min(scroll.apply(to: offset), TextView(lines: scrolling).maxOffset(height: rows.height))
        }
    }

    /// Lays out the parts `make` gives for the column's text width and height inside `rect`.
    static func layout(maxWidth: Int, in rect: Rect, _ make: (_ width: Int, _ height: Int) -> PinnedColumn) -> Layout {
        let column = ReadingColumn.rect(maxWidth: maxWidth, in: rect)
        let parts = make(TextView.textWidth(for: column.width), column.height)
        let middle = column.height - parts.top.count - parts.bottom.count
        guard middle >= 3, parts.all.count > column.height else {
            return Layout(column: column, top: [], scrolling: parts.all, bottom: [], rows: column)
        }
        return Layout(column: column, top: parts.top, scrolling: parts.body, bottom: parts.bottom,
                      rows: Rect(x: column.x, y: column.y + parts.top.count, width: column.width, height: middle))
    }
}
