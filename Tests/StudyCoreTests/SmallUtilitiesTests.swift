import Foundation
import XCTest
@testable import StudyCore

/// The radix sort behind the optimizer's orders, the blank-text checks that stand in for
/// Foundation's `.whitespaces`, and the cgroup quota reading of `ProcessorCount`.
final class SmallUtilitiesTests: XCTestCase {
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
}
