import Foundation
import StudyCore
import TerminalUI

/// Everything the interface shows, as a value. The run loop owns one, feeds it actions,
/// performs the effects it returns, and renders it after every change.
public struct AppState: Sendable, Equatable {
    public var course: Course
    public var screen: Screen
    /// Screens to return to with Esc/q, innermost last.
    public var backStack: [Screen] = []
    public var showingHelp = false
    /// Course files that were skipped, and why: shown on Home.
    public var notices: [String]
    /// Lessons the learner has read (from the store).
    public var lessonsRead: Set<String>
    /// A one-line message in the status bar ("Saved", or an error the learner must see).
    public var status: String?
    public var rng: SeededGenerator
    public var isRunning = true

    public init(course: Course, notices: [String] = [], lessonsRead: Set<String> = [], seed: UInt64) {
        self.course = course
        self.notices = notices
        self.lessonsRead = lessonsRead
        self.rng = SeededGenerator(seed: seed)
        self.screen = .home(HomeState(course: course))
    }
}

public enum Screen: Sendable, Equatable {
    case home(HomeState)
    case lesson(LessonState)
    case quiz(QuizState)
}

/// Home: the course and its lessons grouped by theme; `selected` indexes `entries`.
public struct HomeState: Sendable, Equatable {
    public enum Entry: Sendable, Equatable {
        case themeHeader(Theme)
        case lesson(Lesson)
    }
    public var entries: [Entry]
    public var selected: Int
    public var scroll = 0

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
    public var scroll: Int
    public init(lesson: Lesson, scroll: Int = 0) {
        self.lesson = lesson
        self.scroll = scroll
    }
}

public struct QuizState: Sendable, Equatable {
    public var title: String
    public var session: QuizSession
    /// Scroll of the question or feedback text when it is taller than the screen.
    public var scroll = 0
    /// The learner's "I guessed" / "too easy" mark on the answer being shown.
    public var override: AnswerOverrideMark?
    public init(title: String, session: QuizSession) {
        self.title = title
        self.session = session
    }
}

/// Set on the feedback screen before moving on: changes how the answer is rated.
public enum AnswerOverrideMark: String, Sendable, Equatable {
    case guessed, tooEasy
}
