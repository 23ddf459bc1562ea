import XCTest
@testable import CourseFormat
import StudyCore

/// Front matter, required and unknown keys, ids and themes: each error at its exact position.
final class FrontMatterDiagnosticsTests: XCTestCase {
    func testValidBaselineHasNoDiagnostics() {
        let result = assembleLesson(validLesson())
        XCTAssertEqual(result.diagnostics, [])
        XCTAssertEqual(result.course?.lessons.map(\.id), ["l1"])
    }

    // MARK: front matter shape

    func testMissingFrontMatterInLesson() {
        let result = assembleLesson(["# A lesson", "", "Text without front matter."])
        assertDiagnostics(result, [Expected("lesson.md", 1, 1, .error, "missing front matter: the file must start with a line '---'")])
        XCTAssertEqual(result.skipped.map(\.file), ["lesson.md"])
    }

    func testMissingFrontMatterInCourseFile() {
        let result = assemble(course: ["# My course", "", "## Themes", "", "- alpha: Alpha"], lessons: [("lesson.md", validLesson())])
        assertDiagnostics(result, [Expected("course.md", 1, 1, .error, "missing front matter")])
        XCTAssertNil(result.course)
    }

    func testFrontMatterNotAtFirstLineIsMissing() {
        // A blank line before '---' means the file does not start with front matter.
        let result = assembleLesson([""] + validLesson())
        assertDiagnostics(result, [Expected("lesson.md", 1, 1, .error, "missing front matter")])
    }

    func testUnterminatedFrontMatter() {
        let result = assembleLesson(["---", "id: l1", "title: Lesson", "theme: alpha", "", "Body text."])
        assertDiagnostics(result, [Expected("lesson.md", 1, 1, .error, "front matter is not closed")])
        XCTAssertEqual(result.skipped.map(\.file), ["lesson.md"])
    }

    func testUnterminatedFrontMatterInCourseFile() {
        let result = assemble(course: ["---", "id: c", "title: C", "", "## Themes", "- alpha: A"], lessons: [])
        assertDiagnostics(result, [Expected("course.md", 1, 1, .error, "front matter is not closed")])
        XCTAssertNil(result.course)
    }

    func testFrontMatterLineThatIsNotKeyValue() {
        let lines = validLesson().inserting("just some words", "   indented words", "two words: value", at: 3)
        assertDiagnostics(assembleLesson(lines), [
            Expected("lesson.md", 3, 1, .error, "expected 'key: value' in front matter"),
            Expected("lesson.md", 4, 4, .error, "expected 'key: value' in front matter"),
            Expected("lesson.md", 5, 1, .error, "expected 'key: value' in front matter"),
        ])
    }

    func testCommentsAndBlankLinesInFrontMatterAreIgnored() {
        let lines = validLesson().inserting("# a comment: with a colon", "", "  # indented comment", at: 3)
        let result = assembleLesson(lines)
        XCTAssertEqual(result.diagnostics, [])
        XCTAssertEqual(result.course?.lessons.first?.title, "Lesson l1")
    }

    // MARK: required keys

    func testMissingLessonID() {
        let result = assembleLesson(validLesson().removing(2))
        assertDiagnostics(result, [Expected("lesson.md", 1, 1, .error, "missing required key 'id' in front matter")])
        XCTAssertEqual(result.skipped.map(\.file), ["lesson.md"])
    }

    func testMissingLessonTitle() {
        assertDiagnostics(assembleLesson(validLesson().removing(3)),
                          [Expected("lesson.md", 1, 1, .error, "missing required key 'title' in front matter")])
    }

    func testMissingLessonTheme() {
        assertDiagnostics(assembleLesson(validLesson().removing(4)),
                          [Expected("lesson.md", 1, 1, .error, "missing required key 'theme' in front matter")])
    }

    func testEmptyRequiredValuePointsAtTheValue() {
        // "title:" — the value column is just after the colon.
        assertDiagnostics(assembleLesson(validLesson().replacing(3, with: "title:")),
                          [Expected("lesson.md", 3, 7, .error, "'title' must not be empty")])
    }

    func testMissingCourseIDAndTitle() {
        let noID = assemble(course: standardCourseLines.removing(2), lessons: [])
        assertDiagnostics(noID, [Expected("course.md", 1, 1, .error, "missing required key 'id'")])
        XCTAssertNil(noID.course)

        let noTitle = assemble(course: standardCourseLines.removing(3), lessons: [])
        assertDiagnostics(noTitle, [Expected("course.md", 1, 1, .error, "missing required key 'title'")])
        XCTAssertNil(noTitle.course)
    }

