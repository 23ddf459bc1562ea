import Foundation
import StudyCore
import TerminalUI

/// Everything the interface shows, as a value. The run loop owns one, feeds it actions,
/// performs the effects it returns, and renders it after every change.
public struct AppState: Sendable, Equatable {
    public var course: Course
    public var learnerName: String
    public var screen: Screen
    /// Screens to return to with Esc/q, innermost last.
    public var backStack: [Screen] = []
    public var showingHelp = false
    /// Course files that were skipped, and why: shown on the dashboard.
    public var notices: [String]
    /// Lessons the learner has read (from the store).
    public var lessonsRead: Set<String>
    /// Progress figures for the dashboard, loaded by the run loop (nil until then).
    public var figures: DashboardFigures?
    /// A one-line message in the status bar (an error the learner must see).
    public var status: String?
    public var rng: SeededGenerator
    public var isRunning = true
    /// The learner's preferences (from the store); vi keys and colour apply at once.
    public var preferences = Preferences()
    /// Names of all learners in the store, for the learner screen.
    public var learnerNames: [String] = []

    public init(course: Course, learnerName: String = "", notices: [String] = [], lessonsRead: Set<String> = [], seed: UInt64) {
        self.course = course
        self.learnerName = learnerName
        self.notices = notices
        self.lessonsRead = lessonsRead
        self.rng = SeededGenerator(seed: seed)
        self.screen = .dashboard(DashboardState())
    }
}

public enum Screen: Sendable, Equatable {
    case dashboard(DashboardState)
    case lessons(LessonListState)
    case lesson(LessonState)
    case quiz(QuizState)
    case study(StudyState)
    case exam(ExamState)
    case practiceSetup(PracticeSetupState)
    case statistics(StatsState)
    case settings(SettingsState)
    case learner(LearnerState)
    case report(ReportState)
}

/// What the dashboard shows, computed from the store by the run loop.
public struct DashboardFigures: Sendable, Equatable {
    public struct ThemeLine: Sendable, Equatable {
        public var title: String
        public var mastery: Double
        public var seen: Int
        public var total: Int
        public init(title: String, mastery: Double, seen: Int, total: Int) {
            self.title = title
            self.mastery = mastery
            self.seen = seen
            self.total = total
        }
    }
    public var dueToday: Int
    public var newAvailable: Int
    public var streakDays: Int
    public var mastery: Double
    public var examReadiness: Double
    public var reviewsTotal: Int
    public var themes: [ThemeLine]
    /// Mastery per lesson id, for the lesson list.
    public var lessonMastery: [String: Double]

    public init(dueToday: Int, newAvailable: Int, streakDays: Int, mastery: Double, examReadiness: Double,
                reviewsTotal: Int, themes: [ThemeLine], lessonMastery: [String: Double] = [:]) {
        self.dueToday = dueToday
        self.newAvailable = newAvailable
        self.streakDays = streakDays
        self.mastery = mastery
        self.examReadiness = examReadiness
        self.reviewsTotal = reviewsTotal
        self.themes = themes
        self.lessonMastery = lessonMastery
    }
}

/// Dashboard menu: only what works is listed.
public enum MenuEntry: String, Sendable, Equatable, CaseIterable {
    case studyToday = "Study today"
    case lessons = "Lessons"
    case practice = "Practice"
    case mockExam = "Mock exam"
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
    public var entry: MenuEntry { MenuEntry.allCases[min(selected, MenuEntry.allCases.count - 1)] }
}

/// The lessons, grouped by theme; `selected` indexes `entries`.
public struct LessonListState: Sendable, Equatable {
    public enum Entry: Sendable, Equatable {
        case themeHeader(Theme)
        case lesson(Lesson)
    }
    public var entries: [Entry]
    public var selected: Int

    public init(course: Course) {
        var entries: [Entry] = []
        for theme in course.themes.sorted(by: { $0.order < $1.order }) {
            let lessons = course.lessons(inTheme: theme.id)
            guard !lessons.isEmpty else { continue }
            entries.append(.themeHeader(theme))
            entries += lessons.map(Entry.lesson)
        }
        self.entries = entries
        selected = entries.firstIndex(where: { if case .lesson = $0 { return true } else { return false } }) ?? 0
    }

    public var selectedLesson: Lesson? {
        guard entries.indices.contains(selected), case .lesson(let lesson) = entries[selected] else { return nil }
        return lesson
    }

    /// Moves to the next selectable entry in `direction` (theme headers are skipped).
    mutating func move(_ direction: Int, by steps: Int = 1) {
        var index = selected
        for _ in 0..<steps {
            var probe = index + direction
            while entries.indices.contains(probe), case .themeHeader = entries[probe] { probe += direction }
            guard entries.indices.contains(probe) else { break }
            index = probe
        }
        selected = index
    }
}

public struct LessonState: Sendable, Equatable {
    public var lesson: Lesson
    /// Lines scrolled from the anchor (or from the top when there is none).
    public var scroll: Int
    /// Opened from a question's feedback: start at the heading that covers these ¶.
    public var anchor: [Int]?
    public init(lesson: Lesson, scroll: Int = 0, anchor: [Int]? = nil) {
        self.lesson = lesson
        self.scroll = scroll
        self.anchor = anchor
    }
}

/// What the store said about the answer on screen.
public struct SaveReceipt: Sendable, Equatable {
    public var reviewID: String
    /// "in 4 days", "again in 10 min".
    public var returns: String
    public init(reviewID: String, returns: String) {
        self.reviewID = reviewID
        self.returns = returns
    }
}

/// A lesson's questions, one after another, with feedback; answers are saved.
public struct QuizState: Sendable, Equatable {
    public var title: String
    public var session: QuizSession
    /// Scroll of the question or feedback text when it is taller than the screen.
    public var scroll = 0
    /// The learner's "I guessed" / "too easy" mark on the answer being shown.
    public var override: AnswerOverride?
    /// Set once the answer on screen is durably saved.
    public var receipt: SaveReceipt?
    /// How answers are saved: practice feeds the schedule, cram only logs.
    public var kind: Effect.AnswerKind = .practice
    public init(title: String, session: QuizSession) {
        self.title = title
        self.session = session
    }
}

/// Study today: one question at a time from the scheduler's queue.
public struct StudyState: Sendable, Equatable {
    public enum Phase: Sendable, Equatable {
        case loading
        case question(QuizSession)
        case finished(nextDue: Date?)
    }
    public var phase: Phase = .loading
    public var startedAt: Date
    public var answered = 0
    public var right = 0
    public var scroll = 0
    public var override: AnswerOverride?
    public var receipt: SaveReceipt?
    /// Saved answers of this session, newest last: `u` takes them back in turn.
    public var history: [String] = []
    public var lastShown: String?
    /// The latest clock reading while waiting for a learning item to fall due.
    public var now: Date?
    public init(startedAt: Date) { self.startedAt = startedAt }

    public var session: QuizSession? {
        if case .question(let s) = phase { return s }
        return nil
    }
}
