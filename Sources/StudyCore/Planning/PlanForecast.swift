import Foundation

/// The plan to an exam: what Study today will ask each day until then, how long it will
/// take, and where the learner will stand on the day. Made by running `StudySimulation`
/// from the learner's current state, `runs` times with answers right with the model's own
/// probability (seeded, so the same state always gives the same plan), and averaging.
///
/// - `predictedWithPlan`: readiness on exam day if the learner studies every day as asked
///   (every lesson read as its questions come up).
/// - `predictedIfStopped`: readiness on exam day with no more study.
/// - `missedDayCost`: how much a day without study (today) lowers `predictedWithPlan`.
public struct PlanForecast: Sendable, Equatable {
    public struct Day: Sendable, Equatable {
        /// The study day's start.
        public var date: Date
        public var reviews: Int
        public var new: Int
        public var minutes: Int
    }

    public var exam: ExamPlan
    /// Study days from today's to the exam's (`ExamPlan.daysLeft`).
    public var daysLeft: Int
    public var days: [Day]
    public var predictedWithPlan: Double
    public var predictedIfStopped: Double
    public var missedDayCost: Double
    /// Questions not yet answered, and the new questions a day it would take to meet each
    /// of them at least a week (or half the time left) before the exam.
    public var unseen: Int
    public var newPerDayNeeded: Int
    /// The learner's daily new limit cannot bring every question in early enough.
    public var paceTooSlow: Bool

    public var onTrack: Bool? { exam.target.map { predictedWithPlan + 1e-9 >= $0 } }

    public static let runs = 8

    public init(course: Course, states: [String: CardMemory], recalled: Set<String>, today: TodayCounts,
                settings: StudySettings, scheduler: FSRSScheduler, now: Date, exam: ExamPlan,
                secondsPerAnswer: Double, seed: UInt64 = 2027) {
        self.exam = exam
        let base = StudySimulation(course: course, settings: settings, scheduler: scheduler, exam: exam,
                                   states: states, recalled: recalled)
        predictedIfStopped = base.readiness(at: exam.date)
        let dayStarts = Self.studyTimes(from: now, until: exam.date, settings: settings)
        let plan = Self.simulate(base, times: dayStarts, today: today, skipFirst: false, seed: seed)
        let missed = Self.simulate(base, times: dayStarts, today: today, skipFirst: true, seed: seed)
        predictedWithPlan = plan.score
        missedDayCost = max(0, plan.score - missed.score)
        days = zip(dayStarts, plan.counts).map { time, counts in
            Day(date: settings.studyDay(containing: time).start, reviews: Int(counts.reviews.rounded()),
                new: Int(counts.new.rounded()),
                minutes: Int(((counts.reviews + counts.new) * secondsPerAnswer / 60).rounded(.up)))
        }
        unseen = course.questions.filter { states[$0.id].map { $0.isNew } ?? true }.count
        daysLeft = exam.daysLeft(from: now, settings: settings)
        let daysLeft = Double(daysLeft)
        let introduceWithin = max(1, daysLeft - min(7, (daysLeft / 2).rounded(.down)))
        newPerDayNeeded = unseen == 0 ? 0 : Int((Double(unseen) / introduceWithin).rounded(.up))
        paceTooSlow = newPerDayNeeded > settings.newPerDay
    }

    /// One study time per study day until the exam: now, then the same time of day on each
    /// following day, while it is before the exam.
    static func studyTimes(from now: Date, until exam: Date, settings: StudySettings) -> [Date] {
        var times: [Date] = []
        var time = now
        while time < exam && times.count < 3660 {
            times.append(time)
            time = time.addingTimeInterval(86_400)
        }
        return times
    }

    private static func simulate(_ base: StudySimulation, times: [Date], today: TodayCounts, skipFirst: Bool,
                                 seed: UInt64) -> (score: Double, counts: [(reviews: Double, new: Double)]) {
        var totals = [(reviews: Double, new: Double)](repeating: (0, 0), count: times.count)
        var score = 0.0
        let guess = Dictionary(base.course.questions.map { ($0.id, $0.guessChance) }, uniquingKeysWith: { a, _ in a })
        for run in 0..<runs {
            var sim = base
            var rng = SeededGenerator(seed: seed &+ UInt64(run) &* 0x9E37_79B9)
            for (i, time) in times.enumerated() where !(skipFirst && i == 0) {
                // Within the plan, an answer is right with FSRS's recall (the answer was seen a
                // minute ago after a wrong one) or a guess; the figures' stricter rule applies
                // to the exam-day score below.
                let counts = sim.studyDay(from: time, todayBefore: i == 0 ? today : TodayCounts(introduced: 0, reviewed: 0)) { id, card, _, at in
                    let r = card.map { base.scheduler.recallProbability(of: $0, at: at) } ?? 0
                    let p = LearnerModel.withGuessing(r, guessChance: guess[id] ?? 0)
                    return Double.random(in: 0..<1, using: &rng) < p
                }
                totals[i].reviews += Double(counts.reviews) / Double(runs)
                totals[i].new += Double(counts.new) / Double(runs)
            }
            score += sim.readiness(at: base.exam?.date ?? times.last ?? Date()) / Double(runs)
        }
        return (score, totals)
    }
}
