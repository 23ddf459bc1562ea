import Foundation
import StudyCore
import TerminalUI

/// Practice: pick themes (or the weakest), optionally as cram, then a quiz of their
/// questions, weakest first.
public struct PracticeSetupState: Sendable, Equatable {
    public var themes: [Theme]
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

extension AppState {
    mutating func handlePracticeSetup(_ key: Key, _ setup: inout PracticeSetupState, at now: Date) -> [Effect] {
        guard !setup.themes.isEmpty else { return key == .escape || key == .character("q") ? goBack() : [] }
        switch key {
        case .up, .character("k"): setup.cursor = max(0, setup.cursor - 1)
        case .down, .character("j"), .tab: setup.cursor = min(setup.themes.count - 1, setup.cursor + 1)
        case .character(" "), .character("x"):
            let id = setup.themes[setup.cursor].id
            if setup.chosen.contains(id) { setup.chosen.remove(id) } else { setup.chosen.insert(id) }
        case .character("a"):
            setup.chosen = setup.chosen.count == setup.themes.count ? [] : Set(setup.themes.map(\.id))
        case .character("w"):
            setup.chosen = Set(weakestThemes(setup.themes, count: PracticeSetupState.weakestCount))
        case .character("c"):
            setup.cram.toggle()
        case .enter:
            let ids = setup.chosen.isEmpty ? [setup.themes[setup.cursor].id] : setup.themes.map(\.id).filter(setup.chosen.contains)
            return [.loadPractice(themeIDs: ids, cram: setup.cram)]
        case .escape, .character("q"):
            return goBack()
        default: break
        }
        return []
    }

    /// Themes with the lowest mastery (from the dashboard figures; course order breaks ties).
    func weakestThemes(_ themes: [Theme], count: Int) -> [String] {
        let mastery = Dictionary(uniqueKeysWithValues: (figures?.themes ?? []).map { ($0.title, $0.mastery) })
        return themes.enumerated()
            .sorted { a, b in
                let ma = mastery[a.element.title] ?? 0, mb = mastery[b.element.title] ?? 0
                return ma != mb ? ma < mb : a.offset < b.offset
            }
            .prefix(count).map(\.element.id)
    }

    mutating func startPractice(_ questions: [Question], cram: Bool, at now: Date) -> [Effect] {
        guard case .practiceSetup = screen, !questions.isEmpty else { return [] }
        var quiz = QuizState(title: cram ? "Cram (schedule untouched)" : "Practice",
                             session: QuizSession(questions: Array(questions.prefix(PracticeSetupState.roundSize)), startedAt: now, rng: &rng))
        quiz.kind = cram ? .cram : .practice
        push(.quiz(quiz))
        return []
    }
}

enum PracticeSetupView {
    static func draw(_ setup: PracticeSetupState, state: AppState, in rect: Rect, into buffer: inout CellBuffer) -> [(String, String)] {
        var y = rect.y + 1
        buffer.put("Practice", x: rect.x, y: y, style: .bold)
        y += 1
        buffer.put("Choose themes; questions come weakest first, \(PracticeSetupState.roundSize) at a time.", x: rect.x, y: y, style: .dim, maxWidth: rect.width)
        y += 1
        let mode = setup.cram ? "Cram: on — answers are kept but do not change your schedule" : "Cram: off — answers feed your schedule"
        buffer.put(mode, x: rect.x, y: y, style: setup.cram ? Style(bold: true, color: .yellow) : .dim, maxWidth: rect.width)
        y += 2
        let mastery = Dictionary(uniqueKeysWithValues: (state.figures?.themes ?? []).map { ($0.title, $0.mastery) })
        let rows: [[StyledText]] = setup.themes.map { theme in
            let box = setup.chosen.contains(theme.id) ? "[x] " : "[ ] "
            let bar = ProgressBar.render(fraction: mastery[theme.title] ?? 0, width: 10)
            return [StyledText(box), StyledText(bar + " ", Style(color: .green)), StyledText(theme.title)]
        }
        ListView.draw(rows: rows, selected: setup.cursor, in: Rect(x: rect.x, y: y, width: rect.width, height: rect.maxY - y), into: &buffer)
        return [("Space", "choose"), ("w", "my weakest"), ("a", "all"), ("c", "cram"), ("Enter", "start"), ("Esc", "back")]
    }
}
