import TerminalUI

/// A scrolling text screen in a column at most `maxWidth` wide, centred in the body:
/// statistics, the plan, the class report and both live quiz screens draw this way.
enum ReadingColumn {
    /// The column's rectangle inside `rect`.
    static func rect(maxWidth: Int, in rect: Rect) -> Rect {
        let width = max(1, min(rect.width, maxWidth))
        return Rect(x: rect.x + max(0, (rect.width - width) / 2), y: rect.y, width: width, height: rect.height)
    }

    /// `offset` moved by `scroll`, stopping at the last offset that still shows text on a
    /// terminal of `size` (the screen's body, no status row, less `rowsAbove` the column), so
    /// presses past the end no longer pile up for ↑ to undo one by one. While `make` has
    /// nothing to lay out, the offset moves unbounded (there is nothing to show either way).
    static func scrolled(_ scroll: Scroll, from offset: Int, maxWidth: Int, size: Size, rowsAbove: Int = 0,
                         _ make: (_ width: Int) -> [[StyledText]]?) -> Int {
        let moved = scroll.apply(to: offset)
        let body = Frame.body(size, withStatus: false)
        let column = rect(maxWidth: maxWidth, in: Rect(x: body.x, y: body.y, width: body.width, height: max(0, body.height - rowsAbove)))
        guard let lines = make(TextView.textWidth(for: column.width)) else { return moved }
        return min(moved, TextView(lines: lines).maxOffset(height: column.height))
    }

    /// Draws the lines `make` lays out for the column's text width, scrolled by `offset`;
    /// while `make` has nothing yet (figures still loading), `placeholder` instead.
    static func draw(maxWidth: Int, offset: Int, placeholder: String = "", in rect: Rect, into buffer: inout CellBuffer,
                     _ make: (_ width: Int) -> [[StyledText]]?) {
        let column = Self.rect(maxWidth: maxWidth, in: rect)
        guard let lines = make(TextView.textWidth(for: column.width)) else {
            buffer.put(placeholder, x: column.x, y: column.y, style: .dim)
            return
        }
        TextView(lines: lines).draw(offset: offset, in: column, into: &buffer)
    }

    /// A section's title and, beside it, what its figures mean; on a screen too narrow
    /// for both, the note goes under the title (wrapped), never cut: it is the definition.
    static func heading(_ title: String, _ note: String, width: Int) -> [[StyledText]] {
        if DisplayWidth.of(title) + 2 + DisplayWidth.of(note) <= width {
            return [[StyledText(title, .bold), StyledText("  " + note, .dim)]]
        }
        return [[StyledText(title, .bold)]] + WordWrap.wrapPlain(note, width: max(10, width - 4)).map { [StyledText("    " + $0, .dim)] }
    }
}
