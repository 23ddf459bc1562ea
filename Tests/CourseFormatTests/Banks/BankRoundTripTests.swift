import Foundation
import XCTest
@testable import CourseFormat
import StudyCore

/// `export-bank --format gift` → `import-bank`: the same course comes back.
final class BankRoundTripTests: XCTestCase {
    /// A course using every kind, per-option feedback, and text full of GIFT's special characters.
    static let trickyCourse = [
        "---", "id: tricky", "title: Tricky: {all} the ~things~", "description: A = B # C", "source: Book \\ 2", "---", "",
        "## Themes", "", "- first: First theme", "- second.theme: Second theme {x}", "",
        "## Claims", "", "- C1: Claim without refs.", "- C2 ¶3: Claim with a ref.",
    ]
    static let trickyLesson = [
        "---", "id: Lesson_One", "title: Lesson: one", "theme: first", "order: 2", "sources: ¶1 ¶2", "claims: C1", "---", "",
        "Some text.", "", "## Questions", "",
        "### q: single-q",
        "claims: C1",
        "source: ¶2",
        "Which of {these} = right? #1 ~ about: it",
        "",
        "Second paragraph with a \\ backslash and a // slash.",
        "- [ ] %50% of people",
        "  > No: 50% {is} not = right.",
        "- [x] The right one: yes",
        "  > Right # indeed",
        "- [ ] [html]<b>not html</b>",
        "- [ ] A -> B",
        "> Because: {reasons} ~ = # and \\ too.",
        "",
        "### q: multi-q",
        "kind: multiple",
        "claims: C2",
        "shown: 5",
        "theme: second.theme",
        "Select the right ones.",
        "- [x] one",
        "- [x] two",
        "  > two is right",
        "- [x] three",
        "- [ ] four",
        "  > four is wrong",
        "- [ ] five",
        "> One, two and three.",
        "",
        "### q: multi-single-right",
        "kind: multiple",
        "Only one is right, but it is a select-all question.",
        "- [x] this",
        "- [ ] that",
        "> This.",
        "",
        "### q: tf-true",
        "kind: true-false",
        "Water is wet.",
        "- [x] True",
        "  > Yes: wet.",
        "- [ ] False",
        "  > No # it is wet.",
        "> Water is wet.",
        "",
        "### q: tf-false",
        "kind: true-false",
        "Fire is cold.",
        "- [ ] True",
        "  > It is hot.",
        "- [x] False",
        "> Fire is hot.",
        "",
        "### q: tf-nofeedback",
        "kind: true-false",
        "Ice is cold.",
        "- [x] True",
        "- [ ] False",
        "> It is.",
    ]
    static let secondLesson = [
        "---", "id: second", "title: Second lesson", "theme: second.theme", "---", "", "## Questions", "",
        "### q: other", "[markdown] looks like a tag", "- [x] a", "- [ ] b", "> [plain] also.",
    ]

    private func trickyCourse() throws -> Course {
        let loaded = assemble(course: Self.trickyCourse, lessons: [("a.md", Self.trickyLesson), ("b.md", Self.secondLesson)])
        XCTAssertEqual(loaded.diagnostics.map(\.description), [])
        return try XCTUnwrap(loaded.course)
    }

    private func roundTrip(_ course: Course, file: StaticString = #filePath, line: UInt = #line) throws -> (Course, BankImportResult) {
        let gift = GIFTWriter.write(course)
        let result = try BankImport.importBank(gift, format: .gift, fileName: "export.gift", courseID: "other-id")
        XCTAssertEqual(printed(result.messages), [], "no message about a primer export", file: file, line: line)
        let loaded = assembleWritten(result.files)
        XCTAssertEqual(loaded.errors.map(\.description), [], file: file, line: line)
        return (try XCTUnwrap(loaded.course, file: file, line: line), result)
    }

    func testTrickyCourseRoundTripsThroughGIFT() throws {
        let original = try trickyCourse()
        let (back, _) = try roundTrip(original)
        assertSameQuestions(back.questions, original.questions)
        XCTAssertEqual(back.id, "tricky")
        XCTAssertEqual(back.title, original.title)
        XCTAssertEqual(back.description, original.description)
        XCTAssertEqual(back.source, original.source)
        XCTAssertEqual(back.themes, original.themes)
        XCTAssertEqual(back.claims, original.claims)
        XCTAssertEqual(back.lessons.map(\.id), original.lessons.map(\.id))
        XCTAssertEqual(back.lessons.map(\.title), original.lessons.map(\.title))
        XCTAssertEqual(back.lessons.map(\.themeID), original.lessons.map(\.themeID))
        XCTAssertEqual(back.lessons.map(\.order), original.lessons.map(\.order))
        XCTAssertEqual(back.lessons.map(\.sources), original.lessons.map(\.sources))
        XCTAssertEqual(back.lessons.map(\.claims), original.lessons.map(\.claims))
    }

