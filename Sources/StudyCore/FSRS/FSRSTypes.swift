import Foundation

/// The learner's verdict on one review, as FSRS numbers it.
public enum Rating: Int, Sendable, Codable, CaseIterable, Comparable {
    case again = 1, hard = 2, good = 3, easy = 4
    public static func < (a: Rating, b: Rating) -> Bool { a.rawValue < b.rawValue }
}

/// FSRS has no "new" state: a brand-new card is Learning, step 0, without S or D.
public enum CardState: Int, Sendable, Codable, CaseIterable {
    case learning = 1, review = 2, relearning = 3
}

/// The memory state of one item for one learner: everything the scheduler needs.
public struct CardMemory: Sendable, Equatable, Codable {
    public var state: CardState
    /// The learning or relearning step the card waits in; nil in Review.
    public var step: Int?
    public var stability: Double?
    public var difficulty: Double?
    public var due: Date
    public var lastReview: Date?

    public init(state: CardState, step: Int?, stability: Double?, difficulty: Double?, due: Date, lastReview: Date?) {
        self.state = state
        self.step = step
        self.stability = stability
        self.difficulty = difficulty
        self.due = due
        self.lastReview = lastReview
    }

    /// A card never reviewed, due at `created`.
    public static func new(at created: Date) -> CardMemory {
        CardMemory(state: .learning, step: 0, stability: nil, difficulty: nil, due: created, lastReview: nil)
    }

    public var isNew: Bool { lastReview == nil }
}
