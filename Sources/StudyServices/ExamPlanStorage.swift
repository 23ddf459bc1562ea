import Foundation
import LearnerStore
import StudyCore

/// The exam date and target are learner settings, per course: `exam_date.<course>` holds
/// the moment (ISO 8601, milliseconds, UTC) and `exam_target.<course>` the score aimed for
/// in whole percent. A value primer cannot read is treated as no exam (ordinary scheduling).
enum ExamPlanStorage {
    static func dateKey(_ course: String) -> String { "exam_date.\(course)" }
    static func targetKey(_ course: String) -> String { "exam_target.\(course)" }

    static func plan(from values: [String: String], course: String) -> ExamPlan? {
        guard let text = values[dateKey(course)], let date = ISO8601Moment.parse(text) else { return nil }
        let target = values[targetKey(course)].flatMap(Int.init).flatMap { (1...100).contains($0) ? Double($0) / 100 : nil }
        return ExamPlan(date: date, target: target)
    }
}

extension StudyContext {
    /// Sets the learner's exam in this course (nil clears it: ordinary scheduling).
    public func setExamPlan(_ plan: ExamPlan?) throws {
        let course = self.course.id
        try store.setSetting(learner: learnerID, key: ExamPlanStorage.dateKey(course),
                             value: plan.map { ISO8601Moment.string($0.date) })
        try store.setSetting(learner: learnerID, key: ExamPlanStorage.targetKey(course),
                             value: plan?.target.map { String(Int(($0 * 100).rounded())) })
        examPlan = plan
    }

    /// The exam while it is ahead of `now`; nil once it has passed (or when none is set).
    public func examAhead(now: Date) -> ExamPlan? {
        examPlan.flatMap { $0.isAhead(of: now) ? $0 : nil }
    }

    /// The plan to the exam (see `PlanForecast`), or nil with no exam ahead.
    public func planForecast(now: Date) throws -> PlanForecast? {
        guard let exam = examAhead(now: now) else { return nil }
        let day = settings.studyDay(containing: now)
        let recent = try store.responseTimes(learner: learnerID, course: course.id, last: 200)
        return PlanForecast(course: course, states: states, recalled: try recalledQuestions(),
                            today: try store.todayCounts(learner: learnerID, course: course.id, day: day),
                            settings: settings, scheduler: scheduler, now: now, exam: exam,
                            secondsPerAnswer: Self.typicalSeconds(recent))
    }

    /// The learner's median answer time in seconds over their recent answers (20 before
    /// they have answered ten).
    static func typicalSeconds(_ milliseconds: [Int]) -> Double {
        let usable = milliseconds.filter { $0 > 0 && $0 < 600_000 }.sorted()
        guard usable.count >= 10 else { return 20 }
        return Double(usable[usable.count / 2]) / 1000
    }
}
