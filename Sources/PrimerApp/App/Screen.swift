import Foundation
import StudyCore
import TerminalUI

/// The screens, each with its own state. Everything else about a screen (its keys, how
/// it handles them, how it draws, its title and help) lives in its feature (`Features/`),
/// which `feature` names: adding a screen is one folder, one case here and one line there.
public enum Screen: Sendable, Equatable {
    case dashboard(DashboardState)
    case lessons(LessonListState)
    case lesson(LessonState)
    case quiz(QuizState)
    case study(StudyState)
    case exam(ExamState)
    case practiceSetup(PracticeSetupState)
    case statistics(StatsState)
    case plan(PlanState)
    case live(LiveState)
    case liveHost(LiveHostState)
    case settings(SettingsState)
    case learner(LearnerState)
    case report(ReportState)

    /// The feature that owns this screen.
    var feature: any Feature.Type {
        switch self {
        case .dashboard: DashboardFeature.self
        case .lessons: LessonListFeature.self
        case .lesson: LessonFeature.self
        case .quiz: QuizFeature.self
        case .study: StudyFeature.self
        case .exam: ExamFeature.self
        case .practiceSetup: PracticeSetupFeature.self
        case .statistics: StatsFeature.self
        case .plan: PlanFeature.self
        case .live: LiveFeature.self
        case .liveHost: LiveHostFeature.self
        case .settings: SettingsFeature.self
        case .learner: LearnerFeature.self
        case .report: ReportFeature.self
        }
    }
}

/// How to find one screen's state inside `Screen` and put it back.
public struct ScreenPath<State>: Sendable {
    let extract: @Sendable (Screen) -> State?
    let embed: @Sendable (State) -> Screen
}

extension ScreenPath {
    static var dashboard: ScreenPath<DashboardState> { .init(extract: { if case .dashboard(let s) = $0 { s } else { nil } }, embed: Screen.dashboard) }
    static var lessons: ScreenPath<LessonListState> { .init(extract: { if case .lessons(let s) = $0 { s } else { nil } }, embed: Screen.lessons) }
    static var lesson: ScreenPath<LessonState> { .init(extract: { if case .lesson(let s) = $0 { s } else { nil } }, embed: Screen.lesson) }
    static var quiz: ScreenPath<QuizState> { .init(extract: { if case .quiz(let s) = $0 { s } else { nil } }, embed: Screen.quiz) }
    static var study: ScreenPath<StudyState> { .init(extract: { if case .study(let s) = $0 { s } else { nil } }, embed: Screen.study) }
    static var exam: ScreenPath<ExamState> { .init(extract: { if case .exam(let s) = $0 { s } else { nil } }, embed: Screen.exam) }
    static var practiceSetup: ScreenPath<PracticeSetupState> { .init(extract: { if case .practiceSetup(let s) = $0 { s } else { nil } }, embed: Screen.practiceSetup) }
    static var statistics: ScreenPath<StatsState> { .init(extract: { if case .statistics(let s) = $0 { s } else { nil } }, embed: Screen.statistics) }
    static var live: ScreenPath<LiveState> { .init(extract: { if case .live(let s) = $0 { s } else { nil } }, embed: Screen.live) }
    static var liveHost: ScreenPath<LiveHostState> { .init(extract: { if case .liveHost(let s) = $0 { s } else { nil } }, embed: Screen.liveHost) }
    static var plan: ScreenPath<PlanState> { .init(extract: { if case .plan(let s) = $0 { s } else { nil } }, embed: Screen.plan) }
    static var settings: ScreenPath<SettingsState> { .init(extract: { if case .settings(let s) = $0 { s } else { nil } }, embed: Screen.settings) }
    static var learner: ScreenPath<LearnerState> { .init(extract: { if case .learner(let s) = $0 { s } else { nil } }, embed: Screen.learner) }
    static var report: ScreenPath<ReportState> { .init(extract: { if case .report(let s) = $0 { s } else { nil } }, embed: Screen.report) }
}
