import Foundation
import XCTest
@testable import CourseFormat
import StudyCore

/// Whole-course behaviour: every problem reported, warnings, skipping broken files, and
/// reading a course folder from disk.
final class AssemblyTests: XCTestCase {
    // MARK: all problems, not only the first

    func testEveryProblemInAFileIsReported() {
        let lines = [
            "---",                   // 1
            "id: l1",                // 2
            "title: Lesson",         // 3
            "theme: alpha",          // 4
            "colour: red",           // 5  unknown key
            "---",                   // 6
            "",                      // 7
            "See ¶12 here.",         // 8  ¶ out of range
            "",                      // 9
            "## Questions",          // 10
            "",                      // 11
            "### q: q1",             // 12
            "claims: C1 C2",         // 13
            "source: ¶2",            // 14
            "Which?",                // 15
            "- [ ] A",               // 16 no correct option
            "- [ ] B",               // 17
            "> Because (¶2).",       // 18
        ]
        let result = assembleLesson(lines)
        assertDiagnostics(result, [
            Expected("lesson.md", 5, 1, .error, "unknown key 'colour'"),
            Expected("lesson.md", 8, 5, .error, "¶12 does not exist"),
            Expected("lesson.md", 16, 1, .error, "question 'q1' has no correct option"),
        ])
        XCTAssertEqual(result.errors.count, 3)
    }

    func testProblemsInEveryFileAreReported() {
        let course = standardCourseLines.replacing(4, with: "paragraphs: 11").inserting("titel: x", at: 4)
        let result = assemble(course: course, lessons: [
            ("a.md", validLesson(id: "la", question: "qa").replacing(15, with: "- [ ] Right")),
            ("b.md", validLesson(id: "lb", question: "qb").replacing(16, with: "- [y] Wrong one")),
            ("c.md", validLesson(id: "lc", question: "qc")),
        ])
        assertDiagnostics(result, [
            Expected("course.md", 4, 1, .error, "unknown key 'titel'; did you mean 'title'?"),
            Expected("a.md", 15, 1, .error, "no correct option"),
            Expected("b.md", 16, 3, .error, "an option starts with"),
        ])
        XCTAssertEqual(result.course?.lessons.map(\.id), ["lc"])
    }

    // MARK: warnings

    func testLessonWithoutQuestionsIsAWarning() {
        let result = assemble(lessons: [("a.md", validLesson()), ("b.md", lessonHeader(id: "l2"))])
        XCTAssertEqual(result.errors, [])
        assertDiagnostics(result, [Expected("b.md", 1, 1, .warning, "lesson 'l2' has no questions")], severity: .warning)
        XCTAssertEqual(result.skipped, [])
        XCTAssertEqual(result.course?.lessons.map(\.id), ["l1", "l2"])
    }

    func testLessonWithoutAQuestionsSectionIsAWarning() {
        let lines = Array(lessonHeader(id: "l2").prefix(7))
        let result = assemble(lessons: [("a.md", validLesson()), ("b.md", lines)])
        XCTAssertEqual(result.errors, [])
        assertDiagnostics(result, [Expected("b.md", 1, 1, .warning, "has no questions")], severity: .warning)
    }

    func testUntestedClaimIsAWarning() {
        // Line 15 of course.md is "- C2 ¶3 ¶4: …"; the warning points at the claim id (column 3).
        let lesson = lessonHeader() + validQuestion("q1", claims: "C1")
        let result = assembleLesson(lesson)
        XCTAssertEqual(result.errors, [])
        assertDiagnostics(result, [Expected("course.md", 15, 3, .warning, "claim C2 is not tested by any question")], severity: .warning)
        XCTAssertEqual(result.course?.questions.count, 1)
    }

    func testClaimTaughtButNotTestedStillWarns() {
        // A lesson's `claims:` teaches; only questions test.
        let lesson = validLesson().inserting("claims: C1 C2", at: 5).replacing(13, with: "claims: C1")
        let result = assembleLesson(lesson)
        assertDiagnostics(result, [Expected("course.md", 15, 3, .warning, "claim C2")], severity: .warning)
    }

    func testWarningsAloneDoNotSkipAFile() {
        let result = assemble(lessons: [("a.md", lessonHeader() + validQuestion("q1", claims: "C1")),
                                         ("b.md", lessonHeader(id: "l2"))])
        XCTAssertFalse(result.warnings.isEmpty)
        XCTAssertTrue(result.warnings.allSatisfy { $0.severity == .warning && !$0.isError })
        XCTAssertEqual(result.skipped, [])
        XCTAssertEqual(result.course?.lessons.count, 2)
    }

