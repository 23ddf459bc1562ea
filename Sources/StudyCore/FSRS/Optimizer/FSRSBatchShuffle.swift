/// The order batches are visited in each epoch. fsrs-rs shuffles with rand's StdRng
/// (ChaCha12) seeded with `TrainingConfig.seed`; reproducing that bit for bit is not
/// possible from its published source (the notes' Python port of it matches only the
/// first two epochs), so primer treats the order as its own: a Fisher–Yates shuffle
/// driven by StudyCore's SplitMix64 `SeededGenerator`, seeded with the same seed.
///
/// The shuffle is written out here rather than taken from `Array.shuffle(using:)`,
/// whose algorithm the standard library does not promise to keep; a fit must give the
/// same weights on every platform and toolchain. One generator serves all epochs, as in
/// fsrs-rs, and each epoch shuffles the identity order afresh.
struct FSRSBatchShuffle {
    private var generator: SeededGenerator

    init(seed: UInt64) { generator = SeededGenerator(seed: seed) }

    /// A fresh permutation of 0 ..< count.
    mutating func nextOrder(count: Int) -> [Int] {
        var order = Array(0..<count)
        guard count > 1 else { return order }
        for i in stride(from: count - 1, to: 0, by: -1) {
            order.swapAt(i, uniform(below: UInt64(i + 1)))
        }
        return order
    }

    /// A uniform integer in 0 ..< bound, by rejection: draws in the incomplete last
    /// block of 2^64 mod bound values are redrawn, so every result is equally likely.
    private mutating func uniform(below bound: UInt64) -> Int {
        let limit = UInt64.max - (UInt64.max % bound + 1) % bound
        while true {
            let draw = generator.next()
            if draw <= limit { return Int(draw % bound) }
        }
    }
}
