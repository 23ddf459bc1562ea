import Foundation

/// How well a set of weights predicts reviews, as fsrs-rs `FSRS::evaluate` (and so Anki's
/// "Evaluate") defines it. Lower is better for both.
public struct FSRSEvaluation: Sendable, Equatable {
    /// Recency-weighted mean binary cross-entropy of the predicted recall.
    public var logLoss: Double
    /// Calibration error: items are binned by interval, review count and lapse count; in
    /// each bin the mean prediction is compared with the observed recall rate, and the
    /// squared differences are averaged with the bins' total recency weight.
    public var rmseBins: Double
    /// Items scored.
    public var itemCount: Int

    public init(logLoss: Double, rmseBins: Double, itemCount: Int) {
        self.logLoss = logLoss
        self.rmseBins = rmseBins
        self.itemCount = itemCount
    }

    /// Scores `parameters` on `items` (in the time order of their targets: the recency
    /// weights of training apply here too). The weights are first clipped as fsrs-rs's
    /// `FSRS::new` clips them. Predictions are not clamped, so a certain prediction that
    /// turns out wrong makes the log loss infinite, which is reported as an error.
    public static func evaluate(_ parameters: FSRSParameters,
                                on items: [FSRSTrainingItem]) throws(FSRSOptimizerError) -> FSRSEvaluation {
        try evaluate([parameters], on: items, worker: false)[0]
    }

    /// Scores each set of weights on the same `items`, as `evaluate(_:on:)` does one: the
    /// items' bins and recency weights are worked out once, and two sets are scored side by
    /// side on two threads (`worker`; by default when there are two processors). Each
    /// result is exactly what scoring that set alone gives.
    public static func evaluate(_ parameters: [FSRSParameters], on items: [FSRSTrainingItem],
                                worker: Bool? = nil) throws(FSRSOptimizerError) -> [FSRSEvaluation] {
        let scorer = try Scorer(items)
        var results = [Result<FSRSEvaluation, FSRSOptimizerError>?](repeating: nil, count: parameters.count)
        var next = 0
        if parameters.count >= 2 {
            let threads = worker.map { FSRSTwinThreads(worker: $0) } ?? FSRSTwinThreads()
            defer { threads.stop() }
            let second = SecondResult()
            let secondParameters = parameters[1]
            threads.run({ results[0] = scorer.scoring.score(parameters[0]) },
                        { second.result = scorer.scoring.score(secondParameters) })
            results[1] = second.result
            next = 2
        }
        for index in next..<parameters.count { results[index] = scorer.scoring.score(parameters[index]) }
        var evaluations: [FSRSEvaluation] = []
        for result in results {
            switch result! {   // every slot is filled above
            case .success(let evaluation): evaluations.append(evaluation)
            case .failure(let error): throw error
            }
        }
        return evaluations
    }

    /// Scores sets of weights on the same items, one at a time, each exactly as
    /// `evaluate(_:on:)` would: the items' bins, recency weights and history tree are
    /// worked out once, when it is made. Safe to use from two threads at once.
    public struct Scorer: Sendable {
        fileprivate let scoring: Scoring

        /// Throws for no items, or an item that cannot be scored.
        public init(_ items: [FSRSTrainingItem]) throws(FSRSOptimizerError) {
            if items.isEmpty { throw .noItems }
            for (index, item) in items.enumerated() {
                if let defect = item.defect { throw .invalidItem(index: index, reason: defect) }
            }
            scoring = Scoring(items)
        }

        public func score(_ parameters: FSRSParameters) throws(FSRSOptimizerError) -> FSRSEvaluation {
            try scoring.score(parameters).get()
        }
    }

    /// What the worker thread's scoring hands back (read after `run` returns).
    private final class SecondResult: @unchecked Sendable {
        var result: Result<FSRSEvaluation, FSRSOptimizerError>?
    }

