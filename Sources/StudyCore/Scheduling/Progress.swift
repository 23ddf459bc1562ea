import Foundation

/// The numbers shown for one theme, or for the whole course.
public struct ProgressFigures: Sendable, Equatable {
    /// Questions answered at least once (schedule-affecting answers), and all questions.
    public var seen = 0
    public var total = 0
    /// The share of these questions the learner would recall unaided at the horizon (see
    /// `ModelForecast`): mean `LearnerModel.recall` there, 0 for questions never answered right.
    public var mastery = 0.0
    /// Items due before the current study day ends (overdue and learning steps included).
    public var dueToday = 0
    /// Items coming due on each of the next 30 study days; [0] is today (equals `dueToday`).
    public var forecast = [Int](repeating: 0, count: StudyProgress.forecastDays)
    /// Share of answers to items in Review state that were recalled (rating above Again),
    /// over the last 30 study days; nil when there were none. A right answer marked
    /// "I guessed" is rated Again, so it does not count as recalled.
    public var retention: Double?
    /// How many review-state answers `retention` is computed from.
    public var retentionAnswers = 0
    public var lessonsRead = 0
    public var lessonsTotal = 0

    public init() {}
}

public struct ThemeProgress: Sendable, Equatable {
    public var themeID: String
    public var figures: ProgressFigures
}

/// Progress per theme and overall: a pure function of the course, item states, the
/// replayed log and the clock.
public struct StudyProgress: Sendable, Equatable {
    public static let forecastDays = 30
    public static let retentionWindowDays = 30

    public var overall: ProgressFigures
    /// One entry per course theme, in course order.
    public var themes: [ThemeProgress]
    /// Consecutive study days with at least one answer (cram included), ending today, or
    /// yesterday when nothing has been answered yet today (the streak is not broken yet).
    public var streakDays: Int

    public func figures(forTheme id: String) -> ProgressFigures? {
        themes.first { $0.themeID == id }?.figures
    }

    /// - Parameters:
    ///   - reviews: the replayed log (`FSRSScheduler.replayLog(_:).reviews`), whole: mastery
    ///     needs every question ever answered right.
    ///   - horizon: the day mastery is about (`LearnerModel.horizon`); nil: a week from now.
    public init(course: Course, states: [String: CardMemory], reviews: [ReplayedReview], readLessons: Set<String>,
                settings: StudySettings, scheduler: FSRSScheduler, now: Date, horizon: Date? = nil) {
        self.init(course: course, states: states, history: ProgressHistory(reviews: reviews, settings: settings, now: now),
                  readLessons: readLessons, settings: settings, scheduler: scheduler, now: now, horizon: horizon)
    }

    /// The same from what the log says, already summarised (the store keeps it current:
    /// see `ProgressHistory`), so a long history costs nothing here.
    public init(course: Course, states: [String: CardMemory], history: ProgressHistory, readLessons: Set<String>,
                settings: StudySettings, scheduler: FSRSScheduler, now: Date, horizon: Date? = nil) {
        self.init(course: course, items: ItemTable(course: course, states: states, recalled: history.recalled), history: history,
                  readLessons: readLessons, settings: settings, scheduler: scheduler, now: now, horizon: horizon)
    }

