import Foundation
import StudyCore

/// Figure 2: today's queue and per-theme progress for 100,000 items with 1,000,000 logged
/// reviews, from the item states and the store's running summary (what the app holds).
enum QueueBench {
    struct Dataset {
        var course: Course
        var log: DataGen.Log
        var replayed: ReplayedLog
        var readLessons: Set<String>
    }

    static func dataset() -> Dataset {
        let start = nowNanos()
        let course = DataGen.syntheticCourse(lessons: 1000, perLesson: 100)
        let ids = course.questions.map(\.id)
        let generated = DataGen.reviewLog(questionIDs: ids, seenItems: 80_000, totalReviews: 1_000_000, courseID: course.id)
        let scheduler = FSRSScheduler(DataGen.settings.schedulerConfig())
        let replayed = scheduler.replayLog(generated.records)
        // The learner has read the lessons of the items they have seen, and a few more.
        let readLessons = Set(course.lessons.prefix(820).map(\.id))
        log("generated 100,000 items, \(generated.records.count) reviews, \(replayed.states.count) item states in \(formatNanos(Double(nowNanos() - start)))")
        return Dataset(course: course, log: generated, replayed: replayed, readLessons: readLessons)
    }

    static func run(report: Report, data: Dataset) {
        let settings = DataGen.settings
        let scheduler = FSRSScheduler(settings.schedulerConfig())
        let now = DataGen.now
        let states = data.replayed.states
        let reviews = data.replayed.reviews

        // What the app does since the running summary (schema v4): the store hands over
        // today's counts and the summarised history (the retention window, the questions
        // ever recalled, the streak), so neither depends on the length of the log. They are
        // made once here from the replayed log; the store's queries for them are timed by
        // the startup and stats figures.
        let today = TodayCounts(reviews, day: settings.studyDay(containing: now))
        let history = ProgressHistory(reviews: reviews, settings: settings, now: now)
        // The app holds the item table (`StudyContext.items`), built once when the learner's
        // states are loaded and then updated answer by answer.
        let tableStart = nowNanos()
        let items = ItemTable(course: data.course, states: states, recalled: history.recalled)
        log("item table built once from the states: \(formatNanos(Double(nowNanos() - tableStart))); "
            + "\(history.retention.count) questions answered in the retention window, \(history.recalled.count) recalled")
        func queue() -> DailyQueue {
            DailyQueue(course: data.course, items: items, readLessons: data.readLessons, today: today,
                       settings: settings, scheduler: scheduler, now: now, lastShown: nil)
        }
        func progress() -> StudyProgress {
            StudyProgress(course: data.course, items: items, history: history, readLessons: data.readLessons,
                          settings: settings, scheduler: scheduler, now: now)
        }
        // The same figures from the dictionaries, as before the table: they must agree.
        let fromStates = DailyQueue(course: data.course, states: states, readLessons: data.readLessons, today: today,
                                    settings: settings, scheduler: scheduler, now: now, lastShown: nil)
        let progressFromStates = StudyProgress(course: data.course, states: states, history: history,
                                               readLessons: data.readLessons, settings: settings, scheduler: scheduler, now: now)
        precondition(fromStates == queue() && progressFromStates == progress(), "the table and the dictionaries disagree")
        let byDictionary = measure(runs: 15) { blackHole(DailyQueue(course: data.course, states: states, readLessons: data.readLessons,
                                                                  today: today, settings: settings, scheduler: scheduler, now: now,
                                                                  lastShown: nil)) }
        log("DailyQueue from the dictionaries (table built inside, as every call did before): \(byDictionary.summary)")
        let forecast = measure(runs: 15) {
            blackHole(ModelForecast(course: data.course, items: items, scheduler: scheduler,
                                    horizon: now.addingTimeInterval(7 * 86_400), answers: reviews.count))
        }
        log("ModelForecast (Home's mastery and readiness) from the table: \(forecast.summary)")
        // The path before the summary, for comparison: both from the whole replayed log.
        let fromLog = measure(runs: 5) {
            blackHole(DailyQueue(course: data.course, states: states, readLessons: data.readLessons, todayReviews: reviews,
                                 settings: settings, scheduler: scheduler, now: now, lastShown: nil))
            blackHole(StudyProgress(course: data.course, states: states, reviews: reviews, readLessons: data.readLessons,
                                    settings: settings, scheduler: scheduler, now: now))
        }
        log("queue + progress from the whole replayed log (before the running summary): \(fromLog.summary)")
        let q = queue(), p = progress()
        log("queue: \(q.entries.count) entries (\(q.entries.filter { $0.reason == .learning }.count) learning, \(q.entries.filter { $0.reason == .due }.count) due, \(q.entries.filter { $0.reason == .new }.count) new); progress: seen \(p.overall.seen)/\(p.overall.total), due today \(p.overall.dueToday), mastery \(String(format: "%.3f", p.overall.mastery)), streak \(p.streakDays)")

        let queueOnly = measure(runs: 15) { blackHole(queue()) }
        let progressOnly = measure(runs: 15) { blackHole(progress()) }
        let both = measure(runs: 15) { blackHole(queue()); blackHole(progress()) }
        log("DailyQueue alone: \(queueOnly.summary)")
        log("StudyProgress alone: \(progressOnly.summary)")
        log("both: \(both.summary)")
        report.add(Figure(name: "Queue + progress, 100k items / 1M reviews", value: both.median, reference: nil,
                          comparison: .below(20_000_000),
                          note: "queue \(formatNanos(queueOnly.median)) + progress \(formatNanos(progressOnly.median)); median of 15"))
    }
}
