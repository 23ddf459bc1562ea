import Foundation
import StudyCore

/// A mock exam on screen: the paper (`exam`), which page of it is shown, and what the
/// learner is choosing on it.
public struct ExamState: Sendable, Equatable {
    public enum Page: Sendable, Equatable {
        /// The current question.
        case question
        /// Every question with its status (answered, flagged, blank); jump to any.
        case overview
        /// After the end: score, pass or fail, themes, time per question.
        case summary
        /// After the end: every answer, one question at a time (index into the items).
        case review(Int)
    }

    public var exam: ExamSession
    public var title: String
    /// A preset may ask for feedback after each answer instead of only at the end.
    public var feedbackDuring: Bool
    public var page: Page = .question
    /// The options ticked on the current question (its saved answer when revisited).
    public var selection: Set<Int> = []
    public var cursor = 0
    public var scroll = 0
    /// The row chosen on the overview.
    public var overviewCursor = 0
    /// The learner asked to hand in (or leave): the next key confirms or cancels.
    public var confirmingHandIn = false
    /// The latest clock reading (from key presses and ticks), for the countdown.
    public var now: Date
    /// The answer whose feedback is on screen (feedback during only).
    public var lastAnswer: AnswerOutcome?
    /// Started as `primer exam`: done with the summary, primer ends.
    public var quitsWhenDone = false

    public init(exam: ExamSession, now: Date, title: String = "Mock exam", feedbackDuring: Bool = false) {
        self.exam = exam
        self.now = now
        self.title = title
        self.feedbackDuring = feedbackDuring
    }

    /// Default shape of a mock exam: 20 questions, 20 minutes.
    public static let defaultQuestionCount = ExamSession.defaultQuestionCount

    /// Shows the current question with its saved answer ticked.
    mutating func showCurrent() {
        let chosen = exam.currentAnswer?.chosen ?? []
        selection = chosen
        cursor = chosen.min() ?? 0
        scroll = 0
        page = .question
    }
}
