import XCTest
@testable import StudyCore

/// The generator that orders fsrs-rs's training batches, reproduced word for word.
final class RandStdRngTests: XCTestCase {
    /// ChaCha12 with an all-zero key and nonce: the published test vector (Strombergson,
    /// draft-strombergson-chacha-test-vectors-01), as rand's `StdRng` tests state it, in
    /// little-endian 128-bit groups (the first word is the low 32 bits of the first group).
    func testChaCha12KeystreamMatchesThePublishedVector() {
        var rng = RandStdRng(seed: [UInt8](repeating: 0, count: 32))
        let expected: [(UInt64, UInt64)] = [
            (0xd583265f12ce1f81, 0x53f955076a9af49b), (0x5f15ae2ea589007e, 0x1474e049bbc32904),
            (0x798cfaac3428e82c, 0xc0e37ad279f86405), (0xbe2613412fe80b61, 0x1969dea02c9f623a),
            (0x3d17e08c3371fc86, 0xfe743e204188d50b), (0xb489c04c21851515, 0xcccbbd19b7eb28c6),
            (0x43c88c1b97b802c6, 0x11f14ca1cd8d2542), (0x1693e617b0a64427, 0xc0515190ca461ee9),
        ]
        for (i, (high, low)) in expected.enumerated() {
            XCTAssertEqual(rng.nextU64(), low, "group \(i), low half")
            XCTAssertEqual(rng.nextU64(), high, "group \(i), high half")
        }
    }

    /// rand's `test_stdrng_construction`: a seed with a few bytes set, first `next_u64`.
    func testFromSeedMatchesRandsVector() {
        var seed = [UInt8](repeating: 0, count: 32)
        seed[0] = 1; seed[4] = 23; seed[8] = 200; seed[9] = 1; seed[12] = 210; seed[13] = 30
        var rng = RandStdRng(seed: seed)
        XCTAssertEqual(rng.nextU64(), 10_719_222_850_664_546_238)
    }

    /// The shuffle is a permutation, the same for the same seed, and consumes the stream
    /// as rand does: one `random_range` per run of dice whose product fits in 32 bits.
    func testShuffleIsASeededPermutation() {
        var a = RandStdRng(seedFromU64: 2023), b = RandStdRng(seedFromU64: 2023)
        for count in [0, 1, 2, 5, 15, 40] {
            var x = Array(0..<count), y = Array(0..<count)
            a.shuffle(&x)
            b.shuffle(&y)
            XCTAssertEqual(x, y)
            XCTAssertEqual(x.sorted(), Array(0..<count))
        }
        // Two elements: indices 0 (no draw) then one `random_range(..479001600)` (2·3·…·12),
        // of which the first die (mod 2) decides.
        var rng = RandStdRng(seedFromU64: 7), mirror = RandStdRng(seedFromU64: 7)
        var pair = [0, 1]
        rng.shuffle(&pair)
        let chunk = mirror.randomRange(below: 479_001_600)
        XCTAssertEqual(pair, chunk % 2 == 0 ? [1, 0] : [0, 1])
        XCTAssertEqual(rng.nextU32(), mirror.nextU32(), "both consumed the same words")
    }
}
