/// What the run loop needs from a terminal. The ncurses module implements it; tests
/// can implement it with a buffer and a script of keys.
public protocol Terminal: AnyObject {
    /// The current size in cells.
    var size: Size { get }
    /// Shows the buffer; implementations send only what changed since the last frame.
    func draw(_ buffer: CellBuffer)
    /// Waits up to `timeoutMilliseconds` (nil: forever) for input. Returns nil on timeout.
    func nextEvent(timeoutMilliseconds: Int?) -> TerminalEvent?
}

public enum TerminalEvent: Sendable, Equatable {
    case key(Key)
    case resize(Size)
    /// Input is closed (the terminal went away): the app should save and stop.
    case endOfInput
}
