/// Widgets draw into a rectangle of a buffer. They hold no terminal state: the
/// application keeps scroll offsets and selections in its own state.

public enum ProgressBar {
    static let eighths = ["", "▏", "▎", "▍", "▌", "▋", "▊", "▉"]

    /// A bar of `width` columns filled to `fraction` in eighths of a cell, with a
    /// light shade for the rest, so it reads without colour.
    public static func render(fraction: Double, width: Int) -> String {
        guard width > 0 else { return "" }
        let f = fraction.isFinite ? min(1, max(0, fraction)) : 0
        let totalEighths = Int((f * Double(width * 8)).rounded())
        let full = totalEighths / 8, rest = totalEighths % 8
        var s = String(repeating: "█", count: full)
        if rest > 0 { s += eighths[rest] }
        let used = full + (rest > 0 ? 1 : 0)
        s += String(repeating: "░", count: max(0, width - used))
        return s
    }

    public static func draw(fraction: Double, in rect: Rect, into buffer: inout CellBuffer, style: Style = .plain) {
        buffer.put(render(fraction: fraction, width: rect.width), x: rect.x, y: rect.y, style: style)
    }
}

/// Scrollable wrapped text: the caller keeps `offset`, the first line shown. The last two
/// columns of the rectangle are a margin: the scroll indicator goes in the last one, so it
/// never touches the text. Wrap text to `TextView.textWidth(for:)`.
public struct TextView: Sendable, Equatable {
    public var lines: [[StyledText]]
    public init(lines: [[StyledText]]) { self.lines = lines }

    /// The width to wrap text to for a view `width` columns wide.
    public static func textWidth(for width: Int) -> Int { max(1, width - 2) }

    /// The largest useful offset for a viewport of `height` rows.
    public func maxOffset(height: Int) -> Int { max(0, lines.count - height) }

    public func draw(offset: Int, in rect: Rect, into buffer: inout CellBuffer) {
        let start = min(max(0, offset), maxOffset(height: rect.height))
        for row in 0..<rect.height {
            let index = start + row
            guard index < lines.count else { break }
            buffer.put(lines[index], x: rect.x, y: rect.y + row, maxWidth: Self.textWidth(for: rect.width))
        }
        // A scroll indicator in the right margin, only when there is more to see.
        if lines.count > rect.height, rect.width > 2, rect.height > 0 {
            let x = rect.maxX - 1
            if start > 0 { buffer.put("▲", x: x, y: rect.y, style: .dim) }
            if start < maxOffset(height: rect.height) { buffer.put("▼", x: x, y: rect.maxY - 1, style: .dim) }
        }
    }
}

/// A selectable list: rows of styled text, the selected one in reverse video with a marker.
/// The list scrolls so the selected row is always visible, in any height from one row.
public enum ListView {
    /// The first row to show so that `selected` is visible in a viewport of `height` rows,
    /// keeping the selection near the middle when the list is longer than the view.
    public static func scrollOffset(selected: Int, count: Int, height: Int) -> Int {
        guard height > 0, count > height else { return 0 }
        let clamped = min(max(0, selected), count - 1)
        return min(max(0, clamped - height / 2), count - height)
    }

    /// The width a row's text gets in a list `width` columns wide that may scroll (the
    /// selection marker, a gap and the scroll indicator take the rest).
    public static func itemTextWidth(for width: Int) -> Int { max(1, width - 4) }

