import Foundation
import StudyCore
import StudyServices

/// `primer plan`'s output, as text and as JSON.
enum PlanReport {
    static func text(_ forecast: PlanForecast?, context: StudyContext, now: Date, output: PlainOutput) {
        let zone = context.settings.timeZone
        guard let f = forecast else {
            if let passed = context.examPlan {
                output.line("Your exam on \(DayText.short(passed.date, zone: zone, from: now)) has passed: Study today schedules as usual.")
            } else {
                output.line("No exam date is set for \(clean(context.course.title)).")
            }
            output.line("Set one with: primer plan --exam-date YYYY-MM-DD [--target 85]")
            return
        }
        let left = f.daysLeft
        output.line("Exam on \(DayText.short(f.exam.date, zone: zone, from: now)) \(clock(f.exam.date, zone)), " + (left == 0 ? "today" : "in \(plural(left, "day"))")
                    + (f.exam.target.map { "; target \(percentText($0))" } ?? ""))
        var predicted = "Predicted score if you follow the plan: \(percentText(f.predictedWithPlan))"
        if let onTrack = f.onTrack, let target = f.exam.target {
            predicted += onTrack ? " (on track)" : " (\(Int(((target - f.predictedWithPlan) * 100).rounded(.up))) points short of the target)"
        }
        output.line(predicted)
        output.line("If you stopped studying today: \(percentText(f.predictedIfStopped))")
        if f.missedDayCost >= 0.005 {
            output.line("A day without study today would cost about \(Int((f.missedDayCost * 100).rounded())) point\(Int((f.missedDayCost * 100).rounded()) == 1 ? "" : "s").")
        }
        if f.paceTooSlow {
            output.wrapped("At \(context.settings.newPerDay) new questions a day, the last of the \(f.unseen) you have not met arrive "
                           + "too close to the exam to be reviewed; \(f.newPerDayNeeded) a day would leave time (Settings: new per day).")
        }
        let unread = context.newQuestionsInUnreadLessons
        if unread > 0 { output.wrapped(PlanWording.unreadLessons(unread)) }
        output.line()
        output.line("Day          reviews  new  minutes")
        for day in f.days {
            let date = DayText.short(day.date, zone: zone).padding(toLength: 12, withPad: " ", startingAt: 0)
            output.line(date + pad(day.reviews, 8) + pad(day.new, 5) + pad(day.minutes, 9))
        }
    }

    static func json(_ forecast: PlanForecast?, inUnreadLessons: Int, now: Date, zone: TimeZone, output: PlainOutput) throws {
        struct Day: Encodable { var date: String; var reviews: Int; var new: Int; var minutes: Int }
        struct Plan: Encodable {
            var examDate: String?
            var target: Double?
            var daysLeft: Int?
            var predictedWithPlan: Double?
            var predictedIfStopped: Double?
            var missedDayCost: Double?
            var onTrack: Bool?
            var newPerDayNeeded: Int?
            var paceTooSlow: Bool?
            var newInUnreadLessons: Int?
            var days: [Day]
            enum CodingKeys: String, CodingKey {
                case target, days
                case examDate = "exam_date", daysLeft = "days_left", predictedWithPlan = "predicted_score_with_plan"
                case predictedIfStopped = "predicted_score_if_stopped", missedDayCost = "missed_day_cost", onTrack = "on_track"
                case newPerDayNeeded = "new_per_day_needed", paceTooSlow = "pace_too_slow"
                case newInUnreadLessons = "new_in_unread_lessons"
            }
            func encode(to encoder: any Encoder) throws {
                var c = encoder.container(keyedBy: CodingKeys.self)
                try c.encode(examDate, forKey: .examDate)   // nulls kept: every key always present
                try c.encode(target, forKey: .target)
                try c.encode(daysLeft, forKey: .daysLeft)
                try c.encode(predictedWithPlan, forKey: .predictedWithPlan)
                try c.encode(predictedIfStopped, forKey: .predictedIfStopped)
                try c.encode(missedDayCost, forKey: .missedDayCost)
                try c.encode(onTrack, forKey: .onTrack)
                try c.encode(newPerDayNeeded, forKey: .newPerDayNeeded)
                try c.encode(paceTooSlow, forKey: .paceTooSlow)
                try c.encode(newInUnreadLessons, forKey: .newInUnreadLessons)
                try c.encode(days, forKey: .days)
            }
        }
        let r = { (x: Double) in (x * 10_000).rounded() / 10_000 }
        let plan = Plan(
            examDate: forecast.map { ISO8601DateFormatter().string(from: $0.exam.date) }, target: forecast?.exam.target,
            daysLeft: forecast?.daysLeft, predictedWithPlan: forecast.map { r($0.predictedWithPlan) },
            predictedIfStopped: forecast.map { r($0.predictedIfStopped) }, missedDayCost: forecast.map { r($0.missedDayCost) },
            onTrack: forecast?.onTrack, newPerDayNeeded: forecast?.newPerDayNeeded, paceTooSlow: forecast?.paceTooSlow,
            newInUnreadLessons: forecast.map { _ in inUnreadLessons },
            days: forecast?.days.map { Day(date: DayText.iso($0.date, zone: zone), reviews: $0.reviews, new: $0.new,
                                           minutes: $0.minutes) } ?? [])
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        output.line(String(decoding: try encoder.encode(plan), as: UTF8.self))
    }

    static func pad(_ n: Int, _ width: Int) -> String {
        let s = String(n)
        return String(repeating: " ", count: max(0, width - s.count)) + s
    }

    static func clock(_ date: Date, _ zone: TimeZone) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let c = calendar.dateComponents([.hour, .minute], from: date)
        return String(format: "%02d:%02d", c.hour ?? 0, c.minute ?? 0)
    }
}
