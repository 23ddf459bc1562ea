import Foundation

/// What to ask next, today. A pure function of the course, the learner's item states,
/// today's answers and the clock, cheap enough to rebuild after every answer.
///
/// Order:
/// 1. learning and relearning items whose step is over (due ≤ now), earliest first:
///    their steps are minutes long, so letting them wait behind reviews would stretch them;
/// 2. review items due today (before the study day ends), lowest retrievability now first
///    (most at risk of being forgotten), at most the reviews left today;
/// 3. new questions in lesson order from read lessons (all lessons when skipping ahead),
///    at most the new questions left today.
/// The question shown last is never at the head while anything else is available.
///
/// With an exam ahead (`exam`), review items come due as `ExamSchedule` says, and in the
/// exam's last week they are ordered by predicted recall on exam day, lowest first.
///
/// The queue is the one definition of "due now", "later today" and "new" (see `dueNow`):
/// Home, Study today and `primer stats` all read these counts from it.
public struct DailyQueue: Sendable, Equatable {
    public enum Reason: Sendable, Equatable {
        /// A review item due today.
        case due
        /// A question never answered.
        case new
        /// An item in a learning or relearning step whose wait is over.
        case learning
    }

    public struct Entry: Sendable, Equatable {
        public var questionID: String
        public var reason: Reason
        public init(questionID: String, reason: Reason) {
            self.questionID = questionID
            self.reason = reason
        }
    }

    /// Questions to ask, in order; the session asks `entries.first`.
    public var entries: [Entry]
    /// Earliest later-today moment a learning or relearning item comes due, if any: with
    /// an empty queue the session can wait for it (or tell the learner when to come back).
    public var nextLearningDue: Date?
    /// Learning and relearning items coming due later in this study day (after now).
    public var laterToday: Int
    /// Review items due today that the daily review limit keeps out of today's queue.
    public var beyondLimit: Int
    /// New questions still allowed today, and review answers still allowed today.
    public var newLeft: Int
    public var reviewsLeft: Int
    /// The study day the queue was built for.
    public var studyDay: DateInterval

    /// - Parameters:
    ///   - states: item memory by question id; absent or never-reviewed means new.
    ///   - readLessons: ids of lessons the learner has read; their questions become available.
    ///   - unlockAll: the learner chose to skip ahead: every lesson's questions are available.
    ///   - todayReviews: the answers given so far today, replayed (see `FSRSScheduler.replayLog`);
    ///     answers outside today's study day are ignored, so passing more is harmless.
    ///   - scheduler: supplies retrievability (the forgetting curve of the learner's weights).
    ///   - lastShown: the question asked just before, which must not come straight back.
    ///   - exam: the learner's exam in this course, when one is set.
    public init(course: Course, states: [String: CardMemory], readLessons: Set<String>, unlockAll: Bool = false,
                todayReviews: [ReplayedReview], settings: StudySettings, scheduler: FSRSScheduler,
                now: Date, lastShown: String?, exam: ExamPlan? = nil) {
        self.init(course: course, states: states, readLessons: readLessons, unlockAll: unlockAll,
                  today: TodayCounts(todayReviews, day: settings.studyDay(containing: now)), settings: settings,
                  scheduler: scheduler, now: now, lastShown: lastShown, exam: exam)
    }

    /// The same with today's counts already made (the store keeps them: `TodayCounts`).
    public init(course: Course, states: [String: CardMemory], readLessons: Set<String>, unlockAll: Bool = false,
                today counts: TodayCounts, settings: StudySettings, scheduler: FSRSScheduler,
                now: Date, lastShown: String?, exam: ExamPlan? = nil) {
        self.init(course: course, items: ItemTable(course: course, states: states, recalled: []), readLessons: readLessons,
                  unlockAll: unlockAll, today: counts, settings: settings, scheduler: scheduler, now: now,
                  lastShown: lastShown, exam: exam)
    }

