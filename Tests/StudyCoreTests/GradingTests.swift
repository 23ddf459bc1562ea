import XCTest
@testable import StudyCore

final class GradingTests: XCTestCase {
    func testThresholdGrowsWithLength() {
        XCTAssertEqual(Grading.slowThreshold(questionLength: 0), 8)
        XCTAssertEqual(Grading.slowThreshold(questionLength: 260), 8 + 0.06 * 260, accuracy: 1e-12)
        XCTAssertEqual(Grading.slowThreshold(questionLength: -5), 8)
        XCTAssertEqual(Grading.questionLength(stem: "Why?", shown: ["yes", "no"]), 9)
    }

    func testPlainAnswers() {
        XCTAssertEqual(rating(correct: false, responseTime: 2, questionLength: 100, override: nil), .again)
        XCTAssertEqual(rating(correct: true, responseTime: 2, questionLength: 100, override: nil), .good)
        // 100 characters: threshold 14 s; exactly at the threshold is not slow.
        XCTAssertEqual(rating(correct: true, responseTime: 14, questionLength: 100, override: nil), .good)
        XCTAssertEqual(rating(correct: true, responseTime: 14.5, questionLength: 100, override: nil), .hard)
        // The same time is fine for a long question.
        XCTAssertEqual(rating(correct: true, responseTime: 14.5, questionLength: 300, override: nil), .good)
        XCTAssertEqual(rating(correct: false, responseTime: 60, questionLength: 10, override: nil), .again)
    }

    func testOverrides() {
        XCTAssertEqual(rating(correct: true, responseTime: 2, questionLength: 50, override: .guessed), .again)
        XCTAssertEqual(rating(correct: false, responseTime: 2, questionLength: 50, override: .guessed), .again)
        XCTAssertEqual(rating(correct: true, responseTime: 2, questionLength: 50, override: .tooEasy), .easy)
        XCTAssertEqual(rating(correct: true, responseTime: 99, questionLength: 50, override: .tooEasy), .easy)
        XCTAssertEqual(rating(correct: false, responseTime: 2, questionLength: 50, override: .tooEasy), .again)
    }

    func testMultipleAnswerNeedsExactlyTheCorrectOptions() {
        let shown = [Choice("a", isCorrect: true), Choice("b", isCorrect: true),
                     Choice("c", isCorrect: false), Choice("d", isCorrect: false)]
        XCTAssertTrue(Grading.isCorrect(chosen: ["b", "a"], shown: shown))
        XCTAssertFalse(Grading.isCorrect(chosen: ["a", "b", "c"], shown: shown), "one wrong selection")
        XCTAssertFalse(Grading.isCorrect(chosen: ["a"], shown: shown), "a correct option left out")
        XCTAssertFalse(Grading.isCorrect(chosen: [], shown: shown))
        let wrong = Grading.isCorrect(chosen: ["a", "b", "c"], shown: shown)
        XCTAssertEqual(rating(correct: wrong, responseTime: 1, questionLength: 20, override: .tooEasy), .again)
    }
}