    // MARK: unknown and duplicate keys

    func testUnknownKeyWithSuggestion() {
        let result = assembleLesson(validLesson().replacing(3, with: "titel: Lesson one"))
        assertDiagnostics(result, [
            Expected("lesson.md", 3, 1, .error, "unknown key 'titel'; did you mean 'title'?"),
            // The mistyped key leaves the title unset, which is reported too.
            Expected("lesson.md", 1, 1, .error, "missing required key 'title'"),
        ])
    }

    func testUnknownKeyWithoutCloseMatchListsTheKeys() {
        let result = assembleLesson(validLesson().inserting("  colour: red", at: 5))
        assertDiagnostics(result, [
            Expected("lesson.md", 5, 3, .error, "unknown key 'colour'; expected one of: id, title, theme, order, sources, claims"),
        ])
    }

    func testUnknownKeyInCourseFile() {
        let result = assemble(course: standardCourseLines.replacing(4, with: "paragrafs: 11"), lessons: [])
        assertDiagnostics(result, [Expected("course.md", 4, 1, .error, "unknown key 'paragrafs'; did you mean 'paragraphs'?")])
    }

    func testDuplicateKey() {
        let result = assembleLesson(validLesson().inserting("title: Again", at: 4))
        assertDiagnostics(result, [Expected("lesson.md", 4, 1, .error, "duplicate key 'title' (first set on line 3)")])
    }

    func testBadOrderAndParagraphsValues() {
        assertDiagnostics(assembleLesson(validLesson().inserting("order: first", at: 5)),
                          [Expected("lesson.md", 5, 8, .error, "'order' must be a whole number, not 'first'")])
        assertDiagnostics(assemble(course: standardCourseLines.replacing(4, with: "paragraphs: eleven"), lessons: []),
                          [Expected("course.md", 4, 13, .error, "'paragraphs' must be a whole number of at least 1, not 'eleven'")])
    }

    // MARK: ids

    func testDuplicateLessonIDAcrossFiles() {
        let result = assemble(lessons: [("a.md", validLesson(id: "l1", question: "q1")),
                                         ("b.md", validLesson(id: "l1", question: "q2"))])
        assertDiagnostics(result, [Expected("b.md", 2, 5, .error, "duplicate lesson id 'l1' (also in a.md:2)")])
        XCTAssertEqual(result.skipped.map(\.file), ["b.md"])
        XCTAssertEqual(result.course?.lessons.map(\.id), ["l1"])
        XCTAssertEqual(result.course?.questions.map(\.id), ["q1"])
    }

    func testDuplicateQuestionIDAcrossFiles() {
        let result = assemble(lessons: [("a.md", validLesson(id: "l1", question: "q1")),
                                         ("b.md", validLesson(id: "l2", question: "q1"))])
        assertDiagnostics(result, [Expected("b.md", 11, 8, .error, "duplicate question id 'q1' (also in a.md:11)")])
        XCTAssertEqual(result.skipped.map(\.file), ["b.md"])
        XCTAssertEqual(result.course?.lessons.map(\.id), ["l1"])
    }

    func testDuplicateQuestionIDWithinOneFile() {
        let lines = lessonHeader() + validQuestion("q1") + [""] + validQuestion("q1")
        // The second heading is line 11 + 8 + 1 = 20.
        assertDiagnostics(assembleLesson(lines), [Expected("lesson.md", 20, 8, .error, "duplicate question id 'q1' (first on line 11)")])
    }

    /// Found by a tutor: a repeated id was only reported once the repeat's other errors
    /// were fixed; every problem is reported in one run.
    func testARepeatedQuestionIDIsReportedEvenWhenThatQuestionHasOtherErrors() {
        let broken = validQuestion("q1").replacing(3, with: "source: ¶99")   // no such paragraph
        let lines = lessonHeader() + validQuestion("q1") + [""] + broken
        let result = assembleLesson(lines)
        XCTAssertTrue(result.errors.contains { $0.line == 20 && $0.message == "duplicate question id 'q1' (first on line 11)" },
                      "\(result.errors)")
        XCTAssertTrue(result.errors.contains { $0.line == 22 && $0.message.contains("¶99") }, "\(result.errors)")
        let across = assemble(lessons: [("a.md", validLesson(id: "l1", question: "q1")),
                                        ("b.md", lessonHeader(id: "l2") + validQuestion("q1").replacing(3, with: "source: ¶99"))])
        XCTAssertTrue(across.errors.contains { $0.file == "b.md" && $0.message == "duplicate question id 'q1' (also in a.md:11)" },
                      "\(across.errors)")
    }

