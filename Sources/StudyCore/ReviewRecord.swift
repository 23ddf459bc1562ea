import Foundation

/// One answered question, as it goes into the append-only review log. Item state
/// (the FSRS memory) is a function of these records, replayed in time order.
public struct ReviewRecord: Sendable, Equatable, Codable, Identifiable {
    /// Globally unique (a UUID string), so logs from two machines merge without duplicates.
    public var id: String
    public var courseID: String
    public var questionID: String
    public var reviewedAt: Date
    public var rating: Rating
    /// Texts of the options shown, in the order shown.
    public var shown: [String]
    /// Texts of the options the learner chose.
    public var chosen: [String]
    public var correct: Bool
    public var responseMilliseconds: Int
    public var sessionID: String?
    /// False for cram answers: logged for statistics, but they do not move the schedule.
    public var affectsSchedule: Bool
    /// The probability the learner model gave, when the question was shown, that this
    /// answer would be right (guessing included); nil when none was recorded.
    public var predicted: Double?

    public init(id: String, courseID: String, questionID: String, reviewedAt: Date, rating: Rating,
                shown: [String], chosen: [String], correct: Bool, responseMilliseconds: Int,
                sessionID: String?, affectsSchedule: Bool = true, predicted: Double? = nil) {
        self.id = id
        self.courseID = courseID
        self.questionID = questionID
        self.reviewedAt = reviewedAt
        self.rating = rating
        self.shown = shown
        self.chosen = chosen
        self.correct = correct
        self.responseMilliseconds = responseMilliseconds
        self.sessionID = sessionID
        self.affectsSchedule = affectsSchedule
        self.predicted = predicted
    }
}
