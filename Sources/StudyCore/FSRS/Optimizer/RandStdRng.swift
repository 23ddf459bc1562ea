/// The random numbers fsrs-rs draws to order its training batches, reproduced so that
/// primer's fit visits batches in the same order and so reaches the same weights.
///
/// fsrs-rs (6.x) seeds Rust's `rand::rngs::StdRng` with `seed_from_u64(2023)` and shuffles
/// the batch indices once an epoch with `SliceRandom::shuffle`. In rand 0.10 that is:
/// - `StdRng` = ChaCha12 (the `chacha20` crate's `ChaCha12Rng`: the 32-byte seed is the key,
///   a 64-bit block counter from 0, a zero 64-bit nonce), its output read as 32-bit words
///   in keystream order;
/// - `seed_from_u64`: rand_core's default, eight PCG32 outputs written little-endian into
///   the 32-byte seed;
/// - `shuffle`: Durstenfeld's Fisher–Yates from the front, its indices drawn by
///   `IncreasingUniform`, which packs several small dice into one `random_range` of a
///   product of consecutive integers;
/// - `random_range(..bound)` on `u32`: Canon's method, "biased" variant (the default
///   feature set), one 32-bit word and at most one more.
/// Checked against rand's own ChaCha test vectors (`RandStdRngTests`) and end to end
/// against fsrs-rs's fitted weights (`FSRSOptimizerTests`, the optimizer benchmark).
struct RandStdRng {
    private var key: [UInt32]
    private var counter: UInt64 = 0
    private var block = [UInt32](repeating: 0, count: 16)
    private var index = 16

    /// `StdRng::from_seed`.
    init(seed: [UInt8]) {
        precondition(seed.count == 32, "a ChaCha seed is 32 bytes")
        key = (0..<8).map { i in
            (0..<4).reduce(UInt32(0)) { word, b in word | UInt32(seed[4 * i + b]) << (8 * UInt32(b)) }
        }
    }

    /// `StdRng::seed_from_u64` (rand_core's PCG32 expansion of the number into the seed).
    init(seedFromU64 value: UInt64) {
        var state = value
        var seed: [UInt8] = []
        for _ in 0..<8 {
            state = state &* 6_364_136_223_846_793_005 &+ 11_634_580_027_462_260_723
            let xorshifted = UInt32(truncatingIfNeeded: ((state >> 18) ^ state) >> 27)
            let rotation = UInt32(truncatingIfNeeded: state >> 59)
            let x = (xorshifted >> rotation) | (xorshifted << ((32 &- rotation) & 31))
            seed += [UInt8(x & 0xFF), UInt8(x >> 8 & 0xFF), UInt8(x >> 16 & 0xFF), UInt8(x >> 24)]
        }
        self.init(seed: seed)
    }

    /// `next_u32`: the next word of the keystream.
    mutating func nextU32() -> UInt32 {
        if index == 16 { refill() }
        defer { index += 1 }
        return block[index]
    }

    /// `next_u64`: two words, the first the low half.
    mutating func nextU64() -> UInt64 {
        let low = UInt64(nextU32())
        return low | UInt64(nextU32()) << 32
    }

    /// `random_range(..bound)` for `u32` (bound > 0).
    mutating func randomRange(below bound: UInt32) -> UInt32 {
        let first = UInt64(nextU32()) &* UInt64(bound)
        var result = UInt32(truncatingIfNeeded: first >> 32)
        let low = UInt32(truncatingIfNeeded: first)
        if low > 0 &- bound {
            let extra = UInt32(truncatingIfNeeded: (UInt64(nextU32()) &* UInt64(bound)) >> 32)
            if low.addingReportingOverflow(extra).overflow { result &+= 1 }
        }
        return result
    }

    /// `slice.shuffle(&mut rng)`.
    mutating func shuffle(_ values: inout [Int]) {
        guard values.count > 1 else { return }
        var chooser = IncreasingUniform(n: 0)
        for i in 0..<values.count {
            values.swapAt(i, chooser.nextIndex(&self))
        }
    }

    private mutating func refill() {
        let constants: [UInt32] = [0x6170_7865, 0x3320_646E, 0x7962_2D32, 0x6B20_6574]   // "expand 32-byte k"
        let input = constants + key + [UInt32(truncatingIfNeeded: counter), UInt32(truncatingIfNeeded: counter >> 32), 0, 0]
        var x = input
        @inline(__always) func quarter(_ a: Int, _ b: Int, _ c: Int, _ d: Int) {
            x[a] = x[a] &+ x[b]; x[d] ^= x[a]; x[d] = x[d] << 16 | x[d] >> 16
            x[c] = x[c] &+ x[d]; x[b] ^= x[c]; x[b] = x[b] << 12 | x[b] >> 20
            x[a] = x[a] &+ x[b]; x[d] ^= x[a]; x[d] = x[d] << 8 | x[d] >> 24
            x[c] = x[c] &+ x[d]; x[b] ^= x[c]; x[b] = x[b] << 7 | x[b] >> 25
        }
        for _ in 0..<6 {   // 12 rounds: six double rounds
            quarter(0, 4, 8, 12); quarter(1, 5, 9, 13); quarter(2, 6, 10, 14); quarter(3, 7, 11, 15)
            quarter(0, 5, 10, 15); quarter(1, 6, 11, 12); quarter(2, 7, 8, 13); quarter(3, 4, 9, 14)
        }
        for i in 0..<16 { block[i] = x[i] &+ input[i] }
        counter &+= 1
        index = 0
    }

    /// rand's `IncreasingUniform`: returns numbers in 0...n with n growing by one each call,
    /// drawing one `random_range` for as many consecutive calls as fit in 32 bits.
    private struct IncreasingUniform {
        var n: UInt32
        var chunk: UInt32 = 0
        var chunkRemaining: UInt8

        init(n: UInt32) {
            self.n = n
            chunkRemaining = n == 0 ? 1 : 0   // the first index is then 0, without a draw
        }

        mutating func nextIndex(_ rng: inout RandStdRng) -> Int {
            let nextN = n + 1
            let nextRemaining: UInt8
            if chunkRemaining > 0 {
                nextRemaining = chunkRemaining - 1
            } else {
                let (bound, count) = Self.bound(nextN)
                chunk = rng.randomRange(below: bound)
                nextRemaining = count - 1
            }
            let result: UInt32
            if nextRemaining == 0 {
                result = chunk
            } else {
                result = chunk % nextN
                chunk /= nextN
            }
            chunkRemaining = nextRemaining
            n = nextN
            return Int(result)
        }

        /// m·(m+1)·…·(m+count−1), the longest such product that fits in 32 bits, and count.
        static func bound(_ m: UInt32) -> (UInt32, UInt8) {
            var product = m, current = m + 1
            while true {
                let (next, overflow) = product.multipliedReportingOverflow(by: current)
                if overflow { return (product, UInt8(current - m)) }
                product = next
                current += 1
            }
        }
    }
}
