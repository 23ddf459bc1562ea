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
/// builds them from primer's review log.
public struct FSRSTrainingItem: Sendable, Equatable, Hashable, Codable {
    /// History first, target last; at least two reviews, and the target's `deltaT` > 0.
    public var reviews: [FSRSTrainingReview]
    /// The study-day index of the target answer: orders items in time and lets the
    /// optimizer's split keep every answer of one day on the same side. 0 when unknown.
    public var targetDay: Int

    public init(reviews: [FSRSTrainingReview], targetDay: Int = 0) {
        self.reviews = reviews
        self.targetDay = targetDay
    }

    /// The answer to predict.
    public var target: FSRSTrainingReview { reviews[reviews.count - 1] }

    /// The answers before the target, oldest first.
    public var history: ArraySlice<FSRSTrainingReview> { reviews.dropLast() }

    /// The label: Hard, Good and Easy count as recalled, Again as forgotten.
    public var recalled: Bool { target.rating != .again }

    /// Reviews on a later day than the one before them, target included (fsrs-rs
    /// `long_term_review_cnt`). 1 means the target is the question's first such review.
    public var longTermReviewCount: Int {
        var count = 0
        for review in reviews where review.deltaT > 0 { count += 1 }
        return count
    }

    /// The first review on a later day than the one before it (fsrs-rs
    /// `first_long_term_review`): its `deltaT` is the question's first interval.
    public var firstLongTermReview: FSRSTrainingReview? {
        reviews.first { $0.deltaT > 0 }
    }

    /// Why this item cannot be trained on or evaluated, or nil when it can. fsrs-rs
    /// rejects empty items and panics on items without a long-term review; Anki never
    /// passes items whose target is a same-day answer. primer refuses all three.
    public var defect: String? {
        if reviews.count < 2 { return "an item needs a history and a target (\(reviews.count) review(s))" }
        if target.deltaT <= 0 { return "the target is a same-day answer (deltaT \(target.deltaT))" }
        if reviews.contains(where: { $0.deltaT < 0 }) { return "negative deltaT" }
        return nil
    }
}
