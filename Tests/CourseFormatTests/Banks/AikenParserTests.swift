import XCTest
@testable import CourseFormat
import StudyCore

/// Aiken as Moodle documents it (docs.moodle.org/en/Aiken_format): one line of question
/// text, options `A.` or `A)` lettered in order, then `ANSWER: X`.
final class AikenParserTests: XCTestCase {
    func testValidQuestions() {
        let bank = [
            "What is the correct answer to this question?",   // 1
            "A. Is it this one?",                              // 2
            "B. Maybe this answer?",                           // 3
            "C. Possibly this one?",                           // 4
            "D. Must be this one!",                            // 5
            "ANSWER: D",                                       // 6
            "",                                                // 7
            "Which LMS has the most quiz import formats?",     // 8
            "A) Moodle",                                       // 9
            "B) ATutor",                                       // 10
            "C)\tClaroline",                                   // 11
            "ANSWER: A",                                       // 12
            "   Indented question text?   ",                   // 13: no blank line before it
            "  A. yes  ",                                      // 14
            "  B. no",                                         // 15
            "ANSWER:B",                                        // 16
        ]
        let result = AikenParser.parse(text(bank))
        XCTAssertEqual(printed(result.messages, file: "bank.txt"), [])
        XCTAssertEqual(result.questions, [
            BankQuestion(line: 1, kind: .single, stem: "What is the correct answer to this question?",
                         choices: [Choice("Is it this one?", isCorrect: false), Choice("Maybe this answer?", isCorrect: false),
                                   Choice("Possibly this one?", isCorrect: false), Choice("Must be this one!", isCorrect: true)]),
            BankQuestion(line: 8, kind: .single, stem: "Which LMS has the most quiz import formats?",
                         choices: [Choice("Moodle", isCorrect: true), Choice("ATutor", isCorrect: false), Choice("Claroline", isCorrect: false)]),
            BankQuestion(line: 13, kind: .single, stem: "Indented question text?",
                         choices: [Choice("yes", isCorrect: false), Choice("no", isCorrect: true)]),
        ])
    }

    /// Each malformed question gets one error on the line at fault, is left out, and
    /// reading resumes after its ANSWER line.
    func testMalformedQuestionsGetClearErrors() {
        let bank = [
            "A) An option before any question",                // 1
            "",                                                // 2
            "A question whose text",                           // 3
            "goes on to a second line",                        // 4
            "A) one",                                          // 5
            "B) two",                                          // 6
            "ANSWER: A",                                       // 7
            "",                                                // 8
            "Options out of order?",                           // 9
            "A) first",                                        // 10
            "C) third",                                        // 11
            "ANSWER: A",                                       // 12
            "",                                                // 13
            "Answer names no option?",                         // 14
            "A) first",                                        // 15
            "B) second",                                       // 16
            "ANSWER: E",                                       // 17
            "",                                                // 18
            "Only one option?",                                // 19
            "A) lonely",                                       // 20
            "ANSWER: A",                                       // 21
            "",                                                // 22
            "Two answers?",                                    // 23
            "A) x",                                            // 24
            "B) y",                                            // 25
            "ANSWER: A, B",                                    // 26
            "",                                                // 27
            "An option that wraps?",                           // 28
            "A) a long option",                                // 29
            "that wraps",                                      // 30
            "B) short",                                        // 31
            "ANSWER: B",                                       // 32
            "ANSWER: A",                                       // 33: no question open
            "Same text twice?",                                // 34
            "A) Same",                                         // 35
            "B) same",                                         // 36
            "ANSWER: A",                                       // 37
            "Empty option?",                                   // 38
            "A)",                                              // 39
            "B) b",                                            // 40
            "ANSWER: B",                                       // 41
            "This one is fine",                                // 42
            "A) yes",                                          // 43
            "B) no",                                           // 44
            "ANSWER: A",                                       // 45
            "",                                                // 46
            "No answer line at the end",                       // 47
            "A) a",                                            // 48
            "B) b",                                            // 49
        ]
        let result = AikenParser.parse(text(bank))
        XCTAssertEqual(printed(result.messages, file: "bank.txt"), [
            "bank.txt:1: error: option 'A' comes before any question; an Aiken question starts with one line of question text",
            "bank.txt:4: error: the question on line 3 continues on this line; an Aiken question is one line of text, then its options",
            "bank.txt:11: error: expected option 'B', found 'C': options are lettered A, B, C… in order",
            "bank.txt:17: error: 'ANSWER: E' names no option; the options are A-B",
            "bank.txt:19: error: the question has 1 option; it needs at least two ('A) …', 'B) …')",
            "bank.txt:26: error: 'ANSWER:' must give the letter of the one right option, e.g. 'ANSWER: B'",
            "bank.txt:30: error: expected an option ('B) …') or 'ANSWER: X' for the question on line 28",
            "bank.txt:33: error: 'ANSWER:' line without a question before it",
            "bank.txt:36: error: option 'B' repeats the text of line 35",
            "bank.txt:39: error: option 'A' has no text",
            "bank.txt:47: error: the question has no 'ANSWER: X' line",
        ])
        XCTAssertEqual(result.questions.map(\.stem), ["This one is fine"])
        XCTAssertEqual(result.questions.map(\.line), [42])
    }

    func testLenientAnswerLinesAreWarnings() {
        let result = AikenParser.parse(text(["Q1?", "A. a", "B. b", "Answer: b", "Q2?", "A. c", "B. d", "ANSWER: B."]))
        XCTAssertEqual(printed(result.messages, file: "bank.txt"), [
            "bank.txt:4: warning: write 'ANSWER:' in capitals; Moodle requires it",
            "bank.txt:4: warning: the answer letter should be a capital: 'ANSWER: B'",
        ])
        XCTAssertEqual(result.questions.map { $0.choices.map(\.isCorrect) }, [[false, true], [false, true]])
    }

    func testControlCharactersAreRemoved() {
        let result = AikenParser.parse("Bell\u{07} rings?\nA. yes\u{1B}[1m\nB. no\nANSWER: A\n")
        XCTAssertEqual(printed(result.messages, file: "b.txt"), [
            "b.txt:1: warning: removed control characters, which course files do not allow",
            "b.txt:2: warning: removed control characters, which course files do not allow",
        ])
        XCTAssertEqual(result.questions.first?.stem, "Bell rings?")
        XCTAssertEqual(result.questions.first?.choices.first?.text, "yes")
    }
}