    /// The course that ships with primer exports and comes back question for question,
    /// with its paragraph count (every question cites its ¶ source).
    func testBundledCourseRoundTripsThroughGIFT() throws {
        let original = try loadBundledCourse()
        let (back, result) = try roundTrip(original)
        XCTAssertEqual(assembleWritten(result.files).warnings.map(\.description), [])
        XCTAssertEqual(back.questions.count, original.questions.count)
        assertSameQuestions(back.questions, original.questions)
        XCTAssertEqual(back.id, original.id)
        XCTAssertEqual(back.title, original.title)
        XCTAssertEqual(back.themes, original.themes)
        XCTAssertEqual(back.claims, original.claims)
        XCTAssertEqual(back.paragraphCount, 11)
        XCTAssertEqual(back.lessons.map(\.id), original.lessons.map(\.id))
        XCTAssertEqual(back.lessons.map(\.title), original.lessons.map(\.title))
        XCTAssertEqual(back.lessons.map(\.sources), original.lessons.map(\.sources))
    }

    /// Exported twice, the same text: export is deterministic and import → export is stable.
    func testExportImportExportIsStable() throws {
        let original = try loadBundledCourse()
        let first = GIFTWriter.write(original)
        let (back, _) = try roundTrip(original)
        XCTAssertEqual(GIFTWriter.write(back), first)
    }

    /// The course writer alone: the bundled course written out reads back identical.
    func testCourseWriterRoundTripsTheBundledCourse() throws {
        let original = try loadBundledCourse()
        let loaded = assembleWritten(CourseWriter.files(for: original))
        XCTAssertEqual(loaded.diagnostics.map(\.description), [])
        let back = try XCTUnwrap(loaded.course)
        XCTAssertEqual(back.lessons.map(\.body), original.lessons.map(\.body))
        XCTAssertEqual(back, original)
    }

    func testGIFTOutputForEachKind() throws {
        let course = try trickyCourse()
        let gift = GIFTWriter.write(course)
        let lines = gift.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        func block(startingWith prefix: String) -> [String] {
            guard let start = lines.firstIndex(where: { $0.hasPrefix(prefix) }) else { return ["<missing \(prefix)>"] }
            return Array(lines[start...].prefix(while: { !$0.isEmpty }))
        }
        XCTAssertEqual(Array(lines.prefix(3)).map { String($0.prefix(2)) }, ["//", "//", "//"])
        XCTAssertTrue(lines.contains("$CATEGORY: first/Lesson_One"))
        XCTAssertTrue(lines.contains("// primer-theme: second.theme: Second theme {x}"))
        XCTAssertEqual(block(startingWith: "::single-q::"), [
            "::single-q::Which of \\{these\\} \\= right? \\#1 \\~ about\\: it\\n\\nSecond paragraph with a \\\\ backslash and a // slash. {",
            "\t~%0%%50% of people#No\\: 50% \\{is\\} not \\= right.",
            "\t=The right one\\: yes#Right \\# indeed",
            "\t~[moodle][html]<b>not html</b>",
            "\t~A -> B",
            "\t####Because\\: \\{reasons\\} \\~ \\= \\# and \\\\ too.",
            "}",
        ])
        XCTAssertEqual(block(startingWith: "// primer-claims: C2"), [
            "// primer-claims: C2",
            "// primer-shown: 5",
            "// primer-question-theme: second.theme",
            "::multi-q::Select the right ones. {",
            "\t~%33.33333%one",
            "\t~%33.33333%two#two is right",
            "\t~%33.33333%three",
            "\t~%-50%four#four is wrong",
            "\t~%-50%five",
            "\t####One, two and three.",
            "}",
        ])
        XCTAssertEqual(block(startingWith: "::multi-single-right::"), [
            "::multi-single-right::Only one is right, but it is a select-all question. {", "\t~%100%this", "\t~%-100%that", "\t####This.", "}",
        ])
        XCTAssertTrue(lines.contains("::tf-true::Water is wet. {TRUE#No \\# it is wet.#Yes\\: wet.####Water is wet.}"))
        XCTAssertTrue(lines.contains("::tf-false::Fire is cold. {FALSE#It is hot.####Fire is hot.}"))
        XCTAssertTrue(lines.contains("::tf-nofeedback::Ice is cold. {TRUE####It is.}"))
        XCTAssertTrue(lines.contains("::other::[moodle][markdown] looks like a tag {"))
    }

    func testWeightsAreSplitAsMoodleWritesThem() {
        XCTAssertEqual(GIFTWriter.weight(100, 1), "100")
        XCTAssertEqual(GIFTWriter.weight(100, 3), "33.33333")
        XCTAssertEqual(GIFTWriter.weight(100, 6), "16.66667")
        XCTAssertEqual(GIFTWriter.weight(100, 7), "14.28571")
        XCTAssertEqual(GIFTWriter.weight(100, 8), "12.5")
    }
}