    /// A list whose items may take several lines each (a value on a line of its own under
    /// its label): every line of the selected item is marked, and the list scrolls so that
    /// the whole selected item is in view, with the selection near the middle.
    public static func draw(items: [[[StyledText]]], selected: Int?, in rect: Rect, into buffer: inout CellBuffer) {
        guard rect.height > 0, rect.width > 2 else { return }
        var starts: [Int] = []
        var lines: [(line: [StyledText], item: Int)] = []
        for (index, item) in items.enumerated() {
            starts.append(lines.count)
            lines += item.map { ($0, index) }
        }
        let scrolls = lines.count > rect.height
        var first = 0
        if scrolls, let selected, items.indices.contains(selected) {
            let top = starts[selected], bottom = top + max(1, items[selected].count)
            first = min(max(0, (top + bottom) / 2 - rect.height / 2), lines.count - rect.height)
            // The whole item in view; an item taller than the view shows its top.
            first = bottom - top > rect.height ? top : max(min(first, top), bottom - rect.height)
        }
        let textWidth = rect.width - 2 - (scrolls ? 2 : 0)
        for row in 0..<rect.height {
            let index = first + row
            guard index < lines.count else { break }
            let y = rect.y + row
            let isSelected = lines[index].item == selected
            let isItemTop = index == starts[lines[index].item]
            buffer.put(isSelected && isItemTop ? "›" : " ", x: rect.x, y: y, style: isSelected ? .bold : .plain)
            buffer.put(lines[index].line, x: rect.x + 2, y: y, maxWidth: textWidth)
            if isSelected {
                buffer.restyle(Rect(x: rect.x + 2, y: y, width: textWidth, height: 1)) { $0.adding(.reverse) }
            }
        }
        if scrolls {
            if first > 0 { buffer.put("▲", x: rect.maxX - 1, y: rect.y, style: .dim) }
            if first + rect.height < lines.count { buffer.put("▼", x: rect.maxX - 1, y: rect.maxY - 1, style: .dim) }
        }
    }

    public static func draw(rows: [[StyledText]], selected: Int?, in rect: Rect, into buffer: inout CellBuffer) {
        guard rect.height > 0, rect.width > 2 else { return }
        let first = scrollOffset(selected: selected ?? 0, count: rows.count, height: rect.height)
        let scrolls = rows.count > rect.height
        // Room for a gap and the scroll indicator when the list scrolls.
        let textWidth = rect.width - 2 - (scrolls ? 2 : 0)
        for row in 0..<rect.height {
            let index = first + row
            guard index < rows.count else { break }
            let y = rect.y + row
            let isSelected = index == selected
            buffer.put(isSelected ? "›" : " ", x: rect.x, y: y, style: isSelected ? .bold : .plain)
            buffer.put(rows[index], x: rect.x + 2, y: y, maxWidth: textWidth)
            if isSelected {
                buffer.restyle(Rect(x: rect.x + 2, y: y, width: textWidth, height: 1)) { $0.adding(.reverse) }
            }
        }
        if scrolls {
            if first > 0 { buffer.put("▲", x: rect.maxX - 1, y: rect.y, style: .dim) }
            if first + rect.height < rows.count { buffer.put("▼", x: rect.maxX - 1, y: rect.maxY - 1, style: .dim) }
        }
    }
}

public enum Box {
    /// A single-line frame around `rect`, with an optional title in its top edge.
    public static func draw(_ rect: Rect, title: String? = nil, into buffer: inout CellBuffer, style: Style = .plain) {
        guard rect.width >= 2, rect.height >= 2 else { return }
        let inner = rect.width - 2
        buffer.put("┌" + String(repeating: "─", count: inner) + "┐", x: rect.x, y: rect.y, style: style)
        for y in (rect.y + 1)..<(rect.maxY - 1) {
            buffer.put("│", x: rect.x, y: y, style: style)
            buffer.fill(Rect(x: rect.x + 1, y: y, width: inner, height: 1))
            buffer.put("│", x: rect.maxX - 1, y: y, style: style)
        }
        buffer.put("└" + String(repeating: "─", count: inner) + "┘", x: rect.x, y: rect.maxY - 1, style: style)
        if let title, inner > 4 {
            buffer.put(" \(title) ", x: rect.x + 2, y: rect.y, style: style.adding(.bold), maxWidth: inner - 2)
        }
    }
}

/// Truncates to `width` columns, ending in "…" when something was cut.
public func truncate(_ text: String, width: Int) -> String {
    guard width > 0 else { return "" }
    if DisplayWidth.of(text) <= width { return text }
    var out = "", used = 0
    for ch in text {
        let w = DisplayWidth.of(ch)
        if used + w > width - 1 { break }
        out.append(ch); used += w
    }
    return out + "…"
}
