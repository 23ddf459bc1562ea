import Foundation
import StudyCore
import TerminalUI

/// Dashboard menu: only what works is listed.
public enum MenuEntry: String, Sendable, Equatable, CaseIterable {
    case studyToday = "Study today"
    case lessons = "Lessons"
    case practice = "Practice"
    case mockExam = "Mock exam"
    case plan = "Exam plan"
    case statistics = "Statistics"
    case settings = "Settings"
    case learner = "Learner"
    case classReport = "Class report"
    case help = "Help"
    case quit = "Quit"
}

public struct DashboardState: Sendable, Equatable {
    public var selected: Int = 0
    public init() {}
    public var entry: MenuEntry { MenuEntry.allCases[min(max(0, selected), MenuEntry.allCases.count - 1)] }
}

/// Home: where the learner stands today, and where to go next.
enum DashboardFeature: Feature {
    enum Command: Sendable { case up, down, top, bottom, openSelected, open(MenuEntry), joinLive, quit, escapeAtHome }

    static var path: ScreenPath<DashboardState> { .dashboard }
    static let title = "Home"

    static func keymap(_ state: DashboardState, _ app: AppState) -> Keymap<Command> {
        Keymap([
            KeyBinding([(.up, .up), (.down, .down), (.tab, .down)], vi: [(.character("k"), .up), (.character("j"), .down)],
                       label: "choose", footer: "↑↓"),
            KeyBinding([(.home, .top), (.end, .bottom)], vi: [(.character("g"), .top), (.character("G"), .bottom)],
                       label: "first, last"),
            .keys([.enter, .right], .openSelected, label: "open", footer: "Enter"),
            .key(.character("s"), .open(.studyToday), label: "study today", footer: "s", short: "study"),
            .key(.character("l"), .open(.lessons), label: "lessons", footer: "l"),
            .key(.character("p"), .open(.practice), label: "practice", footer: "p"),
            .key(.character("x"), .open(.mockExam), label: "mock exam", footer: "x", short: "exam"),
            .key(.character("t"), .open(.statistics), label: "statistics"),
            .key(.character("e"), .open(.plan), label: "exam plan"),
        ] + (app.liveSeat.map { $0.quiz.phase != .ended } == true ? [
            KeyBinding<Command>.key(.character("j"), .joinLive, label: "join the live quiz", footer: "j", short: "join"),
        ] : []) + [

            .key(.character("q"), .quit, label: "quit", footer: "q"),
            // Esc goes back everywhere else; Home has nothing behind it, and a learner
            // backing out of a screen with one Esc too many should not leave primer.
            .key(.escape, .escapeAtHome, label: "nothing to go back to (q quits)"),
        ])
    }

    static func handle(_ command: Command, _ state: inout DashboardState, _ app: inout AppState, at now: Date) -> [Effect] {
        let count = MenuEntry.allCases.count
        switch command {
        case .up: state.selected = max(0, state.selected - 1)
        case .down: state.selected = min(count - 1, state.selected + 1)
        case .top: state.selected = 0
        case .bottom: state.selected = count - 1
        case .openSelected: return open(state.entry, &state, &app, at: now)
        case .open(let entry): return open(entry, &state, &app, at: now)
        case .joinLive: return app.joinLive(at: now)
        case .quit: return [.quit]
        case .escapeAtHome: app.notice = "Home: nothing to go back to; q quits."
        }
        return []
    }

    private static func open(_ entry: MenuEntry, _ state: inout DashboardState, _ app: inout AppState, at now: Date) -> [Effect] {
        state.selected = MenuEntry.allCases.firstIndex(of: entry) ?? 0
        switch entry {
        case .studyToday:
            app.push(.study(StudyState(startedAt: now)))
            return [.loadNextStudyItem(lastShown: nil)]
        case .lessons:
            app.push(.lessons(LessonListState(course: app.course)))
        case .practice:
            app.push(.practiceSetup(PracticeSetupState(course: app.course)))
        case .mockExam:
            return ExamFeature.startMockExam(&app, at: now)
        case .statistics:
            app.push(.statistics(StatsState()))
            return [.loadStats]
        case .plan:
            app.push(.plan(PlanState()))
            return [.loadPlan]
        case .classReport:
            app.push(.report(ReportState()))
            return [.loadReport]
        case .settings:
            app.push(.settings(SettingsState(draft: app.preferences, now: now)))
        case .learner:
            app.push(.learner(LearnerState(names: app.learnerNames.isEmpty ? [app.learnerName] : app.learnerNames,
                                           current: app.learnerName)))
        case .help:
            app.showingHelp = true
        case .quit:
            return [.quit]
        }
        return []
    }

    static func draw(_ state: DashboardState, _ app: AppState, in rect: Rect, into buffer: inout CellBuffer) {
        DashboardView.draw(state, app, in: rect, into: &buffer)
    }
}
