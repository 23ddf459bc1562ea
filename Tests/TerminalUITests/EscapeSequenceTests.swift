import XCTest
@testable import TerminalUI

final class EscapeSequenceTests: XCTestCase {
    func scalars(_ text: String) -> [Unicode.Scalar] { Array(text.unicodeScalars) }

    func testKnownSequencesBecomeTheirKeys() {
        XCTAssertEqual(EscapeSequence.key(after: scalars("[A")), .up)
        XCTAssertEqual(EscapeSequence.key(after: scalars("[1;5B")), .down, "modifiers are ignored")
        XCTAssertEqual(EscapeSequence.key(after: scalars("[1~")), .home)
        XCTAssertEqual(EscapeSequence.key(after: scalars("[4~")), .end)
        XCTAssertEqual(EscapeSequence.key(after: scalars("[5~")), .pageUp)
        XCTAssertEqual(EscapeSequence.key(after: scalars("[6~")), .pageDown)
        XCTAssertEqual(EscapeSequence.key(after: scalars("OH")), .home)
        XCTAssertEqual(EscapeSequence.key(after: scalars("OP")), .function(1))
    }

    func testUnknownSequencesAreNeverEscape() {
        for sequence in ["[3~", "[200~", "[?1;2c", "[99x", "Oz", "["] {
            XCTAssertEqual(EscapeSequence.key(after: scalars(sequence)), .unknown, sequence)
        }
        XCTAssertEqual(EscapeSequence.key(after: []), .escape, "ESC alone is the Esc key")
    }

    func testASequenceIsCompleteAtItsFinalByte() {
        XCTAssertFalse(EscapeSequence.isComplete(scalars("[")))
        XCTAssertFalse(EscapeSequence.isComplete(scalars("[1;5")))
        XCTAssertTrue(EscapeSequence.isComplete(scalars("[1;5A")))
        XCTAssertFalse(EscapeSequence.isComplete(scalars("O")))
        XCTAssertTrue(EscapeSequence.isComplete(scalars("OP")))
    }
}
