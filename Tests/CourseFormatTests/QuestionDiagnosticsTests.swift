import XCTest
@testable import CourseFormat
import StudyCore

/// Question blocks: options, kinds, stems, explanations and keys.
/// In `validLesson()` the question occupies lines 11-18:
///   11 ### q: q1 · 12 claims · 13 source · 14 stem · 15 [x] Right · 16 [ ] Wrong one · 17 [ ] Wrong two · 18 > explanation
final class QuestionDiagnosticsTests: XCTestCase {
    private func check(_ lines: [String], _ expected: [Expected], file: StaticString = #filePath, line: UInt = #line) {
        let result = assembleLesson(lines)
        assertDiagnostics(result, expected, file: file, line: line)
        if !expected.isEmpty {
            XCTAssertEqual(result.skipped.map(\.file), ["lesson.md"], "a file with errors is skipped", file: file, line: line)
        }
    }

    // MARK: correct options

    func testNoCorrectOption() {
        check(validLesson().replacing(15, with: "- [ ] Right"),
              [Expected("lesson.md", 15, 1, .error, "question 'q1' has no correct option; mark one with '- [x]'")])
    }

    func testSingleAnswerWithTwoCorrect() {
        check(validLesson().replacing(16, with: "- [x] Wrong one"),
              [Expected("lesson.md", 16, 1, .error, "single-answer question 'q1' has 2 correct options; keep one, or add 'kind: multiple'")])
    }

    func testExplicitSingleKindWithTwoCorrect() {
        check(validLesson().inserting("kind: single", at: 12).replacing(18, with: "- [X] Wrong two"),
              [Expected("lesson.md", 18, 1, .error, "single-answer question 'q1' has 2 correct options")])
    }

    func testMultipleWithSeveralCorrectIsFine() {
        let result = assembleLesson(validLesson().inserting("kind: multiple", at: 12).replacing(17, with: "- [x] Wrong one"))
        XCTAssertEqual(result.diagnostics, [])
        XCTAssertEqual(result.course?.questions.first?.correctChoices.count, 2)
    }

    // MARK: length cue

    func testAKeyHalfAgainAsLongAsEveryWrongOptionIsWarnedAbout() {
        // "Wrong one" and "Wrong two" are 9 characters; a key of 14 or more is 1.5 times that.
        let cued = assembleLesson(validLesson().replacing(15, with: "- [x] Right, and longer"))
        XCTAssertEqual(cued.diagnostics.map(\.description), [
            "lesson.md:15:7: warning: the right option is 1.9 times as long as the longest wrong one, so its length gives it away; shorten it or lengthen the others",
        ])
        XCTAssertNotNil(cued.course, "a warning does not skip the lesson")
        let fine = assembleLesson(validLesson().replacing(15, with: "- [x] Right one, ok"))
        XCTAssertEqual(fine.diagnostics, [], "1.44 times: no warning")
        let short = assembleLesson(validLesson().replacing(16, with: "- [ ] No").replacing(17, with: "- [ ] Nah")
            .replacing(15, with: "- [x] Yes, it is"))
        XCTAssertEqual(short.diagnostics, [], "1.8 times, but only 7 characters longer: no cue to speak of")
    }

    // MARK: true-false

    private func trueFalse(_ options: [String]) -> [String] {
        lessonHeader() + ["### q: tf", "kind: true-false", "claims: C1 C2", "source: ¶2", "Pakistan is an ally."]
            + options + ["> Explained in ¶2."]
    }

    func testTrueFalseWithWrongOptionTexts() {
        // Options start on line 16.
        check(trueFalse(["- [x] Yes", "- [ ] No"]),
              [Expected("lesson.md", 16, 1, .error, "a true-false question has exactly two options, '- [ ] True' then '- [ ] False'")])
    }

    func testTrueFalseInWrongOrder() {
        check(trueFalse(["- [ ] False", "- [x] True"]),
              [Expected("lesson.md", 16, 1, .error, "a true-false question has exactly two options")])
    }

    func testTrueFalseWithThreeOptions() {
        check(trueFalse(["- [x] True", "- [ ] False", "- [ ] Maybe"]),
              [Expected("lesson.md", 16, 1, .error, "a true-false question has exactly two options")])
    }

    func testTrueFalseWithBothCorrect() {
        check(trueFalse(["- [x] True", "- [x] False"]),
              [Expected("lesson.md", 17, 1, .error, "true-false question 'tf' marks both True and False correct")])
    }

    func testTrueFalseWithNeitherCorrect() {
        check(trueFalse(["- [ ] True", "- [ ] False"]),
              [Expected("lesson.md", 16, 1, .error, "question 'tf' has no correct option")])
    }

    func testTrueFalseValidIsCaseInsensitive() {
        let result = assembleLesson(trueFalse(["- [ ] true", "- [x] FALSE"]))
        XCTAssertEqual(result.diagnostics, [])
        XCTAssertEqual(result.course?.questions.first?.kind, .trueFalse)
    }

    // MARK: options

    func testFewerThanTwoOptions() {
        check(validLesson().removing(16, 17),
              [Expected("lesson.md", 11, 8, .error, "question 'q1' has 1 option; it needs at least two")])
    }

    func testNoOptionsAtAll() {
        // Without options the '> ' line can't be an explanation either.
        check(validLesson().removing(15, 16, 17), [
            Expected("lesson.md", 11, 8, .error, "question 'q1' has 0 options; it needs at least two"),
            Expected("lesson.md", 15, 1, .error, "the explanation ('> ...') must come after the options"),
            Expected("lesson.md", 15, 1, .error, "question 'q1' has an empty explanation"),
        ])
    }

