import Foundation

/// A batch of training items laid out flat (fsrs-rs `BatchHost`, plain mode): every
/// item's history back to back, so the gradient loop walks contiguous arrays instead of
/// chasing one array per item.
struct FSRSTrainingBatch {
    private(set) var ratings: [Int] = []
    private(set) var deltaTs: [Double] = []
    /// Item i's history is positions historyEnds[i − 1] ..< historyEnds[i].
    private(set) var historyEnds: [Int] = []
    private(set) var targetDeltaTs: [Double] = []
    private(set) var labels: [Double] = []
    private(set) var weights: [Double] = []
    /// The longest history, to size the step caches.
    private(set) var longestHistory = 0

    var count: Int { labels.count }

    init<C: Collection>(_ items: C) where C.Element == (item: FSRSTrainingItem, weight: Double) {
        let steps = items.reduce(0) { $0 + $1.item.reviews.count - 1 }
        ratings.reserveCapacity(steps)
        deltaTs.reserveCapacity(steps)
        historyEnds.reserveCapacity(items.count)
        targetDeltaTs.reserveCapacity(items.count)
        labels.reserveCapacity(items.count)
        weights.reserveCapacity(items.count)
        for (item, weight) in items {
            for review in item.history {
                ratings.append(review.rating.rawValue)
                deltaTs.append(Double(review.deltaT))
            }
            historyEnds.append(ratings.count)
            longestHistory = max(longestHistory, item.reviews.count - 1)
            targetDeltaTs.append(Double(item.target.deltaT))
            labels.append(item.recalled ? 1 : 0)
            weights.append(weight)
        }
    }

    /// fsrs-rs clamps predictions into [1e−7, 1 − 1e−7] inside the loss (f32 there).
    private static let probabilityRange = 1e-7...(1 - 1e-7)

    /// The item that splits the batch into two parts of about equal work (history
    /// steps), for two threads: items are sorted by length, so half the items is not
    /// half the work.
    var halfWorkItem: Int {
        let total = historyEnds.last ?? 0
        var item = 0
        while item < count && historyEnds[item] * 2 < total { item += 1 }
        return item
    }

    /// Adds d(Σ weight · BCE) / dw over the batch's `items` (all by default) into `gw`
    /// (21 slots); `caches` must hold at least `longestHistory` steps. Every item is
    /// replayed from its first review, exactly as fsrs-rs's prefix batches are.
    func accumulateGradient(_ model: FSRSTrainingModel, items: Range<Int>? = nil, into gw: UnsafeMutablePointer<Double>,
                            caches: UnsafeMutablePointer<FSRSTrainingModel.StepCache>) {
        let items = items ?? 0..<count
        ratings.withUnsafeBufferPointer { ratings in
            deltaTs.withUnsafeBufferPointer { deltaTs in
                var start = items.lowerBound == 0 ? 0 : historyEnds[items.lowerBound - 1]
                for item in items {
                    let end = historyEnds[item]
                    var s = 0.0, d = 0.0
                    for position in start..<end {
                        (s, d) = model.step(s: s, d: d, t: deltaTs[position], rating: ratings[position],
                                            first: position == start, cache: &caches[position - start])
                    }
                    let gR = lossGradient(model, item: item, finalS: s)
                    if gR.gR != 0 {
                        var gS = model.curveBackward(t: gR.t, s: s, base: gR.base, lnBase: gR.lnBase, r: gR.r, gR: gR.gR, gw)
                        var gD = 0.0
                        for position in stride(from: end - start - 1, through: 0, by: -1) {
                            (gS, gD) = model.stepBackward(caches[position], gS: gS, gD: gD, gw)
                        }
                    }
                    start = end
                }
            }
        }
    }

    /// The target's prediction and d(weight · BCE)/dR, zero where the clamp is active.
    @inline(__always)
    private func lossGradient(_ model: FSRSTrainingModel, item: Int, finalS: Double)
        -> (t: Double, base: Double, lnBase: Double, r: Double, gR: Double) {
        let t = max(targetDeltaTs[item], 0)
        let (r, base, lnBase) = model.curve(t: t, s: finalS)
        guard r > Self.probabilityRange.lowerBound && r < Self.probabilityRange.upperBound else {
            return (t, base, lnBase, r, 0)
        }
        let y = labels[item]
        return (t, base, lnBase, r, -weights[item] * (y / r - (1 - y) / (1 - r)))
    }
}
