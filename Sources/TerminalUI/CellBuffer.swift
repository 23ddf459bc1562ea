/// One screen cell. A double-width character occupies its cell and a continuation cell
/// to its right (`isContinuation`), so a buffer column always equals a terminal column.
///
/// Plain bytes (see `GraphemeTable`): the cell's one Unicode scalar inline, or, with the
/// top bit set, the number of a longer grapheme cluster; 0 is "" (a continuation).
public struct Cell: Sendable, Equatable {
    private var code: UInt32
    public var style: Style
    public var isContinuation: Bool

    private static let clusterBit: UInt32 = 0x8000_0000

    public init(_ text: String = " ", style: Style = .plain, isContinuation: Bool = false) {
        code = Self.code(of: text)
        self.style = style
        self.isContinuation = isContinuation
    }

    /// A printable ASCII byte: no `String` made at all.
    init(ascii byte: UInt8, style: Style) {
        code = UInt32(byte)
        self.style = style
        isContinuation = false
    }

    /// A scalar that is a grapheme cluster by itself.
    init(scalar: Unicode.Scalar, style: Style) {
        code = scalar.value == 0 ? 0xFFFD : scalar.value
        self.style = style
        isContinuation = false
    }

    public static let blank = Cell()

    /// One grapheme cluster (base character with its combining marks), or "" for a continuation.
    public var text: String {
        get {
            if code == 0 { return "" }
            if code & Self.clusterBit != 0 { return GraphemeTable.shared.cluster(code & ~Self.clusterBit) }
            return Unicode.Scalar(code).map { String(Character($0)) } ?? "\u{FFFD}"
        }
        set { code = Self.code(of: newValue) }
    }

    /// Columns the cell's text takes (a cluster is measured through its text).
    var displayWidth: Int {
        if code == 0 { return 0 }
        if code & Self.clusterBit == 0, let scalar = Unicode.Scalar(code) { return DisplayWidth.of(scalar) }
        return DisplayWidth.of(text)
    }

    private static func code(of text: String) -> UInt32 {
        var scalars = text.unicodeScalars.makeIterator()
        guard let first = scalars.next() else { return 0 }
        if scalars.next() == nil, first.value != 0 { return first.value }
        guard let number = GraphemeTable.shared.number(of: text) else { return 0xFFFD }
        return clusterBit | number
    }
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

    /// Writes text from (x, y) wrapped at spaces to `width` columns, a row each; returns
    /// the rows used. For a note that must be read whole (what a key does, how a list was
    /// picked) where `put` would cut it.
    @discardableResult
    public mutating func putWrapped(_ text: String, x: Int, y: Int, width: Int, style: Style = .plain) -> Int {
        let lines = WordWrap.wrapPlain(text, width: max(10, width))
        for (i, line) in lines.enumerated() { put(line, x: x, y: y + i, style: style, maxWidth: width) }
        return lines.count
    }

    /// Writes text starting at (x, y), clipped to `maxWidth` columns (default: the rest of
    /// the row). Text that does not fit ends in "…", so a cut is never silent. Control
    /// characters and escape sequences are stripped; a wide character is never split.
    /// Returns the columns written.
    @discardableResult
    public mutating func put(_ text: String, x: Int, y: Int, style: Style = .plain, maxWidth: Int? = nil) -> Int {
        guard y >= 0, y < height, x < width else { return 0 }
        let limit = min(width, maxWidth.map { x + max(0, $0) } ?? width)
        guard limit > x else { return 0 }
        if x >= 0, let written = putASCII(text, x: x, y: y, style: style, limit: limit) { return written }
        var clean = TextSanitizer.clean(text)
        if x >= 0, DisplayWidth.of(clean) > limit - x { clean = truncate(clean, width: limit - x) }
        var column = x
        /// Places one cluster of width `w` (1 or 2); false when it does not fit.
        func place(_ cell: Cell, width w: Int) -> Bool {
            if column + w > limit {
                if w == 2 && column < limit && column >= 0 { setCell(column, y, Cell(" ", style: style)) ; column += 1 }
                return false
            }
            if column >= 0 {
                setCell(column, y, cell)
                if w == 2 { setCell(column + 1, y, Cell("", style: style, isContinuation: true)) }
            }
            column += w
            return true
        }
        if clean.unicodeScalars.allSatisfy(DisplayWidth.standsAlone) {
            // Every scalar is its own cluster (see `DisplayWidth.standsAlone`): no grapheme breaking.
            for scalar in clean.unicodeScalars {
                let w = DisplayWidth.of(scalar)
                if w == 0 { continue }   // nothing in these ranges is zero-width once controls are gone
                if !place(Cell(scalar: scalar, style: style), width: w) { break }
            }
            return column - x
        }
        for character in clean {
            let w = DisplayWidth.of(character)
            if w == 0 {
                attachCombining(character, beforeColumn: column, y: y)
                continue
            }
            if !place(Cell(String(character), style: style), width: w) { break }
        }
        return column - x
    }