    func testUnclosedBoldIsAWarning() {
        let result = assembleLesson(validLesson().replacing(7, with: "A **key term without end."))
        XCTAssertEqual(result.errors, [])
        assertDiagnostics(result, [Expected("lesson.md", 7, 3, .warning, "'**' is not closed")], severity: .warning)
    }

    func testUnclosedBoldOnAContinuationLinePointsAtThatLine() {
        // Line 7 "First line of the paragraph", line 8 "then **an open term.": the '**' is at 8:6.
        let lines = validLesson().inserting("First line of the paragraph", at: 7).replacing(8, with: "then **an open term.")
        let result = assembleLesson(lines)
        XCTAssertEqual(result.errors, [])
        assertDiagnostics(result, [Expected("lesson.md", 8, 6, .warning, "'**' is not closed")], severity: .warning)
    }

    func testUnclosedBoldInABulletContinuationPointsAtThatLine() {
        let lines = validLesson().replacing(7, with: "- a bullet").inserting("  goes **on", at: 8)
        let result = assembleLesson(lines)
        assertDiagnostics(result, [Expected("lesson.md", 8, 8, .warning, "'**' is not closed")], severity: .warning)
    }

    func testIgnoredCourseSectionIsAWarning() {
        let course = standardCourseLines + ["", "## Notes", "", "Anything."]
        let result = assemble(course: course, lessons: [("a.md", validLesson())])
        XCTAssertEqual(result.errors, [])
        assertDiagnostics(result, [Expected("course.md", 17, 4, .warning, "section 'Notes' is ignored")], severity: .warning)
    }

    // MARK: skipping broken files

    func testBrokenLessonIsSkippedAndTheOthersLoad() {
        let result = assemble(lessons: [
            ("a.md", validLesson(id: "la", question: "qa")),
            ("b.md", validLesson(id: "lb", question: "qb").replacing(15, with: "- [ ] Right")),
            ("c.md", validLesson(id: "lc", question: "qc", theme: "beta")),
        ])
        XCTAssertEqual(result.skipped.count, 1)
        XCTAssertEqual(result.skipped.first?.file, "b.md")
        XCTAssertEqual(result.skipped.first?.reason, "line 15: question 'qb' has no correct option; mark one with '- [x]'")
        XCTAssertEqual(result.course?.lessons.map(\.id), ["la", "lc"])
        XCTAssertEqual(result.course?.questions.map(\.id), ["qa", "qc"])
        // With a file skipped, coverage warnings would only repeat the skip: none are given.
        XCTAssertEqual(result.warnings.filter { $0.message.contains("is not tested") }, [])
    }

    func testLessonWhoseOnlyQuestionIsBrokenIsNotAlsoWarnedAsEmpty() {
        // The lesson has a question; it is broken, and that error is the whole story.
        // "lesson 'l1' has no questions" would send the author looking for a missing section.
        let result = assembleLesson(validLesson().replacing(15, with: "- [ ] Right"))
        assertDiagnostics(result, [Expected("lesson.md", 15, 1, .error, "no correct option")])
        assertDiagnostics(result, [], severity: .warning)
    }

    func testAWholeFileIsSkippedEvenIfOnlyOneQuestionIsBroken() {
        let lines = lessonHeader() + validQuestion("q1") + [""] + validQuestion("q2").replacing(5, with: "- [ ] Right")
        let result = assembleLesson(lines)
        XCTAssertEqual(result.skipped.map(\.file), ["lesson.md"])
        XCTAssertEqual(result.course?.lessons, [])
    }

    func testSkippedFileDoesNotBlockIdsForLaterFiles() {
        // a.md is broken, so its ids are not taken: b.md may use them.
        let result = assemble(lessons: [
            ("a.md", validLesson(id: "l1", question: "q1").replacing(15, with: "- [ ] Right")),
            ("b.md", validLesson(id: "l1", question: "q1")),
        ])
        assertDiagnostics(result, [Expected("a.md", 15, 1, .error, "no correct option")])
        XCTAssertEqual(result.course?.lessons.map(\.id), ["l1"])
    }

    // MARK: CourseLoader (disk)

    private func write(_ lines: [String], to folder: URL, as name: String) throws {
        try text(lines).write(to: folder.appendingPathComponent(name), atomically: true, encoding: .utf8)
    }

