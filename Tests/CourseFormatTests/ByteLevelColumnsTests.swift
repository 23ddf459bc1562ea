import XCTest
@testable import CourseFormat
import StudyCore

/// The parsers classify lines on their UTF-8 bytes and count a column only when they report
/// something. Columns must still be counted in characters, as before: these files mix
/// everything that could throw a byte count off (a byte order mark, "\r\n" line ends, tabs,
/// curly quotes, Urdu and Japanese, a combining accent) with ¶ citations out of range, and
/// every expected column below was counted by hand.
final class ByteLevelColumnsTests: XCTestCase {
    /// The standard course file, opened by a byte order mark, with a claim citing ¶12.
    private let course = ["\u{FEFF}" + standardCourseLines[0]] + standardCourseLines.dropFirst() + [
        "- C3 ¶12: 日本 is cited here.",       // 16: ¶12 at column 6
    ]

    private let lesson = [
        "\u{FEFF}---",
        "id: l1",
        "title: Lesson “one” 日本",
        "theme: alpha",
        "---",
        "",
        "پاکستان and 日本 are cited in ¶12 here.",       // 7: 7 + 5 + 2 + 14 characters before ¶: column 29
        "\tCafe\u{301} and the ’source’ (¶0).",           // 8: tab, "Café" (4), 9, 8, 2 before ¶: column 25
        "",
        "## Questions",
        "",
        "### q: q1",
        "claims: C1 日本",                                // 13: the value starts at 9, "日本" 3 later: column 12
        "source:\t¶2 ¶14",                                // 14: the value starts at the tab (8), "¶14" 4 later: 12
        "Which one is right, پاکستان or 日本?",
        "- [x] Right ’one’",
        "- [ ] Wrong “one”",
        "\t- [ ] wrong “ONE”",                            // 18: the same text but for case; it starts at 8
        "> Because ¶2 says so, not ¶13.",                 // 19: 10 + 16 characters before the second ¶: 27
    ]

    private func assembleCRLF() -> CourseLoadResult {
        CourseAssembler.assemble(courseFile: CourseSourceFile(name: "course.md", text: course.joined(separator: "\r\n") + "\r\n"),
                                 lessonFiles: [CourseSourceFile(name: "lesson.md", text: lesson.joined(separator: "\r\n"))])
    }

    func testColumnsCountCharactersWithBOMCRLFTabsAndWideText() {
        let result = assembleCRLF()
        // In the order they are found: the course file, the lesson text, the questions'
        // lines, then each question's checks.
        let expected = [
            "course.md:16:6: error: ¶12 does not exist: the source has paragraphs ¶1-¶11",
            "lesson.md:7:29: error: ¶12 does not exist: the source has paragraphs ¶1-¶11",
            "lesson.md:8:25: error: ¶0 does not exist: the source has paragraphs ¶1-¶11",
            "lesson.md:19:27: error: ¶13 does not exist: the source has paragraphs ¶1-¶11",
            "lesson.md:13:12: error: unknown claim '日本'",
            "lesson.md:14:12: error: ¶14 does not exist: the source has paragraphs ¶1-¶11",
            "lesson.md:18:8: error: duplicate option text (same as line 17)",
        ]
        let errors = result.errors.map(\.description)
        XCTAssertEqual(errors.count, expected.count, "\(errors)")
        for (actual, wanted) in zip(errors, expected) {
            XCTAssertTrue(actual.hasPrefix(wanted), "\(actual) does not start with \(wanted)")
        }
        XCTAssertEqual(result.warnings, [])
        XCTAssertEqual(result.skipped.map(\.file), ["lesson.md"])
    }

    func testSameFilesWithLFGiveTheSameDiagnostics() {
        let lf = CourseAssembler.assemble(courseFile: CourseSourceFile(name: "course.md", text: text(course)),
                                          lessonFiles: [CourseSourceFile(name: "lesson.md", text: text(lesson))])
        XCTAssertEqual(lf.diagnostics, assembleCRLF().diagnostics)
    }

    func testTheFixedLessonLoadsWithItsWideText() {
        let fixed = lesson
            .replacing(7, with: "پاکستان and 日本 are cited in ¶2 here.")
            .replacing(8, with: "\tCafe\u{301} and the ’source’ (¶1).")
            .replacing(13, with: "claims: C1 C2")
            .replacing(14, with: "source:\t¶2 ¶4")
            .replacing(18, with: "\t- [ ] Wrong two")
            .replacing(19, with: "> Because ¶2 says so, not ¶3.")
        let result = CourseAssembler.assemble(
            courseFile: CourseSourceFile(name: "course.md", text: text(course.replacing(16, with: "- C3 ¶1: 日本 is cited here."))),
            lessonFiles: [CourseSourceFile(name: "lesson.md", text: fixed.joined(separator: "\r\n"))])
        XCTAssertEqual(result.errors, [])
        let question = try? XCTUnwrap(result.course?.questions.first)
        XCTAssertEqual(question?.stem, "Which one is right, پاکستان or 日本?")
        XCTAssertEqual(question?.choices.map(\.text), ["Right ’one’", "Wrong “one”", "Wrong two"])
        XCTAssertEqual(question?.sources, [2, 4])
        XCTAssertEqual(result.course?.lessons.first?.title, "Lesson “one” 日本")
    }
}
