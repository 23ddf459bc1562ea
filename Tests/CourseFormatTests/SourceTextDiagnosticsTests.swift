import XCTest
@testable import CourseFormat
import StudyCore

/// Bytes before structure: control characters, escape sequences, invalid UTF-8, size,
/// and the harmless variations (CRLF, byte order mark).
final class SourceTextDiagnosticsTests: XCTestCase {
    private func assembleBytes(_ bytes: [UInt8]) -> CourseLoadResult {
        CourseAssembler.assemble(courseFile: CourseSourceFile(name: "course.md", text: text(standardCourseLines)),
                                 lessonFiles: [CourseSourceFile(name: "lesson.md", bytes: bytes)])
    }

    // MARK: control characters and escape sequences

    func testControlCharacterAtItsColumn() {
        let result = assembleLesson(validLesson().replacing(7, with: "Some \u{07}lesson text."))
        assertDiagnostics(result, [Expected("lesson.md", 7, 6, .error, "a control character (U+0007) is not allowed in course text")])
        XCTAssertEqual(result.skipped.map(\.file), ["lesson.md"])
    }

    func testEscapeSequenceAtItsColumn() {
        assertDiagnostics(assembleLesson(validLesson().replacing(14, with: "Which one is \u{1B}[31mright?")),
                          [Expected("lesson.md", 14, 14, .error, "an escape sequence (ESC) is not allowed in course text")])
    }

    func testDeleteAndC1ControlsAndEveryLineReported() {
        let lines = validLesson()
            .replacing(3, with: "title: Lesson\u{7F}")          // DEL, column 14
            .replacing(16, with: "- [ ] Wrong\u{85} one")       // NEL (C1), column 12
        assertDiagnostics(assembleLesson(lines), [
            Expected("lesson.md", 3, 14, .error, "a control character (U+007F)"),
            Expected("lesson.md", 16, 12, .error, "a control character (U+0085)"),
        ])
    }

    func testControlCharacterInCourseFile() {
        let course = standardCourseLines.replacing(9, with: "- alpha: Alpha\u{1B}]0;title\u{07}")
        let result = assemble(course: course, lessons: [])
        assertDiagnostics(result, [Expected("course.md", 9, 15, .error, "an escape sequence (ESC)")])
        XCTAssertNil(result.course)
    }

    func testControlCharacterColumnCountsCharactersAfterNonASCII() {
        // "Café" with a precomposed é (1 scalar) and "Cafe\u{301}" with a combining accent
        // (2 scalars) both show as 4 characters: the BEL is at column 6 either way, the same
        // character columns every other diagnostic uses.
        assertDiagnostics(assembleLesson(validLesson().replacing(7, with: "Caf\u{E9} \u{07}x")),
                          [Expected("lesson.md", 7, 6, .error, "U+0007")])
        assertDiagnostics(assembleLesson(validLesson().replacing(7, with: "Cafe\u{301} \u{07}x")),
                          [Expected("lesson.md", 7, 6, .error, "U+0007")])
    }

    func testTabsAreAllowed() {
        let result = assembleLesson(validLesson().replacing(7, with: "Some\tlesson\ttext."))
        XCTAssertEqual(result.diagnostics, [])
    }

    // MARK: invalid UTF-8

    /// The valid lesson's bytes with `bad` inserted before the text `marker` on line `line`.
    private func lessonBytes(inserting bad: [UInt8], before marker: String, onLine line: Int, lines: [String]) -> [UInt8] {
        let before = text(Array(lines.prefix(line - 1))) + "\n"
        let target = lines[line - 1]
        let range = target.range(of: marker)!
        let head = String(target[..<range.lowerBound]), tail = String(target[range.lowerBound...])
        let after = tail + "\n" + text(Array(lines.dropFirst(line)))
        return Array((before + head).utf8) + bad + Array(after.utf8)
    }

    func testInvalidUTF8ReportsLineAndCharacterColumn() {
        // "title: Café " is 12 characters (13 bytes): the bad byte is at column 13.
        let lines = validLesson().replacing(3, with: "title: Café X")
        let result = assembleBytes(lessonBytes(inserting: [0xFF], before: "X", onLine: 3, lines: lines))
        assertDiagnostics(result, [Expected("lesson.md", 3, 13, .error, "invalid UTF-8 (byte 0xFF); save the file as UTF-8")])
        XCTAssertEqual(result.skipped.map(\.file), ["lesson.md"])
    }

