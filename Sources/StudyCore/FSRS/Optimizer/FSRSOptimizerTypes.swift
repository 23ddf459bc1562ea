/// The optimizer's settings; the defaults are fsrs-rs's `TrainingConfig::default()` and
/// `compute_parameters`'s defaults (short-term weights trained, one relearning step).
public struct FSRSOptimizerConfig: Sendable, Equatable {
    public var epochs: Int
    /// Items per gradient step. With at most this many items the batch order cannot
    /// matter, which is how the tests compare weights with fsrs-rs exactly.
    public var batchSize: Int
    public var learningRate: Double
    /// Items with more reviews than this are left out of gradient training.
    public var maxSequenceLength: Int
    /// Strength of the pull toward the initial weights (L2, scaled by each weight's
    /// spread across Anki users, `PARAMS_STDDEV`).
    public var gamma: Double
    /// Seeds the batch order (see `FSRSBatchShuffle`).
    public var seed: UInt64
    /// Train w17–w19 (same-day reviews) and w0–w3 by gradient. When false they are
    /// frozen: w17–w19 at 0 and w0–w3 at their pretrained values.
    public var trainShortTerm: Bool
    /// Relearning steps the learner's scheduler uses; more than one caps w17·w18.
    public var relearningSteps: Int

    public init(epochs: Int = 5, batchSize: Int = 512, learningRate: Double = 0.04,
                maxSequenceLength: Int = 256, gamma: Double = 1, seed: UInt64 = 2023,
                trainShortTerm: Bool = true, relearningSteps: Int = 1) {
        self.epochs = epochs
        self.batchSize = batchSize
        self.learningRate = learningRate
        self.maxSequenceLength = maxSequenceLength
        self.gamma = gamma
        self.seed = seed
        self.trainShortTerm = trainShortTerm
        self.relearningSteps = relearningSteps
    }
}

/// How much of the optimization the data supports (fsrs-rs `compute_parameters`'s
/// minimum-data rules), counted on the items left after the outlier filter.
public enum FSRSFitLevel: Sendable, Equatable {
    /// Every weight was trained.
    case full
    /// Only the initial stabilities w0–w3 were fitted; the other weights are the initial
    /// ones. Full training needs at least this many more reviews on a later day than
    /// the previous answer to the same question (and some question's second such review).
    case initialStabilityOnly(moreReviewsNeeded: Int)
    /// Too little data to fit anything: the initial weights come back unchanged.
    case initialWeights(moreReviewsNeeded: Int)

    /// Fewer filtered items than this and nothing is fitted (fsrs-rs returns its defaults).
    public static let minimumItemsForInitialStability = 8
    /// Fewer filtered items than this and only w0–w3 are fitted.
    public static let minimumItemsForFullFit = 64

    public var moreReviewsNeeded: Int {
        switch self {
        case .full: return 0
        case .initialStabilityOnly(let n), .initialWeights(let n): return n
        }
    }
}

/// What `FSRSOptimizer.fit` found.
public struct FSRSFitResult: Sendable, Equatable {
    public var parameters: FSRSParameters
    public var level: FSRSFitLevel
    /// Items given.
    public var itemCount: Int
    /// Items left after the outlier filter (the ones the minimum-data rules count).
    public var filteredItemCount: Int
    /// First long-term reviews w0–w3 were fitted on.
    public var pretrainItemCount: Int
    /// Items in gradient training (filtered, at most `maxSequenceLength` reviews);
    /// 0 unless `level == .full`.
    public var trainedItemCount: Int
    /// Adam steps taken (batches × epochs).
    public var steps: Int

    public init(parameters: FSRSParameters, level: FSRSFitLevel, itemCount: Int, filteredItemCount: Int,
                pretrainItemCount: Int, trainedItemCount: Int, steps: Int) {
        self.parameters = parameters
        self.level = level
        self.itemCount = itemCount
        self.filteredItemCount = filteredItemCount
        self.pretrainItemCount = pretrainItemCount
        self.trainedItemCount = trainedItemCount
        self.steps = steps
    }
}

/// Why a fit or an evaluation could not be done.
public enum FSRSOptimizerError: Error, Equatable, CustomStringConvertible {
    /// An item `FSRSTrainingItem.defect` refuses.
    case invalidItem(index: Int, reason: String)
    case invalidConfig(String)
    /// Nothing to evaluate.
    case noItems
    /// Training or evaluation produced NaN or infinity (fsrs-rs `InvalidInput`).
    case nonFinite(String)

    public var description: String {
        switch self {
        case let .invalidItem(index, reason): return "training item \(index): \(reason)"
        case .invalidConfig(let why): return "optimizer settings: \(why)"
        case .noItems: return "no reviews to evaluate"
        case .nonFinite(let what): return "\(what) is not a finite number"
        }
    }
}
