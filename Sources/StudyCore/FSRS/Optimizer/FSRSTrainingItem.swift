/// One answer as the FSRS optimizer sees it: the rating, and how many study days passed
/// since the previous answer to the same question (0 = the same study day). The first
/// answer's `deltaT` is 0 and ignored: only its rating matters (it picks S0 and D0).
/// fsrs-rs calls this an `FSRSReview`.
public struct FSRSTrainingReview: Sendable, Equatable, Hashable, Codable {
    public var rating: Rating
    public var deltaT: Int

    public init(rating: Rating, deltaT: Int) {
        self.rating = rating
        self.deltaT = deltaT
    }
}

/// One prediction to learn from (fsrs-rs's `FSRSItem`): a question's answers up to and
/// including one answered on a later study day than the answer before it. The last
/// review is the *target*, whose outcome (recalled or not) the model must predict from
/// the reviews before it (the *history*) and the days since the last of them.
///
/// A question answered n times on n different days gives n − 1 items, each holding the
/// full prefix of its history: that is how fsrs-rs trains, and `FSRSTrainingItems`
/// builds them from primer's review log. The items of one question share one array of
/// its answers, each item the first so many of them: a copy per item was ten thousand
/// allocations for a learner with 14,000 answers, and as many scattered reference counts
/// touched each time the items were passed on (a few milliseconds of `primer optimize`).
public struct FSRSTrainingItem: Sendable, Equatable, Hashable, Codable {
    /// The question's answers, of which this item is the first `length`.
    private var answers: [FSRSTrainingReview]
    private var length: Int
    /// The study-day index of the target answer: orders items in time and lets the
    /// optimizer's split keep every answer of one day on the same side. 0 when unknown.
    public var targetDay: Int

    public init(reviews: [FSRSTrainingReview], targetDay: Int = 0) {
        answers = reviews
        length = reviews.count
        self.targetDay = targetDay
    }

    /// The item made of the first `length` of a question's `answers` (sharing the array).
    init(first length: Int, of answers: [FSRSTrainingReview], targetDay: Int) {
        precondition(length >= 0 && length <= answers.count)
        self.answers = answers
        self.length = length
        self.targetDay = targetDay
    }

    /// History first, target last; at least two reviews, and the target's `deltaT` > 0.
    /// Made into an array of its own when the item is a shorter prefix of its question's
    /// answers: the optimizer's own passes read `reviewSlice`, which never copies.
    public var reviews: [FSRSTrainingReview] {
        get { length == answers.count ? answers : Array(answers[..<length]) }
        set {
            answers = newValue
            length = newValue.count
        }
    }

    /// The reviews, history first and target last, as a view of the shared array (indices from 0).
    public var reviewSlice: ArraySlice<FSRSTrainingReview> { answers[..<length] }

    /// How many reviews: the history's and the target.
    public var reviewCount: Int { length }

    /// The first review (its rating picks the initial stability and difficulty).
    public var firstReview: FSRSTrainingReview { answers[0] }

    /// The answer to predict.
    public var target: FSRSTrainingReview { answers[length - 1] }

    /// The answers before the target, oldest first.
    public var history: ArraySlice<FSRSTrainingReview> { answers[..<max(0, length - 1)] }

    /// The label: Hard, Good and Easy count as recalled, Again as forgotten.
    public var recalled: Bool { target.rating != .again }

    /// Reviews on a later day than the one before them, target included (fsrs-rs
    /// `long_term_review_cnt`). 1 means the target is the question's first such review.
    public var longTermReviewCount: Int {
        var count = 0
        for review in reviewSlice where review.deltaT > 0 { count += 1 }
        return count
    }

    /// The first review on a later day than the one before it (fsrs-rs
    /// `first_long_term_review`): its `deltaT` is the question's first interval.
    public var firstLongTermReview: FSRSTrainingReview? {
        reviewSlice.first { $0.deltaT > 0 }
    }

    /// Why this item cannot be trained on or evaluated, or nil when it can. fsrs-rs
    /// rejects empty items and panics on items without a long-term review; Anki never
    /// passes items whose target is a same-day answer. primer refuses all three.
    public var defect: String? {
        if length < 2 { return "an item needs a history and a target (\(length) review(s))" }
        if target.deltaT <= 0 { return "the target is a same-day answer (deltaT \(target.deltaT))" }
        if reviewSlice.contains(where: { $0.deltaT < 0 }) { return "negative deltaT" }
        return nil
    }

    // Two items are equal when their reviews and target day are, however they are stored.
    public static func == (a: FSRSTrainingItem, b: FSRSTrainingItem) -> Bool {
        a.targetDay == b.targetDay && a.reviewSlice == b.reviewSlice
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(reviewSlice)
        hasher.combine(targetDay)
    }

    private enum CodingKeys: String, CodingKey { case reviews, targetDay }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(reviews: try c.decode([FSRSTrainingReview].self, forKey: .reviews),
                  targetDay: try c.decode(Int.self, forKey: .targetDay))
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(Array(reviewSlice), forKey: .reviews)
        try c.encode(targetDay, forKey: .targetDay)
    }
}
