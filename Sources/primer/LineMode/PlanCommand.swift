import ArgumentParser
import Foundation
import StudyCore
import StudyServices

/// `primer plan`: set, clear or show the learner's exam date in the course, and the plan to it.
struct PlanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "Set an exam date (and a target score), and see the day-by-day plan to it.",
        discussion: """
            While an exam date is set and ahead, Study today schedules for that day: reviews \
            are spaced longer early on, every question gets a last review close to the exam, \
            and the last week asks the weakest questions first. After the date, scheduling is \
            ordinary again. DATE is YYYY-MM-DD (09:00 local time), YYYY-MM-DDTHH:MM (local), \
            or a full time such as 2027-01-15T09:00:00Z.

            JSON fields: exam_date (ISO 8601, null when none is set or it has passed), target \
            (0-1 or null), days_left, predicted_score_with_plan (readiness on exam day if you \
            study every day as asked), predicted_score_if_stopped (with no more study), \
            missed_day_cost (what a day without study today costs), on_track (null without a \
            target), new_per_day_needed, pace_too_slow, new_in_unread_lessons (questions the \
            plan introduces whose lesson is not read yet: Study today offers a question once \
            its lesson is read), days (date, reviews, new, minutes).
            """)

    @OptionGroup var options: GlobalOptions

    @Option(name: .customLong("exam-date"), help: ArgumentHelp("Set the exam date.", valueName: "DATE"))
    var examDate: String?

    @Option(name: .long, help: ArgumentHelp("The score you aim for, in percent (1-100).", valueName: "PERCENT"))
    var target: Int?

    @Flag(name: .long, help: "Clear the exam date: ordinary scheduling.")
    var clear = false

    @Flag(name: .long, help: "Print JSON (fields are listed below).")
    var json = false

    func validate() throws {
        if let target, !(1...100).contains(target) { throw ValidationError("--target is a percentage from 1 to 100, not \(target)") }
        if clear && (examDate != nil || target != nil) { throw ValidationError("--clear cannot be combined with --exam-date or --target") }
    }

    func run() throws {
        // Only setting a date creates the learner; looking, clearing or a target alone need one
        // who exists (a mistyped name must not add a learner).
        let setup = try PlainSetup.open(options, readOnly: examDate == nil)
        let context = setup.context
        let now = Clock.now()
        if clear {
            try context.setExamPlan(nil)
            if !json { setup.output.line("Exam date cleared: Study today schedules as usual.") }
        } else if let examDate {
            guard let date = ExamDateText.parse(examDate, zone: context.settings.timeZone) else {
                throw PrimerError("--exam-date '\(examDate)' is not a date: use YYYY-MM-DD, YYYY-MM-DDTHH:MM or a full ISO 8601 time")
            }
            guard date > now else { throw PrimerError("--exam-date \(examDate) is not in the future") }
            try context.setExamPlan(ExamPlan(date: date, target: target.map { Double($0) / 100 }))
        } else if let target {
            guard let plan = context.examPlan else { throw PrimerError("--target needs an exam date: add --exam-date DATE") }
            try context.setExamPlan(ExamPlan(date: plan.date, target: Double(target) / 100))
        }
        let forecast = try context.planForecast(now: now)
        if json {
            try PlanReport.json(forecast, inUnreadLessons: context.newQuestionsInUnreadLessons, now: now, zone: context.settings.timeZone, output: setup.output)
        } else {
            PlanReport.text(forecast, context: context, now: now, output: setup.output)
        }
    }
}

/// Dates as `--exam-date` takes them.
enum ExamDateText {
    static func parse(_ text: String, zone: TimeZone) -> Date? {
        if let full = try? SystemClock.parseMoment(text, name: "--exam-date") { return full }
        let fields = text.split(whereSeparator: { $0 == "-" || $0 == "T" || $0 == ":" })
        let p = fields.compactMap { Int($0) }
        guard (p.count == 3 || p.count == 5), p.count == fields.count else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let components = DateComponents(year: p[0], month: p[1], day: p[2], hour: p.count == 5 ? p[3] : 9,
                                        minute: p.count == 5 ? p[4] : 0)
        guard (1970...9999).contains(p[0]), (1...12).contains(p[1]), (1...31).contains(p[2]),
              p.count == 3 || ((0...23).contains(p[3]) && (0...59).contains(p[4])),
              let date = calendar.date(from: components),
              calendar.component(.day, from: date) == p[2] else { return nil }
        return date
    }
}
