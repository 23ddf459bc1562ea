import XCTest
@testable import CourseFormat
import StudyCore

/// A small valid course parses into exactly the model it describes.
final class ParsingTests: XCTestCase {
    static let course = [
        "---",
        "id: mini",
        "title: A mini course",
        "description: Two lessons, for the tests.",
        "source: A five-paragraph text (¶1-¶9)",
        "paragraphs: 9",
        "# a comment line",
        "---",
        "",
        "Intro text is ignored.",
        "",
        "## Themes",
        "",
        "- second-theme: Comes first",
        "- first-theme: Comes second",
        "",
        "## Claims",
        "",
        "- C1 ¶2: Claim one.",
        "- C2 ¶3 ¶4: Claim two: with a colon.",
        "- C3 ¶5-¶7: Claim three.",
    ]

    /// File name sorts first, but its theme comes second.
    static let lessonA = [
        "---",
        "id: lesson-a",
        "title: Lesson A",
        "theme: first-theme",
        "---",
        "",
        "Plain text.",
        "",
        "## Questions",
        "",
        "### q: a-tf",
        "kind: true-false",
        "claims: C3",
        "source: ¶5",
        "The sky is green.",
        "- [ ] True",
        "  > It is blue.",
        "- [x] False",
        "> See ¶5.",
    ]

    static let lessonB = [
        "---",
        "id: lesson-b",
        "title: Lesson B",
        "theme: second-theme",
        "order: 2",
        "sources: ¶2 ¶3-¶4",
        "claims: C1 C2",
        "---",
        "",
        "Opening paragraph with a **key term** and",
        "a continuation line.",
        "",
        "## Part one (¶6 ¶7)",
        "",
        "- a bullet with **bold**",
        "  continued here",
        "* second bullet",
        "Closing paragraph, **two** **terms**.",
        "",
        "### Key points",
        "",
        "- point",
        "",
        "## Questions",
        "",
        "### q: b-single",
        "claims: C1",
        "source: ¶2",
        "Which is right?",
        "",
        "Second stem paragraph.",
        "- [x] Right answer",
        "- [ ] Wrong A",
        "  > Because A is wrong.",
        "  > Really.",
        "- [ ] Wrong B",
        "- [ ] Wrong C",
        "- [ ] Wrong D",
        "> Explanation line one (¶2).",
        "> Line two.",
        "",
        "### q: b-multi",
        "kind: multiple",
        "claims: C1 C2 C3",
        "source: ¶3, ¶4",
        "theme: first-theme",
        "shown: 5",
        "Select all that apply.",
        "- [x] One",
        "- [X] Two",
        "- [ ] Three",
        "- [ ] Four",
        "- [ ] Five",
        "- [ ] Six",
        "> One and Two (¶3 ¶4).",
    ]

    func testParsesTheExactModel() throws {
        let result = assemble(course: Self.course, lessons: [("a.md", Self.lessonA), ("b.md", Self.lessonB)])
        XCTAssertEqual(result.diagnostics, [], result.diagnostics.map(\.description).joined(separator: "\n"))
        XCTAssertEqual(result.skipped, [])
        let course = try XCTUnwrap(result.course)

        let lessonB = Lesson(
            id: "lesson-b", title: "Lesson B", themeID: "second-theme", order: 2, sources: [2, 3, 4], claims: ["C1", "C2"],
            body: [
                .paragraph(InlineText(runs: [.init("Opening paragraph with a "), .init("key term", isKeyTerm: true),
                                             .init(" and a continuation line.")])),
                .heading("Part one", sources: [6, 7]),
                .bullet(InlineText(runs: [.init("a bullet with "), .init("bold", isKeyTerm: true), .init(" continued here")])),
                .bullet("second bullet"),
                .paragraph(InlineText(runs: [.init("Closing paragraph, "), .init("two", isKeyTerm: true), .init(" "),
                                             .init("terms", isKeyTerm: true), .init(".")])),
                .heading("Key points", sources: []),
                .bullet("point"),
            ],
            questions: [
                Question(id: "b-single", kind: .single, themeID: "second-theme", lessonID: "lesson-b", claims: ["C1"], sources: [2],
                         stem: "Which is right?\n\nSecond stem paragraph.",
                         choices: [Choice("Right answer", isCorrect: true),
                                   Choice("Wrong A", isCorrect: false, feedback: "Because A is wrong. Really."),
                                   Choice("Wrong B", isCorrect: false),
                                   Choice("Wrong C", isCorrect: false),
                                   Choice("Wrong D", isCorrect: false)],
                         explanation: "Explanation line one (¶2). Line two.", shownCount: 4),
                Question(id: "b-multi", kind: .multiple, themeID: "first-theme", lessonID: "lesson-b", claims: ["C1", "C2", "C3"],
                         sources: [3, 4], stem: "Select all that apply.",
                         choices: [Choice("One", isCorrect: true), Choice("Two", isCorrect: true),
                                   Choice("Three", isCorrect: false), Choice("Four", isCorrect: false),
                                   Choice("Five", isCorrect: false), Choice("Six", isCorrect: false)],
                         explanation: "One and Two (¶3 ¶4).", shownCount: 5),
            ])
        let lessonA = Lesson(
            id: "lesson-a", title: "Lesson A", themeID: "first-theme", order: 0, sources: [], claims: [],
            body: [.paragraph("Plain text.")],
            questions: [
                Question(id: "a-tf", kind: .trueFalse, themeID: "first-theme", lessonID: "lesson-a", claims: ["C3"], sources: [5],
                         stem: "The sky is green.",
                         choices: [Choice("True", isCorrect: false, feedback: "It is blue."), Choice("False", isCorrect: true)],
                         explanation: "See ¶5.", shownCount: 2),
            ])
        let expected = Course(
            id: "mini", title: "A mini course", description: "Two lessons, for the tests.",
            source: "A five-paragraph text (¶1-¶9)", paragraphCount: 9,
            themes: [Theme(id: "second-theme", title: "Comes first", order: 1),
                     Theme(id: "first-theme", title: "Comes second", order: 2)],
            claims: [Claim(id: "C1", paragraphs: [2], text: "Claim one."),
                     Claim(id: "C2", paragraphs: [3, 4], text: "Claim two: with a colon."),
                     Claim(id: "C3", paragraphs: [5, 6, 7], text: "Claim three.")],
            lessons: [lessonB, lessonA])

        // Piece by piece first, so a failure says where.
        XCTAssertEqual(course.id, expected.id)
        XCTAssertEqual(course.title, expected.title)
        XCTAssertEqual(course.description, expected.description)
        XCTAssertEqual(course.source, expected.source)
        XCTAssertEqual(course.paragraphCount, 9)
        XCTAssertEqual(course.themes, expected.themes)
        XCTAssertEqual(course.claims, expected.claims)
        XCTAssertEqual(course.lessons.map(\.id), ["lesson-b", "lesson-a"])
        XCTAssertEqual(course.lessons.first?.body, lessonB.body)
        for (got, want) in zip(course.questions, expected.questions) { XCTAssertEqual(got, want) }
        XCTAssertEqual(course, expected)

        // Convenience lookups on the model.
        XCTAssertEqual(course.question("a-tf")?.lessonID, "lesson-a")
        XCTAssertEqual(course.lessons(inTheme: "first-theme").map(\.id), ["lesson-a"])
        XCTAssertEqual(course.question("b-multi")?.correctChoices.map(\.text), ["One", "Two"])
    }

