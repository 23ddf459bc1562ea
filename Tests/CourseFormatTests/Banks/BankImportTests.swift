import Foundation
import XCTest
@testable import CourseFormat
import StudyCore

/// `import-bank`: a bank becomes a course folder that `primer check` accepts.
final class BankImportTests: XCTestCase {
    private func importGIFT(_ lines: [String], theme: String? = nil) throws -> BankImportResult {
        try BankImport.importBank(text(lines), format: .gift, fileName: "bank.gift", courseID: "my-bank", theme: theme)
    }

    func testImportedGIFTPassesTheCheckWithZeroErrors() throws {
        let result = try importGIFT(GIFTParserTests.everyConstruct)
        let loaded = assembleWritten(result.files)
        XCTAssertEqual(loaded.diagnostics.map(\.description), [], "no errors and no warnings")
        XCTAssertEqual(loaded.skipped, [])
        let course = try XCTUnwrap(loaded.course)
        XCTAssertEqual(course, result.course, "the files say exactly what the model says")

        XCTAssertEqual(course.id, "my-bank")
        XCTAssertEqual(course.title, "Imported from bank.gift")
        XCTAssertEqual(course.paragraphCount, 0, "no paragraphs key: ¶ refs are not required")
        XCTAssertEqual(course.themes, [Theme(id: "geography", title: "Geography", order: 1), Theme(id: "history", title: "History", order: 2)])
        XCTAssertEqual(course.lessons.map(\.id), ["capitals", "history"])
        XCTAssertEqual(course.lessons.map(\.title), ["Capitals", "History"])
        XCTAssertEqual(course.lessons.map(\.themeID), ["geography", "history"])
        XCTAssertEqual(course.questions.map(\.id), [
            "france-capital", "rivers", "tf-true", "tf-false", "escapes",
            "html", "grant-is-in-grant-s-tomb", "spanning", "plain", "moodle",
        ])
        XCTAssertEqual(result.files.map(\.name), ["course.md", "01-capitals.md", "02-history.md"])
    }

    /// A question without general feedback gets an explanation naming the right answer,
    /// and a warning says so.
    func testMissingGeneralFeedbackIsStatedAndWarned() throws {
        let result = try importGIFT(GIFTParserTests.everyConstruct)
        XCTAssertEqual(printed(result.messages), [
            "bank.gift:4: warning: no general feedback (####) for question 'france-capital'; its explanation states the right answer",
            "bank.gift:6: warning: no general feedback (####) for question 'rivers'; its explanation states the right answer",
            "bank.gift:15: warning: no general feedback (####) for question 'tf-false'; its explanation states the right answer",
            "bank.gift:25: warning: no general feedback (####) for question 'html'; its explanation states the right answer",
            "bank.gift:30: warning: no general feedback (####) for question 'grant-is-in-grant-s-tomb'; its explanation states the right answer",
            "bank.gift:32: warning: no general feedback (####) for question 'spanning'; its explanation states the right answer",
            "bank.gift:41: warning: no general feedback (####) for question 'plain'; its explanation states the right answer",
        ])
        let q = Dictionary(uniqueKeysWithValues: result.course.questions.map { ($0.id, $0) })
        XCTAssertEqual(q["france-capital"]?.explanation, "The right answer is: Paris.")
        XCTAssertEqual(q["rivers"]?.explanation, "The right answers are: Danube; Rhine.")
        XCTAssertEqual(q["tf-false"]?.explanation, "The statement is false.")
        XCTAssertEqual(q["plain"]?.explanation, "The statement is true.")
        XCTAssertEqual(q["tf-true"]?.explanation, "The Seine crosses Paris.")
    }

    func testTheThemeOptionPutsEveryLessonInOneTheme() throws {
        let result = try importGIFT(GIFTParserTests.everyConstruct, theme: "world")
        let loaded = assembleWritten(result.files)
        XCTAssertEqual(loaded.errors.map(\.description), [])
        let course = try XCTUnwrap(loaded.course)
        XCTAssertEqual(course.themes, [Theme(id: "world", title: "world", order: 1)])
        XCTAssertEqual(course.lessons.map(\.id), ["capitals", "history"])
        XCTAssertEqual(course.lessons.map(\.title), ["Geography / Capitals", "History"])
        XCTAssertEqual(Set(course.questions.map(\.themeID)), ["world"])
        XCTAssertThrowsError(try importGIFT(GIFTParserTests.everyConstruct, theme: "no spaces")) {
            XCTAssertEqual($0 as? BankImport.Failure, .invalidThemeID("no spaces"))
        }
    }

    /// Ids are unique across the course: titles that slug alike, untitled questions with
    /// the same opening words, and categories whose last parts are alike.
    func testIDsAreUnique() throws {
        let bank = [
            "$CATEGORY: Biology/Intro", "",
            "::Same title::A {=a ~b}", "",
            "::same title!::B {=a ~b}", "",
            "What is a cell? {=a ~b}", "",
            "What is a cell? {=c ~d}", "",
            "$CATEGORY: Chemistry/Intro", "",
            "::Q1::C {=a ~b}", "",
            "::Q1::D {=a ~b}", "",
        ]
        let result = try importGIFT(bank)
        XCTAssertEqual(assembleWritten(result.files).errors.map(\.description), [])
        XCTAssertEqual(result.course.questions.map(\.id), ["same-title", "same-title-2", "what-is-a-cell", "what-is-a-cell-2", "Q1", "Q1-2"])
        XCTAssertEqual(result.course.lessons.map(\.id), ["intro", "chemistry-intro"])
        XCTAssertEqual(result.course.themes.map(\.id), ["biology", "chemistry"])
    }

