import TerminalUI

/// The scrolling keys every scrollable screen shares, defined once.
enum Scroll: Sendable {
    case lineUp, lineDown, pageUp, pageDown, top, bottom

    /// Lines a page key moves when the view cannot say (the reducer clamps).
    static let pageStep = 10

    /// `wrap` turns a scroll command into the screen's own command.
    static func bindings<C: Sendable>(_ wrap: (Scroll) -> C, footer: Bool = true) -> [KeyBinding<C>] {
        [KeyBinding([(.up, wrap(.lineUp)), (.down, wrap(.lineDown))], vi: [(.character("k"), wrap(.lineUp)), (.character("j"), wrap(.lineDown))],
                    label: "scroll", footer: footer ? "↑↓" : nil),
         KeyBinding([(.pageUp, wrap(.pageUp)), (.pageDown, wrap(.pageDown)), (.character(" "), wrap(.pageDown))],
                    label: "scroll a page"),
         KeyBinding([(.home, wrap(.top)), (.end, wrap(.bottom))], vi: [(.character("g"), wrap(.top)), (.character("G"), wrap(.bottom))],
                    label: "top, bottom")]
    }

    /// The new offset, at least 0 (views clamp the bottom, which only they know).
    func apply(to offset: Int, page: Int = Scroll.pageStep) -> Int {
        switch self {
        case .lineUp: return max(0, offset - 1)
        case .lineDown: return offset + 1
        case .pageUp: return max(0, offset - page)
        case .pageDown: return offset + page
        case .top: return 0
        case .bottom: return Int.max / 4
        }
    }
}

/// Options answer to digits 1-9 and letters a-i.
enum AnswerInput {
    static func optionIndex(for key: Key, count: Int) -> Int? {
        guard case .character(let c) = key else { return nil }
        if let d = c.wholeNumberValue, c.isASCII, d >= 1, d <= min(count, 9) { return d - 1 }
        if let ascii = c.asciiValue, ascii >= 97, ascii < 97 + UInt8(min(count, 9)) { return Int(ascii - 97) }
        return nil
    }

    /// "1-4/a-d" for the footer.
    static func range(_ count: Int) -> String {
        let n = min(count, 9)
        return n <= 1 ? "1/a" : "1-\(n)/a-\(String(UnicodeScalar(UInt8(96 + n))))"
    }
}
