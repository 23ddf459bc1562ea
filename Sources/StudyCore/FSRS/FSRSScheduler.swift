import Foundation

/// FSRS-6 exactly as py-fsrs 6.3.2 behaves (see the oracle's SPEC.md): given an item's
/// memory and a rating, the item's next memory and due date. A value type with every
/// weight-derived constant precomputed, so one review step is a handful of `pow` calls.
public struct FSRSScheduler: Sendable, Equatable {
    public let config: SchedulerConfig
    let model: FSRSModel

    public init(_ config: SchedulerConfig) {
        self.config = config
        self.model = FSRSModel(parameters: config.parameters, desiredRetention: config.desiredRetention)
    }

    /// The card after one review rated `rating` at `now`; the input is not changed.
    ///
    /// `fuzz` is the uniform draw u ∈ [0, 1) that spreads a Review interval when
    /// `config.enableFuzzing` is on; nil means no fuzz. The scheduler never draws hidden
    /// randomness itself, so the same inputs always give the same card (the app passes
    /// `FSRSScheduler.fuzzUnit(forReviewID:)`, which `replay` reproduces).
    public func review(_ card: CardMemory, rating: Rating, at now: Date, fuzz: Double? = nil) -> CardMemory {
        var next = card
        updateMemory(&next, from: card, rating: rating, at: now)
        let wait = advanceState(&next, rating: rating)
        switch wait {
        case .seconds(let seconds):
            next.due = now.addingTimeInterval(seconds)
        case .days(var days):
            if config.enableFuzzing, let u = fuzz {
                days = Self.fuzzedInterval(days: days, maximumInterval: config.maximumInterval, u: u)
            }
            next.due = now.addingTimeInterval(Double(days) * 86400)
        }
        next.lastReview = now
        return next
    }

    /// `review` with the fuzz draw taken from `rng` (used only when fuzzing applies,
    /// but always drawn, so a seeded run stays in step whatever the ratings were).
    public func review<R: RandomNumberGenerator>(_ card: CardMemory, rating: Rating, at now: Date,
                                                 using rng: inout R) -> CardMemory {
        let u = Double.random(in: 0..<1, using: &rng)
        return review(card, rating: rating, at: now, fuzz: u)
    }

    /// Predicted probability of recall at `now` (SPEC §3); 0 for a card never reviewed.
    /// Constant within each 24-hour block after the last review.
    public func retrievability(of card: CardMemory, at now: Date) -> Double {
        guard let last = card.lastReview, let s = card.stability else { return 0 }
        return model.retrievability(elapsedDays: FSRSModel.elapsedDays(from: last, to: now), stability: s)
    }

    /// Predicted probability of recall at `now` on the forgetting curve, with the time
    /// since the last review in fractional days (the curve the learner model reads; the
    /// scheduler's own `retrievability` counts whole days, as py-fsrs does). 0 for a card
    /// never reviewed.
    public func recallProbability(of card: CardMemory, at now: Date) -> Double {
        guard let last = card.lastReview, let s = card.stability, s > 0 else { return 0 }
        let days = max(0, now.timeIntervalSince(last) / 86_400)
        let r = pow(1 + (model.factor * days) / s, model.decay)
        return r.isFinite ? min(1, max(0, r)) : 0
    }

    /// Days after a review until recall falls to `r` on the forgetting curve of stability `s`
    /// (fractional; the inverse of `recallProbability`).
    public func daysUntilRecall(fallsTo r: Double, stability s: Double) -> Double {
        guard s > 0, r > 0, r < 1 else { return 0 }
        return s / model.factor * (pow(r, 1 / model.decay) - 1)
    }

    /// The FSRS interval in whole days for stability `s` at the configured retention (SPEC §5).
    public func nextIntervalDays(stability: Double) -> Int {
        model.intervalDays(stability: stability, maximum: config.maximumInterval)
    }

    // MARK: - Steps of one review

    /// SPEC §4.7: initial values on a first review, short-term within a day, else long-term.
    /// Stability uses the old difficulty, so it is computed first.
    private func updateMemory(_ next: inout CardMemory, from card: CardMemory, rating: Rating, at now: Date) {
        guard let s = card.stability, let d = card.difficulty else {
            next.stability = model.initialStability(rating)
            next.difficulty = model.initialDifficulty(rating)
            return
        }
        if let last = card.lastReview, FSRSModel.elapsedDays(from: last, to: now) < 1 {
            next.stability = model.shortTermStability(s, rating)
        } else {
            next.stability = model.longTermStability(s, d, retrievability(of: card, at: now), rating)
        }
        next.difficulty = model.nextDifficulty(d, rating)
    }

    private enum Wait { case seconds(TimeInterval), days(Int) }

    /// SPEC §6: moves the card between Learning, Review and Relearning and says how long
    /// it waits. Needs the card's new stability (graduation intervals come from it).
    private func advanceState(_ next: inout CardMemory, rating: Rating) -> Wait {
        switch next.state {
        case .learning, .relearning:
            let steps = next.state == .learning ? config.learningSteps : config.relearningSteps
            let step = max(0, next.step ?? 0)  // a corrupt negative step must not index out of range
            if steps.isEmpty || (step >= steps.count && rating != .again) { return graduate(&next) }
            switch rating {
            case .again:
                next.step = 0
                return .seconds(steps[0])
            case .hard:
                next.step = step
                if step == 0 { return .seconds(steps.count == 1 ? steps[0] * 1.5 : (steps[0] + steps[1]) / 2) }
                return .seconds(steps[step])
            case .good:
                if step + 1 == steps.count { return graduate(&next) }
                next.step = step + 1
                return .seconds(steps[step + 1])
            case .easy:
                return graduate(&next)
            }
        case .review:
            if rating == .again, let first = config.relearningSteps.first {
                next.state = .relearning
                next.step = 0
                return .seconds(first)
            }
            return graduate(&next)
        }
    }

    /// Into Review, waiting the FSRS interval of the card's (new) stability.
    private func graduate(_ card: inout CardMemory) -> Wait {
        card.state = .review
        card.step = nil
        return .days(nextIntervalDays(stability: card.stability ?? FSRSModel.minimumStability))
    }
}
