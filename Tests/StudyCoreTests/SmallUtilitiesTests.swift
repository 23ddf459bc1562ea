import Foundation
import XCTest
@testable import StudyCore

/// The radix sort behind the optimizer's orders, the blank-text checks that stand in for
/// Foundation's `.whitespaces`, and the cgroup quota reading of `ProcessorCount`.
final class SmallUtilitiesTests: XCTestCase {
    func testRadixSortGivesTheStableSortByKey() {
        var generator = SeededGenerator(seed: 7)
        for count in [0, 1, 2, 3, 50, 2_049, 14_000] {
            for spread in [UInt64(1), 40, 1 << 20, UInt64.max] {
                // Keys from a narrow or wide range (so some digits are shared, some not,
                // and many ties), positions beside them in order.
                let base = UInt64.random(in: 0...UInt64.max, using: &generator)
                var pairs: [(time: UInt64, item: Int)] = (0..<count).map { index in
                    (base &+ UInt64.random(in: 0...(spread - 1), using: &generator), index)
                }
                let expected = pairs.sorted { ($0.time, $0.item) < ($1.time, $1.item) }
                RadixSort.sort(&pairs) { $0.time }
                XCTAssertEqual(pairs.map(\.time), expected.map(\.time), "count \(count), spread \(spread)")
                XCTAssertEqual(pairs.map(\.item), expected.map(\.item), "ties keep their order: count \(count), spread \(spread)")
            }
        }
    }

    func testRadixSortOfPlainKeysAtTheEdges() {
        var keys: [UInt64] = [.max, 0, 1 << 63, 5, .max - 1, 1 << 11, (1 << 11) - 1, 0]
        RadixSort.sort(&keys) { $0 }
        XCTAssertEqual(keys, [0, 0, 5, (1 << 11) - 1, 1 << 11, 1 << 63, .max - 1, .max])
    }

    func testBlankAndTrimmedAgreeWithFoundationsWhitespaces() {
        // Scalar by scalar over the whole of Unicode: the same set.
        for value in UInt32(0)...0x10FFFF {
            guard let scalar = Unicode.Scalar(value) else { continue }
            if scalar.isHorizontalSpace != CharacterSet.whitespaces.contains(scalar) {
                XCTFail(String(format: "U+%04X", value))
            }
        }
        let samples = ["", " ", "\t", " \t ", "\u{00A0}", "\u{3000}x\u{2003}", "a", " a b ", "\n", " \n ", "\u{200B}",
                       "\t1.25 ", "پاکستان ", " 日本\t", "e\u{0301} "]
        for text in samples {
            XCTAssertEqual(text.isBlank, text.trimmingCharacters(in: .whitespaces).isEmpty, "isBlank of \(text.debugDescription)")
            XCTAssertEqual(text.trimmedOfHorizontalSpace, text.trimmingCharacters(in: .whitespaces),
                           "trimmed \(text.debugDescription)")
            XCTAssertEqual(Substring(text).trimmedOfHorizontalSpace, text.trimmingCharacters(in: .whitespaces))
        }
    }

    func testProcessorQuotaFromCgroupCpuMax() {
        XCTAssertNil(ProcessorCount.quotaCount(cpuMax: nil))
        XCTAssertNil(ProcessorCount.quotaCount(cpuMax: "max 100000\n"), "no limit")
        XCTAssertEqual(ProcessorCount.quotaCount(cpuMax: "100000 100000\n"), 1)
        XCTAssertEqual(ProcessorCount.quotaCount(cpuMax: "150000 100000\n"), 2, "a fraction rounds up")
        XCTAssertEqual(ProcessorCount.quotaCount(cpuMax: "50000 100000"), 1)
        XCTAssertNil(ProcessorCount.quotaCount(cpuMax: "garbage"))
        XCTAssertGreaterThanOrEqual(ProcessorCount.available, 1)
        #if os(Linux)
        let affinity = try? XCTUnwrap(ProcessorCount.affinityCount(), "the kernel says where the process may run")
        XCTAssertLessThanOrEqual(affinity ?? 0, Int(sysconf(Int32(_SC_NPROCESSORS_CONF))))
        #endif
    }
}