    /// The same from the item table of this course (see `ItemTable`): what the app holds.
    public init(course: Course, items: ItemTable, readLessons: Set<String>, unlockAll: Bool = false,
                today counts: TodayCounts, settings: StudySettings, scheduler: FSRSScheduler,
                now: Date, lastShown: String?, exam: ExamPlan? = nil) {
        let examDate = exam.flatMap { $0.isAhead(of: now) ? $0.date : nil }
        let weakestFirst = examDate.map { ExamSchedule.favoursWeakest(exam: $0, now: now) } ?? false
        let questionCount = course.lessons.reduce(0) { $0 + $1.questions.count }
        let windowDays = ExamSchedule.finalWindowDays(questions: questionCount, reviewsPerDay: settings.reviewsPerDay)
        let day = settings.studyDay(containing: now)
        studyDay = day
        newLeft = max(0, settings.newPerDay - counts.introduced)
        reviewsLeft = max(0, settings.reviewsPerDay - counts.reviewed)

        var learning: [(due: Date, id: String)] = []
        var due: [(r: Double, due: Date, id: String)] = []
        var fresh: [String] = []
        var nextLearning: Date?
        var later = 0
        var position = 0
        for lesson in course.lessons {
            let unlocked = unlockAll || readLessons.contains(lesson.id)
            let end = position + lesson.questions.count
            defer { position = end }
            for index in position ..< min(end, items.count) {
                let id = items.ids[index]
                guard let card = items.memory[index], !card.isNew else {
                    if unlocked && fresh.count < newLeft { fresh.append(id) }
                    continue
                }
                if card.state == .review {
                    let when = examDate.map { ExamSchedule.due(card, spread: ExamSchedule.spread(of: id), exam: $0, now: now,
                                                                scheduler: scheduler, windowDays: windowDays) }
                        ?? card.due
                    if when < day.end {
                        let risk = weakestFirst ? scheduler.recallProbability(of: card, at: examDate ?? now)
                            : scheduler.retrievability(of: card, at: now)
                        due.append((risk, when, id))
                    }
                } else if card.due <= now {
                    learning.append((card.due, id))
                } else if card.due < day.end {
                    nextLearning = min(nextLearning ?? card.due, card.due)
                    later += 1
                }
            }
        }
        learning.sort { a, b in a.due != b.due ? a.due < b.due : a.id < b.id }
        let atRisk = due.smallest(reviewsLeft) { a, b in
            a.r != b.r ? a.r < b.r : a.due != b.due ? a.due < b.due : a.id < b.id
        }

        entries = learning.map { Entry(questionID: $0.id, reason: .learning) }
            + atRisk.map { Entry(questionID: $0.id, reason: .due) }
            + fresh.map { Entry(questionID: $0, reason: .new) }
        nextLearningDue = nextLearning
        laterToday = later
        beyondLimit = max(0, due.count - atRisk.count)
        if entries.count > 1, entries[0].questionID == lastShown { entries.swapAt(0, 1) }
    }

    /// The question to ask now, if any.
    public var next: Entry? { entries.first }

    /// "Due now", as every screen and command counts it: the questions already met that
    /// Study today asks now (learning steps that are over, and reviews due today within
    /// the daily review limit). New questions are counted apart (`newNow`).
    public var dueNow: Int { entries.lazy.filter { $0.reason != .new }.count }
    /// New questions Study today offers now (from read lessons, within today's new limit).
    public var newNow: Int { entries.lazy.filter { $0.reason == .new }.count }
    /// Everything due before the study day ends: due now, later today, and beyond the limit.
    public var dueToday: Int { dueNow + laterToday + beyondLimit }
}

/// What today's answers used of the daily limits: questions met for the first time, and
/// answers to items in Review (learning steps do not count).
public struct TodayCounts: Sendable, Equatable {
    public var introduced: Int
    public var reviewed: Int

    public init(introduced: Int, reviewed: Int) {
        self.introduced = introduced
        self.reviewed = reviewed
    }

    /// From replayed answers; those outside `day` (both ends inclusive) are ignored.
    public init(_ reviews: [ReplayedReview], day: DateInterval) {
        var introduced = 0, reviewed = 0
        // By index, reading only the fields needed: a `for review in` loop copies every
        // (large) element, which dominated the queue with a million reviews.
        for i in reviews.indices {
            let at = reviews[i].record.reviewedAt
            guard at >= day.start && at <= day.end else { continue }
            if reviews[i].introducedItem { introduced += 1 }
            if reviews[i].wasReview { reviewed += 1 }
        }
        self.init(introduced: introduced, reviewed: reviewed)
    }
}