    /// The items as every set of weights is scored on them: recency weights, each item's
    /// calibration bin as an index into the bins in their sorted order (so bins are summed
    /// in a fixed order and the result never depends on hashing), and their histories as a
    /// prefix tree (a question's later items repeat its earlier ones' histories; each
    /// prediction is still exactly `FSRSTrainingModel.predict`'s).
    fileprivate struct Scoring: @unchecked Sendable {
        let items: [FSRSTrainingItem]
        let histories: FSRSHistoryTree
        let weights: [Double]
        let binOfItem: [Int]
        let binCount: Int

        init(_ items: [FSRSTrainingItem]) {
            self.items = items
            histories = FSRSHistoryTree(items: items, indices: items.indices)
            weights = FSRSOptimizer.recencyWeights(count: items.count)
            let keys = items.map(CalibrationBin.init)
            let sorted = Set(keys).sorted()
            let slot = Dictionary(uniqueKeysWithValues: sorted.enumerated().map { ($1, $0) })
            binOfItem = keys.map { slot[$0]! }   // every key is in `sorted`
            binCount = sorted.count
        }

        func score(_ parameters: FSRSParameters) -> Result<FSRSEvaluation, FSRSOptimizerError> {
            var w = parameters.values
            FSRSParameterClipping.clip(&w, relearningSteps: 1, shortTermTrained: false)
            let model = FSRSTrainingModel(weights: w)
            var predicted = [Double](repeating: 0, count: binCount), recalled = predicted, count = predicted, binWeight = predicted
            var loss = 0.0, weightSum = 0.0
            let stability = histories.states(model).s
            for index in items.indices {
                let item = items[index], weight = weights[index], bin = binOfItem[index]
                let node = Int(histories.itemNodes[index])
                let p = model.curve(t: Double(item.target.deltaT), s: node < 0 ? 0 : stability[node]).r
                let y = item.recalled ? 1.0 : 0.0
                loss += (y * log(p) + (1 - y) * log(1 - p)) * weight
                weightSum += weight
                predicted[bin] += p
                recalled[bin] += y
                count[bin] += 1
                binWeight[bin] += weight
            }
            var squared = 0.0, totalBinWeight = 0.0
            for bin in 0..<binCount {
                let gap = predicted[bin] / count[bin] - recalled[bin] / count[bin]
                squared += gap * gap * binWeight[bin]
                totalBinWeight += binWeight[bin]
            }
            let result = FSRSEvaluation(logLoss: -loss / weightSum, rmseBins: (squared / totalBinWeight).squareRoot(),
                                        itemCount: items.count)
            guard result.logLoss.isFinite else { return .failure(.nonFinite("the log loss")) }
            guard result.rmseBins.isFinite else { return .failure(.nonFinite("RMSE(bins)")) }
            return .success(result)
        }
    }
}

/// fsrs-rs `FSRSItem::r_matrix_index`: bins on roughly geometric scales of the target's
/// interval, the number of long-term reviews, and the number of earlier lapses.
struct CalibrationBin: Hashable, Comparable {
    var interval: Int
    var length: Int
    var lapses: Int

    init(_ item: FSRSTrainingItem) {
        interval = Self.bin(Double(item.target.deltaT), base: 3.62, scale: 2.48 * 100)
        length = Self.bin(Double(item.longTermReviewCount + 1), base: 1.89, scale: 1.99)
        var lapseCount = 0
        for review in item.history where review.rating == .again && review.deltaT > 0 { lapseCount += 1 }
        lapses = lapseCount == 0 ? 0 : Self.bin(Double(lapseCount), base: 1.73, scale: 1.65)
    }

    /// round(scale · base^floor(log_base x)), 0 for x = 0 (as fsrs-rs's f64 → u32 cast gives).
    private static func bin(_ x: Double, base: Double, scale: Double) -> Int {
        guard x > 0 else { return 0 }
        let exponent = (log(x) / log(base)).rounded(.down)
        return Int((scale * pow(base, exponent)).rounded())
    }

    static func < (a: CalibrationBin, b: CalibrationBin) -> Bool {
        (a.interval, a.length, a.lapses) < (b.interval, b.length, b.lapses)
    }
}
