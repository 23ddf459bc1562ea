import Foundation

/// A simulated learner whose memory follows FSRS-6 with known "true" weights, studying
/// with primer's scheduler (which knows only the weights it is configured with): the
/// review log it writes is what the optimizer should learn the true weights back from.
/// For tests and benchmarks; seeded, so the same config always gives the same log.
///
/// Question i is first answered on day i / newPerDay, in a session at 09:00–12:00 UTC
/// (away from a 04:00 rollover). After each answer the scheduler (fuzz from the seeded
/// generator) sets the due time: a learning step due the same day is answered at that
/// time plus up to a minute; otherwise the question is answered in the session of the
/// day it falls due, or at the due time itself if that is later. Answers stop at `days`.
///
/// Each answer is recalled with the true recall probability (FSRS-6 curve with the true
/// weights) after the study days since the previous answer, or, on the same day, after
/// the fraction of a day that passed. Forgotten gives Again; recalled gives Hard / Good /
/// Easy with `passRatingOdds`; the first answer's rating is drawn from `firstRatingOdds`.
/// The true memory then moves by FSRS-6 with the true weights, counting whole study days
/// as the optimizer does. With `cramShare` > 0, that share of answers is followed an hour
/// later by a cram answer (`affectsSchedule == false`), which must change nothing.
public enum FSRSLearnerSimulation {
    public struct Config: Sendable {
        public var trueParameters: FSRSParameters
        public var scheduler: SchedulerConfig
        public var questions: Int
        public var newPerDay: Int
        public var days: Int
        public var seed: UInt64
        public var firstRatingOdds: [Double]
        public var passRatingOdds: [Double]
        public var cramShare: Double
        /// Midnight UTC of day 0.
        public var start: Date

        public init(trueParameters: FSRSParameters, scheduler: SchedulerConfig = SchedulerConfig(),
                    questions: Int, newPerDay: Int, days: Int, seed: UInt64,
                    firstRatingOdds: [Double] = [0.25, 0.10, 0.55, 0.10], passRatingOdds: [Double] = [0.12, 0.78, 0.10],
                    cramShare: Double = 0, start: Date = Date(timeIntervalSince1970: 1_704_067_200)) {
            self.trueParameters = trueParameters
            self.scheduler = scheduler
            self.questions = questions
            self.newPerDay = newPerDay
            self.days = days
            self.seed = seed
            self.firstRatingOdds = firstRatingOdds
            self.passRatingOdds = passRatingOdds
            self.cramShare = cramShare
            self.start = start
        }
    }

    /// The rollover the simulated sessions are laid out around (04:00 UTC).
    public static let dayIndex = FSRSStudyDays.utc(rolloverHour: 4)

    /// The whole log, sorted by time then id.
    public static func run(_ config: Config) -> [ReviewRecord] {
        var rng = SeededGenerator(seed: config.seed)
        let scheduler = FSRSScheduler(config.scheduler)
        let truth = FSRSModel(parameters: config.trueParameters, desiredRetention: 0.9)
        let end = config.start.addingTimeInterval(Double(config.days) * 86400)
        var records: [ReviewRecord] = []
        for question in 0..<config.questions {
            let firstDay = question / max(config.newPerDay, 1)
            var at = session(day: firstDay, config: config, rng: &rng)
            var learner = Learner(truth: truth, config: config)
            var card = CardMemory.new(at: at)
            var answer = 0
            while at < end {
                let rating = learner.answer(at: at, rng: &rng)
                card = scheduler.review(card, rating: rating, at: at, fuzz: rng.nextUnit())
                records.append(record(question, answer, rating, at, schedules: true))
                if rng.nextUnit() < config.cramShare {
                    let cram = Rating.allCases[Int(rng.next() % 4)]
                    records.append(record(question, answer, cram, at.addingTimeInterval(3600), schedules: false))
                }
                answer += 1
                at = nextAnswer(after: at, due: card.due, config: config, rng: &rng)
            }
        }
        return records.sorted(by: FSRSScheduler.logOrder)
    }

    /// When the learner next answers a question due at `due`, last answered at `at`.
    private static func nextAnswer(after at: Date, due: Date, config: Config, rng: inout SeededGenerator) -> Date {
        if dayIndex(due) == dayIndex(at) { return due.addingTimeInterval(60 * rng.nextUnit()) }
        let day = dayIndex(due) - dayIndex(config.start.addingTimeInterval(12 * 3600))
        return max(due, session(day: day, config: config, rng: &rng))
    }

    /// A moment in day `day`'s session, 09:00–12:00 UTC.
    private static func session(day: Int, config: Config, rng: inout SeededGenerator) -> Date {
        config.start.addingTimeInterval(Double(day) * 86400 + 9 * 3600 + 3 * 3600 * rng.nextUnit())
    }

    private static func record(_ question: Int, _ answer: Int, _ rating: Rating, _ at: Date,
                               schedules: Bool) -> ReviewRecord {
        ReviewRecord(id: "sim-q\(question)-a\(answer)\(schedules ? "" : "-cram")", courseID: "simulated",
                     questionID: "q\(question)", reviewedAt: at, rating: rating, shown: [], chosen: [],
                     correct: rating != .again, responseMilliseconds: 4000, sessionID: nil,
                     affectsSchedule: schedules)
    }

    /// One question's true memory.
    private struct Learner {
        let truth: FSRSModel
        let config: Config
        var stability: Double?
        var difficulty = 0.0
        var last = Date.distantPast

        init(truth: FSRSModel, config: Config) {
            self.truth = truth
            self.config = config
        }

        mutating func answer(at: Date, rng: inout SeededGenerator) -> Rating {
            defer { last = at }
            guard let s = stability else {
                let rating = Self.draw(config.firstRatingOdds, from: [.again, .hard, .good, .easy], &rng)
                stability = truth.initialStability(rating)
                difficulty = truth.initialDifficulty(rating)
                return rating
            }
            let days = FSRSLearnerSimulation.dayIndex(at) - FSRSLearnerSimulation.dayIndex(last)
            let elapsed = days > 0 ? Double(days) : max(0, at.timeIntervalSince(last)) / 86400
            let recall = pow(1 + truth.factor * elapsed / s, truth.decay)
            let rating = rng.nextUnit() < recall
                ? Self.draw(config.passRatingOdds, from: [.hard, .good, .easy], &rng) : .again
            if days > 0 {
                stability = truth.longTermStability(s, difficulty, truth.retrievability(elapsedDays: days, stability: s), rating)
            } else {
                stability = truth.shortTermStability(s, rating)
            }
            difficulty = truth.nextDifficulty(difficulty, rating)
            return rating
        }

        private static func draw(_ odds: [Double], from ratings: [Rating], _ rng: inout SeededGenerator) -> Rating {
            var u = rng.nextUnit() * odds.reduce(0, +)
            for (rating, odd) in zip(ratings, odds) {
                if u < odd { return rating }
                u -= odd
            }
            return ratings[ratings.count - 1]
        }
    }
}
