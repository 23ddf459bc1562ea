import Foundation

/// The learner's study preferences, and the study-day arithmetic that follows from them.
public struct StudySettings: Sendable, Equatable {
    /// Probability of recall to aim for when an item comes due (FSRS r).
    public var desiredRetention: Double
    /// New questions introduced per study day at most.
    public var newPerDay: Int
    /// Answers to due review items per study day at most (learning steps do not count).
    public var reviewsPerDay: Int
    /// Local hour (0–23) at which a study day starts: 4 means a session at 01:00 still
    /// belongs to the evening before, as a night owl would expect.
    public var dayStartHour: Int
    /// The zone "local" refers to. Defaults to the system zone; tests pass a fixed one.
    public var timeZone: TimeZone
    /// The FSRS weights: the learner's own once `primer optimize` has fitted better ones,
    /// else their class's, else FSRS-6's defaults.
    public var parameters: FSRSParameters = .default

    public init(desiredRetention: Double = 0.9, newPerDay: Int = 20, reviewsPerDay: Int = 200,
                dayStartHour: Int = 4, timeZone: TimeZone = .current) {
        self.desiredRetention = desiredRetention
        self.newPerDay = newPerDay
        self.reviewsPerDay = reviewsPerDay
        self.dayStartHour = dayStartHour
        self.timeZone = timeZone
    }

    /// The scheduler configuration these settings imply (other FSRS settings at their defaults).
    public func schedulerConfig(enableFuzzing: Bool = true) -> SchedulerConfig {
        SchedulerConfig(parameters: parameters, desiredRetention: desiredRetention, enableFuzzing: enableFuzzing)
    }

    /// The study day `date` falls in: from `dayStartHour` local time to the same hour the
    /// next calendar day (23 or 25 hours long across a daylight-saving change).
    public func studyDay(containing date: Date) -> DateInterval {
        let calendar = self.calendar
        let parts = calendar.dateComponents([.year, .month, .day], from: date)
        var start = calendar.date(from: DateComponents(year: parts.year, month: parts.month, day: parts.day,
                                                       hour: min(max(dayStartHour, 0), 23)))!   // a real day at an hour 0-23: always a date
        if start > date { start = calendar.date(byAdding: .day, value: -1, to: start)! }   // whole days from a real date: never nil
        return DateInterval(start: start, end: calendar.date(byAdding: .day, value: 1, to: start)!)   // whole days from a real date: never nil
    }

    /// The start of the study day `k` days after `day`, for each k (negative looks back).
    /// Consecutive starts bound consecutive study days.
    func studyDayStarts(from day: DateInterval, offsets: [Int]) -> [Date] {
        let calendar = self.calendar
        return offsets.map { calendar.date(byAdding: .day, value: $0, to: day.start)! }   // whole days from a real date: never nil
    }

    /// How many study days `later`'s is after `earlier`'s (negative when it is before).
    public func studyDays(from earlier: Date, to later: Date) -> Int {
        let a = studyDay(containing: earlier).start, b = studyDay(containing: later).start
        // Day starts are the same hour on different dates: count calendar days between them
        // (a day across a daylight-saving change is 23 or 25 hours).
        return calendar.dateComponents([.day], from: a, to: b).day ?? 0
    }

    private var calendar: Calendar {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        return calendar
    }
}
