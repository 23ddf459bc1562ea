/// A key press, as the run loop hands it to the application. Named keys cover what
/// terminals send for arrows and editing keys; everything else is a character.
public enum Key: Sendable, Equatable, Hashable {
    case character(Character)
    case up, down, left, right
    case pageUp, pageDown, home, end
    case enter, escape, backspace, tab, backTab
    /// Ctrl plus a letter, lowercased ("c" for Ctrl-C).
    case control(Character)
    case function(Int)
    case unknown

    /// Maps a Unicode scalar read from the terminal to a key.
    public static func from(scalar: Unicode.Scalar) -> Key {
        switch scalar.value {
        case 0x0A, 0x0D: return .enter
        case 0x1B: return .escape
        case 0x09: return .tab
        case 0x08, 0x7F: return .backspace
        case 0x01...0x1A: return .control(Character(Unicode.Scalar(UInt8(scalar.value + 0x60))))   // Ctrl-A … Ctrl-Z: a … z
        case 0x00..<0x20: return .unknown
        default: return .character(Character(scalar))
        }
    }
}
