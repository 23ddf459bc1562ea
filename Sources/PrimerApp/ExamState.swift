import Foundation
import StudyCore

/// A mock exam: no feedback until the end, flag and come back, a countdown.
public struct ExamState: Sendable, Equatable {
    public var exam: ExamSession
    public var selection: Set<Int> = []
    public var cursor = 0
    /// The learner pressed the submit key once: the next `y` submits.
    public var confirmingSubmit = false
    /// The latest clock reading (from key presses and ticks), for the countdown.
    public var now: Date
    public var scroll = 0
    /// Position in the review of wrong answers after the end (nil: the summary).
    public var reviewIndex: Int?
    public var title = "Mock exam"
    /// A preset may ask for feedback after each answer instead of only at the end.
    public var feedbackDuring = false
    /// The answer whose feedback is on screen (feedback during only).
    public var lastAnswer: AnswerOutcome?

    public init(exam: ExamSession, now: Date, title: String = "Mock exam", feedbackDuring: Bool = false) {
        self.exam = exam
        self.now = now
        self.title = title
        self.feedbackDuring = feedbackDuring
    }

    /// Default shape of a mock exam (issue: 20 questions, 20 minutes).
    public static let defaultQuestionCount = ExamSession.defaultQuestionCount
    public static let defaultMinutes = Int(ExamSession.defaultTimeLimit / 60)
}
