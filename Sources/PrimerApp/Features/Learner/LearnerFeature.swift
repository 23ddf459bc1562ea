import Foundation
import TerminalUI

/// Switch to another learner, or create one by typing a name.
public struct LearnerState: Sendable, Equatable {
    public var names: [String]
    public var cursor = 0
    /// Non-nil while a new name is being typed.
    public var typing: String?
    public init(names: [String], current: String) {
        self.names = names
        cursor = names.firstIndex(of: current) ?? 0
    }
    public static let maximumNameLength = 40
}

extension AppState {
    mutating func handleLearner(_ key: Key, _ state: inout LearnerState) -> [Effect] {
        if var name = state.typing {
            switch key {
            case .enter:
                let trimmed = name.trimmingCharacters(in: .whitespaces)
                state.typing = nil
                guard !trimmed.isEmpty else { return [] }
                screen = .learner(state)
                return [.switchLearner(trimmed)] + goBack()
            case .escape: state.typing = nil
            case .backspace: if !name.isEmpty { name.removeLast() }; state.typing = name
            case .character(let c) where name.count < LearnerState.maximumNameLength && !c.isNewline:
                name.append(c)
                state.typing = TextSanitizer.clean(name)
            default: break
            }
            return []
        }
        switch key {
        case .up, .character("k"): state.cursor = max(0, state.cursor - 1)
        case .down, .character("j"): state.cursor = min(max(0, state.names.count - 1), state.cursor + 1)
        case .character("n"): state.typing = ""
        case .enter:
            guard state.names.indices.contains(state.cursor) else { state.typing = ""; return [] }
            let name = state.names[state.cursor]
            screen = .learner(state)
            return (name == learnerName ? [] : [.switchLearner(name)]) + goBack()
        case .escape, .character("q"): return goBack()
        default: break
        }
        return []
    }
}

enum LearnerView {
    static func draw(_ state: LearnerState, current: String, in rect: Rect, into buffer: inout CellBuffer) -> [(String, String)] {
        buffer.put("Learner", x: rect.x, y: rect.y + 1, style: .bold)
        buffer.put("Each learner has their own progress, schedule and settings.", x: rect.x, y: rect.y + 2, style: .dim, maxWidth: rect.width)
        if let typing = state.typing {
            buffer.put("New learner's name: ", x: rect.x, y: rect.y + 4)
            buffer.put(typing + "▏", x: rect.x + 20, y: rect.y + 4, style: .bold, maxWidth: rect.width - 20)
            return [("Enter", "create and switch"), ("Esc", "cancel")]
        }
        let rows = state.names.map { name in [StyledText(name), StyledText(name == current ? "  (studying now)" : "", .dim)] }
        ListView.draw(rows: rows, selected: state.cursor, in: Rect(x: rect.x, y: rect.y + 4, width: rect.width, height: rect.height - 4), into: &buffer)
        return [("↑↓", "choose"), ("Enter", "switch"), ("n", "new learner"), ("Esc", "back")]
    }
}
