import StudyCore
import TerminalUI

/// The smallest terminal the screens are laid out for; below it a notice asks for more room.
public let minimumSize = Size(width: 40, height: 12)

/// The frame every screen sits in: a title row, the body, an optional status row (the
/// save receipt of an answer, kept where scrolling cannot take it), and the footer.
enum Frame {
    /// The body's rectangle for a terminal of `size`; `withStatus` keeps a row for the status line.
    static func body(_ size: Size, withStatus: Bool) -> Rect {
        let rows = max(0, size.height - 2 - (withStatus ? 1 : 0))
        return Rect(x: 1, y: 1, width: max(0, size.width - 2), height: rows)
    }
}

/// Draws the whole state into `buffer`. Pure: the same state and size give the same cells.
public func render(_ state: AppState, into buffer: inout CellBuffer) {
    buffer.fill(buffer.bounds)
    if buffer.width < minimumSize.width || buffer.height < minimumSize.height {
        drawSizeNotice(into: &buffer)
        return
    }
    let size = buffer.size
    drawTitleBar(state, width: size.width, into: &buffer)
    let statusLine = FeatureDispatch.statusLine(state) ?? state.notice.map { [StyledText($0, Style(color: .green))] }
    let body = Frame.body(size, withStatus: statusLine != nil)
    // The body draws into a buffer of its own size, so no screen can ever draw over the
    // title, the status row or the footer, whatever it does at a small size.
    var bodyBuffer = CellBuffer(width: body.width, height: body.height)
    FeatureDispatch.draw(state, in: bodyBuffer.bounds, into: &bodyBuffer)
    buffer.copy(bodyBuffer, toX: body.x, y: body.y)
    if let statusLine {
        buffer.put(statusLine, x: 2, y: size.height - 2, maxWidth: size.width - 3)
    }
    let footerY = size.height - 1
    if let status = state.status {
        buffer.put(status, x: 1, y: footerY, style: Style(bold: true, color: .red), maxWidth: size.width - 2)
    } else {
        Footer.draw(FeatureDispatch.footer(state), y: footerY, width: size.width, into: &buffer)
    }
    if state.showingHelp { HelpOverlay.draw(state, in: buffer.bounds, into: &buffer) }
}

private func drawTitleBar(_ state: AppState, width: Int, into buffer: inout CellBuffer) {
    buffer.fill(Rect(x: 0, y: 0, width: width, height: 1), style: .reverse)
    let right = " \(FeatureDispatch.title(state)) "
    let rightWidth = DisplayWidth.of(right)
    buffer.put(" primer · " + state.course.title, x: 0, y: 0, style: Style(bold: true, reverse: true),
               maxWidth: max(0, width - rightWidth - 1))
    buffer.put(right, x: width - rightWidth, y: 0, style: .reverse)
}

/// Shown instead of a screen when the terminal is too small; it recovers on the next resize.
private func drawSizeNotice(into buffer: inout CellBuffer) {
    let lines = ["Enlarge the terminal",
                 "to at least \(minimumSize.width)×\(minimumSize.height)",
                 "(now \(buffer.width)×\(buffer.height))"]
    let top = max(0, (buffer.height - lines.count) / 2)
    for (i, line) in lines.enumerated() where top + i < buffer.height {
        let w = DisplayWidth.of(line)
        buffer.put(line, x: max(0, (buffer.width - w) / 2), y: top + i, style: i == 0 ? .bold : .plain)
    }
}

/// The bottom line: the keys that work on this screen, as many as fit, whole, and always
/// "? help", which lists the rest.
enum Footer {
    static let help = ("?", "help")

    static func draw(_ keys: [(String, String)], y: Int, width: Int, into buffer: inout CellBuffer) {
        func needed(_ entry: (String, String)) -> Int { DisplayWidth.of(entry.0) + 1 + DisplayWidth.of(entry.1) }
        let limit = width - 1 - needed(help) - 2
        var x = 1
        for entry in keys {
            if x + needed(entry) > limit { break }
            x += put(entry, x: x, y: y, into: &buffer) + 2
        }
        put(help, x: x, y: y, into: &buffer)
    }

