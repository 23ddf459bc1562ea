import Foundation
import StudyCore
import TerminalUI

/// The learner's preferences, as the settings screen edits them.
public struct Preferences: Sendable, Equatable {
    public var study: StudySettings
    public var color: Bool
    public var viKeys: Bool
    public init(study: StudySettings = StudySettings(), color: Bool = true, viKeys: Bool = true) {
        self.study = study
        self.color = color
        self.viKeys = viKeys
    }
}

public struct SettingsState: Sendable, Equatable {
    public enum Field: Int, CaseIterable, Sendable {
        case retention, newPerDay, reviewsPerDay, dayStart, color, viKeys
    }
    public var draft: Preferences
    public var cursor = 0
    public init(draft: Preferences) { self.draft = draft }
    public var field: Field { Field(rawValue: cursor) ?? .retention }

    /// Changes the field under the cursor by one step in `direction` (-1 or +1), within range.
    mutating func adjust(_ direction: Int) {
        switch field {
        case .retention:
            let value = (draft.study.desiredRetention * 100).rounded() + Double(direction)
            draft.study.desiredRetention = min(97, max(80, value)) / 100
        case .newPerDay: draft.study.newPerDay = min(200, max(0, draft.study.newPerDay + 5 * direction))
        case .reviewsPerDay: draft.study.reviewsPerDay = min(2000, max(0, draft.study.reviewsPerDay + 50 * direction))
        case .dayStart: draft.study.dayStartHour = (draft.study.dayStartHour + direction + 24) % 24
        case .color: draft.color.toggle()
        case .viKeys: draft.viKeys.toggle()
        }
    }
}

enum SettingsFeature: Feature {
    enum Command: Sendable { case up, down, decrease, increase, save, cancel }

    static var path: ScreenPath<SettingsState> { .settings }
    static let title = "Settings"

    static func keymap(_ state: SettingsState, _ app: AppState) -> Keymap<Command> {
        Keymap([
            KeyBinding([(.up, .up), (.down, .down), (.tab, .down)], vi: [(.character("k"), .up), (.character("j"), .down)],
                       label: "choose a setting", footer: "↑↓", short: "choose"),
            KeyBinding([(.left, .decrease), (.character("-"), .decrease), (.right, .increase), (.character("+"), .increase),
                        (.character("="), .increase), (.character(" "), .increase)],
                       vi: [(.character("h"), .decrease), (.character("l"), .increase)], label: "change it", footer: "←→", short: "change"),
            .keys([.enter, .character("s")], .save, label: "save", footer: "Enter"),
            .keys([.escape, .character("q")], .cancel, label: "cancel", footer: "Esc"),
        ])
    }

    static func handle(_ command: Command, _ settings: inout SettingsState, _ app: inout AppState, at now: Date) -> [Effect] {
        let count = SettingsState.Field.allCases.count
        switch command {
        case .up: settings.cursor = max(0, settings.cursor - 1)
        case .down: settings.cursor = min(count - 1, settings.cursor + 1)
        case .decrease: settings.adjust(-1)
        case .increase: settings.adjust(1)
        case .save:
            app.preferences = settings.draft
            return [.savePreferences(settings.draft)] + app.goBack()
        case .cancel:
            return app.goBack()   // leaving without Enter keeps the old settings
        }
        return []
    }

    static func draw(_ state: SettingsState, _ app: AppState, in rect: Rect, into buffer: inout CellBuffer) {
        SettingsView.draw(state, in: rect, into: &buffer)
    }
}

enum SettingsView {
    static func rows(_ p: Preferences) -> [(String, String, String)] {
        [("Desired retention", percentText(p.study.desiredRetention), "higher: more reviews, better recall"),
         ("New questions per day", "\(p.study.newPerDay)", ""),
         ("Reviews per day", "\(p.study.reviewsPerDay)", ""),
         ("Day starts at", String(format: "%02d:00", p.study.dayStartHour), "local time"),
         ("Colour", p.color ? "on" : "off", "NO_COLOR and --no-color turn it off too"),
         ("Vi keys (h j k l g G)", p.viKeys ? "on" : "off", "arrows always work")]
    }

    static func draw(_ state: SettingsState, in rect: Rect, into buffer: inout CellBuffer) {
        buffer.put("Settings", x: rect.x, y: rect.y, style: .bold)
        buffer.put("Saved for this learner only.", x: rect.x, y: rect.y + 1, style: .dim, maxWidth: rect.width)
        let labelWidth = 24
        let rows: [[StyledText]] = rows(state.draft).map { label, value, note in
            let pad = String(repeating: " ", count: max(1, labelWidth - DisplayWidth.of(label)))
            return [StyledText(label + pad), StyledText("‹ \(value) ›", .bold), StyledText(note.isEmpty ? "" : "  " + note, .dim)]
        }
        ListView.draw(rows: rows, selected: state.cursor, in: Rect(x: rect.x, y: rect.y + 3, width: rect.width, height: rect.height - 3), into: &buffer)
    }
}
