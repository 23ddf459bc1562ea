/// One screen cell. A double-width character occupies its cell and a continuation cell
/// to its right (`isContinuation`), so a buffer column always equals a terminal column.
public struct Cell: Sendable, Equatable {
    /// One grapheme cluster (base character with its combining marks), or "" for a continuation.
    public var text: String
    public var style: Style
    public var isContinuation: Bool

    public init(_ text: String = " ", style: Style = .plain, isContinuation: Bool = false) {
        self.text = text
        self.style = style
        self.isContinuation = isContinuation
    }
    public static let blank = Cell()
}

/// The in-memory screen every view renders into. Tests read it back as text;
/// the ncurses module copies it to the terminal, row by changed row.
public struct CellBuffer: Sendable, Equatable {
    public let width: Int
    public let height: Int
    public private(set) var cells: [Cell]

    public init(width: Int, height: Int) {
        self.width = max(0, width)
        self.height = max(0, height)
        cells = Array(repeating: .blank, count: self.width * self.height)
    }

    public var size: Size { Size(width: width, height: height) }
    public var bounds: Rect { Rect(x: 0, y: 0, width: width, height: height) }

    public subscript(x: Int, y: Int) -> Cell {
        get { cells[y * width + x] }
        set { cells[y * width + x] = newValue }
    }

    public func row(_ y: Int) -> ArraySlice<Cell> { cells[(y * width)..<((y + 1) * width)] }

    /// Writes text starting at (x, y), clipped to `clip` (default: the whole row from x).
    /// Control characters and escape sequences are stripped; a wide character that would
    /// straddle the right edge is replaced by a space. Returns the columns written.
    @discardableResult
    public mutating func put(_ text: String, x: Int, y: Int, style: Style = .plain, maxWidth: Int? = nil) -> Int {
        guard y >= 0, y < height, x < width else { return 0 }
        let limit = min(width, maxWidth.map { x + max(0, $0) } ?? width)
        var column = x
        for character in TextSanitizer.clean(text) {
            let w = DisplayWidth.of(character)
            if w == 0 {
                attachCombining(character, beforeColumn: column, y: y)
                continue
            }
            if column + w > limit {
                if w == 2 && column < limit && column >= 0 { setCell(column, y, Cell(" ", style: style)) ; column += 1 }
                break
            }
            if column >= 0 {
                setCell(column, y, Cell(String(character), style: style))
                if w == 2 { setCell(column + 1, y, Cell("", style: style, isContinuation: true)) }
            }
            column += w
        }
        return column - x
    }

    @discardableResult
    public mutating func put(_ spans: [StyledText], x: Int, y: Int, maxWidth: Int? = nil) -> Int {
        var used = 0
        for span in spans {
            let room = maxWidth.map { $0 - used }
            if let room, room <= 0 { break }
            used += put(span.text, x: x + used, y: y, style: span.style, maxWidth: room)
        }
        return used
    }

    public mutating func fill(_ rect: Rect, style: Style = .plain, character: String = " ") {
        for y in max(0, rect.y)..<min(height, rect.maxY) {
            for x in max(0, rect.x)..<min(width, rect.maxX) {
                self[x, y] = Cell(character, style: style)
            }
        }
    }

    /// Applies a style to existing cells (used for highlighting a selected row).
    public mutating func restyle(_ rect: Rect, _ transform: (Style) -> Style) {
        for y in max(0, rect.y)..<min(height, rect.maxY) {
            for x in max(0, rect.x)..<min(width, rect.maxX) {
                self[x, y].style = transform(self[x, y].style)
            }
        }
    }

    /// Overwriting half of a wide character leaves the other half orphaned: blank it.
    private mutating func setCell(_ x: Int, _ y: Int, _ cell: Cell) {
        guard x >= 0, x < width else { return }
        let old = self[x, y]
        if old.isContinuation, x > 0, !cell.isContinuation { self[x - 1, y] = Cell(" ", style: self[x - 1, y].style) }
        if !old.isContinuation, !cell.isContinuation, DisplayWidth.of(cell.text) < 2,
           x + 1 < width, self[x + 1, y].isContinuation {
            self[x + 1, y] = Cell(" ", style: self[x + 1, y].style)
        }
        self[x, y] = cell
    }

    /// A combining mark belongs to the character before it.
    private mutating func attachCombining(_ mark: Character, beforeColumn column: Int, y: Int) {
        var x = column - 1
        while x >= 0, x < width, self[x, y].isContinuation { x -= 1 }
        guard x >= 0, x < width else { return }
        self[x, y].text += String(mark)
    }

    /// The buffer as text, one string per row, trailing spaces removed.
    public var lines: [String] {
        (0..<height).map { y in
            var s = ""
            for cell in row(y) where !cell.isContinuation { s += cell.text }
            while s.hasSuffix(" ") { s.removeLast() }
            return s
        }
    }

    public var text: String { lines.joined(separator: "\n") }

    /// Rows that differ from `previous` (all rows when the sizes differ): a renderer
    /// redraws only these, which keeps frames cheap and free of flicker.
    public func changedRows(since previous: CellBuffer?) -> [Int] {
        guard let previous, previous.width == width, previous.height == height else { return Array(0..<height) }
        return (0..<height).filter { row($0) != previous.row($0) }
    }
}
