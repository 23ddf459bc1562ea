/// The order batches are visited in each epoch: as fsrs-rs orders them, so that a fit
/// with several batches reaches fsrs-rs's weights and not merely weights as good. fsrs-rs
/// resets the order to 0, 1, 2, … every epoch and shuffles it with one `StdRng` seeded
/// with `TrainingConfig.seed` for the whole fit (`RandStdRng` reproduces that generator
/// and rand's shuffle).
struct FSRSBatchShuffle {
    private var generator: RandStdRng

    init(seed: UInt64) { generator = RandStdRng(seedFromU64: seed) }

    /// A fresh permutation of 0 ..< count.
    mutating func nextOrder(count: Int) -> [Int] {
        var order = Array(0..<count)
        generator.shuffle(&order)
        return order
    }
}
