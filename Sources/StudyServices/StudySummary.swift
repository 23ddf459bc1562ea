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
    /// Items falling due before the study day ends (overdue included).
    public var dueToday: Int
    /// New questions the queue would offer now (read lessons, within today's limit).
    public var newAvailable: Int
    public var streakDays: Int
    public var mastery: Double
    public var retention: Double?
    public var lessonsRead: Int
    public var lessonsTotal: Int
    public var examReadiness: Double
    public var forecast: [Int]
    public var themes: [ThemeLine]
    /// Mean recall now of each lesson's questions.
    public var lessonMastery: [String: Double]
}

extension StudyContext {
    public func summary(now: Date) throws -> StudySummary {
        let log = try replayedLog()
        let progress = StudyProgress(course: course, states: states, reviews: log.reviews, readLessons: lessonsRead,
                                     settings: settings, scheduler: scheduler, now: now)
        let queue = try self.queue(now: now, lastShown: nil, log: log)
        let themes = course.themes.map { theme -> StudySummary.ThemeLine in
            let f = progress.figures(forTheme: theme.id) ?? ProgressFigures()
            return .init(id: theme.id, title: theme.title, mastery: f.mastery, retention: f.retention,
                         seen: f.seen, total: f.total, dueToday: f.dueToday)
        }
        var lessonMastery: [String: Double] = [:]
        for lesson in course.lessons where !lesson.questions.isEmpty {
            let sum = lesson.questions.reduce(0.0) { total, q in
                total + (states[q.id].map { scheduler.retrievability(of: $0, at: now) } ?? 0)
            }
            lessonMastery[lesson.id] = sum / Double(lesson.questions.count)
        }
        let overall = progress.overall
        return StudySummary(
            reviewsTotal: log.reviews.count, dueToday: overall.dueToday,
            newAvailable: queue.entries.filter { $0.reason == .new }.count, streakDays: progress.streakDays,
            mastery: overall.mastery, retention: overall.retention, lessonsRead: overall.lessonsRead,
            lessonsTotal: overall.lessonsTotal,
            examReadiness: StudyProgress.examReadiness(course: course, states: states, scheduler: scheduler, on: now),
            forecast: overall.forecast, themes: themes, lessonMastery: lessonMastery)
    }
}