    func testLessonsAreOrderedByThemeThenOrderThenFileName() {
        func lesson(_ id: String, theme: String, order: Int?) -> [String] {
            var lines = validLesson(id: id, question: "q-\(id)", theme: theme)
            if let order { lines = lines.inserting("order: \(order)", at: 5) }
            return lines
        }
        let result = assemble(lessons: [
            ("1.md", lesson("beta-first", theme: "beta", order: -1)),
            ("2.md", lesson("alpha-3", theme: "alpha", order: 3)),
            ("3.md", lesson("alpha-default", theme: "alpha", order: nil)),
            ("4.md", lesson("alpha-1-late-file", theme: "alpha", order: 1)),
            ("0.md", lesson("alpha-1-early-file", theme: "alpha", order: 1)),
            ("5.md", lesson("beta-second", theme: "beta", order: 0)),
        ])
        XCTAssertEqual(result.diagnostics, [])
        XCTAssertEqual(result.course?.lessons.map(\.id),
                       ["alpha-default", "alpha-1-early-file", "alpha-1-late-file", "alpha-3", "beta-first", "beta-second"])
        XCTAssertEqual(result.course?.themes.map(\.order), [1, 2])
    }

    func testQuestionDefaultsAndStemSpanningLines() {
        let lines = lessonHeader() + [
            "### q: defaults",
            "source: ¶2",
            "First line of the stem",
            "second line of the stem?",
            "- [ ] No",
            "- [x] Yes",
            "> Because.",
            "> More.",
        ]
        let course = Array(standardCourseLines.prefix(11))   // no claims listed
        let result = assemble(course: course, lessons: [("l.md", lines)])
        XCTAssertEqual(result.diagnostics, [])
        let q = result.course?.questions.first
        XCTAssertEqual(q?.kind, .single)
        XCTAssertEqual(q?.shownCount, Question.defaultShownCount)
        XCTAssertEqual(q?.shownCount, 4)
        XCTAssertEqual(q?.themeID, "alpha")
        XCTAssertEqual(q?.claims, [])
        XCTAssertEqual(q?.stem, "First line of the stem\nsecond line of the stem?")
        XCTAssertEqual(q?.choices.map(\.isCorrect), [false, true])
        XCTAssertEqual(q?.choices.map(\.feedback), [nil, nil])
        XCTAssertEqual(q?.explanation, "Because. More.")
    }

    func testCourseWithoutClaimsOrParagraphs() {
        let course = ["---", "id: bare", "title: Bare", "---", "## Themes", "- t: T"]
        let lesson = ["---", "id: l", "title: L", "theme: t", "---", "Text.", "## Questions",
                      "### q: q", "Why?", "- [x] A", "- [ ] B", "> Because."]
        let result = assemble(course: course, lessons: [("l.md", lesson)])
        XCTAssertEqual(result.diagnostics, [])
        XCTAssertEqual(result.course?.paragraphCount, 0)
        XCTAssertEqual(result.course?.claims, [])
        XCTAssertEqual(result.course?.themes, [Theme(id: "t", title: "T", order: 1)])
        XCTAssertEqual(result.course?.questions.map(\.id), ["q"])
    }
}
