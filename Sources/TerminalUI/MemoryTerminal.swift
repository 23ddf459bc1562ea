/// A terminal in memory: a script of events in, frames out. Tests drive the real run loop
/// with it, as a person at a keyboard would, with no pseudo-terminal and no waiting.
public final class MemoryTerminal: Terminal {
    /// One step of the script.
    public enum Step {
        case event(TerminalEvent)
        /// The run loop's wait times out (it asked for a timeout; a tick follows).
        case timeout
        /// Runs between events, e.g. to move a test clock on.
        case run(() -> Void)
    }

    public private(set) var size: Size
    public private(set) var frames: [CellBuffer] = []
    public var colorPreference = true
    public private(set) var invalidations = 0
    private var script: [Step]
    /// How many times the loop waited; a guard against a test script that never ends.
    public private(set) var waits = 0

    public init(size: Size, script: [Step] = []) {
        self.size = size
        self.script = script
    }

    /// Adds steps to the end of the script.
    public func append(_ steps: [Step]) { script += steps }

    /// Puts steps next in the script: a `.run` step can look at the screen and decide what
    /// to type, as a person reading it would.
    public func insertNext(_ steps: [Step]) { script.insert(contentsOf: steps, at: 0) }

    public func draw(_ buffer: CellBuffer) { frames.append(buffer) }

    public func invalidate() { invalidations += 1 }

    /// The latest frame as text, one line per row.
    public var screen: String { frames.last?.text ?? "" }

    public func nextEvent(timeoutMilliseconds: Int?) -> TerminalEvent? {
        waits += 1
        while !script.isEmpty {
            switch script.removeFirst() {
            case .event(let event):
                if case .resize(let newSize) = event { size = newSize }
                return event
            case .timeout:
                return nil
            case .run(let body):
                body()
            }
        }
        // The script is over: the terminal "goes away", and the app must stop cleanly.
        return .endOfInput
    }
}

extension MemoryTerminal.Step {
    /// Keys typed one after another: characters of `text` (with "\r" as Enter).
    public static func type(_ text: String) -> [MemoryTerminal.Step] {
        text.map { c in
            c == "\r" || c == "\n" ? .event(.key(.enter)) : .event(.key(.character(c)))
        }
    }

    public static func key(_ key: Key) -> MemoryTerminal.Step { .event(.key(key)) }
}
