import Foundation
import StudyCore
import TerminalUI

/// The learner's preferences, as the settings screen edits them.
public struct Preferences: Sendable, Equatable {
    public var study: StudySettings
    public var color: Bool
    public var viKeys: Bool
    /// The exam in this course (nil: none), which Study today schedules for.
    public var exam: ExamPlan?
    public init(study: StudySettings = StudySettings(), color: Bool = true, viKeys: Bool = true, exam: ExamPlan? = nil) {
        self.study = study
        self.color = color
        self.viKeys = viKeys
        self.exam = exam
    }
}

public struct SettingsState: Sendable, Equatable {
    public enum Field: Int, CaseIterable, Sendable {
        case retention, newPerDay, reviewsPerDay, dayStart, examDate, examTarget, color, viKeys
    }
    public var draft: Preferences
    public var cursor = 0
    /// The latest clock reading (opening, then each key): an exam date in another year
    /// shows its year.
    public var now: Date?
    public init(draft: Preferences, now: Date? = nil) {
        self.draft = draft
        self.now = now
    }
    public var field: Field { Field(rawValue: cursor) ?? .retention }
    /// Where the target score starts when first set from none.
    static let firstTarget = 0.5

    /// Changes the field under the cursor by one step in `direction` (-1 or +1), within range.
    /// The exam date moves a day a step (`days` says how many); before tomorrow it clears.
    mutating func adjust(_ direction: Int, days: Int = 1, now: Date) {
        switch field {
        case .examDate:
            let calendar = SettingsState.calendar(draft.study.timeZone)
            let tomorrow = calendar.date(byAdding: .day, value: 1, to: calendar.startOfDay(for: now))!   // whole days from a real date: never nil
                .addingTimeInterval(9 * 3600)
            guard let current = draft.exam?.date else {
                if direction > 0 { draft.exam = ExamPlan(date: calendar.date(byAdding: .day, value: 29 + days, to: tomorrow)!) }   // whole days: never nil
                return
            }
            let moved = calendar.date(byAdding: .day, value: direction * days, to: current)!   // whole days from a real date: never nil
            if moved < tomorrow.addingTimeInterval(-12 * 3600) { draft.exam = nil } else { draft.exam?.date = moved }
        case .examTarget:
            guard draft.exam != nil else { return }
            guard let target = draft.exam?.target else {
                // From none, → starts at the middle of the scale (not at 5%, sixteen presses
                // from any pass mark a learner would set); ← leaves it unset.
                if direction > 0 { draft.exam?.target = Self.firstTarget }
                return
            }
            let value = Int((target * 100).rounded()) + 5 * direction
            draft.exam?.target = value < 5 ? nil : Double(min(100, value)) / 100
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

    static func calendar(_ zone: TimeZone) -> Calendar {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        return calendar
    }
}

enum SettingsFeature: Feature {
    enum Command: Sendable { case up, down, decrease, increase, weekEarlier, weekLater, clearExam, save, cancel }

    static var path: ScreenPath<SettingsState> { .settings }
    static let title = "Settings"

    static func keymap(_ state: SettingsState, _ app: AppState) -> Keymap<Command> {
        Keymap([
            KeyBinding([(.up, .up), (.down, .down), (.tab, .down)], vi: [(.character("k"), .up), (.character("j"), .down)],
                       label: "choose a setting", footer: "↑↓", short: "choose"),
            KeyBinding([(.left, .decrease), (.character("-"), .decrease), (.right, .increase), (.character("+"), .increase),
                        (.character("="), .increase), (.character(" "), .increase)],
                       vi: [(.character("h"), .decrease), (.character("l"), .increase)], label: "change it", footer: "←→", short: "change"),
        ] + (state.field == .examDate ? [
            KeyBinding([(.pageUp, .weekEarlier), (.pageDown, .weekLater)], label: "exam date: a week earlier or later",
                       footer: "PgUp/PgDn", short: "week"),
        ] : []) + (state.field == .examDate || state.field == .examTarget ? [
            .key(.character("c"), .clearExam, label: "clear the exam date", footer: "c", short: "clear"),
        ] : []) + [
            .keys([.enter, .character("s")], .save, label: "save", footer: "Enter"),
            .keys([.escape, .character("q")], .cancel, label: "cancel", footer: "Esc"),
        ])
    }

    static func handle(_ command: Command, _ settings: inout SettingsState, _ app: inout AppState, at now: Date) -> [Effect] {
        settings.now = now
        let count = SettingsState.Field.allCases.count
        switch command {
        case .up: settings.cursor = max(0, settings.cursor - 1)
        case .down: settings.cursor = min(count - 1, settings.cursor + 1)
        case .decrease: settings.adjust(-1, now: now)
        case .increase: settings.adjust(1, now: now)
        case .weekEarlier: settings.adjust(-1, days: 7, now: now)
        case .weekLater: settings.adjust(1, days: 7, now: now)
        case .clearExam: settings.draft.exam = nil
        case .save:
            app.preferences = settings.draft
            return [.savePreferences(settings.draft)] + app.goBack()
        case .cancel:
            return app.goBack()   // leaving without Enter keeps the old settings
        }
        return []
    }

    static func draw(_ state: SettingsState, _ app: AppState, in rect: Rect, into buffer: inout CellBuffer) {
        SettingsView.draw(state, zone: app.timeZone, in: rect, into: &buffer)
    }
}

enum SettingsView {
    static func rows(_ p: Preferences, zone: TimeZone, now: Date? = nil) -> [(String, String, String)] {
        let exam = p.exam.map { DayText.short($0.date, zone: zone, from: now) + " " + TimeText.clock($0.date, zone: zone) } ?? "none"
        return [("Desired retention", percentText(p.study.desiredRetention), "higher: more reviews, better recall"),
         ("New questions per day", "\(p.study.newPerDay)", ""),
         ("Reviews per day", "\(p.study.reviewsPerDay)", ""),
         ("Day starts at", String(format: "%02d:00", p.study.dayStartHour), "local time"),
         ("Exam date", exam, p.exam == nil ? "→ sets one: Study today then schedules for it" : "PgUp/PgDn a week · c clears"),
         ("Target score", p.exam?.target.map(percentText) ?? "none", p.exam == nil ? "needs an exam date" : "the Plan shows if you are on track"),
         ("Colour", p.color ? "on" : "off", "NO_COLOR and --no-color turn it off too"),
         ("Vi keys (h j k l g G)", p.viKeys ? "on" : "off", "arrows always work")]
    }

    /// The list, each note beside its value where it fits; the selected setting's note,
    /// when it does not fit there, wrapped under the list. A value is never cut: a row too
    /// narrow for its label and value shows the value on a line of its own (the exam date at
    /// 40 columns), and a note is shown whole or not in the row at all (the exam date's keys,
    /// "c clears", were cut off even at 80 columns).
    static func draw(_ state: SettingsState, zone: TimeZone, in rect: Rect, into buffer: inout CellBuffer) {
        buffer.put("Settings", x: rect.x, y: rect.y, style: .bold)
        buffer.put("Saved for this learner only.", x: rect.x, y: rect.y + 1, style: .dim, maxWidth: rect.width)
        let rows = rows(state.draft, zone: zone, now: state.now)
        let textWidth = ListView.itemTextWidth(for: rect.width)
        let labelWidth = (rows.map { DisplayWidth.of($0.0) }.max() ?? 0) + 2
        func valueText(_ value: String) -> StyledText { StyledText("‹ \(value) ›", .bold) }
        func noteFits(_ row: (String, String, String)) -> Bool {
            labelWidth + DisplayWidth.of(valueText(row.1).text) + 2 + DisplayWidth.of(row.2) <= textWidth
        }
        let items: [[[StyledText]]] = rows.map { row in
            let (label, value, note) = (row.0, valueText(row.1), row.2)
            guard labelWidth + DisplayWidth.of(value.text) <= textWidth else {
                return [[StyledText(label)], [StyledText("  "), value]]
            }
            let pad = String(repeating: " ", count: labelWidth - DisplayWidth.of(label))
            return [[StyledText(label + pad), value] + (!note.isEmpty && noteFits(row) ? [StyledText("  " + note, .dim)] : [])]
        }
        // Room under the list for a note when any note is not beside its value, so that the
        // list does not move as the selection does.
        let listTop = rect.y + 3
        let spare = rows.filter { !$0.2.isEmpty && !noteFits($0) }
            .map { WordWrap.wrapPlain($0.2, width: max(10, rect.width - 2)).count }.max() ?? 0
        let listHeight = max(1, min(items.joined().count, rect.maxY - listTop - (spare > 0 ? spare + 1 : 0)))
        ListView.draw(items: items, selected: state.cursor, in: Rect(x: rect.x, y: listTop, width: rect.width, height: listHeight),
                      into: &buffer)
        guard let selected = rows[safe: state.cursor], !selected.2.isEmpty, !noteFits(selected) else { return }
        for (i, line) in WordWrap.wrapPlain(selected.2, width: max(10, rect.width - 2)).enumerated() where listTop + listHeight + 1 + i < rect.maxY {
            buffer.put(line, x: rect.x + 2, y: listTop + listHeight + 1 + i, style: .dim, maxWidth: rect.width - 2)
        }
    }
}
