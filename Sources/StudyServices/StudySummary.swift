import Foundation
import StudyCore

/// Where a learner stands today: what the dashboard shows and `primer stats` prints.
/// Computed once here so the two never disagree.
public struct StudySummary: Sendable, Equatable {
    public struct ThemeLine: Sendable, Equatable {
        public var id: String
        public var title: String
        public var mastery: Double
        public var retention: Double?
        public var seen: Int
        public var total: Int
        public var dueToday: Int
    }
    public var reviewsTotal: Int
    /// Questions already met that Study today asks now (`DailyQueue.dueNow`).
    public var dueNow: Int
    /// Learning steps coming due later in this study day.
    public var laterToday: Int
    /// Reviews due today that the daily review limit leaves for later.
    public var beyondLimit: Int
    /// Everything due before the study day ends: due now + later today + beyond the limit.
    public var dueToday: Int
    /// New questions the queue would offer now (read lessons, within today's limit).
    public var newAvailable: Int
    public var streakDays: Int
    /// The day mastery and readiness are about (the exam date, else a week ahead).
    public var horizon: Date
    /// Whether `horizon` is the learner's exam date.
    public var horizonIsExam: Bool
    /// The exam as set, and whether its date has passed (scheduling is then ordinary).
    public var exam: ExamPlan?
    public var examPassed: Bool
    public var mastery: Double
    public var retention: Double?
    public var lessonsRead: Int
    public var lessonsTotal: Int
    public var examReadiness: Double
    /// While the model knows little of this learner (see `ModelForecast`).
    public var examReadinessRange: ClosedRange<Double>?
    public var forecast: [Int]
    public var themes: [ThemeLine]
    /// Mastery of each lesson's questions at the horizon.
    public var lessonMastery: [String: Double]
    /// When the next learning step comes due later today, if one does: Home refreshes then.
    public var nextLearningDue: Date? = nil
}

extension StudyContext {
    /// From the store's running summary and the item states: its cost does not grow with
    /// the length of the history.
    public func summary(now: Date) throws -> StudySummary {
        let model = try forecast(now: now)
        let progress = try self.progress(now: now, horizon: model.horizon)
        let queue = try self.queue(now: now, lastShown: nil)
        let themes = course.themes.map { theme -> StudySummary.ThemeLine in
            let f = progress.figures(forTheme: theme.id) ?? ProgressFigures()
            return .init(id: theme.id, title: theme.title, mastery: f.mastery, retention: f.retention,
                         seen: f.seen, total: f.total, dueToday: f.dueToday)
        }
        let overall = progress.overall
        return StudySummary(
            reviewsTotal: try store.answerCount(learner: learnerID, course: course.id), dueNow: queue.dueNow, laterToday: queue.laterToday,
            beyondLimit: queue.beyondLimit, dueToday: queue.dueToday,
            newAvailable: queue.newNow, streakDays: progress.streakDays, horizon: model.horizon,
            horizonIsExam: examAhead(now: now) != nil, exam: examPlan, examPassed: examPlan.map { !$0.isAhead(of: now) } ?? false,
            mastery: overall.mastery, retention: overall.retention, lessonsRead: overall.lessonsRead,
            lessonsTotal: overall.lessonsTotal, examReadiness: model.readiness, examReadinessRange: model.readinessRange,
            forecast: overall.forecast, themes: themes, lessonMastery: model.lessonMastery,
            nextLearningDue: queue.nextLearningDue)
    }
}
