import Foundation

/// Why a full-screen session can't start here, in one line a person can act on.
public enum TerminalUnavailable: Error, CustomStringConvertible {
    case notATerminal
    case termUnset
    case unknownTerminal(String)
    case noCursorAddressing(String)
    case notUTF8(String)

    public var description: String {
        switch self {
        case .notATerminal:
            return "standard input and output are not a terminal"
        case .termUnset:
            return "TERM is not set, so the terminal type is unknown (set it, e.g. TERM=xterm-256color, for the full-screen interface)"
        case .unknownTerminal(let term):
            return "TERM=\(term) is not a terminal type this system knows (TERM=xterm-256color gives the full-screen interface)"
        case .noCursorAddressing(let term):
            return "TERM=\(term) cannot move the cursor, so the full-screen interface can't run"
        case .notUTF8(let codeset):
            return "the locale's character set is \(codeset), not UTF-8, and C.UTF-8 is not available; set LANG=C.UTF-8 (or another UTF-8 locale)"
        }
    }
}
