/// A screen's keys, defined once: which keys do what, and the words the footer and the
/// help overlay show for them. Matching, footer and help are all read from the same
/// bindings, so a key can never work without being listed, or be listed without working.
public struct KeyBinding<Command: Sendable>: Sendable {
    /// Keys that always work, each with the command it gives.
    public var keys: [(key: Key, command: Command)]
    /// Vi-style alternatives (h j k l g G), active only when the learner turned vi keys on.
    public var viKeys: [(key: Key, command: Command)]
    /// What the keys do, in a few words ("choose", "open the lesson").
    public var label: String
    /// The compact key text for the footer ("↑↓"); nil keeps the binding out of the footer.
    public var footerKeys: String?
    /// The key text for the help overlay; nil derives it from `keys` ("↑ ↓").
    public var helpKeys: String?
    /// A shorter label for the footer, where room is scarce; nil uses `label`.
    public var footerLabel: String?

    public init(_ keys: [(Key, Command)], vi: [(Key, Command)] = [], label: String, footer: String? = nil,
                short: String? = nil, help: String? = nil) {
        self.keys = keys.map { (key: $0.0, command: $0.1) }
        self.viKeys = vi.map { (key: $0.0, command: $0.1) }
        self.label = label
        self.footerKeys = footer
        self.footerLabel = short
        self.helpKeys = help
    }

    /// One key, one command.
    public static func key(_ key: Key, _ command: Command, label: String, footer: String? = nil, short: String? = nil,
                           vi: Key? = nil) -> KeyBinding {
        KeyBinding([(key, command)], vi: vi.map { [($0, command)] } ?? [], label: label, footer: footer, short: short)
    }

    /// Several keys for one command.
    public static func keys(_ keys: [Key], _ command: Command, label: String, footer: String? = nil, short: String? = nil,
                            vi: [Key] = []) -> KeyBinding {
        KeyBinding(keys.map { ($0, command) }, vi: vi.map { ($0, command) }, label: label, footer: footer, short: short)
    }

    /// Listed in help and footer, matched by the screen itself (option digits and letters).
    public static func described(_ keys: String, label: String, footer: String? = nil, short: String? = nil) -> KeyBinding {
        KeyBinding([], label: label, footer: footer, short: short, help: keys)
    }

    func helpText(viKeys vi: Bool) -> String {
        var text = helpKeys ?? Self.describe(keys.map(\.key))
        if vi && !viKeys.isEmpty { text += "  or  " + Self.describe(viKeys.map(\.key)) }
        return text
    }

    static func describe(_ keys: [Key]) -> String {
        var seen: [String] = []
        for key in keys where !seen.contains(key.displayName) { seen.append(key.displayName) }
        return seen.joined(separator: " ")
    }
}

public struct Keymap<Command: Sendable>: Sendable {
    public var bindings: [KeyBinding<Command>]

    public init(_ bindings: [KeyBinding<Command>]) { self.bindings = bindings }

    /// The command a key gives here, if any; vi alternatives count only when `viKeys` is on.
    public func command(for key: Key, viKeys: Bool) -> Command? {
        for binding in bindings {
            if let match = binding.keys.first(where: { $0.key == key }) { return match.command }
        }
        if viKeys {
            for binding in bindings {
                if let match = binding.viKeys.first(where: { $0.key == key }) { return match.command }
            }
        }
        return nil
    }

    /// The footer's entries, in binding order.
    public var footer: [(String, String)] {
        bindings.compactMap { binding in binding.footerKeys.map { ($0, binding.footerLabel ?? binding.label) } }
    }

    /// The help overlay's lines, in binding order; vi alternatives shown only when on.
    public func help(viKeys: Bool) -> [(String, String)] {
        bindings.map { ($0.helpText(viKeys: viKeys), $0.label) }
    }

    public static func + (a: Keymap, b: Keymap) -> Keymap { Keymap(a.bindings + b.bindings) }
}

extension Key {
    /// How keys are named on screen.
    public var displayName: String {
        switch self {
        case .character(" "): return "Space"
        case .character(let c): return String(c)
        case .up: return "↑"
        case .down: return "↓"
        case .left: return "←"
        case .right: return "→"
        case .pageUp: return "PgUp"
        case .pageDown: return "PgDn"
        case .home: return "Home"
        case .end: return "End"
        case .enter: return "Enter"
        case .escape: return "Esc"
        case .backspace: return "Backspace"
        case .tab: return "Tab"
        case .backTab: return "Shift-Tab"
        case .control(let c): return "Ctrl-\(String(c).uppercased())"
        case .function(let n): return "F\(n)"
        case .unknown: return "?"
        }
    }
}
