import Foundation
import StudyCore
import TerminalUI

/// Practice: pick themes (or the weakest), optionally as cram, then a round of their
/// questions, weakest first.
public struct PracticeSetupState: Sendable, Equatable {
    public var themes: [Theme]
    /// Chosen theme ids.
    public var chosen: Set<String> = []
    public var cursor = 0
    /// Cram: answers are logged but leave the schedule alone (the night before an exam).
    public var cram = false
    /// How many questions a practice round asks at most.
    public static let roundSize = 15
    /// How many themes "my weakest" picks.
    public static let weakestCount = 3

    public init(course: Course) {
        themes = course.themes.filter { theme in course.questions.contains { $0.themeID == theme.id } }
    }
}

enum PracticeSetupFeature: Feature {
    enum Command: Sendable { case up, down, toggle, all, weakest, cram, start, back }

    static var path: ScreenPath<PracticeSetupState> { .practiceSetup }
    static let title = "Practice"

    static func keymap(_ setup: PracticeSetupState, _ app: AppState) -> Keymap<Command> {
        Keymap([
            KeyBinding([(.up, .up), (.down, .down), (.tab, .down)], vi: [(.character("k"), .up), (.character("j"), .down)],
                       label: "move", footer: "↑↓"),
            .keys([.character(" "), .character("x")], .toggle, label: "choose a theme", footer: "Space", short: "choose"),
            .key(.character("w"), .weakest, label: "choose my weakest themes", footer: "w", short: "weakest"),
            .key(.character("a"), .all, label: "all or none", footer: "a"),
            .key(.character("c"), .cram, label: "cram: don't change my schedule", footer: "c", short: "cram"),
            .key(.enter, .start, label: "start", footer: "Enter"),
            .keys([.escape, .character("q")], .back, label: "back", footer: "Esc"),
        ])
    }

    static func handle(_ command: Command, _ setup: inout PracticeSetupState, _ app: inout AppState, at now: Date) -> [Effect] {
        if command == .back { return app.goBack() }
        guard !setup.themes.isEmpty else { return [] }
        switch command {
        case .up: setup.cursor = max(0, setup.cursor - 1)
        case .down: setup.cursor = min(setup.themes.count - 1, setup.cursor + 1)
        case .toggle:
            let id = setup.themes[setup.cursor].id
            if setup.chosen.remove(id) == nil { setup.chosen.insert(id) }
        case .all:
            setup.chosen = setup.chosen.count == setup.themes.count ? [] : Set(setup.themes.map(\.id))
        case .weakest:
            setup.chosen = Set(weakestThemes(setup.themes, app.figures, count: PracticeSetupState.weakestCount))
        case .cram:
            setup.cram.toggle()
        case .start:
            let ids = setup.chosen.isEmpty ? [setup.themes[setup.cursor].id] : setup.themes.map(\.id).filter(setup.chosen.contains)
            return [.loadPractice(themeIDs: ids, kind: setup.cram ? .cram : .practice)]
        case .back: break
        }
        return []
    }

    /// Themes with the lowest mastery (keyed by theme id; course order breaks ties).
    static func weakestThemes(_ themes: [Theme], _ figures: DashboardFigures?, count: Int) -> [String] {
        let mastery = Dictionary((figures?.themes ?? []).map { ($0.id, $0.mastery) }) { first, _ in first }
        return themes.enumerated()
            .sorted { a, b in
                let ma = mastery[a.element.id] ?? 0, mb = mastery[b.element.id] ?? 0
                return ma != mb ? ma < mb : a.offset < b.offset
            }
            .prefix(count).map(\.element.id)
    }

    /// The run loop has ordered the questions: the round starts (a cram round says so).
    static func start(_ questions: [Question], kind: PracticeKind, _ app: inout AppState, at now: Date) -> [Effect] {
        guard !questions.isEmpty else { return [] }
        let session = QuizSession(questions: Array(questions.prefix(PracticeSetupState.roundSize)), startedAt: now,
                                  options: app.optionDraw, rng: &app.rng)
        app.push(.quiz(QuizState(title: kind == .cram ? "Cram (schedule untouched)" : "Practice", session: session,
                                 kind: kind.answerKind)))
        return []
    }

    static func draw(_ setup: PracticeSetupState, _ app: AppState, in rect: Rect, into buffer: inout CellBuffer) {
        let roomy = rect.height >= 14
        var y = rect.y + (roomy ? 1 : 0)
        buffer.put("Practice", x: rect.x, y: y, style: .bold)
        y += 1
        // Wrapped, not cut, like the mode below: it says how practice picks its questions.
        y += buffer.putWrapped("Choose themes; questions come weakest first, \(PracticeSetupState.roundSize) at a time.",
                               x: rect.x, y: y, width: rect.width, style: .dim)
        let mode = setup.cram ? "Cram: on — answers are kept but do not change your schedule" : "Cram: off — answers feed your schedule"
        // Wrapped, not cut: it says what the answers will do.
        y += buffer.putWrapped(mode, x: rect.x, y: y, width: rect.width, style: setup.cram ? Style(bold: true, color: .yellow) : .dim)
        y += roomy ? 1 : 0
        let mastery = Dictionary((app.figures?.themes ?? []).map { ($0.id, $0.mastery) }) { first, _ in first }
        let rows: [[StyledText]] = setup.themes.map { theme in
            let box = setup.chosen.contains(theme.id) ? "[x] " : "[ ] "
            // A shorter bar on a narrow screen leaves the theme's title more room.
            let bar = ProgressBar.render(fraction: mastery[theme.id] ?? 0, width: rect.width < 60 ? 5 : 10)
            return [StyledText(box), StyledText(bar + " ", Style(color: .green)), StyledText(theme.title)]
        }
        if rows.isEmpty {
            buffer.put("This course has no questions to practise.", x: rect.x, y: y, maxWidth: rect.width)
            return
        }
        ListView.draw(rows: rows, selected: setup.cursor, in: Rect(x: rect.x, y: y, width: rect.width, height: rect.maxY - y), into: &buffer)
    }
}
