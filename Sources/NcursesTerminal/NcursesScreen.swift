import CNcursesw
import CTerminalSafety
import Foundation
import TerminalUI

/// The one place primer talks to curses: starts and restores the terminal, draws a
/// `CellBuffer` (only the rows that changed), and turns input into `TerminalEvent`s.
public final class NcursesScreen: Terminal {
    private var screen: OpaquePointer?
    private var lastFrame: CellBuffer?
    private var colorsEnabled = false
    /// The learner's colour setting; colour is used only when this and the terminal allow it.
    public var colorPreference = true {
        didSet { if colorPreference != oldValue { invalidate() } }
    }
    private var stopped = false
    /// A resize that arrived while an escape sequence was being read.
    private var pendingResize = false
    /// Whether the terminal has an alternate screen (xterm does, vt100 does not).
    private var hasAlternateScreen = true

    /// Starts curses on the controlling terminal, or explains why it can't.
    /// `useColor` false (from `NO_COLOR` or `--no-color`) keeps output monochrome.
    public static func start(environment: [String: String], useColor: Bool) throws -> NcursesScreen {
        guard isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1 else { throw TerminalUnavailable.notATerminal }
        guard let term = environment["TERM"], !term.isEmpty else { throw TerminalUnavailable.termUnset }
        try ensureUTF8Locale()

        // newterm, unlike initscr, returns nil for an unknown TERM instead of exiting.
        primer_save_terminal_state(STDIN_FILENO)
        guard let screen = primer_newterm() else { throw TerminalUnavailable.unknownTerminal(term) }
        _ = set_term(screen)
        let cup = tigetstr("cup")
        let cupValue = cup.map { Int(bitPattern: $0) } ?? 0
        if cup == nil || cupValue == -1 {
            endwin()
            delscreen(screen)
            throw TerminalUnavailable.noCursorAddressing(term)
        }
        let result = NcursesScreen(screen: screen)
        let smcup = tigetstr("smcup")
        let smcupValue = smcup.map { Int(bitPattern: $0) } ?? 0
        result.hasAlternateScreen = smcup != nil && smcupValue != -1 && smcupValue != 0
        result.configure(useColor: useColor)
        return result
    }

    private init(screen: OpaquePointer) { self.screen = screen }

    /// Wide text renders blank under a non-UTF-8 locale: fall back to C.UTF-8 for
    /// LC_CTYPE, or refuse with a clear message.
    static func ensureUTF8Locale() throws {
        setlocale(LC_ALL, "")
        if isUTF8(primer_codeset()) { return }
        let before = String(cString: primer_codeset())
        if setlocale(LC_CTYPE, "C.UTF-8") != nil, isUTF8(primer_codeset()) { return }
        throw TerminalUnavailable.notUTF8(before)
    }

    private static func isUTF8(_ codeset: UnsafePointer<CChar>?) -> Bool {
        guard let codeset else { return false }
        let name = String(cString: codeset).uppercased().replacingOccurrences(of: "-", with: "")
        return name == "UTF8"
    }

    private func configure(useColor: Bool) {
        raw()            // Ctrl-C arrives as a key, so quitting saves and restores cleanly
        noecho()
        nonl()
        keypad(primer_stdscr(), true)
        set_escdelay(25) // the default one-second ESC delay makes Esc feel broken
        curs_set(0)
        if useColor, has_colors() {
            start_color()
            use_default_colors()
            for color in Color.allCases where color != .normal {
                init_pair(Int16(color.rawValue), Int16(cursesColor(color)), -1)
            }
            colorsEnabled = true
        }
        primer_capture_restore_sequence()
        primer_install_signal_handlers()
        primer_set_screen_active(1)
    }

    private func cursesColor(_ color: Color) -> Int32 {
        switch color {
        case .normal: return -1
        case .red: return COLOR_RED
        case .green: return COLOR_GREEN
        case .yellow: return COLOR_YELLOW
        case .blue: return COLOR_BLUE
        case .magenta: return COLOR_MAGENTA
        case .cyan: return COLOR_CYAN
        }
    }