    func testInvalidUTF8Sequences() {
        let lines = validLesson()
        let cases: [(bytes: [UInt8], hex: String)] = [
            ([0x80], "0x80"),                   // lone continuation byte
            ([0xC0, 0xAF], "0xC0"),             // overlong encoding of '/'
            ([0xED, 0xA0, 0x80], "0xED"),       // UTF-16 surrogate
            ([0xF4, 0x90, 0x80, 0x80], "0xF4"), // above U+10FFFF
            ([0xE2, 0x82], "0xE2"),             // truncated before a space
        ]
        for c in cases {
            // "Which one " is 10 characters: column 11 of line 14.
            let result = assembleBytes(lessonBytes(inserting: c.bytes, before: "is right", onLine: 14, lines: lines.replacing(14, with: "Which one is right?")))
            assertDiagnostics(result, [Expected("lesson.md", 14, 11, .error, "invalid UTF-8 (byte \(c.hex))")])
        }
    }

    func testTruncatedSequenceAtEndOfFile() {
        let bytes = Array(text(validLesson()).utf8) + [0xE2, 0x82]
        // Line 18 is "> Because ¶2 says so." (21 characters): the bad byte is column 22.
        assertDiagnostics(assembleBytes(bytes), [Expected("lesson.md", 18, 22, .error, "invalid UTF-8 (byte 0xE2)")])
    }

    // MARK: size

    func testFileOverOneMiB() {
        let bytes = [UInt8](repeating: UInt8(ascii: "a"), count: (1 << 20) + 1)
        let result = assembleBytes(bytes)
        assertDiagnostics(result, [Expected("lesson.md", 1, 1, .error, "file is 1048577 bytes; course files are limited to 1 MiB (1048576 bytes)")])
        XCTAssertEqual(result.skipped.map(\.file), ["lesson.md"])
    }

    func testFileOfExactlyOneMiBIsAccepted() {
        var lines = validLesson()
        let size = Array(text(lines).utf8).count
        lines[6] += String(repeating: "a", count: (1 << 20) - size)   // line 7, the lesson text
        let bytes = Array(text(lines).utf8)
        XCTAssertEqual(bytes.count, 1 << 20)
        XCTAssertEqual(assembleBytes(bytes).diagnostics, [])
    }

    func testOversizedCourseFile() {
        let result = CourseAssembler.assemble(
            courseFile: CourseSourceFile(name: "course.md", bytes: [UInt8](repeating: 0x20, count: (1 << 20) + 10)),
            lessonFiles: [])
        assertDiagnostics(result, [Expected("course.md", 1, 1, .error, "file is 1048586 bytes")])
        XCTAssertNil(result.course)
    }

    // MARK: harmless variations

    private func model(_ course: String, _ lessons: [(String, String)]) -> CourseLoadResult {
        CourseAssembler.assemble(courseFile: CourseSourceFile(name: "course.md", text: course),
                                 lessonFiles: lessons.map { CourseSourceFile(name: $0.0, text: $0.1) })
    }

    func testCRLFLineEndingsParseLikeLF() {
        let lessonA = validLesson(id: "l1", question: "q1"), lessonB = validLesson(id: "l2", question: "q2", theme: "beta")
        let lf = model(text(standardCourseLines), [("a.md", text(lessonA)), ("b.md", text(lessonB))])
        let crlf = model(standardCourseLines.joined(separator: "\r\n") + "\r\n",
                         [("a.md", lessonA.joined(separator: "\r\n") + "\r\n"), ("b.md", lessonB.joined(separator: "\r\n"))])
        XCTAssertEqual(lf.diagnostics, [])
        XCTAssertEqual(crlf.diagnostics, [])
        XCTAssertNotNil(crlf.course)
        XCTAssertEqual(crlf.course, lf.course)
    }

    func testCRLFDiagnosticsKeepTheirLines() {
        let lines = validLesson().replacing(16, with: "- [y] Wrong one")
        let result = model(text(standardCourseLines), [("lesson.md", lines.joined(separator: "\r\n"))])
        assertDiagnostics(result, [Expected("lesson.md", 16, 3, .error, "an option starts with")])
    }

    func testByteOrderMarkIsIgnored() {
        let plain = model(text(standardCourseLines), [("a.md", text(validLesson()))])
        let bom = model("\u{FEFF}" + text(standardCourseLines), [("a.md", "\u{FEFF}" + text(validLesson()))])
        XCTAssertEqual(bom.diagnostics, [])
        XCTAssertNotNil(bom.course)
        XCTAssertEqual(bom.course, plain.course)
    }

    func testByteOrderMarkWithCRLF() {
        let plain = model(text(standardCourseLines), [("a.md", text(validLesson()))])
        let both = model("\u{FEFF}" + standardCourseLines.joined(separator: "\r\n"),
                         [("a.md", "\u{FEFF}" + validLesson().joined(separator: "\r\n"))])
        XCTAssertEqual(both.diagnostics, [])
        XCTAssertEqual(both.course, plain.course)
    }
}
