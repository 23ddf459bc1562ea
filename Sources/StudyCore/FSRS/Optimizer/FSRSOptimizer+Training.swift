import Foundation

extension FSRSOptimizer {
    /// fsrs-rs `PARAMS_STDDEV`: how much each weight varies across Anki users. The L2
    /// pull on a weight is divided by its variance, so weights that differ a lot from
    /// person to person are free to move and the stable ones are held near the start.
    static let parameterSpread: [Double] = [
        6.43, 9.66, 17.58, 27.85, 0.57, 0.28, 0.6, 0.12, 0.39, 0.18, 0.33, 0.3, 0.09, 0.16,
        0.57, 0.25, 1.03, 0.31, 0.32, 0.14, 0.27,
    ]

    /// Recency weight of item i of n (fsrs-rs `recency_weighted_fsrs_items`): from 0.25
    /// for the oldest to 1 for the newest, rising as a cube, so the fit follows the
    /// learner as they are now while old reviews still count.
    static func recencyWeights(count n: Int) -> [Double] {
        let last = max(Double(n) - 1, 1)
        return (0..<n).map { i in 0.25 + 0.75 * pow(Double(i) / last, 3) }
    }

    /// Gradient training (fsrs-rs `training.rs::train`) from `start`; `items` are the
    /// filtered items in time order. Returns the weights after the last step: fsrs-rs
    /// 6.6.1+ keeps no validation set and picks no best epoch.
    /// `worker`: whether a second thread shares each batch (`FSRSTwinThreads`; the result is
    /// the same either way).
    static func train(_ items: [FSRSTrainingItem], from start: [Double], config: FSRSOptimizerConfig, worker: Bool? = nil)
        -> (weights: [Double], itemCount: Int, steps: Int) {
        let batches = makeBatches(items, config: config)
        let total = batches.reduce(0) { $0 + $1.count }
        let schedule = FSRSCosineSchedule(initialRate: config.learningRate, itemCount: total,
                                          batchSize: config.batchSize, epochs: config.epochs)
        // One history's forward values at a time per part, reused by every item of every batch.
        let longest = max(1, batches.map(\.longestHistory).max() ?? 1)
        let caches = UnsafeMutablePointer<FSRSTrainingModel.StepCache>.allocate(capacity: 2 * longest)
        caches.initialize(repeating: .init(), count: 2 * longest)
        defer { caches.deallocate() }
        let halves = batches.map(\.halfWorkItem)
        let threads = worker.map { FSRSTwinThreads(worker: $0) } ?? FSRSTwinThreads()
        defer { threads.stop() }
        var weights = start
        var adam = FSRSAdam()
        var shuffle = FSRSBatchShuffle(seed: config.seed)
        var step = 0
        for _ in 0..<config.epochs {
            for index in shuffle.nextOrder(count: batches.count) {
                let batch = batches[index]
                var gradient = halvesGradient(batch, split: halves[index], FSRSTrainingModel(weights: weights),
                                              caches: caches, longest: longest, threads: threads)
                addPenaltyGradient(&gradient, weights: weights, start: start,
                                   scale: config.gamma * Double(batch.count) / Double(total))
                if !config.trainShortTerm {
                    for frozen in [0, 1, 2, 3, 17, 18, 19] { gradient[frozen] = 0 }
                }
                adam.step(&weights, gradient: gradient, learningRate: schedule.rate(atStep: step))
                FSRSParameterClipping.clip(&weights, relearningSteps: config.relearningSteps,
                                           shortTermTrained: config.trainShortTerm)
                step += 1
            }
        }
        return (weights, total, step)
    }

    /// The batch's gradient, its two halves of work computed side by side (see
    /// `FSRSTwinThreads`) and added in a fixed order: the same on any machine.
    private static func halvesGradient(_ batch: FSRSTrainingBatch, split: Int, _ model: FSRSTrainingModel,
                                       caches: UnsafeMutablePointer<FSRSTrainingModel.StepCache>,
                                       longest: Int, threads: FSRSTwinThreads) -> [Double] {
        var parts = [Double](repeating: 0, count: 42)
        parts.withUnsafeMutableBufferPointer { buffer in
            // Each half writes only its own 21 slots and its own caches.
            let base = UncheckedSendable(buffer.baseAddress!), cache = UncheckedSendable(caches)   // 42 elements: never nil
            threads.run({
                batch.accumulateGradient(model, items: 0..<split, into: base.value, caches: cache.value)
            }, {
                batch.accumulateGradient(model, items: split..<batch.count, into: base.value + 21, caches: cache.value + longest)
            })
        }
        return (0..<21).map { parts[$0] + parts[21 + $0] }
    }

    /// Recency-weighted, too-long items dropped (after weighting, as fsrs-rs does), then
    /// sorted by length (ties in time order) and cut into consecutive batches that stay
    /// the same every epoch; only their order is shuffled.
    static func makeBatches(_ items: [FSRSTrainingItem], config: FSRSOptimizerConfig) -> [FSRSTrainingBatch] {
        let weights = recencyWeights(count: items.count)
        // Length in the high half, position in the low: one integer sort gives the order
        // (a closure comparing items' lengths cost a millisecond more).
        var order: [UInt64] = []
        order.reserveCapacity(items.count)
        for (index, item) in items.enumerated() where item.reviews.count <= config.maxSequenceLength {
            order.append(UInt64(item.reviews.count) << 32 | UInt64(index))
        }
        order.sort()
        return stride(from: 0, to: order.count, by: config.batchSize).map { from in
            FSRSTrainingBatch(order[from..<min(from + config.batchSize, order.count)].lazy.map { key in
                let index = Int(key & 0xFFFF_FFFF)
                return (items[index], weights[index])
            })
        }
    }

    /// d/dw of gamma·(B/N)·Σ ((w_j − start_j) / spread_j)²: the L2 pull, in proportion to
    /// the batch's share of the data so that an epoch adds it once in all.
    static func addPenaltyGradient(_ gradient: inout [Double], weights: [Double], start: [Double], scale: Double) {
        for j in 0..<21 {
            let spread = parameterSpread[j]
            gradient[j] += 2 * (weights[j] - start[j]) / (spread * spread) * scale
        }
    }
}

/// A value handed to the other of `FSRSTwinThreads`' two threads by code that keeps the
/// two from touching the same memory (`halvesGradient`: disjoint ranges).
struct UncheckedSendable<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}