    /// The same from the item table of this course (see `ItemTable`): what the app holds.
    /// The table's recalled flags are used, not `history.recalled`.
    /// With an exam ahead (`exam`), a review counts as due when exam-date mode asks it
    /// (`ExamSchedule.due`), as Study today does, so the forecast's today is Home's due today.
    public init(course: Course, items: ItemTable, history: ProgressHistory, readLessons: Set<String>,
                settings: StudySettings, scheduler: FSRSScheduler, now: Date, horizon: Date? = nil, exam: Date? = nil) {
        let horizon = horizon ?? LearnerModel.horizon(now: now, examDate: nil)
        // Slot 0 is the whole course, slot i + 1 the course's theme i.
        var slotOfTheme: [String: Int] = [:]
        for (i, theme) in course.themes.enumerated() where slotOfTheme[theme.id] == nil { slotOfTheme[theme.id] = i + 1 }
        var tallies = [Tally](repeating: Tally(), count: course.themes.count + 1)
        var cachedTheme: (id: String, slot: Int?)?
        /// Applies `change` to the course's tally and to the theme's (themes repeat question
        /// after question, so the last lookup is remembered).
        func update(_ themeID: String, _ change: (inout Tally) -> Void) {
            change(&tallies[0])
            if cachedTheme?.id != themeID { cachedTheme = (themeID, slotOfTheme[themeID]) }
            if let slot = cachedTheme?.slot { change(&tallies[slot]) }
        }

        let today = settings.studyDay(containing: now)
        let examWindowDays = ExamSchedule.finalWindowDays(questions: items.count, reviewsPerDay: settings.reviewsPerDay)
        let dayStarts = settings.studyDayStarts(from: today, offsets: Array(1...Self.forecastDays))
        // Slot 0 (the course) always; the theme's slot too when the course has the theme
        // (`ItemTable.themeOrdinals`: an array read, where a theme id was hashed).
        let slots = tallies.count, days = Self.forecastDays
        let ordinals = items.themeOrdinals

        // The retention window's answers, question by question: the window holds far fewer
        // questions than the course, so these are looked up from the window's side.
        var windowAnswers = [Int](repeating: 0, count: slots), windowRecalled = [Int](repeating: 0, count: slots)
        for (id, counts) in history.retention {
            items.forEachPosition(of: id) { position in
                let slot = Int(ordinals[position]) + 1
                windowAnswers[0] += counts.answers
                windowRecalled[0] += counts.recalled
                if slot > 0 {
                    windowAnswers[slot] += counts.answers
                    windowRecalled[slot] += counts.recalled
                }
            }
        }

        // Question by question, into flat per-slot arrays (a closure and a struct update per
        // question were most of this loop); each slot's recall is summed in course order.
        var total = [Int](repeating: 0, count: slots), seen = [Int](repeating: 0, count: slots)
        var recallSum = [Double](repeating: 0, count: slots)
        var forecast = [Int](repeating: 0, count: slots * days)
        var position = 0
        for lesson in course.lessons {
            let read = readLessons.contains(lesson.id)
            update(lesson.themeID) { $0.figures.lessonsTotal += 1; if read { $0.figures.lessonsRead += 1 } }
            let end = position + lesson.questions.count
            defer { position = end }
            for index in position ..< min(end, items.count) {
                let slot = Int(ordinals[index]) + 1
                total[0] += 1
                if slot > 0 { total[slot] += 1 }
                guard let card = items.memory[index], !card.isNew else { continue }
                let r = LearnerModel.recall(card, recalled: items.recalled[index], at: horizon, scheduler: scheduler)
                seen[0] += 1
                recallSum[0] += r
                if slot > 0 {
                    seen[slot] += 1
                    recallSum[slot] += r
                }
                var due = card.due
                if let exam, card.state == .review {
                    due = ExamSchedule.due(card, spread: ExamSchedule.spread(of: items.ids[index]), exam: exam, now: now,
                                           scheduler: scheduler, windowDays: examWindowDays)
                }
                if let day = Self.dayIndex(of: due, dayStarts: dayStarts) {
                    forecast[day] += 1
                    if slot > 0 { forecast[slot * days + day] += 1 }
                }
            }
        }
        for slot in 0 ..< slots {
            tallies[slot].figures.total += total[slot]
            tallies[slot].figures.seen += seen[slot]
            tallies[slot].recallSum += recallSum[slot]
            tallies[slot].figures.retentionAnswers += windowAnswers[slot]
            tallies[slot].recalled += windowRecalled[slot]
            for day in 0 ..< days { tallies[slot].figures.forecast[day] += forecast[slot * days + day] }
        }

        let figures = tallies.map { $0.finished() }
        overall = figures[0]
        themes = course.themes.map { ThemeProgress(themeID: $0.id, figures: figures[slotOfTheme[$0.id]!]) }   // every course theme has a slot (above)
        streakDays = history.streakDays
    }

    /// Running sums for one slot, turned into figures at the end.
    private struct Tally {
        var figures = ProgressFigures()
        var recallSum = 0.0
        var recalled = 0

        func finished() -> ProgressFigures {
            var f = figures
            f.mastery = f.total == 0 ? 0 : recallSum / Double(f.total)
            f.dueToday = f.forecast[0]
            f.retention = f.retentionAnswers == 0 ? nil : Double(recalled) / Double(f.retentionAnswers)
            return f
        }
    }

