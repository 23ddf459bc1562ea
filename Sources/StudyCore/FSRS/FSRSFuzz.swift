import Foundation

extension FSRSScheduler {
    /// py-fsrs's `_get_fuzzed_interval` with its `random()` replaced by `u` ∈ [0, 1) (SPEC §8).
    ///
    /// Intervals of 1–2 days are left alone; longer ones move within ±delta days, where
    /// delta grows 15 % per day up to 7 days, 10 % up to 20, then 5 %. Because the draw is
    /// rounded rather than floored, the outcome spans lo … hi + 1 — a reference quirk kept
    /// on purpose so schedules match py-fsrs given the same u.
    public static func fuzzedInterval(days: Int, maximumInterval: Int, u: Double) -> Int {
        let d = Double(days)
        guard d >= 2.5 else { return days }
        var delta = 1.0
        delta += 0.15 * max(min(d, 7.0) - 2.5, 0.0)
        delta += 0.1 * max(min(d, 20.0) - 7.0, 0.0)
        delta += 0.05 * max(d - 20.0, 0.0)
        var lo = Int((d - delta).rounded(.toNearestOrEven))
        var hi = Int((d + delta).rounded(.toNearestOrEven))
        lo = max(2, lo)
        hi = min(hi, maximumInterval)
        lo = min(lo, hi)
        let u = u.isNaN ? 0 : min(max(u, 0), 1)  // out-of-range draws are clamped rather than trapping
        let fuzzed = (u * Double(hi - lo + 1) + Double(lo)).rounded(.toNearestOrEven)
        return min(Int(fuzzed), maximumInterval)
    }

    /// The fuzz draw for one review, derived from the review's id alone.
    ///
    /// Item state must be a pure function of the review log (so logs from two machines
    /// merge and replay to the same schedule). Hidden randomness would break that, so the
    /// app fuzzes each review with this value, and `replay` recomputes it from the log.
    /// FNV-1a 64-bit over the id's UTF-8 bytes, then the MurmurHash3 finaliser so that
    /// ids differing in one character spread over the whole range; top 53 bits → [0, 1).
    /// Frozen: changing it would move every learner's due dates on the next replay.
    /// (Not Swift's `Hasher`, which is seeded per process.)
    public static func fuzzUnit(forReviewID id: String) -> Double {
        fuzzUnit(forReviewIDBytes: id.utf8)
    }

    /// The same, from the id's UTF-8 bytes (a log read without making each id a `String`).
    public static func fuzzUnit<Bytes: Sequence<UInt8>>(forReviewIDBytes bytes: Bytes) -> Double {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes {
            h ^= UInt64(byte)
            h = h &* 0x0000_0100_0000_01b3
        }
        h ^= h >> 33
        h = h &* 0xff51_afd7_ed55_8ccd
        h ^= h >> 33
        h = h &* 0xc4ce_b9fe_1a85_ec53
        h ^= h >> 33
        return Double(h >> 11) * 0x1.0p-53
    }
}
