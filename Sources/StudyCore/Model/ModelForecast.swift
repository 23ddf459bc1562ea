import Foundation

/// The learner's standing at the horizon (the exam date, else a week ahead), as the
/// learner model predicts it. Every screen and command shows these, and only these:
///
/// - **Mastery** (of the course, a theme or a lesson): the share of its questions the
///   learner would recall unaided at the horizon, if they studied no more: the mean of
///   `LearnerModel.recall` there, 0 for questions never answered right. No guessing.
/// - **Exam readiness**: the predicted score of a mock exam at the horizon: the mean over
///   the exam's questions (the course's default preset, else every question) of
///   P(right) = R + (1 − R) · g, g the question's blind-guess chance.
/// - **Readiness range**: while the model knows little of this learner (fewer than
///   `rangeUntilAnswers` answers), the readiness if they forgot twice as fast or half as
///   fast as FSRS assumes for them (every stability halved, or doubled).
public struct ModelForecast: Sendable, Equatable {
    public static let rangeUntilAnswers = 100

    public var horizon: Date
    public var mastery: Double
    public var readiness: Double
    public var readinessRange: ClosedRange<Double>?
    /// Mastery by theme id and by lesson id.
    public var themeMastery: [String: Double]
    public var lessonMastery: [String: Double]

    /// - Parameters:
    ///   - examQuestions: the mock exam's questions; nil: every question of the course.
    ///   - answers: how many schedule-affecting answers the learner has given (decides the range).
    public init(course: Course, states: [String: CardMemory], recalled: Set<String>, scheduler: FSRSScheduler,
                horizon: Date, examQuestions: [Question]? = nil, answers: Int) {
        self.horizon = horizon
        func r(_ id: String, scale: Double = 1) -> Double {
            guard var card = states[id], recalled.contains(id) else { return 0 }
            if scale != 1, let s = card.stability { card.stability = s * scale }
            return scheduler.recallProbability(of: card, at: horizon)
        }
        var themeSums: [String: (sum: Double, count: Int)] = [:]
        var lessonSums: [String: (sum: Double, count: Int)] = [:]
        var total = 0.0
        for question in course.questions {
            let recall = r(question.id)
            total += recall
            themeSums[question.themeID, default: (0, 0)].sum += recall
            themeSums[question.themeID, default: (0, 0)].count += 1
            lessonSums[question.lessonID, default: (0, 0)].sum += recall
            lessonSums[question.lessonID, default: (0, 0)].count += 1
        }
        mastery = course.questions.isEmpty ? 0 : total / Double(course.questions.count)
        themeMastery = themeSums.mapValues { $0.count == 0 ? 0 : $0.sum / Double($0.count) }
        lessonMastery = lessonSums.mapValues { $0.count == 0 ? 0 : $0.sum / Double($0.count) }

        let exam = examQuestions ?? course.questions
        func readiness(scale: Double) -> Double {
            guard !exam.isEmpty else { return 0 }
            return exam.reduce(0.0) { $0 + LearnerModel.withGuessing(r($1.id, scale: scale), guessChance: $1.guessChance) }
                / Double(exam.count)
        }
        self.readiness = readiness(scale: 1)
        readinessRange = answers < Self.rangeUntilAnswers ? readiness(scale: 0.5)...readiness(scale: 2) : nil
    }
}