    /// The terminal's size as the kernel has it now. curses learns a new size from the
    /// KEY_RESIZE it queues on SIGWINCH; in a storm of resizes the last one can land while
    /// curses is handling the one before, leaving it a size behind until the next. Asking
    /// the kernel on every frame (and telling curses when they differ) keeps the frame and
    /// the terminal the same size whatever the timing.
    public var size: Size {
        var y: Int32 = 0, x: Int32 = 0
        primer_getmaxyx(primer_stdscr(), &y, &x)
        var window = winsize()
        if ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &window) == 0, window.ws_col > 0, window.ws_row > 0,
           Int32(window.ws_col) != x || Int32(window.ws_row) != y {
            _ = resizeterm(Int32(window.ws_row), Int32(window.ws_col))
            lastFrame = nil   // everything must be redrawn at the new size
            primer_getmaxyx(primer_stdscr(), &y, &x)
        }
        return Size(width: Int(x), height: Int(y))
    }

    public func draw(_ buffer: CellBuffer) {
        guard !stopped else { return }
        let rows = buffer.changedRows(since: lastFrame)
        if lastFrame == nil || lastFrame?.size != buffer.size { erase() }
        var wide: [wchar_t] = []
        for y in rows {
            for x in 0..<buffer.width {
                let cell = buffer[x, y]
                if cell.isContinuation { continue }
                wide.removeAll(keepingCapacity: true)
                for scalar in cell.text.unicodeScalars { wide.append(wchar_t(bitPattern: scalar.value)) }
                if wide.isEmpty { wide.append(0x20) }
                wide.append(0)
                _ = primer_put_cell(Int32(y), Int32(x), wide, attributes(cell.style),
                                    colorsEnabled && colorPreference ? Int16(cell.style.color.rawValue) : 0)
            }
        }
        refresh()
        lastFrame = buffer
    }

    private func attributes(_ style: Style) -> attr_t {
        var a = primer_a_normal()
        if style.bold { a |= primer_a_bold() }
        if style.reverse { a |= primer_a_reverse() }
        if style.dim { a |= primer_a_dim() }
        if style.underline { a |= primer_a_underline() }
        return a
    }

    public func nextEvent(timeoutMilliseconds: Int?) -> TerminalEvent? {
        // Asked to end (SIGTERM, SIGHUP, SIGINT): leave as when the terminal goes away.
        guard !stopped, !EndingSignal.received else { return .endOfInput }
        if pendingResize {
            pendingResize = false
            lastFrame = nil
            return .resize(size)
        }
        timeout(Int32(timeoutMilliseconds ?? -1))
        var value: wint_t = 0
        let started = Self.milliseconds()
        let status = get_wch(&value)
        if status == ERR {
            if EndingSignal.received { return .endOfInput }   // the signal interrupted the read
            // A blocking read that fails (or a timed one that fails at once, repeatedly)
            // means the terminal is gone.
            guard let timeoutMilliseconds else { return .endOfInput }
            if Self.milliseconds() - started < Double(timeoutMilliseconds) / 2, isatty(STDIN_FILENO) != 1 {
                return .endOfInput
            }
            return nil
        }
        if status == primer_key_code_yes() {
            if Int32(value) == primer_key_resize() {
                lastFrame = nil   // everything must be redrawn at the new size
                return .resize(size)
            }
            return .key(Self.key(forCode: Int32(value)))
        }
        guard let scalar = Unicode.Scalar(UInt32(value)) else { return .key(.unknown) }
        if scalar.value == 0x1B { return .key(readEscapeSequence()) }
        return .key(Key.from(scalar: scalar))
    }

    /// After an ESC that curses did not turn into a key: a CSI or SS3 sequence that follows
    /// at once (a key this TERM does not know) is read whole and mapped, or ignored; ESC
    /// followed by anything else, or by nothing, is the Esc key, and what follows is left to
    /// be read as the next key. (curses has already waited ESCDELAY for the first byte.)
    private func readEscapeSequence() -> Key {
        var following: [Unicode.Scalar] = []
        defer { timeout(-1) }
        while following.count < 32 {
            // The rest of a sequence arrives together; allow a little for a split write.
            timeout(following.isEmpty ? 0 : 15)
            var value: wint_t = 0
            let status = get_wch(&value)
            if status == ERR { break }
            if status == primer_key_code_yes() {
                if Int32(value) == primer_key_resize() { pendingResize = true } else { unget_wch(wchar_t(bitPattern: UInt32(value))) }
                break
            }
            guard let scalar = Unicode.Scalar(UInt32(value)) else { break }
            if following.isEmpty && scalar != "[" && scalar != "O" {
                unget_wch(wchar_t(bitPattern: scalar.value))   // Esc, then an ordinary key
                return .escape
            }
            following.append(scalar)
            if EscapeSequence.isComplete(following) { break }
        }
        return EscapeSequence.key(after: following)
    }

    static func key(forCode code: Int32) -> Key {
        switch code {
        case KEY_UP: return .up
        case KEY_DOWN: return .down
        case KEY_LEFT: return .left
        case KEY_RIGHT: return .right
        case KEY_PPAGE: return .pageUp
        case KEY_NPAGE: return .pageDown
        case KEY_HOME: return .home
        case KEY_END: return .end
        case KEY_ENTER: return .enter
        case KEY_BACKSPACE: return .backspace
        case KEY_BTAB: return .backTab
        case KEY_F0...(KEY_F0 + 63): return .function(Int(code - KEY_F0))
        default: return .unknown
        }
    }

    /// A monotonic reading in milliseconds: how long a wait really took, whatever the
    /// system clock does meanwhile.
    private static func milliseconds() -> Double {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return Double(spec.tv_sec) * 1000 + Double(spec.tv_nsec) / 1e6
    }

    /// Forces a full repaint on the next draw (after Ctrl-L, or when the screen may be damaged).
    public func invalidate() {
        lastFrame = nil
        clearok(primer_stdscr(), true)
    }

    /// Restores the terminal. Safe to call more than once.
    public func stop() {
        guard !stopped else { return }
        stopped = true
        primer_set_screen_active(0)
        endwin()
        // Without an alternate screen the last frame would stay, and the shell prompt
        // would land on top of it: leave a clear screen, cursor at the top, instead.
        if !hasAlternateScreen, let clear = tigetstr("clear"), Int(bitPattern: clear) != -1 {
            putp(clear)
            fflush(nil)   // every output stream: stdout cannot be named under Swift 6
        }
        if let screen { delscreen(screen) }
        screen = nil
    }

    deinit { stop() }
}
