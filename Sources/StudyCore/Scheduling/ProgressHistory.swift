import Foundation

/// What the figures need from the past, summarised: the questions ever answered right,
/// the review answers of the retention window per question, and the streak. Built either
/// from a replayed log (tests, the statistics history) or from the store's running summary
/// (Home, Study today and `primer stats`, whose cost must not grow with the history).
public struct ProgressHistory: Sendable, Equatable {
    public struct Retention: Sendable, Equatable {
        public var answers: Int
        public var recalled: Int
        public init(answers: Int, recalled: Int) {
            self.answers = answers
            self.recalled = recalled
        }
    }

    /// Questions with a schedule-affecting answer rated above Again (`LearnerModel`).
    public var recalled: Set<String>
    /// Per question: answers to it while it was in Review, over the last
    /// `StudyProgress.retentionWindowDays` study days, and how many were recalled.
    public var retention: [String: Retention]
    /// Consecutive study days with an answer, up to today (see `StudyProgress.streakDays`).
    public var streakDays: Int

    public init(recalled: Set<String>, retention: [String: Retention], streakDays: Int) {
        self.recalled = recalled
        self.retention = retention
        self.streakDays = streakDays
    }

    /// The retention window: from the start of the study day `retentionWindowDays - 1`
    /// days before today's, to `now`.
    public static func retentionWindow(settings: StudySettings, now: Date) -> (start: Date, end: Date) {
        let today = settings.studyDay(containing: now)
        return (settings.studyDayStarts(from: today, offsets: [1 - StudyProgress.retentionWindowDays])[0], now)
    }

    /// From the whole replayed log.
    public init(reviews: [ReplayedReview], settings: StudySettings, now: Date) {
        let today = settings.studyDay(containing: now)
        let window = Self.retentionWindow(settings: settings, now: now)
        var retention: [String: Retention] = [:]
        var answerTimes = AnswerQuarters(before: today.end)
        // By index, reading only the fields needed: a `for review in` loop copies every
        // (large) element.
        for i in reviews.indices {
            let at = reviews[i].record.reviewedAt
            answerTimes.insert(at)
            guard at >= window.start && at <= window.end, reviews[i].wasReview else { continue }
            let id = reviews[i].record.questionID
            retention[id, default: Retention(answers: 0, recalled: 0)].answers += 1
            if reviews[i].record.rating != .again { retention[id, default: Retention(answers: 0, recalled: 0)].recalled += 1 }
        }
        self.init(recalled: LearnerModel.recalledQuestions(in: reviews.lazy.map(\.record)), retention: retention,
                  streakDays: StudyProgress.streak(answerTimes, today: today, settings: settings)
                    ?? StudyProgress.streak(answerTimes: reviews.map(\.record.reviewedAt), today: today, settings: settings))
    }
}
