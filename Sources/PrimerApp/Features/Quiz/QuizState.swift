import Foundation
import StudyCore

/// A run of questions with feedback after each: a lesson's quiz, practice, or cram.
public struct QuizState: Sendable, Equatable {
    public var title: String
    public var session: QuizSession
    /// How answers are saved: practice feeds the schedule, cram only logs.
    public var kind: Effect.AnswerKind
    /// Scroll of the question or feedback text when it is taller than the screen.
    public var scroll = 0
    /// The learner's "I guessed" / "too easy" mark on the answer being shown.
    public var override: AnswerOverride?
    /// Set once the answer on screen is durably saved.
    public var receipt: SaveReceipt?
    /// What the last mark key did, or why it did nothing.
    public var note: String?
    /// Whether answers were given that a session record still has to close.
    public var sessionOpen = false
    /// On the summary: the missed question selected, and the one whose explanation is open.
    public var missedCursor = 0
    public var reviewing: Int?

    public init(title: String, session: QuizSession, kind: Effect.AnswerKind) {
        self.title = title
        self.session = session
        self.kind = kind
    }

    /// Indices (into `session.outcomes`) of the answers that were wrong.
    public var missed: [Int] { session.outcomes.indices.filter { !session.outcomes[$0].correct } }

    /// On the summary: opens the explanation of missed answer `index`, selected and from its top.
    mutating func openMissed(_ index: Int) {
        reviewing = index
        missedCursor = index
        scroll = 0
    }
}
