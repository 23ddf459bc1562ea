import XCTest
@testable import CourseFormat
import StudyCore

/// ¶ refs and claim refs. The standard course sets `paragraphs: 11`.
final class ReferenceDiagnosticsTests: XCTestCase {
    // MARK: ¶ out of range

    func testParagraphOutOfRangeInLessonFrontMatter() {
        // "sources: " is 9 characters, so the value starts at column 10 and "¶12" at 13.
        let result = assembleLesson(validLesson().inserting("sources: ¶2 ¶12", at: 5))
        assertDiagnostics(result, [Expected("lesson.md", 5, 13, .error, "¶12 does not exist: the source has paragraphs ¶1-¶11")])
    }

    func testParagraphZeroInLessonFrontMatter() {
        assertDiagnostics(assembleLesson(validLesson().inserting("sources: ¶0", at: 5)),
                          [Expected("lesson.md", 5, 10, .error, "¶0 does not exist")])
    }

    func testParagraphOutOfRangeInQuestionSource() {
        assertDiagnostics(assembleLesson(validLesson().replacing(13, with: "source: ¶12")),
                          [Expected("lesson.md", 13, 9, .error, "¶12 does not exist: the source has paragraphs ¶1-¶11")])
    }

    func testParagraphRangeRunningPastTheEnd() {
        assertDiagnostics(assembleLesson(validLesson().replacing(13, with: "source: ¶10-¶12")),
                          [Expected("lesson.md", 13, 9, .error, "¶12 does not exist")])
    }

    func testParagraphOutOfRangeInLessonBodyText() {
        assertDiagnostics(assembleLesson(validLesson().replacing(7, with: "See ¶12 for more.")),
                          [Expected("lesson.md", 7, 5, .error, "¶12 does not exist: the source has paragraphs ¶1-¶11")])
    }

    func testParagraphOutOfRangeInBulletText() {
        assertDiagnostics(assembleLesson(validLesson().replacing(7, with: "- a point (¶2, ¶99)")),
                          [Expected("lesson.md", 7, 16, .error, "¶99 does not exist")])
    }

    func testParagraphOutOfRangeInHeadingIsReportedOnce() {
        // "## Part (¶12)": the ¶ is at column 10. One mistake, one error.
        assertDiagnostics(assembleLesson(validLesson().replacing(7, with: "## Part (¶12)")),
                          [Expected("lesson.md", 7, 10, .error, "¶12 does not exist")])
    }

    func testParagraphOutOfRangeInCourseClaim() {
        let course = standardCourseLines.replacing(14, with: "- C1 ¶12: The first claim.")
        assertDiagnostics(assemble(course: course, lessons: []),
                          [Expected("course.md", 14, 6, .error, "¶12 does not exist")])
    }

    func testParagraphOutOfRangeInCourseClaimAfterAComma() {
        // "- C2 ¶3, ¶12: …": the second ref starts at column 10.
        let course = standardCourseLines.replacing(15, with: "- C2 ¶3, ¶12: The second claim.")
        assertDiagnostics(assemble(course: course, lessons: []),
                          [Expected("course.md", 15, 10, .error, "¶12 does not exist")])
    }

    func testParagraphOutOfRangeInQuestionExplanation() {
        // The explanation is where a learner reads the citation; FORMAT.md checks every ¶N ref.
        // "> Because ¶12 says so.": the ¶ is at column 11.
        assertDiagnostics(assembleLesson(validLesson().replacing(18, with: "> Because ¶12 says so.")),
                          [Expected("lesson.md", 18, 11, .error, "¶12 does not exist")])
    }

    func testParagraphRefsAreNotRangeCheckedWithoutParagraphs() {
        let course = standardCourseLines.removing(4)
        let lesson = validLesson().inserting("sources: ¶40", at: 5).replacing(8, with: "See ¶99.")
        XCTAssertEqual(assemble(course: course, lessons: [("lesson.md", lesson)]).diagnostics, [])
    }

    // MARK: malformed ¶ tokens

    func testMalformedParagraphToken() {
        assertDiagnostics(assembleLesson(validLesson().replacing(13, with: "source: 6")),
                          [Expected("lesson.md", 13, 9, .error, "'6' is not a paragraph ref; write ¶N, e.g. ¶6, or a range ¶2-¶5")])
        assertDiagnostics(assembleLesson(validLesson().replacing(13, with: "source: ¶2 ¶x")),
                          [Expected("lesson.md", 13, 12, .error, "'¶x' is not a paragraph ref")])
        assertDiagnostics(assembleLesson(validLesson().inserting("sources: ¶2-¶3-¶4", at: 5)),
                          [Expected("lesson.md", 5, 10, .error, "'¶2-¶3-¶4' is not a paragraph ref")])
    }

    func testBackwardsParagraphRange() {
        assertDiagnostics(assembleLesson(validLesson().replacing(13, with: "source: ¶5-¶2")),
                          [Expected("lesson.md", 13, 9, .error, "paragraph range '¶5-¶2' runs backwards")])
    }

    func testParagraphRefForms() {
        let lesson = validLesson().replacing(13, with: "source: ¶2, ¶4–5 ¶7-¶8")
        let result = assembleLesson(lesson)
        XCTAssertEqual(result.diagnostics, [])
        XCTAssertEqual(result.course?.questions.first?.sources, [2, 4, 5, 7, 8])
    }

    // MARK: claims

    func testUnknownClaimInQuestion() {
        // "claims: " is 8 characters; "C9" is the second token, at column 12.
        assertDiagnostics(assembleLesson(validLesson().replacing(12, with: "claims: C1 C9")),
                          [Expected("lesson.md", 12, 12, .error, "unknown claim 'C9'")])
    }

    func testUnknownClaimInLessonFrontMatter() {
        assertDiagnostics(assembleLesson(validLesson().inserting("claims: C1 C7", at: 5)),
                          [Expected("lesson.md", 5, 12, .error, "unknown claim 'C7'")])
    }

    func testClaimsAreNotCheckedWhenTheCourseListsNone() {
        let course = Array(standardCourseLines.prefix(11))   // no ## Claims
        let result = assemble(course: course, lessons: [("lesson.md", validLesson().replacing(12, with: "claims: anything"))])
        XCTAssertEqual(result.diagnostics, [])
        XCTAssertEqual(result.course?.questions.first?.claims, ["anything"])
    }
}
