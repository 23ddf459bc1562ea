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
        if items.isEmpty { throw .noItems }
        for (index, item) in items.enumerated() {
            if let defect = item.defect { throw .invalidItem(index: index, reason: defect) }
        }
        var w = parameters.values
        FSRSParameterClipping.clip(&w, relearningSteps: 1, shortTermTrained: false)
        let model = FSRSTrainingModel(weights: w)
        let weights = FSRSOptimizer.recencyWeights(count: items.count)
        var bins: [CalibrationBin: (predicted: Double, recalled: Double, count: Double, weight: Double)] = [:]
        var loss = 0.0, weightSum = 0.0
        for (item, weight) in zip(items, weights) {
            let p = model.predict(item)
            let y = item.recalled ? 1.0 : 0.0
            loss += (y * log(p) + (1 - y) * log(1 - p)) * weight
            weightSum += weight
            let key = CalibrationBin(item)
            var bin = bins[key] ?? (0, 0, 0, 0)
            bin.predicted += p
            bin.recalled += y
            bin.count += 1
            bin.weight += weight
            bins[key] = bin
        }
        // Bins summed in a fixed order, so the result never depends on hashing.
        var squared = 0.0, binWeight = 0.0
        for (_, bin) in bins.sorted(by: { $0.key < $1.key }) {
            let gap = bin.predicted / bin.count - bin.recalled / bin.count
            squared += gap * gap * bin.weight
            binWeight += bin.weight
        }
        let result = FSRSEvaluation(logLoss: -loss / weightSum, rmseBins: (squared / binWeight).squareRoot(),
                                    itemCount: items.count)
        guard result.logLoss.isFinite else { throw .nonFinite("the log loss") }
        guard result.rmseBins.isFinite else { throw .nonFinite("RMSE(bins)") }
        return result
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
