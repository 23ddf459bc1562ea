import Foundation
import StudyCore
import TerminalUI

/// Everything the interface shows, as a value. The run loop owns one, feeds it actions,
/// performs the effects it returns, and renders it after every change. Only the reducer
/// changes it.
public struct AppState: Sendable, Equatable {
    public var course: Course
    public var learnerName: String
    public internal(set) var screen: Screen

    /// This state showing `screen` on its own, as if opened from Home (benchmarks render
    /// one screen in isolation; the app only moves between screens through actions).
    public func showing(_ screen: Screen) -> AppState {
        var copy = self
        copy.screen = screen
        return copy
    }
    /// Screens to return to with Esc/q, innermost last.
    public internal(set) var backStack: [Screen] = []
    public internal(set) var showingHelp = false
    /// A one-off line for the screen the learner comes back to ("Stopped after 3 answers…"),
    /// gone at the next key.
    public internal(set) var notice: String?
    /// The page of keys help shows (more than one only when the terminal is too short for all).
    public internal(set) var helpPage = 0
    /// Course files that were skipped, and why: shown on the dashboard.
    public var notices: [String]
    /// Lessons the learner has read (from the store).
    public internal(set) var lessonsRead: Set<String>
    /// Progress figures for the dashboard, loaded by the run loop (nil until then).
    public internal(set) var figures: DashboardFigures?
    /// A one-line message in the status bar (an error the learner must see).
    public internal(set) var status: String?
    public internal(set) var rng: SeededGenerator
    /// The learner's preferences (from the store); vi keys and colour apply at once.
    public var preferences = Preferences()
    /// Names of all learners in the store, for the learner screen.
    public var learnerNames: [String] = []
    /// The class's live quiz, as last read (nil: none running, or not in a class).
    public var liveSeat: LiveSeat?
    /// The live quiz the learner chose to leave: it is not opened over their screen again.
    public var liveLeft: String?
    /// The terminal's size: the lesson reader must know what is on screen to tell when
    /// its last line has been seen.
    public internal(set) var size: Size
    /// The zone dates are shown in (the learner's study zone).
    public var timeZone: TimeZone { preferences.study.timeZone }
    /// Bumped by every navigation, so `scope` can tell whether a screen's reducer moved away.
    var generation = 0

    public init(course: Course, learnerName: String = "", notices: [String] = [], lessonsRead: Set<String> = [],
                seed: UInt64, size: Size = Size(width: 80, height: 24)) {
        self.course = course
        self.learnerName = learnerName
        self.notices = notices
        self.lessonsRead = lessonsRead
        self.rng = SeededGenerator(seed: seed)
        self.size = size
        self.screen = .dashboard(DashboardState())
    }

    /// Which options this learner sees (a fixed set per question, a new order each time).
    public var optionDraw: OptionDraw { .forLearner(learnerName) }

    /// Whether Home is on screen with its figures: another primer on the same data folder
    /// (a second terminal) may change them, so the run loop looks every few seconds.
    public var showsFiguresOthersMayChange: Bool {
        if case .dashboard = screen, figures != nil, !showingHelp { return true }
        return false
    }

    /// Whether the run loop should send `.tick` about once a second: a countdown or a
    /// wait for a learning step is on screen.
    public var wantsTick: Bool {
        switch screen {
        case .live(let live): return live.seat.quiz.phase == .question
        case .liveHost(let host): return host.room.quiz.phase == .question
        case .exam(let exam): return !exam.exam.isFinished
        case .study(let study): if case .finished(_?) = study.phase { return true } else { return false }
        case .dashboard: return figures?.nextLearningDue != nil
        default: return false
        }
    }
}

/// What the dashboard shows, computed from the store by the run loop.
public struct DashboardFigures: Sendable, Equatable {
    public struct ThemeLine: Sendable, Equatable {
        public var id: String
        public var title: String
        public var mastery: Double
        public var seen: Int
        public var total: Int
        public init(id: String, title: String, mastery: Double, seen: Int, total: Int) {
            self.id = id
            self.title = title
            self.mastery = mastery
            self.seen = seen
            self.total = total
        }
    }
    /// Questions already met that Study today asks now (see `DailyQueue.dueNow`).
    public var dueNow: Int
    /// Learning steps coming due later in this study day.
    public var laterToday: Int
    /// Reviews due today beyond the daily review limit.
    public var beyondLimit: Int
    public var newAvailable: Int
    public var streakDays: Int
    public var mastery: Double
    public var examReadiness: Double
    public var reviewsTotal: Int
    public var themes: [ThemeLine]
    /// Mastery per lesson id, for the lesson list.
    public var lessonMastery: [String: Double]
    /// The day mastery and readiness are about (see `ModelForecast`); nil in old fixtures.
    public var horizon: Date?
    /// Whether `horizon` is the learner's exam date (else a week ahead).
    public var horizonIsExam: Bool
    /// Readiness if the learner forgot twice as fast or half as fast (while the model knows little).
    public var readinessRange: ClosedRange<Double>?
    /// The learner's exam in this course, and whether its date has passed.
    public var exam: ExamPlan?
    public var examPassed: Bool
    /// Whole days until the exam (0 on the day).
    public var examDaysLeft: Int
    /// When the next learning step comes due later today: Home reloads its figures then,
    /// so "Due now" does not sit at 0 while a question is waiting.
    public var nextLearningDue: Date?

    public init(dueNow: Int, laterToday: Int = 0, beyondLimit: Int = 0, newAvailable: Int, streakDays: Int,
                mastery: Double, examReadiness: Double, reviewsTotal: Int, themes: [ThemeLine],
                lessonMastery: [String: Double] = [:], horizon: Date? = nil, horizonIsExam: Bool = false,
                readinessRange: ClosedRange<Double>? = nil, exam: ExamPlan? = nil, examPassed: Bool = false,
                examDaysLeft: Int = 0, nextLearningDue: Date? = nil) {
        self.examDaysLeft = examDaysLeft
        self.nextLearningDue = nextLearningDue
        self.exam = exam
        self.examPassed = examPassed
        self.horizon = horizon
        self.horizonIsExam = horizonIsExam
        self.readinessRange = readinessRange
        self.dueNow = dueNow
        self.laterToday = laterToday
        self.beyondLimit = beyondLimit
        self.newAvailable = newAvailable
        self.streakDays = streakDays
        self.mastery = mastery
        self.examReadiness = examReadiness
        self.reviewsTotal = reviewsTotal
        self.themes = themes
        self.lessonMastery = lessonMastery
    }

    /// What Study today asks now: due questions and new ones.
    public var studyNow: Int { dueNow + newAvailable }
}

/// The receipt for the answer on screen: the store has it, and when it comes back.
public struct SaveReceipt: Sendable, Equatable {
    public var reviewID: String
    /// "in 4 days", "again in 10 min", or "on its own schedule" for cram.
    public var returns: String
    public init(reviewID: String, returns: String) {
        self.reviewID = reviewID
        self.returns = returns
    }
}
