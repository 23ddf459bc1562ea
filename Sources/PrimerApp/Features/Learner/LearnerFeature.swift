import Foundation
import TerminalUI

/// Switch to another learner, or create one by typing a name.
public struct LearnerState: Sendable, Equatable {
    public var names: [String]
    public var cursor = 0
    /// Non-nil while a new name is being typed.
    public var typing: String?
    /// Why the last key did nothing while typing (the name is full, or empty on Enter).
    public var note: String?
    public init(names: [String], current: String) {
        self.names = names
        cursor = names.firstIndex(of: current) ?? 0
    }
    public static let maximumNameLength = 40
}

enum LearnerFeature: Feature {
    enum Command: Sendable { case up, down, new, choose, back, finishTyping, cancelTyping, erase }

    static var path: ScreenPath<LearnerState> { .learner }
    static let title = "Learner"

    static func keymap(_ state: LearnerState, _ app: AppState) -> Keymap<Command> {
        if state.typing != nil {
            return Keymap([
                .described("letters", label: "type the new learner's name"),
                .key(.enter, .finishTyping, label: "create and switch", footer: "Enter", short: "create"),
                .key(.backspace, .erase, label: "erase a letter"),
                .key(.escape, .cancelTyping, label: "cancel", footer: "Esc"),
            ])
        }
        return Keymap([
            KeyBinding([(.up, .up), (.down, .down)], vi: [(.character("k"), .up), (.character("j"), .down)], label: "choose", footer: "↑↓"),
            .key(.enter, .choose, label: "switch to this learner", footer: "Enter", short: "switch"),
            .key(.character("n"), .new, label: "new learner: type a name", footer: "n", short: "new"),
            .keys([.escape, .character("q")], .back, label: "back", footer: "Esc"),
        ])
    }

    static func handle(_ command: Command, _ state: inout LearnerState, _ app: inout AppState, at now: Date) -> [Effect] {
        switch command {
        case .finishTyping:
            let trimmed = (state.typing ?? "").trimmingCharacters(in: .whitespaces)
            guard !trimmed.isEmpty else {
                state.note = "Type a name first (Esc cancels)."
                return []
            }
            state.typing = nil
            state.note = nil
            return [.switchLearner(trimmed)] + app.goBack()
        case .cancelTyping: state.typing = nil; state.note = nil
        case .erase:
            state.note = nil
            if var name = state.typing, !name.isEmpty { name.removeLast(); state.typing = name }
        case .up: state.cursor = max(0, state.cursor - 1)
        case .down: state.cursor = min(max(0, state.names.count - 1), state.cursor + 1)
        case .new: state.typing = ""
        case .choose:
            guard state.names.indices.contains(state.cursor) else { state.typing = ""; return [] }
            let name = state.names[state.cursor]
            return (name == app.learnerName ? [] : [.switchLearner(name)]) + app.goBack()
        case .back: return app.goBack()
        }
        return []
    }

    /// Typing a name: printable characters are text (control characters never get in).
    static func handleUnbound(_ key: Key, _ state: inout LearnerState, _ app: inout AppState, at now: Date) -> [Effect] {
        guard var name = state.typing, case .character(let c) = key, !c.isNewline else { return [] }
        guard name.count < LearnerState.maximumNameLength else {
            state.note = "A name has at most \(LearnerState.maximumNameLength) characters."
            return []
        }
        state.note = nil
        name.append(c)
        state.typing = TextSanitizer.clean(name)
        return []
    }

    static func draw(_ state: LearnerState, _ app: AppState, in rect: Rect, into buffer: inout CellBuffer) {
        LearnerView.draw(state, current: app.learnerName, in: rect, into: &buffer)
    }
}

enum LearnerView {
    static func draw(_ state: LearnerState, current: String, in rect: Rect, into buffer: inout CellBuffer) {
        buffer.put("Learner", x: rect.x, y: rect.y, style: .bold)
        // Wrapped on a narrow screen (two rows at most, so the list keeps its room).
        let about = WordWrap.wrapPlain("Each learner has their own progress, schedule and settings.", width: max(10, rect.width)).prefix(2)
        for (i, line) in about.enumerated() { buffer.put(line, x: rect.x, y: rect.y + 1 + i, style: .dim, maxWidth: rect.width) }
        let top = rect.y + 2 + about.count   // a blank row, then the list or the name being typed
        if let typing = state.typing {
            buffer.put("New learner's name: ", x: rect.x, y: top)
            // The end of a long name stays in view, next to the cursor.
            let room = max(1, rect.width - 21)
            var shown = typing
            while DisplayWidth.of(shown) > room - 1, !shown.isEmpty { shown.removeFirst() }
            buffer.put(shown + "▏", x: rect.x + 20, y: top, style: .bold, maxWidth: room)
            if let note = state.note {
                buffer.put(note, x: rect.x, y: top + 2, style: Style(color: .yellow), maxWidth: rect.width)
            } else {
                buffer.put("\(typing.count) of at most \(LearnerState.maximumNameLength) characters", x: rect.x, y: top + 2,
                           style: .dim, maxWidth: rect.width)
            }
            return
        }
        let rows = state.names.map { name in [StyledText(name), StyledText(name == current ? "  (studying now)" : "", .dim)] }
        ListView.draw(rows: rows, selected: state.cursor, in: Rect(x: rect.x, y: top, width: rect.width, height: rect.maxY - top), into: &buffer)
    }
}