    /// On disk, problems come in reading order: course.md, then files by name, top to bottom.
    func testProblemsAreListedInReadingOrder() throws {
        let folder = try makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try text(standardCourseLines).write(to: folder.appendingPathComponent("course.md"), atomically: true, encoding: .utf8)
        let bad = { (id: String, q: String) in text(self.lessonHeaderWithBrokenQuestion(id: id, question: q)) }
        try bad("l2", "q2").write(to: folder.appendingPathComponent("99-b.md"), atomically: true, encoding: .utf8)
        try bad("l1", "q1").write(to: folder.appendingPathComponent("03-a.md"), atomically: true, encoding: .utf8)
        let result = CourseLoader.load(folder: folder.path, displayPath: "c")
        let places = result.diagnostics.map { "\($0.file):\($0.line):\($0.column)" }
        XCTAssertGreaterThan(places.count, 2)
        let sorted = result.diagnostics.sorted { a, b in (a.file, a.line, a.column) < (b.file, b.line, b.column) }
        XCTAssertEqual(places, sorted.map { "\($0.file):\($0.line):\($0.column)" })
        XCTAssertEqual(Set(result.diagnostics.map(\.file)), ["c/03-a.md", "c/99-b.md"])

        // A file given where a folder is expected says what to give instead.
        let file = CourseLoader.load(folder: folder.appendingPathComponent("03-a.md").path)
        XCTAssertEqual(file.diagnostics.first?.message,
                       "this is a file; a course is checked as a whole: give its folder (the one holding course.md), here '\(folder.path)'")
        XCTAssertEqual(CourseLoader.load(folder: folder.appendingPathComponent("nope").path).diagnostics.first?.message, "no such course folder")
    }

    /// A lesson whose one question has errors on several lines: an unknown claim (found by
    /// the question's checks when it ends) above a bad kind line (found as the line is read).
    func lessonHeaderWithBrokenQuestion(id: String, question: String) -> [String] {
        lessonHeader(id: id) + validQuestion(question).replacing(2, with: "claims: C1 C99").inserting("kind: bogus", at: 3)
    }

    func testMissingQuestionID() {
        let lines = validLesson().replacing(11, with: "### q:")
        assertDiagnostics(assembleLesson(lines), [Expected("lesson.md", 11, 5, .error, "question id is missing after 'q:'")])
    }

    func testInvalidLessonID() {
        assertDiagnostics(assembleLesson(validLesson().replacing(2, with: "id: my lesson")),
                          [Expected("lesson.md", 2, 5, .error, "lesson id 'my lesson' may use only letters, digits")])
    }

    // MARK: themes

    func testUnknownLessonThemeWithSuggestion() {
        let result = assembleLesson(validLesson(theme: "bata"))
        assertDiagnostics(result, [Expected("lesson.md", 4, 8, .error, "unknown theme 'bata'; did you mean 'beta'?")])
        XCTAssertEqual(result.course?.lessons, [])
    }

    func testUnknownLessonThemeWithoutCloseMatch() {
        assertDiagnostics(assembleLesson(validLesson(theme: "economy")),
                          [Expected("lesson.md", 4, 8, .error, "unknown theme 'economy'; expected one of: alpha, beta")])
    }

    func testUnknownQuestionTheme() {
        let lines = validLesson().inserting("theme: gamma", at: 12)
        assertDiagnostics(assembleLesson(lines), [Expected("lesson.md", 12, 8, .error, "unknown theme 'gamma'")])
    }

    func testCourseWithNoThemes() {
        // Reported at the end of the front matter (line 4, the closing '---').
        let course = ["---", "id: c", "title: C", "---", "", "An introduction.", ""]
        let result = assemble(course: course, lessons: [])
        assertDiagnostics(result, [Expected("course.md", 4, 1, .error, "the course lists no themes")])

        let emptySection = ["---", "id: c", "title: C", "---", "", "## Themes", ""]
        assertDiagnostics(assemble(course: emptySection, lessons: []),
                          [Expected("course.md", 4, 1, .error, "the course lists no themes")])
    }

    func testMalformedThemeAndClaimLines() {
        let course = standardCourseLines
            .inserting("  alpha Alpha without colon", at: 10)   // line 10 in the Themes section
            .inserting("- alpha: Alpha again", at: 11)
        assertDiagnostics(assemble(course: course, lessons: []), [
            Expected("course.md", 10, 3, .error, "expected a theme line '- ID: Title'"),
            Expected("course.md", 11, 3, .error, "duplicate theme id 'alpha' (first on line 9)"),
        ])
    }
}
