/// What the run loop needs from a terminal. The ncurses module implements it for a real
/// terminal; `MemoryTerminal` implements it in memory for tests.
public protocol Terminal: AnyObject {
    /// The current size in cells.
    var size: Size { get }
    /// Shows the buffer; implementations send only what changed since the last frame.
    func draw(_ buffer: CellBuffer)
    /// Waits up to `timeoutMilliseconds` (nil: forever) for input. Returns nil on timeout.
    func nextEvent(timeoutMilliseconds: Int?) -> TerminalEvent?
    /// Forgets what is on screen, so the next `draw` repaints everything (Ctrl-L, resize).
    func invalidate()
    /// The learner's colour setting; colour shows only when this and the terminal allow it.
    var colorPreference: Bool { get set }
}

public enum TerminalEvent: Sendable, Equatable {
    case key(Key)
    case resize(Size)
    /// Input is closed (the terminal went away): the app should save and stop.
    case endOfInput
}