    func testMissingCourseFile() throws {
        let folder = try makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try write(validLesson(), to: folder, as: "01-lesson.md")
        let result = CourseLoader.load(folder: folder.path, displayPath: "my-course")
        assertDiagnostics(result, [Expected("my-course/course.md", 1, 1, .error, "missing course file: a course folder needs a 'course.md'")])
        XCTAssertNil(result.course)
    }

    func testMissingCourseFileWithDefaultDisplayPath() throws {
        let folder = try makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let result = CourseLoader.load(folder: folder.path)
        assertDiagnostics(result, [Expected(folder.path + "/course.md", 1, 1, .error, "missing course file")])
    }

    func testNoSuchFolder() {
        let result = CourseLoader.load(folder: "/nonexistent/primer-course-\(UUID().uuidString)", displayPath: "nowhere")
        assertDiagnostics(result, [Expected("nowhere", 1, 1, .error, "no such course folder")])
        XCTAssertNil(result.course)
    }

    func testLoaderReadsLessonsAndIgnoresNotes() throws {
        let folder = try makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try write(standardCourseLines, to: folder, as: "course.md")
        try write(validLesson(id: "l1", question: "q1"), to: folder, as: "01-one.md")
        try write(validLesson(id: "l2", question: "q2", theme: "beta"), to: folder, as: "02-two.md")
        try write(["# notes, not a lesson"], to: folder, as: "README.md")
        try write(["scratch"], to: folder, as: "_draft.md")
        try write(["not markdown"], to: folder, as: "notes.txt")
        let result = CourseLoader.load(folder: folder.path, displayPath: "c")
        XCTAssertEqual(result.diagnostics, [])
        XCTAssertEqual(result.course?.lessons.map(\.id), ["l1", "l2"])
        XCTAssertTrue(CourseLoader.isLessonFileName("01-one.md"))
        XCTAssertFalse(CourseLoader.isLessonFileName("README.md"))
        XCTAssertFalse(CourseLoader.isLessonFileName("_draft.md"))
        XCTAssertFalse(CourseLoader.isLessonFileName("course.md"))
        XCTAssertFalse(CourseLoader.isLessonFileName("notes.txt"))
    }

    func testLoaderDiagnosticsNameTheFileUnderTheDisplayPath() throws {
        let folder = try makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try write(standardCourseLines, to: folder, as: "course.md")
        try write(validLesson(id: "l1", question: "q1"), to: folder, as: "01-one.md")
        try write(validLesson(id: "l2", question: "q2").replacing(15, with: "- [ ] Right"), to: folder, as: "02-two.md")
        let result = CourseLoader.load(folder: folder.path, displayPath: "my-course/")
        assertDiagnostics(result, [Expected("my-course/02-two.md", 15, 1, .error, "no correct option")])
        XCTAssertEqual(result.skipped.map(\.file), ["my-course/02-two.md"])
        XCTAssertEqual(result.course?.lessons.map(\.id), ["l1"])
    }

    func testOversizedFileOnDiskIsSkipped() throws {
        let folder = try makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try write(standardCourseLines, to: folder, as: "course.md")
        try write(validLesson(id: "l1", question: "q1"), to: folder, as: "01-one.md")
        let big = Data(repeating: UInt8(ascii: "a"), count: (1 << 20) + 1)
        try big.write(to: folder.appendingPathComponent("02-big.md"))
        let result = CourseLoader.load(folder: folder.path, displayPath: "c")
        assertDiagnostics(result, [Expected("c/02-big.md", 1, 1, .error, "file is 1048577 bytes; course files are limited to 1 MiB")])
        XCTAssertEqual(result.skipped.map(\.file), ["c/02-big.md"])
        XCTAssertEqual(result.course?.lessons.map(\.id), ["l1"])
    }

    func testInvalidUTF8OnDisk() throws {
        let folder = try makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try write(standardCourseLines, to: folder, as: "course.md")
        var bytes = Array(text(validLesson()).utf8)
        bytes.insert(0xFE, at: 4)   // line 2 "id: l1": byte 4 is right after "---\n"
        try Data(bytes).write(to: folder.appendingPathComponent("01-one.md"))
        let result = CourseLoader.load(folder: folder.path, displayPath: "c")
        assertDiagnostics(result, [Expected("c/01-one.md", 2, 1, .error, "invalid UTF-8 (byte 0xFE)")])
    }
}
