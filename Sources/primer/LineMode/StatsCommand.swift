import ArgumentParser
import Foundation
import LearnerStore
import StudyCore
import StudyServices

/// `primer stats [--json]`: the learner's statistics as text or JSON.
struct StatsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stats",
        abstract: "Show study statistics as text, or as JSON with --json.",
        discussion: """
            JSON fields (keys sorted; fractions are numbers from 0 to 1):
              course          the course id
              learner         the learner's name
              reviews_total   answers logged for the course (study, quiz, exam, cram)
              due_now         questions already met that Study today asks now: learning
                              steps that are over, and reviews due today within the
                              daily review limit
              due_later_today learning steps that come due later in this study day
              due_today       everything due before the study day ends: due_now,
                              due_later_today, and reviews beyond the daily limit
              new_available   new questions Study today offers now (from read
                              lessons, within the daily limit)
              streak_days     consecutive study days with an answer, up to today
              horizon         the day mastery and exam_readiness are about: the exam
                              date when one is set and ahead, else a week from now
                              (ISO 8601)
              mastery         share of the course the learner would recall unaided
                              at the horizon with no more study: mean FSRS recall
                              then, 0 for questions never answered right
              retention       share of answers right, over the last 30 days, among
                              answers to questions past their learning steps (FSRS
                              review state); null if none
              lessons_read    lessons marked read (lessons_total: all lessons)
              exam_readiness  predicted score of a mock exam of every question at
                              the horizon: mean of R + (1 - R) * g, g the question's
                              blind-guess chance
              exam_readiness_range  [low, high] while primer has fewer than 100
                              answers from the learner: the readiness if they forgot
                              twice as fast or half as fast (null after)
              calibration     each answer's recorded prediction against its outcome:
                              answers, log_loss, rmse_bins (null with no answers),
                              bins (lower, mean_predicted, observed, count; tenths)
              forecast        30 ints: questions due on each of the next 30 days,
                              [0] being today (equal to due_today)
              themes          per theme, in course order: id, title, mastery (at
                              the horizon), retention, seen (answered at least
                              once), total, due_today
              exams           ended mock exams, oldest first: date (ISO 8601, when it
                              ended), outcome (submitted, time-up or abandoned),
                              questions (set), answered, correct, score (right
                              answers over questions set; null when abandoned)
            """)

    @OptionGroup var options: GlobalOptions

    @Flag(name: .long, help: "Print JSON (fields are listed below).")
    var json = false

    func run() throws {
        do {
            let setup = try PlainSetup.open(options, readOnly: true)
            let stats = try Self.collect(setup.context, now: Clock.now(), exact: !json)
            if json {
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
                let data = try encoder.encode(stats)
                setup.output.line(String(decoding: data, as: UTF8.self))
            } else {
                Self.printText(stats, setup.output)
            }
        }
    }

    struct Stats: Encodable {
        struct ThemeStats: Encodable {
            var id: String
            var title: String
            var mastery: Double
            var retention: Double?
            var seen: Int
            var total: Int
            var dueToday: Int

            enum CodingKeys: String, CodingKey {
                case id, title, mastery, retention, seen, total
                case dueToday = "due_today"
            }
            func encode(to encoder: any Encoder) throws {
                var c = encoder.container(keyedBy: CodingKeys.self)
                try c.encode(id, forKey: .id)
                try c.encode(title, forKey: .title)
                try c.encode(mastery, forKey: .mastery)
                try c.encode(retention, forKey: .retention)   // null when none
                try c.encode(seen, forKey: .seen)
                try c.encode(total, forKey: .total)
                try c.encode(dueToday, forKey: .dueToday)
            }
        }
        struct ExamStats: Encodable {
            var date: String
            var outcome: String?
            var questions: Int?
            var answered: Int
            var correct: Int
            var score: Double?

            enum CodingKeys: String, CodingKey { case date, outcome, questions, answered, correct, score }
            func encode(to encoder: any Encoder) throws {
                var c = encoder.container(keyedBy: CodingKeys.self)
                try c.encode(date, forKey: .date)
                try c.encode(outcome, forKey: .outcome)         // null for exams from before outcomes were kept
                try c.encode(questions, forKey: .questions)
                try c.encode(answered, forKey: .answered)
                try c.encode(correct, forKey: .correct)
                try c.encode(score, forKey: .score)             // null when abandoned
            }
        }

        var course: String
        var learner: String
        var reviewsTotal: Int
        var dueNow: Int
        var dueLaterToday: Int
        var dueToday: Int
        var newAvailable: Int
        var streakDays: Int
        var mastery: Double
        var retention: Double?
        var lessonsRead: Int
        var lessonsTotal: Int
        var examReadiness: Double
        var examReadinessRange: [Double]?
        var horizon: String
        var calibration: CalibrationStats
        var forecast: [Int]
        var themes: [ThemeStats]
        var exams: [ExamStats]
        /// For the text form only.
        var calibrationSentence: String

        struct CalibrationStats: Encodable {
            struct Bin: Encodable {
                var lower: Double
                var meanPredicted: Double
                var observed: Double
                var count: Int
                enum CodingKeys: String, CodingKey { case lower, count, meanPredicted = "mean_predicted", observed }
            }
            var answers: Int
            var logLoss: Double?
            var rmseBins: Double?
            var bins: [Bin]
            enum CodingKeys: String, CodingKey { case answers, bins, logLoss = "log_loss", rmseBins = "rmse_bins" }
            func encode(to encoder: any Encoder) throws {
                var c = encoder.container(keyedBy: CodingKeys.self)
                try c.encode(answers, forKey: .answers)
                try c.encode(logLoss, forKey: .logLoss)     // null with no answers
                try c.encode(rmseBins, forKey: .rmseBins)
                try c.encode(bins, forKey: .bins)
            }
        }

        enum CodingKeys: String, CodingKey {
            case course, learner, mastery, retention, forecast, themes, exams
            case reviewsTotal = "reviews_total", dueToday = "due_today", newAvailable = "new_available"
            case dueNow = "due_now", dueLaterToday = "due_later_today"
            case streakDays = "streak_days", lessonsRead = "lessons_read", lessonsTotal = "lessons_total"
            case examReadiness = "exam_readiness", examReadinessRange = "exam_readiness_range", horizon, calibration
        }
        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(course, forKey: .course)
            try c.encode(learner, forKey: .learner)
            try c.encode(reviewsTotal, forKey: .reviewsTotal)
            try c.encode(dueNow, forKey: .dueNow)
            try c.encode(dueLaterToday, forKey: .dueLaterToday)
            try c.encode(dueToday, forKey: .dueToday)
            try c.encode(newAvailable, forKey: .newAvailable)
            try c.encode(streakDays, forKey: .streakDays)
            try c.encode(mastery, forKey: .mastery)
            try c.encode(retention, forKey: .retention)   // null when none
            try c.encode(lessonsRead, forKey: .lessonsRead)
            try c.encode(lessonsTotal, forKey: .lessonsTotal)
            try c.encode(examReadiness, forKey: .examReadiness)
            try c.encode(examReadinessRange, forKey: .examReadinessRange)   // null once the model knows the learner
            try c.encode(horizon, forKey: .horizon)
            try c.encode(calibration, forKey: .calibration)
            try c.encode(forecast, forKey: .forecast)
            try c.encode(themes, forKey: .themes)
            try c.encode(exams, forKey: .exams)
        }
    }

    /// The figures, to four decimals for JSON (stable text) or exact for the text output,
    /// which rounds each to a percent once, as Home does (15.496% rounded first to 0.155
    /// printed 16% where Home said 15%).
    static func collect(_ context: StudyContext, now: Date, exact: Bool = false) throws -> Stats {
        let places: (Double) -> Double = exact ? { value in value } : { value in Self.round4(value) }
        let summary = try context.summary(now: now)
        let calibration = try context.calibration()
        let themes = summary.themes.map { t in
            Stats.ThemeStats(id: t.id, title: t.title, mastery: places(t.mastery), retention: t.retention.map(places),
                             seen: t.seen, total: t.total, dueToday: t.dueToday)
        }
        let formatter = ISO8601DateFormatter()
        let exams = try context.store.sessions(learner: context.learnerID, kind: .exam, course: context.course.id)
            .compactMap { s -> Stats.ExamStats? in
                guard let finished = s.finishedAt else { return nil }
                return Stats.ExamStats(date: formatter.string(from: finished), outcome: s.outcome?.rawValue,
                                       questions: s.questionCount, answered: s.answered, correct: s.correct,
                                       score: s.isScoredExam ? s.score.map(places) : nil)
            }
        return Stats(
            course: context.course.id, learner: context.learnerName, reviewsTotal: summary.reviewsTotal,
            dueNow: summary.dueNow, dueLaterToday: summary.laterToday, dueToday: summary.dueToday, newAvailable: summary.newAvailable, streakDays: summary.streakDays,
            mastery: places(summary.mastery), retention: summary.retention.map(places),
            lessonsRead: summary.lessonsRead, lessonsTotal: summary.lessonsTotal,
            examReadiness: places(summary.examReadiness),
            examReadinessRange: summary.examReadinessRange.map { [places($0.lowerBound), places($0.upperBound)] },
            horizon: formatter.string(from: summary.horizon),
            calibration: .init(answers: calibration.answers, logLoss: calibration.logLoss.map(places),
                               rmseBins: calibration.rmseBins.map(places),
                               bins: calibration.bins.map { .init(lower: $0.lower, meanPredicted: places($0.meanPredicted),
                                                                  observed: places($0.observed), count: $0.count) }),
            forecast: summary.forecast, themes: themes, exams: exams, calibrationSentence: calibration.sentence)
    }

    /// Four decimals: enough for percentages, and stable text.
    static func round4(_ x: Double) -> Double { (x * 10_000).rounded() / 10_000 }

    static func printText(_ s: Stats, _ output: PlainOutput) {
        output.line("Statistics for \(clean(s.learner)), course \(clean(s.course))")
        output.line("Reviews: \(s.reviewsTotal) in all; streak \(plural(s.streakDays, "day"))")
        output.line("Today: \(s.dueNow) due now, \(s.dueLaterToday) later today, \(s.newAvailable) new available")
        let day = String(s.horizon.prefix(10))
        output.line("Mastery on \(day): \(percent(s.mastery)) (what you would recall unaided then, with no more study)")
        output.line("Exam readiness on \(day): \(percent(s.examReadiness))"
                    // As Home: a range that rounds to one figure says nothing (the JSON keeps it).
                    + (s.examReadinessRange.flatMap { percent($0[0]) == percent($0[1]) ? nil : $0 }
                        .map { ", likely \(percent($0[0]))–\(percent($0[1])) while primer learns how you forget" } ?? "")
                    + " (your predicted score then, guesses included)")
        output.line("Retention (30 days, questions past their learning steps): \(s.retention.map(percent) ?? "none yet")")
        output.wrapped(s.calibrationSentence, prefix: "", indent: "")
        output.line("Lessons read: \(s.lessonsRead) of \(s.lessonsTotal)")
        output.line()
        output.line("Due over the next 30 days (today first):")
        output.line("  " + s.forecast.map(String.init).joined(separator: " "))
        output.line()
        output.line("By theme (mastery on \(String(s.horizon.prefix(10))), seen of total, due today):")
        for t in s.themes {
            output.wrapped("\(clean(t.title)): \(percent(t.mastery)), \(t.seen) of \(t.total) seen, \(t.dueToday) due",
                           prefix: "  ", indent: "    ")
        }
        if !s.exams.isEmpty {
            output.line()
            output.line("Mock exams:")
            for e in s.exams {
                guard let score = e.score else {
                    output.line("  \(e.date): abandoned (not scored), \(e.answered) answered")
                    continue
                }
                output.line("  \(e.date): \(percent(score)) (\(e.correct) of \(e.questions ?? e.answered) right)")
            }
        }
    }
}
