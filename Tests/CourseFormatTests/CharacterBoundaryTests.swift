import XCTest
@testable import CourseFormat

/// The byte-level parsers trust `CharacterBoundary.isPlain`: a plain scalar never forms one
/// character with an ASCII character or ¶ beside it. Checked here against Swift's own
/// grapheme breaking, for every plain scalar, so a toolchain with other Unicode data would
/// fail here rather than shift a column.
final class CharacterBoundaryTests: XCTestCase {
    /// The characters the parsers look for, and the ones around them.
    private let marks: [Character] = [" ", "\t", "#", "-", "*", ">", ":", "(", ")", "[", "]", "x", "0", ",", "a", "¶"]

    func testPlainScalarsNeverJoinTheMarks() {
        var checked = 0
        for value in UInt32(0x80)...0xFFFF where CharacterBoundary.isPlain(value) {
            guard let scalar = Unicode.Scalar(value) else { continue }
            let plain = String(Character(scalar))
            for mark in marks {
                let before = String(mark) + plain, after = plain + String(mark)
                if before.count != 2 || after.count != 2 {
                    XCTFail("U+\(String(value, radix: 16, uppercase: true)) joins \(mark.debugDescription)")
                    return
                }
            }
            checked += 1
        }
        XCTAssertGreaterThan(checked, 20_000)
    }

    func testJoiningScalarsAreNotPlain() {
        // A combining accent, a zero-width joiner, a variation selector, an Arabic number sign
        // (it takes in what follows), a Devanagari spacing mark, a soft hyphen, a byte order mark.
        for value: UInt32 in [0x0301, 0x200D, 0xFE0F, 0x0600, 0x0903, 0x00AD, 0xFEFF, 0x1F3FD, 0x1F1F5] {
            XCTAssertFalse(CharacterBoundary.isPlain(value), "U+\(String(value, radix: 16))")
        }
        for value: UInt32 in [0x00B6, 0x2019, 0x201C, 0x067E, 0x65E5, 0x00E9] {
            XCTAssertTrue(CharacterBoundary.isPlain(value), "U+\(String(value, radix: 16))")
        }
    }

    func testScalarsAreDecodedFromEitherEnd() {
        let bytes = Array("a¶’日👍".utf8)
        XCTAssertEqual(CharacterBoundary.scalar(bytes, startingAt: 1), 0xB6)
        XCTAssertEqual(CharacterBoundary.scalar(bytes, endingAt: 3), 0xB6)
        XCTAssertEqual(CharacterBoundary.scalar(bytes, startingAt: 3), 0x2019)
        XCTAssertEqual(CharacterBoundary.scalar(bytes, endingAt: 9), 0x65E5)
        XCTAssertEqual(CharacterBoundary.scalar(bytes, endingAt: bytes.count), 0x1F44D)
        // A sequence cut short by the end of the buffer is not plain.
        XCTAssertEqual(CharacterBoundary.scalar(Array(bytes[0..<2]), startingAt: 1), 0xFFFD)
    }
}