    /// Printable ASCII that fits: one byte is one cell, with no grapheme or width work.
    /// Most of what primer draws is this, so it is worth the shortcut. nil: not that case.
    private mutating func putASCII(_ text: String, x: Int, y: Int, style: Style, limit: Int) -> Int? {
        let utf8 = text.utf8
        let count = utf8.count
        guard count <= limit - x else { return nil }
        let fits = utf8.withContiguousStorageIfAvailable { bytes -> Bool in
            for byte in bytes where byte < 0x20 || byte >= 0x7F { return false }
            return true
        } ?? false
        guard fits else { return nil }
        var column = x
        let rowStart = y * width
        // A continuation cell just after the text would be orphaned: blank it.
        if x + count < width, cells[rowStart + x + count].isContinuation, count > 0 {
            cells[rowStart + x + count] = Cell(" ", style: cells[rowStart + x + count].style)
        }
        if x > 0, count > 0, cells[rowStart + x].isContinuation {
            cells[rowStart + x - 1] = Cell(" ", style: cells[rowStart + x - 1].style)
        }
        for byte in utf8 {
            cells[rowStart + column] = Cell(ascii: byte, style: style)
            column += 1
        }
        return count
    }

    /// Copies `other` into this buffer with its top-left corner at (x, y), clipped to this
    /// buffer. Whole cells are copied, so wide characters stay whole.
    public mutating func copy(_ other: CellBuffer, toX x: Int, y: Int) {
        // Row by row, as slices: every frame copies the whole body this way.
        let first = max(0, -x), last = min(other.width, width - x)
        guard first < last else { return }
        let width = self.width, height = self.height
        other.cells.withUnsafeBufferPointer { from in
            cells.withUnsafeMutableBufferPointer { to in
                guard let source = from.baseAddress, let target = to.baseAddress else { return }
                for row in 0..<other.height where y + row >= 0 && y + row < height {
                    (target + (y + row) * width + x + first).update(from: source + row * other.width + first, count: last - first)
                }
            }
        }
    }

    @discardableResult
    public mutating func put(_ spans: [StyledText], x: Int, y: Int, maxWidth: Int? = nil) -> Int {
        var used = 0
        for (index, span) in spans.enumerated() {
            let room = maxWidth.map { $0 - used } ?? (width - x - used)
            if room <= 0 {
                // Out of room with text still to show: end the visible part in "…".
                if spans[index...].contains(where: { !$0.text.allSatisfy(\.isWhitespace) }) { markCut(atColumn: x + used - 1, y: y) }
                break
            }
            used += put(span.text, x: x + used, y: y, style: span.style, maxWidth: room)
        }
        return used
    }

    /// Turns the cell at `column` into "…" (both halves of a wide character).
    private mutating func markCut(atColumn column: Int, y: Int) {
        guard y >= 0, y < height, column >= 0, column < width else { return }
        var x = column
        if self[x, y].isContinuation, x > 0 { self[x, y] = Cell(" ", style: self[x, y].style); x -= 1 }
        if x + 1 < width, self[x + 1, y].isContinuation { self[x + 1, y] = Cell(" ", style: self[x, y].style) }
        self[x, y] = Cell("…", style: self[x, y].style)
    }

    public mutating func fill(_ rect: Rect, style: Style = .plain, character: String = " ") {
        let rows = max(0, rect.y)..<max(max(0, rect.y), min(height, rect.maxY))
        let columns = max(0, rect.x)..<max(max(0, rect.x), min(width, rect.maxX))
        guard !columns.isEmpty, !rows.isEmpty else { return }
        let cell = Cell(character, style: style)
        let width = self.width
        // Through the buffer's pointer: every frame fills the whole screen at least once,
        // and per-cell subscripts (bounds and uniqueness checks each time) showed up.
        cells.withUnsafeMutableBufferPointer { all in
            guard let base = all.baseAddress else { return }
            for y in rows { (base + y * width + columns.lowerBound).update(repeating: cell, count: columns.count) }
        }
    }

    /// Applies a style to existing cells (used for highlighting a selected row).
    public mutating func restyle(_ rect: Rect, _ transform: (Style) -> Style) {
        let rows = max(0, rect.y)..<max(max(0, rect.y), min(height, rect.maxY))
        let columns = max(0, rect.x)..<max(max(0, rect.x), min(width, rect.maxX))
        for y in rows {
            for x in columns {
                self[x, y].style = transform(self[x, y].style)
            }
        }
    }

    /// Overwriting half of a wide character leaves the other half orphaned: blank it.
    private mutating func setCell(_ x: Int, _ y: Int, _ cell: Cell) {
        guard x >= 0, x < width else { return }
        let old = self[x, y]
        if old.isContinuation, x > 0, !cell.isContinuation { self[x - 1, y] = Cell(" ", style: self[x - 1, y].style) }
        if !old.isContinuation, !cell.isContinuation, cell.displayWidth < 2,
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