    func testDuplicateOptionTextIgnoresCase() {
        check(validLesson().replacing(17, with: "- [ ] wrong ONE"),
              [Expected("lesson.md", 17, 7, .error, "duplicate option text (same as line 16)")])
    }

    func testMalformedOptionBox() {
        check(validLesson().replacing(16, with: "- [y] Wrong one"),
              [Expected("lesson.md", 16, 3, .error, "an option starts with '- [x] ' (correct) or '- [ ] ' (wrong)")])
    }

    func testOptionWithoutText() {
        check(validLesson().inserting("- [ ]", at: 18),
              [Expected("lesson.md", 18, 3, .error, "option has no text")])
    }

    func testOptionAfterExplanation() {
        check(validLesson() + ["- [ ] Late option"],
              [Expected("lesson.md", 19, 1, .error, "option after the explanation")])
    }

    func testStrayTextAmongOptions() {
        check(validLesson().inserting("not an option", at: 16),
              [Expected("lesson.md", 16, 1, .error, "unexpected text among the options")])
    }

    // MARK: stem and explanation

    func testEmptyStem() {
        check(validLesson().removing(14),
              [Expected("lesson.md", 11, 8, .error, "question 'q1' has no stem (the question text)")])
    }

    func testEmptyExplanationMissing() {
        // Reported on the question's last line.
        check(validLesson().removing(18),
              [Expected("lesson.md", 17, 1, .error, "question 'q1' has an empty explanation; add '> ' lines after the options")])
    }

    func testEmptyExplanationBlank() {
        check(validLesson().replacing(18, with: ">   "),
              [Expected("lesson.md", 18, 1, .error, "question 'q1' has an empty explanation")])
    }

    func testExplanationBeforeOptions() {
        check(validLesson().inserting("> Too early.", at: 15),
              [Expected("lesson.md", 15, 1, .error, "the explanation ('> ...') must come after the options")])
    }

    func testTextBeforeFirstQuestion() {
        check(validLesson().inserting("Stray words.", at: 10),
              [Expected("lesson.md", 10, 1, .error, "text before the first question; questions start with '### q: ID'")])
    }

    // MARK: keys

    func testUnknownQuestionKeyWithSuggestion() {
        check(validLesson().replacing(12, with: "claim: C1 C2"),
              [Expected("lesson.md", 12, 1, .error, "unknown key 'claim'; did you mean 'claims'?")])
    }

    func testDuplicateQuestionKey() {
        check(validLesson().inserting("source: ¶3", at: 14),
              [Expected("lesson.md", 14, 1, .error, "duplicate key 'source'")])
    }

    func testUnknownKind() {
        check(validLesson().inserting("kind: singel", at: 12),
              [Expected("lesson.md", 12, 7, .error, "unknown kind 'singel'; did you mean 'single'?")])
    }

    func testShownLowerThanCorrectCount() {
        let lines = lessonHeader() + [
            "### q: multi",          // 11
            "kind: multiple",        // 12
            "shown: 2",              // 13
            "claims: C1 C2",         // 14
            "source: ¶2",            // 15
            "Which apply?",          // 16
            "- [x] A",               // 17
            "- [x] B",               // 18
            "- [x] C",               // 19
            "- [ ] D",               // 20
            "> A, B and C (¶2).",    // 21
        ]
        check(lines, [Expected("lesson.md", 13, 8, .error, "'shown: 2' is fewer than the 3 correct options, which are always shown")])
    }

    func testShownBelowTwoOrNotANumber() {
        check(validLesson().inserting("shown: 1", at: 12),
              [Expected("lesson.md", 12, 8, .error, "'shown' must be a whole number of at least 2, not '1'")])
        check(validLesson().inserting("shown: four", at: 12),
              [Expected("lesson.md", 12, 8, .error, "'shown' must be a whole number of at least 2, not 'four'")])
    }

    /// A warning, not an error: the lesson still loads, showing every option.
    func testShownAboveThePoolIsAWarning() {
        let over = assembleLesson(validLesson().inserting("shown: 5", at: 12))
        assertDiagnostics(over, [Expected("lesson.md", 12, 8, .warning, "'shown: 5' is more than the 3 options: all 3 are shown every time")],
                          severity: .warning)
        assertDiagnostics(over, [])
        XCTAssertEqual(over.skipped.map(\.file), [])
        XCTAssertEqual(assembleLesson(validLesson().inserting("shown: 3", at: 12)).diagnostics, [])
    }

    func testMissingSourceWhenCourseSetsParagraphs() {
        check(validLesson().removing(13),
              [Expected("lesson.md", 11, 8, .error, "question 'q1' has no 'source:' line")])
    }

    func testSourceNotRequiredWithoutParagraphs() {
        let course = standardCourseLines.removing(4)
        let result = assemble(course: course, lessons: [("lesson.md", validLesson().removing(13))])
        XCTAssertEqual(result.diagnostics, [])
        XCTAssertEqual(result.course?.questions.first?.sources, [])
    }

    func testOnlyTheBrokenQuestionIsReportedNotItsNeighbours() {
        let lines = lessonHeader() + validQuestion("q1") + [""] + validQuestion("q2").replacing(5, with: "- [ ] Right")
        // q2's first option is line 11 + 9 + 4 = 24.
        check(lines, [Expected("lesson.md", 24, 1, .error, "question 'q2' has no correct option")])
    }
}
