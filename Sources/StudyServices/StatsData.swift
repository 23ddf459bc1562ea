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
    /// Mastery (see `ModelForecast`) as it stood at the end of each of the last weeks:
    /// the states and right answers of then, recall a week after then.
    public var masteryByWeek: [Double]
    public var exams: [SessionSummary]
    /// The learner model's predictions against this learner's answers.
    public var calibration: Calibration

    public struct ThemeRetention: Sendable, Equatable {
        public var themeID: String
        public var title: String
        public var value: Double?
        public var answers: Int
    }
}

extension StudyContext {
    /// The learner model's recorded predictions against this learner's answers (all courses'
    /// answers in this course's log; answers from before predictions were recorded are left out).
    public func calibration() throws -> Calibration {
        try store.calibration(learner: learnerID, course: course.id)
    }

    /// Everything the statistics screen charts. `days` of daily counts end today.
    public func statsData(now: Date, days: Int = 26 * 7, weeks: Int = 12) throws -> StatsData {
        // Retention and the forecast from the running summary; the calendar from the
        // window's answers; the weekly mastery from one streamed pass over the log.
        let progress = try self.progress(now: now)
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = settings.timeZone

        // Reviews per study day (the day starts at the learner's day-start hour).
        let today = settings.studyDay(containing: now)
        var perDay = Array(repeating: 0, count: days)
        let earliest = today.start.addingTimeInterval(-Double(days + 1) * 86400)
        for time in try store.answerTimes(learner: learnerID, course: course.id, since: earliest) {
            let dayStart = settings.studyDay(containing: time).start
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

        // Mastery at the end of each past week, by the same definition as today's.
        var history = MasteryHistory(points: stride(from: weeks - 1, through: 0, by: -1).map { now.addingTimeInterval(-Double($0) * 7 * 86400) },
                                     course: course, scheduler: scheduler)
        try store.forEachReviewForScheduling(learner: learnerID, course: course.id) { history.add($0) }
        let masteryByWeek = history.finish()
        let calibration = try self.calibration()
        let exams = try store.sessions(learner: learnerID, kind: .exam, course: course.id).filter { $0.finishedAt != nil }
        return StatsData(reviewsPerDay: perDay, todayWeekday: weekday, forecast: progress.overall.forecast,
                         retention: retention, masteryByWeek: masteryByWeek, exams: exams, calibration: calibration)
    }
}
