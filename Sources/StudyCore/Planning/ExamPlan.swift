import Foundation

/// A learner's exam in a course: the moment of the exam and, optionally, the score they
/// aim for. While the exam is ahead, Study today schedules for that day (see
/// `ExamSchedule`); once it has passed, scheduling is ordinary again.
public struct ExamPlan: Sendable, Equatable {
    public var date: Date
    /// The score aimed for, 0...1; nil when none was given.
    public var target: Double?

    public init(date: Date, target: Double? = nil) {
        self.date = date
        self.target = target
    }

    public func isAhead(of now: Date) -> Bool { date > now }

    /// Study days from today's to the exam's (0 on the day itself), never negative: what a
    /// learner counts on a calendar, and the number of days the plan lists. (Whole 24-hour
    /// periods said "13 days" on 1 March at 09:00:01 for an exam on 15 March at 09:00, over a
    /// plan of fourteen days.)
    public func daysLeft(from now: Date, settings: StudySettings) -> Int {
        max(0, settings.studyDays(from: now, to: date))
    }
}

/// When a review item comes due while an exam is ahead. Stored item states stay exactly
/// as ordinary FSRS leaves them (so the log replays to them, and clearing the date returns
/// to ordinary scheduling at once); exam-date mode only changes when Study today asks:
///
/// - **Final reviews**: in the final window every item whose recall on exam day would be
///   below `examDayGoal` (0.99) comes due at the window's start (not sooner than a day
///   after its last review), so its last review lands close to the exam rather than not
///   at all. The window is as many days as the daily review limit needs to review the whole
///   course once (at least one): fixed for a course and limit, so a final review does not
///   move as the days pass, and the limit spreads the reviews over it, weakest first.
/// - **Early**: a review waits until recall has fallen to `earlyRetention` (0.8) rather
///   than the learner's desired retention, which frees time for what needs it more. Each
///   question goes back to ordinary waits at its own moment within the `spreadDays` (6)
///   that precede the last `ordinaryDaysBeforeWindow` (2) days before the window, the
///   moment drawn from a hash of its id, so the reviews that waited come back spread over
///   those days. (Switching every question on one day brought them all due that day: the
///   plan for an exam 45 days ahead had 121 reviews of 118 questions on one day. Questions
///   met on the same day wait alike, so a rule on recall alone, such as a retention that
///   rises day by day, still brought most of them back on one day.)
/// - **The last week**: due reviews are asked weakest-on-exam-day first, so when the daily
///   limit binds the questions most likely to be missed come first.
public enum ExamSchedule {
    public static let earlyRetention = 0.8
    public static let examDayGoal = 0.99
    /// Days before the final window during which reviews keep the ordinary retention.
    public static let ordinaryDaysBeforeWindow = 2.0
    /// Days over which questions go back from the early wait to the ordinary one.
    public static let spreadDays = 6.0
    public static let lastWeekDays = 7.0

    /// The final window's length for a course of `questions` under a daily review limit.
    public static func finalWindowDays(questions: Int, reviewsPerDay: Int) -> Double {
        max(1, (Double(questions) / Double(max(1, reviewsPerDay))).rounded(.up))
    }

    /// When the review item `card` should be asked, with the exam at `exam` and a final
    /// window of `windowDays` (see `finalWindowDays`); `spread` is the question's
    /// `spread(of:)`. The moment does not depend on `now` while the exam is ahead, so a
    /// review does not move as the days pass.
    public static func due(_ card: CardMemory, spread: Double, exam: Date, now: Date, scheduler: FSRSScheduler,
                           windowDays: Double) -> Date {
        guard card.state == .review, let last = card.lastReview, let s = card.stability, exam > now else { return card.due }
        let windowStart = exam.addingTimeInterval(-windowDays * 86_400)
        let ordinaryFrom = windowStart.addingTimeInterval(-(ordinaryDaysBeforeWindow + spread * spreadDays) * 86_400)
        var due = card.due
        let relaxed = last.addingTimeInterval(scheduler.daysUntilRecall(fallsTo: earlyRetention, stability: s) * 86_400)
        if relaxed > due, due < ordinaryFrom { due = min(relaxed, ordinaryFrom) }
        if due >= windowStart, scheduler.recallProbability(of: card, at: exam) < examDayGoal {
            let earliest = last.addingTimeInterval(86_400)
            if earliest < exam { due = min(due, max(windowStart, earliest)) }
        }
        return due
    }

    /// A question's place in [0, 1) among the days over which early waits end: a hash of
    /// its id (FNV-1a, as review fuzz), the same on every machine and run.
    public static func spread(of questionID: String) -> Double {
        FSRSScheduler.fuzzUnit(forReviewID: questionID)
    }

    /// Whether the due reviews are ordered weakest-on-exam-day first.
    public static func favoursWeakest(exam: Date, now: Date) -> Bool {
        exam > now && exam.timeIntervalSince(now) <= lastWeekDays * 86_400
    }
}
