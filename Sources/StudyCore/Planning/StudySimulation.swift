import Foundation

/// A learner who does what Study today asks, one day at a time: the real daily queue and
/// the real scheduler, with the answers' outcomes decided by the caller. The plan's
/// forecast runs it with outcomes drawn from primer's own model; the benchmark's exam-date
/// simulation with outcomes drawn from a simulated learner's true memory.
public struct StudySimulation: Sendable {
    public var course: Course
    public var settings: StudySettings
    public var scheduler: FSRSScheduler
    public var exam: ExamPlan?
    /// Item memory as primer holds it, and the questions answered right at least once.
    public private(set) var states: [String: CardMemory]
    public private(set) var recalled: Set<String>
    /// The same by course position, kept answer by answer as `StudyContext` keeps it: the
    /// queue is built from it many times a simulated day, and building it from `states`
    /// each time (hashing every question id) was most of the plan's time.
    private var items: ItemTable
    /// Answers given so far, for ids (each id seeds the scheduler's fuzz, as live).
    public private(set) var answered = 0

    public init(course: Course, settings: StudySettings, scheduler: FSRSScheduler, exam: ExamPlan?,
                states: [String: CardMemory], recalled: Set<String>) {
        self.course = course
        self.settings = settings
        self.scheduler = scheduler
        self.exam = exam
        self.states = states
        self.recalled = recalled
        items = ItemTable(course: course, states: states, recalled: recalled)
    }

    public struct DayCounts: Sendable, Equatable {
        public var reviews = 0
        public var new = 0
        public var answers: Int { reviews + new }
    }

    /// Studies from `start` until the queue is empty for the rest of the study day (learning
    /// steps waited for), answering each question with `isRight(questionID, memory as primer
    /// holds it, answered right before, at)`.
    /// `todayBefore`: what answers already given earlier in this study day used of the
    /// daily limits.
    public mutating func studyDay(from start: Date, todayBefore: TodayCounts = TodayCounts(introduced: 0, reviewed: 0),
                                  isRight: (String, CardMemory?, Bool, Date) -> Bool) -> DayCounts {
        var counts = DayCounts()
        var today = todayBefore
        var now = start
        let day = settings.studyDay(containing: start)
        var last: String?
        // Each pass asks the whole queue in order, then the queue is built again for what
        // came due meanwhile (learning steps); rebuilding after every answer would cost a
        // pass over the course per answer. Bounded: a guard against a queue that never drains.
        for _ in 0..<64 {
            let queue = DailyQueue(course: course, items: items, readLessons: [], unlockAll: true, today: today,
                                   settings: settings, scheduler: scheduler, now: now, lastShown: last, exam: exam)
            guard !queue.entries.isEmpty else {
                guard let next = queue.nextLearningDue, next < day.end else { break }
                now = max(now, next)
                continue
            }
            for entry in queue.entries {
                let id = entry.questionID
                let before = states[id] ?? .new(at: now)
                let right = isRight(id, states[id], recalled.contains(id), now)
                let rating: Rating = right ? .good : .again
                answered += 1
                let reviewID = "simulated-\(answered)"
                let after = scheduler.review(before, rating: rating, at: now, fuzz: FSRSScheduler.fuzzUnit(forReviewID: reviewID))
                states[id] = after
                items.setMemory(after, of: id)
                if right {
                    recalled.insert(id)
                    items.setRecalled(true, of: id)
                }
                if before.isNew { today.introduced += 1 } else if before.state == .review { today.reviewed += 1 }
                if entry.reason == .new { counts.new += 1 } else { counts.reviews += 1 }
                last = id
                now = now.addingTimeInterval(20)
            }
        }
        return counts
    }

    /// The predicted score of a mock exam of every question at `date` (primer's readiness).
    public func readiness(at date: Date) -> Double {
        guard !course.questions.isEmpty else { return 0 }
        return course.questions.reduce(0.0) { sum, q in
            sum + LearnerModel.predictedRight(states[q.id], recalled: recalled.contains(q.id), guessChance: q.guessChance,
                                              at: date, scheduler: scheduler)
        } / Double(course.questions.count)
    }
}
