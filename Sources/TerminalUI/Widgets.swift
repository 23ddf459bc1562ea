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

/// Scrollable wrapped text: the caller keeps `offset`, the first line shown.
public struct TextView: Sendable, Equatable {
    public var lines: [[StyledText]]
    public init(lines: [[StyledText]]) { self.lines = lines }

    /// The largest useful offset for a viewport of `height` rows.
    public func maxOffset(height: Int) -> Int { max(0, lines.count - height) }

    public func draw(offset: Int, in rect: Rect, into buffer: inout CellBuffer) {
        let start = min(max(0, offset), maxOffset(height: rect.height))
        for row in 0..<rect.height {
            let index = start + row
            guard index < lines.count else { break }
            buffer.put(lines[index], x: rect.x, y: rect.y + row, maxWidth: rect.width)
        }
        // A scroll indicator in the right margin, only when there is more to see.
        if lines.count > rect.height, rect.width > 1, rect.height > 0 {
            let x = rect.maxX - 1
            if start > 0 { buffer.put("▲", x: x, y: rect.y, style: .dim) }
            if start < maxOffset(height: rect.height) { buffer.put("▼", x: x, y: rect.maxY - 1, style: .dim) }
        }
    }
}

/// A selectable list: rows of styled text, the selected one in reverse video with a marker.
public enum ListView {
    /// The first row to show so that `selected` is visible in a viewport of `height` rows.
    public static func scrollOffset(selected: Int, count: Int, height: Int, current: Int = 0) -> Int {
        guard height > 0, count > height else { return 0 }
        var offset = min(current, count - height)
        if selected < offset { offset = selected }
        if selected >= offset + height { offset = selected - height + 1 }
        return max(0, offset)
    }

    public static func draw(rows: [[StyledText]], selected: Int?, in rect: Rect, into buffer: inout CellBuffer,
                            offset: Int? = nil) {
        let first = offset ?? scrollOffset(selected: selected ?? 0, count: rows.count, height: rect.height)
        for row in 0..<rect.height {
            let index = first + row
            guard index < rows.count else { break }
            let y = rect.y + row
            let isSelected = index == selected
            buffer.put(isSelected ? "›" : " ", x: rect.x, y: y, style: isSelected ? .bold : .plain)
            buffer.put(rows[index], x: rect.x + 2, y: y, maxWidth: rect.width - 2)
            if isSelected {
                buffer.restyle(Rect(x: rect.x + 2, y: y, width: rect.width - 2, height: 1)) { $0.adding(.reverse) }
            }
        }
        if rows.count > rect.height, rect.width > 2 {
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