    @discardableResult
    private static func put(_ entry: (String, String), x: Int, y: Int, into buffer: inout CellBuffer) -> Int {
        let used = buffer.put(entry.0, x: x, y: y, style: .bold)
        return used + buffer.put(" " + entry.1, x: x + used, y: y, style: .dim)
    }
}

/// `?` on any screen: the keys that work there (as its keymap defines them, vi keys
/// only when they are on), and the ones that work everywhere.
enum HelpOverlay {
    static func entries(_ state: AppState) -> [(String, String)] {
        FeatureDispatch.help(state) + [("?", "this help"), ("Ctrl-L", "redraw the screen"), ("Ctrl-C", "quit anywhere")]
    }

    /// How the box is laid out for the state's keys and terminal, worked out once.
    struct Layout {
        let keys: [(String, String)]
        let keyWidth: Int
        let textWidth: Int
        /// Each key above its description, two rows an entry: when side by side they would
        /// not fit the terminal (at 40 columns the Lessons screen's longest key left eight
        /// columns, and every description was cut). Side by side a description has the box's
        /// width less the key and six columns (borders, margins, the gap).
        let stacked: Bool
        /// Keys on one page (the box, its title and its closing line take four rows).
        let perPage: Int
        let pages: Int

        init(_ state: AppState) {
            keys = HelpOverlay.entries(state)
            keyWidth = min(24, keys.map { DisplayWidth.of($0.0) }.max() ?? 0)
            textWidth = keys.map { DisplayWidth.of($0.1) }.max() ?? 0
            stacked = keyWidth + textWidth + 6 > state.size.width
            perPage = max(1, min(keys.count, (state.size.height - 4) / (stacked ? 2 : 1)))
            pages = max(1, (keys.count + perPage - 1) / perPage)
        }
    }

    static func pageCount(_ state: AppState) -> Int { Layout(state).pages }

    static func draw(_ state: AppState, in bounds: Rect, into buffer: inout CellBuffer) {
        // The same page size and count the reducer turns pages by.
        let layout = Layout(state)
        let (keyWidth, textWidth, pages) = (layout.keyWidth, layout.textWidth, layout.pages)
        let page = min(state.helpPage, pages - 1)
        let shown = Array(layout.keys.dropFirst(page * layout.perPage).prefix(layout.perPage))
        let more = page + 1 < pages ? " \(page + 1)/\(pages) · Space: more · Esc: close "
            : pages > 1 ? " \(pages)/\(pages) · any key closes " : " any key closes "
        let rect = layout.stacked
            // As wide on every page: the first page's closing line is the longest.
            ? bounds.centered(width: max(keyWidth, textWidth + 2, DisplayWidth.of(" \(pages)/\(pages) · Space: more · Esc: close ")) + 4,
                              height: 2 * layout.perPage + 4)
            : bounds.centered(width: keyWidth + textWidth + 7, height: layout.keys.count + 4)
        Box.draw(rect, title: "Keys", into: &buffer)
        for (i, (key, text)) in shown.enumerated() {
            if layout.stacked {
                let y = rect.y + 2 + 2 * i
                buffer.put(key, x: rect.x + 2, y: y, style: .bold, maxWidth: rect.width - 4)
                buffer.put(text, x: rect.x + 4, y: y + 1, maxWidth: max(0, rect.width - 6))
            } else {
                let y = rect.y + 2 + i
                buffer.put(key, x: rect.x + 2, y: y, style: .bold, maxWidth: min(keyWidth, rect.width - 4))
                buffer.put(text, x: rect.x + 4 + keyWidth, y: y, maxWidth: max(0, rect.width - keyWidth - 6))
            }
        }
        buffer.put(more, x: rect.x + 2, y: rect.maxY - 1, style: .dim, maxWidth: rect.width - 4)
    }
}
