/// Keys sent as escape sequences that the terminal library did not recognise (its TERM
/// does not match the terminal, say). Such a sequence must be read whole and mapped, or
/// ignored: taken as a lone Esc it would throw the learner out of a quiz or a lesson.
public enum EscapeSequence {
    /// Maps what followed an ESC byte to a key: a known CSI or SS3 sequence to its key, any
    /// other sequence to `.unknown`. Nothing at all after ESC is the Esc key itself.
    public static func key(after scalars: [Unicode.Scalar]) -> Key {
        guard let first = scalars.first else { return .escape }
        let rest = scalars.dropFirst()
        switch first {
        case "[": return csi(Array(rest))
        case "O": return ss3(Array(rest))
        default: return .unknown   // Alt+key, or noise: never Esc
        }
    }

    /// How many scalars after the introducer make up the sequence: CSI is parameter bytes
    /// (0x30-0x3F), intermediate bytes (0x20-0x2F), then one final byte (0x40-0x7E); SS3 is
    /// one byte. A reader uses this to know when the sequence is complete.
    public static func isComplete(_ scalars: [Unicode.Scalar]) -> Bool {
        guard let first = scalars.first else { return false }
        switch first {
        case "[":
            return scalars.dropFirst().contains { (0x40...0x7E).contains($0.value) }
        case "O":
            return scalars.count >= 2
        default:
            return true
        }
    }

    private static func csi(_ body: [Unicode.Scalar]) -> Key {
        guard let final = body.last, (0x40...0x7E).contains(final.value) else { return .unknown }
        let parameters = String(String.UnicodeScalarView(body.dropLast()))
        // "1;5A" (Ctrl+Up) and the like: modifiers are ignored, the key is kept.
        let first = parameters.split(separator: ";").first.map(String.init) ?? ""
        switch final {
        case "A": return .up
        case "B": return .down
        case "C": return .right
        case "D": return .left
        case "H": return .home
        case "F": return .end
        case "Z": return .backTab
        case "~":
            switch first {
            case "1", "7": return .home
            case "4", "8": return .end
            case "5": return .pageUp
            case "6": return .pageDown
            default: return .unknown
            }
        default:
            return .unknown
        }
    }

    private static func ss3(_ body: [Unicode.Scalar]) -> Key {
        switch body.first {
        case "A": return .up
        case "B": return .down
        case "C": return .right
        case "D": return .left
        case "H": return .home
        case "F": return .end
        case "P": return .function(1)
        case "Q": return .function(2)
        case "R": return .function(3)
        case "S": return .function(4)
        default: return .unknown
        }
    }
}
