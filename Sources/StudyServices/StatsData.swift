import Foundation
import LearnerStore
import StudyCore

/// The raw series behind the statistics screen and `primer stats`, from the log.
public struct StatsData: Sendable, Equatable {
    public var reviewsPerDay: [Int]
    /// 0 = Monday.
    public var todayWeekday: Int
    public var forecast: [Int]
    public var retention: [ThemeRetention]
    public var masteryByWeek: [Double]
    public var exams: [SessionSummary]

    public struct ThemeRetention: Sendable, Equatable {
        public var themeID: String
        public var title: String
        public var value: Double?
        public var answers: Int
    }
}

extension StudyContext {
    /// Everything the statistics screen charts. `days` of daily counts end today.
    public func statsData(now: Date, days: Int = 26 * 7, weeks: Int = 12) throws -> StatsData {
        let log = try replayedLog()
        let progress = StudyProgress(course: course, states: states, reviews: log.reviews, readLessons: lessonsRead,
                                     settings: settings, scheduler: scheduler, now: now)
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = settings.timeZone

        // Reviews per study day (the day starts at the learner's day-start hour).
        let today = settings.studyDay(containing: now)
        var perDay = Array(repeating: 0, count: days)
        let earliest = today.start.addingTimeInterval(-Double(days + 1) * 86400)
        for review in log.reviews where review.record.reviewedAt >= earliest {
            let dayStart = settings.studyDay(containing: review.record.reviewedAt).start
            // Rounded, so a 23- or 25-hour day at a clock change still counts as one.
            let daysAgo = Int((today.start.timeIntervalSince(dayStart) / 86400).rounded())
            let index = days - 1 - daysAgo
            if index >= 0 && index < days { perDay[index] += 1 }
        }
        let weekday = (calendar.component(.weekday, from: today.start) + 5) % 7   // Sunday=1 → Monday=0

        let retention = course.themes.map { theme -> StatsData.ThemeRetention in
            let f = progress.figures(forTheme: theme.id)
            return .init(themeID: theme.id, title: theme.title, value: f?.retention, answers: f?.retentionAnswers ?? 0)
        }

        // Mastery at the end of each past week: the state each item had then, recall then.
        let total = max(1, course.questions.count)
        let questionIDs = Set(course.questions.map(\.id))
        var masteryByWeek: [Double] = []
        for w in stride(from: weeks - 1, through: 0, by: -1) {
            let at = now.addingTimeInterval(-Double(w) * 7 * 86400)
            var states: [String: CardMemory] = [:]
            for review in log.reviews where review.record.reviewedAt <= at && review.record.affectsSchedule {
                states[review.record.questionID] = review.after
            }
            let sum = states.filter { questionIDs.contains($0.key) }.values.reduce(0.0) { $0 + scheduler.retrievability(of: $1, at: at) }
            masteryByWeek.append(sum / Double(total))
        }
        let exams = try store.sessions(learner: learnerID, kind: .exam, course: course.id).filter { $0.finishedAt != nil }
        return StatsData(reviewsPerDay: perDay, todayWeekday: weekday, forecast: progress.overall.forecast,
                         retention: retention, masteryByWeek: masteryByWeek, exams: exams)
    }
}