    /// Study day 0 … 29 that `due` falls in (0 also for anything overdue); nil beyond.
    /// `dayStarts[k]` is the start of study day k + 1, so this is the first k with due < dayStarts[k].
    private static func dayIndex(of due: Date, dayStarts: [Date]) -> Int? {
        var lo = 0, hi = dayStarts.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if due < dayStarts[mid] { hi = mid } else { lo = mid + 1 }
        }
        return lo < dayStarts.count ? lo : nil
    }

    /// The streak from the quarter-hours that hold an answer: walks back one study day at
    /// a time, testing each day's quarter-hours. Nil when a study day does not start on a
    /// quarter-hour boundary counted from the end of today (an offset change that is not a
    /// multiple of 15 minutes): the caller then uses the exact walk over sorted times below.
    /// - Complexity: O(streak length) day steps, each a few word operations and, while the
    ///   zone's offset stays the same, one offset lookup instead of a calendar computation.
    static func streak(_ answers: AnswerQuarters, today: DateInterval, settings: StudySettings) -> Int? {
        let timeZone = settings.timeZone
        var day = today
        var offsetAtStart = timeZone.secondsFromGMT(for: day.start)
        func previous(_ day: DateInterval) -> DateInterval {
            // A study day starts at the same local hour as the next one: with no offset
            // change in between, exactly 24 hours earlier. Otherwise ask the calendar.
            let candidate = day.start.addingTimeInterval(-86_400)
            let offset = timeZone.secondsFromGMT(for: candidate)
            if offset == offsetAtStart { return DateInterval(start: candidate, end: day.start) }
            offsetAtStart = offset
            let exact = settings.studyDay(containing: day.start.addingTimeInterval(-1))
            offsetAtStart = timeZone.secondsFromGMT(for: exact.start)
            return exact
        }
        guard let first = answers.answered(in: day) else { return nil }
        if !first { day = previous(day) }
        var streak = 0
        while true {
            guard let answered = answers.answered(in: day) else { return nil }
            if !answered { return streak }
            streak += 1
            day = previous(day)
        }
    }

    /// Walks back one study day at a time over the answer times, newest first.
    static func streak(answerTimes: [Date], today: DateInterval, settings: StudySettings) -> Int {
        let times = answerTimes.filter { $0 < today.end }.sorted(by: >)
        var index = 0
        return streak(today: today, settings: settings) { day in
            while index < times.count && times[index] >= day.end { index += 1 }
            return index < times.count && times[index] >= day.start
        }
    }

    /// Consecutive study days, back from today (or yesterday when today has nothing yet),
    /// on which `answered(day)` holds; days are asked newest first, each once.
    public static func streak(today: DateInterval, settings: StudySettings, answered: (DateInterval) -> Bool) -> Int {
        func previous(_ day: DateInterval) -> DateInterval {
            settings.studyDay(containing: day.start.addingTimeInterval(-1))
        }
        var day = today
        if !answered(day) { day = previous(day) }
        var streak = 0
        while answered(day) {
            streak += 1
            day = previous(day)
        }
        return streak
    }
}

/// Which quarter-hours before a moment hold at least one answer, as a bitset: quarter q
/// covers [end − 900 (q + 1), end − 900 q). Study days start on the same local hour, so
/// (offset changes being multiples of 15 minutes in every zone in use) each day is a run
/// of whole quarters, and "was anything answered that day" is a few word tests. It
/// replaces sorting every answer time, which took most of `StudyProgress`'s time.
struct AnswerQuarters {
    static let quarter = 900.0
    /// Older answers than this are not recorded: a streak that long would need an answer
    /// every day for a century.
    static let maximumQuarters = 100 * 366 * 96

    let end: Double
    private(set) var words: [UInt64] = []

    init(before end: Date) { self.end = end.timeIntervalSinceReferenceDate }

    mutating func insert(_ date: Date) {
        let back = end - date.timeIntervalSinceReferenceDate
        guard back > 0 else { return }   // at or after the end: not before it
        let q = Int((back / Self.quarter).rounded(.up)) - 1
        guard q < Self.maximumQuarters else { return }
        let word = q >> 6
        if word >= words.count { words.append(contentsOf: repeatElement(0, count: word - words.count + 1)) }
        words[word] |= 1 << UInt64(q & 63)
    }

    /// Whether any answer lies in [day.start, day.end); nil when the day's bounds are not
    /// whole quarters from `end` (the caller falls back to an exact method).
    func answered(in day: DateInterval) -> Bool? {
        let fromEnd = (end - day.end.timeIntervalSinceReferenceDate) / Self.quarter
        let fromStart = (end - day.start.timeIntervalSinceReferenceDate) / Self.quarter
        guard fromEnd >= 0, fromEnd == fromEnd.rounded(), fromStart == fromStart.rounded() else { return nil }
        // Quarters [lo, hi) lie inside the day.
        let lo = Int(fromEnd), hi = min(Int(fromStart), words.count * 64)
        guard lo < hi else { return false }
        var q = lo
        while q < hi {
            let word = words[q >> 6] >> UInt64(q & 63)
            let span = min(64 - (q & 63), hi - q)
            let mask: UInt64 = span == 64 ? ~0 : (1 << UInt64(span)) - 1
            if word & mask != 0 { return true }
            q += span
        }
        return false
    }
}
