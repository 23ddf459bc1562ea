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
        let threads = worker.map { FSRSTwinThreads(worker: $0) } ?? FSRSTwinThreads()
        defer { threads.stop() }
        let batches = makeBatches(items, config: config, threads: threads)
        let total = batches.reduce(0) { $0 + $1.count }
        let schedule = FSRSCosineSchedule(initialRate: config.learningRate, itemCount: total,
                                          batchSize: config.batchSize, epochs: config.epochs)
        // Every node's forward values and derivatives, and each part's share of the shared
        // nodes' derivatives, reused by every batch.
        let largest = max(1, batches.map(\.tree.nodeCount).max() ?? 1)
        let mostShared = max(1, batches.map(\.sharedNodes).max() ?? 1)
        let scratch = UnsafeMutablePointer<FSRSTrainingBatch.NodeScratch>.allocate(capacity: largest)
        scratch.initialize(repeating: .init(), count: largest)
        let adjoints = UnsafeMutablePointer<FSRSTrainingBatch.SharedAdjoint>.allocate(capacity: 2 * mostShared)
        adjoints.initialize(repeating: .init(), count: 2 * mostShared)
        defer { scratch.deallocate(); adjoints.deallocate() }
        var weights = start
        var adam = FSRSAdam()
        var shuffle = FSRSBatchShuffle(seed: config.seed)
        var step = 0
        for _ in 0..<config.epochs {
            for index in shuffle.nextOrder(count: batches.count) {
                let batch = batches[index]
                var gradient = partsGradient(batch, FSRSTrainingModel(weights: weights), scratch: scratch,
                                             adjoints: adjoints, threads: threads)
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

    /// The batch's gradient: the shared nodes forward, the two parts side by side (see
    /// `FSRSTwinThreads`), the shared nodes back; the three sums added in a fixed order, so
    /// the same on any machine.
    private static func partsGradient(_ batch: FSRSTrainingBatch, _ model: FSRSTrainingModel,
                                      scratch: UnsafeMutablePointer<FSRSTrainingBatch.NodeScratch>,
                                      adjoints: UnsafeMutablePointer<FSRSTrainingBatch.SharedAdjoint>,
                                      threads: FSRSTwinThreads) -> [Double] {
        var sums = [Double](repeating: 0, count: 63)
        sums.withUnsafeMutableBufferPointer { buffer in
            // Each part writes only its own 21 sums, its own nodes and its own adjoints.
            let base = buffer.baseAddress!   // 63 elements: never nil
            batch.forwardShared(model, scratch: scratch)
            let gw = UncheckedSendable(base), nodes = UncheckedSendable(scratch)
            let shared = batch.sharedNodes, parts = UncheckedSendable(adjoints)
            threads.run({
                batch.runPart(0, model, into: gw.value, scratch: nodes.value, sharedAdjoints: parts.value)
            }, {
                batch.runPart(1, model, into: gw.value + 21, scratch: nodes.value, sharedAdjoints: parts.value + shared)
            })
            batch.finishShared(model, into: base + 42, scratch: scratch, sharedAdjoints: adjoints)
        }
        var gradient = [Double](repeating: 0, count: 21)
        for j in 0..<21 { gradient[j] = sums[j] + sums[21 + j] + sums[42 + j] }
        return gradient
    }

    /// Recency-weighted, too-long items dropped (after weighting, as fsrs-rs does), then
    /// sorted by length (ties in time order) and cut into consecutive batches that stay
    /// the same every epoch; only their order is shuffled. Every other batch's tree is
    /// built on the second thread: each batch is built alone, so the same either way.
    static func makeBatches(_ items: [FSRSTrainingItem], config: FSRSOptimizerConfig,
                            threads: FSRSTwinThreads) -> [FSRSTrainingBatch] {
        let weights = recencyWeights(count: items.count)
        // Length in the high half, position in the low: one integer sort gives the order
        // (a closure comparing items' lengths cost a millisecond more).
        var order: [UInt64] = []
        order.reserveCapacity(items.count)
        for (index, item) in items.enumerated() where item.reviewCount <= config.maxSequenceLength {
            order.append(UInt64(item.reviewCount) << 32 | UInt64(index))
        }
        RadixSort.sort(&order) { $0 }
        let starts = Array(stride(from: 0, to: order.count, by: config.batchSize))
        let built = UnsafeMutablePointer<FSRSTrainingBatch?>.allocate(capacity: starts.count)
        built.initialize(repeating: nil, count: starts.count)
        defer { built.deinitialize(count: starts.count); built.deallocate() }
        let slots = UncheckedSendable(built), shared = UncheckedSendable((items, weights, order, starts))
        func build(_ parity: Int) {
            let (items, weights, order, starts) = shared.value
            for k in stride(from: parity, to: starts.count, by: 2) {
                let keys = order[starts[k]..<min(starts[k] + config.batchSize, order.count)]
                slots.value[k] = FSRSTrainingBatch(items: items, weights: weights, indices: keys.lazy.map { Int($0 & 0xFFFF_FFFF) })
            }
        }
        // Each piece writes only its own slots.
        threads.run({ build(0) }, { build(1) })
        return (0..<starts.count).map { built[$0]! }   // every slot is filled above
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
/// two from touching the same memory (`partsGradient`: disjoint ranges).
struct UncheckedSendable<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}