    func testQuestionsBeforeAnyCategoryGoToATopicNamedAfterTheFile() throws {
        let result = try BankImport.importBank("Q? {=a ~b}\n\n$CATEGORY: Later\n\nR? {=c ~d}\n", format: .gift,
                                               fileName: "/some/where/Unit 3.gift", courseID: "c")
        XCTAssertEqual(result.course.themes.map(\.id), ["unit-3", "later"])
        XCTAssertEqual(result.course.themes.map(\.title), ["Unit 3", "Later"])
        XCTAssertEqual(result.course.lessons.map(\.id), ["unit-3", "later"])
        XCTAssertEqual(assembleWritten(result.files).errors.map(\.description), [])
    }

    /// Stem lines that would read as primer syntax (an option, a heading, a quote, a
    /// `key: value` line) are kept as text.
    func testStemLinesThatLookLikeSyntaxStayText() throws {
        let stem = "note: read carefully\\n- a dash line\\n* a star line\\n# a hash line\\n> a quote line\\nkind: not a key here"
        let result = try importGIFT(["::tricky::\(stem) {=a ~b####fine}"])
        let loaded = assembleWritten(result.files)
        XCTAssertEqual(loaded.errors.map(\.description), [])
        let question = try XCTUnwrap(loaded.course?.questions.first)
        let g = String(CourseWriter.lineGuard)
        XCTAssertEqual(question.stem, [g + "note: read carefully", g + "- a dash line", g + "* a star line", g + "# a hash line",
                                       g + "> a quote line", "kind: not a key here"].joined(separator: "\n"))
        XCTAssertEqual(CourseWriter.unguarded(question.stem),
                       "note: read carefully\n- a dash line\n* a star line\n# a hash line\n> a quote line\nkind: not a key here")
    }

    func testAikenImportPassesTheCheck() throws {
        let bank = "What is 2 + 2?\nA. 3\nB. 4\nANSWER: B\n\nWhich is a prime?\nA) 4\nB) 6\nC) 7\nANSWER: C\n"
        let result = try BankImport.importBank(bank, format: .aiken, fileName: "quiz.txt", courseID: "maths")
        let loaded = assembleWritten(result.files)
        XCTAssertEqual(loaded.diagnostics.map(\.description), [])
        let course = try XCTUnwrap(loaded.course)
        XCTAssertEqual(course.themes, [Theme(id: "quiz", title: "quiz", order: 1)])
        XCTAssertEqual(course.questions.map(\.id), ["what-is-2-2", "which-is-a-prime"])
        XCTAssertEqual(course.questions.map(\.explanation), ["The right answer is: 4.", "The right answer is: 7."])
        XCTAssertEqual(course.questions.map { $0.choices.filter(\.isCorrect).map(\.text) }, [["4"], ["7"]])
        XCTAssertEqual(result.files.map(\.name), ["course.md", "01-quiz.md"])
    }

    func testWrittenFolderLoadsFromDisk() throws {
        let folder = try makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let result = try importGIFT(GIFTParserTests.everyConstruct)
        let target = folder.appendingPathComponent("course").path
        try CourseWriter.write(result.course, to: target)
        let loaded = CourseLoader.load(folder: target)
        XCTAssertEqual(loaded.diagnostics.map(\.description), [])
        XCTAssertEqual(loaded.course, result.course)
    }

    func testABankWithNothingImportableIsAFailure() {
        XCTAssertThrowsError(try importGIFT(["Essay? {}", "", "Number? {#4}"])) {
            XCTAssertEqual($0 as? BankImport.Failure, .nothingToImport)
        }
    }

    /// A paragraph count from a primer export is kept only if every question cites ¶ refs within it.
    func testParagraphCountIsKeptOnlyWhenEveryQuestionFitsIt() throws {
        func bank(_ sources: String) -> [String] {
            ["// primer-course-paragraphs: 2", "", "// primer-sources: \(sources)", "::q::Q {=a ~b####E}", "", "// primer-sources: ¶1", "::r::R {=a ~b####E}"]
        }
        let kept = try importGIFT(bank("¶2"))
        XCTAssertEqual(kept.course.paragraphCount, 2)
        XCTAssertEqual(printed(kept.messages), [])
        XCTAssertEqual(assembleWritten(kept.files).errors.map(\.description), [])

        let dropped = try importGIFT(bank("¶3"))
        XCTAssertEqual(dropped.course.paragraphCount, 0)
        XCTAssertEqual(printed(dropped.messages), [
            "bank.gift:1: warning: 'primer-course-paragraphs: 2' is not kept: not every question cites ¶ refs within ¶1-¶2",
        ])
        XCTAssertEqual(assembleWritten(dropped.files).errors.map(\.description), [])
        XCTAssertEqual(dropped.course.questions.map(\.sources), [[3], [1]])
    }

    func testSlugs() {
        XCTAssertEqual(BankImport.slug("Unit 1: Cells & Tissues"), "unit-1-cells-tissues")
        XCTAssertEqual(BankImport.slug("  --Größe  "), "größe")
        XCTAssertEqual(BankImport.slug("?!"), "")
        XCTAssertEqual(BankImport.slug(String(repeating: "ab ", count: 40), maxLength: 10), "ab-ab-ab-a")
    }
}
