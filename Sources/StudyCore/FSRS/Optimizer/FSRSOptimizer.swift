/// Fits FSRS-6's 21 weights to a learner's reviews: a port of fsrs-rs 6.6's
/// `compute_parameters`, the optimizer Anki uses.
///
/// 1. Outlier filter (`FSRSOutlierFilter`).
/// 2. Minimum-data rules (`FSRSFitLevel`).
/// 3. Pretraining of w0–w3 from first long-term reviews (`FSRSInitialStability`).
/// 4. Gradient training of all weights from there: Adam with cosine-annealed rate over
///    batches of items, recent items weighted up, an L2 pull toward the starting weights,
///    and every weight clipped to its range after each step (`train`).
/// 5. w0–w3 made monotone and re-filled (`FSRSInitialStability.smoothAndFill`).
///
/// Deterministic: the same items, initial weights and config give the same weights.
public enum FSRSOptimizer {
    /// Fitted weights for `items`, which must be in the time order of their targets (as
    /// `FSRSTrainingItems.from` returns them): recency weighting relies on it.
    ///
    /// `initial` supplies w4–w20's starting point and L2 anchor, and is returned as is
    /// when the data is too thin; with the default it is exactly fsrs-rs's behaviour.
    public static func fit(items: [FSRSTrainingItem], initial: FSRSParameters = .default,
                           config: FSRSOptimizerConfig = FSRSOptimizerConfig()) throws(FSRSOptimizerError) -> FSRSFitResult {
        try validate(items, config)
        let plan = Plan(items)
        var result = FSRSFitResult(parameters: initial, level: plan.level, itemCount: items.count,
                                   filteredItemCount: plan.filter.trainItems.count,
                                   pretrainItemCount: plan.filter.pretrainItems.count, trainedItemCount: 0, steps: 0)
        guard let pretrained = plan.pretrained else { return result }
        var start = pretrained.stability + initial.values[4...]
        guard plan.level == .full else {
            result.parameters = try parameters(start, "initial stability")
            return result
        }
        if !config.trainShortTerm { start[17] = 0; start[18] = 0; start[19] = 0 }
        let trained = train(plan.filter.trainItems, from: start, config: config)
        guard trained.weights.allSatisfy(\.isFinite) else { throw .nonFinite("a trained weight") }
        let s0 = FSRSInitialStability.smoothAndFill(trained.weights[0..<4].map { $0 }, counts: pretrained.ratingCounts)
        // Non-nil: pretraining succeeded with the same counts.
        var weights = trained.weights
        weights.replaceSubrange(0..<4, with: s0 ?? pretrained.stability)
        result.parameters = try parameters(weights, "trained weights")
        result.trainedItemCount = trained.itemCount
        result.steps = trained.steps
        return result
    }

    /// What `fit` would do with `items` (which rules the data meets), without training.
    public static func level(for items: [FSRSTrainingItem]) -> FSRSFitLevel {
        Plan(items.filter { $0.defect == nil }).level
    }

    /// The filter, the pretraining, and the minimum-data verdict on them.
    private struct Plan {
        let filter: FSRSOutlierFilter
        let pretrained: (stability: [Double], ratingCounts: [Int])?
        let level: FSRSFitLevel

        init(_ items: [FSRSTrainingItem]) {
            filter = FSRSOutlierFilter(items)
            let n = filter.trainItems.count
            let toFull = max(FSRSFitLevel.minimumItemsForFullFit - n, 1)
            guard n >= FSRSFitLevel.minimumItemsForInitialStability else {
                pretrained = nil
                level = .initialWeights(moreReviewsNeeded: toFull)
                return
            }
            let recalled = filter.trainItems.reduce(0) { $0 + ($1.recalled ? 1 : 0) }
            // fsrs-rs: no pretrain item for any rating is `NotEnoughData`.
            pretrained = FSRSInitialStability.fit(pretrainItems: filter.pretrainItems,
                                                  averageRecall: Double(Float(recalled) / Float(n)))
            if pretrained == nil {
                level = .initialWeights(moreReviewsNeeded: toFull)
            } else if n < FSRSFitLevel.minimumItemsForFullFit || n == filter.pretrainItems.count {
                // All items being first long-term reviews leaves nothing to learn the
                // other weights from: at least one question needs its next review.
                level = .initialStabilityOnly(moreReviewsNeeded: toFull)
            } else {
                level = .full
            }
        }
    }

    private static func validate(_ items: [FSRSTrainingItem], _ config: FSRSOptimizerConfig) throws(FSRSOptimizerError) {
        if config.epochs < 1 { throw .invalidConfig("epochs must be at least 1") }
        if config.batchSize < 1 { throw .invalidConfig("batch size must be at least 1") }
        if config.maxSequenceLength < 2 { throw .invalidConfig("maximum sequence length must be at least 2") }
        if config.relearningSteps < 0 { throw .invalidConfig("relearning steps cannot be negative") }
        if !config.learningRate.isFinite || !config.gamma.isFinite {
            throw .invalidConfig("learning rate and gamma must be finite")
        }
        for (index, item) in items.enumerated() {
            if let reason = item.defect { throw .invalidItem(index: index, reason: reason) }
        }
    }

    private static func parameters(_ weights: [Double], _ what: String) throws(FSRSOptimizerError) -> FSRSParameters {
        do {
            return try FSRSParameters(weights)
        } catch {
            throw .nonFinite("\(what) (\(error))")
        }
    }
}
