import CTerminalSafety

/// SIGTERM, SIGHUP (the terminal window closed) and SIGINT end primer gracefully: the
/// first one only records itself and interrupts the blocking read; the loop reading input
/// then ends as when input ends (an exam abandoned, a session closed), the store closes,
/// and the process ends by that signal (`endProcessIfSignalled`). See terminal_safety.c.
public enum EndingSignal {
    /// For line mode, whose reader turns the signal into the end of input. (The
    /// full-screen interface installs this along with its terminal restoring.)
    public static func installForLineMode() {
        primer_install_ending_handlers()
    }

    /// Whether an ending signal has arrived.
    public static var received: Bool { primer_ending_signal() != 0 }

    /// After everything is saved: ends the process by the signal that asked for it, so its
    /// exit status says so. Returns when there was none.
    public static func endProcessIfSignalled() {
        primer_end_as_signalled()
    }
}
