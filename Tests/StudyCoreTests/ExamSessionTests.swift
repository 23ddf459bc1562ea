import Foundation
import XCTest
@testable import StudyCore

final class ExamSessionTests: XCTestCase {
    let start = utc("2024-03-01T09:00:00Z")

    func exam(count: Int = 4, themes: Int = 4, limit: TimeInterval = 20 * minute, seed: UInt64 = 1) -> ExamSession {
        let course = makeCourse(themes: themes, lessonsPerTheme: 1, questionsPerLesson: 3)
        var rng = SeededGenerator(seed: seed)
        let questions = ExamSession.drawQuestions(from: course, count: count, using: &rng)
        return ExamSession(questions: questions, startedAt: start, timeLimit: limit, rng: &rng)
    }

    func right(_ exam: ExamSession) -> Set<Int> { exam.current!.correctIndices }
    func wrong(_ exam: ExamSession) -> Set<Int> {
        let shown = exam.current!.shown
        return [shown.indices.first { !shown[$0].isCorrect }!]
    }

    func testDrawCoversEveryThemeBeforeRepeatingAndIsSeeded() {
        let course = makeCourse(themes: 5, lessonsPerTheme: 2, questionsPerLesson: 3)
        var a = SeededGenerator(seed: 42), b = SeededGenerator(seed: 42)
        let first = ExamSession.drawQuestions(from: course, count: 5, using: &a)
        XCTAssertEqual(first.map(\.id), ExamSession.drawQuestions(from: course, count: 5, using: &b).map(\.id))
        XCTAssertEqual(Set(first.map(\.themeID)).count, 5, "five questions from five themes")
        var c = SeededGenerator(seed: 42)
        let twelve = ExamSession.drawQuestions(from: course, count: 12, using: &c)
        XCTAssertEqual(Set(twelve.map(\.id)).count, 12, "no question twice")
        let perTheme = Dictionary(grouping: twelve, by: \.themeID).mapValues(\.count)
        XCTAssertTrue(perTheme.values.allSatisfy { $0 == 2 || $0 == 3 }, "\(perTheme)")
        var d = SeededGenerator(seed: 1)
        XCTAssertEqual(ExamSession.drawQuestions(from: course, count: 500, using: &d).count, 30, "at most every question")
        XCTAssertTrue(ExamSession.drawQuestions(from: course, count: 0, using: &d).isEmpty)
    }

    func testNoFeedbackUntilTheEndAndScoreWithPerThemeBreakdown() {
        var e = exam(count: 4)
        XCTAssertEqual(e.currentNumber, 1)
        XCTAssertNil(e.result, "no result while running")
        XCTAssertNotNil(e.answer(right(e), at: start + 10))
        XCTAssertNotNil(e.answer(wrong(e), at: start + 30))
        XCTAssertNotNil(e.answer(right(e), at: start + 35))
        XCTAssertFalse(e.isFinished)
        XCTAssertNotNil(e.answer(right(e), at: start + 60))
        XCTAssertTrue(e.isFinished)
        XCTAssertEqual(e.ending, .allAnswered)
        let r = e.result!
        XCTAssertEqual(r.correctCount, 3)
        XCTAssertEqual(r.score, 0.75)
        XCTAssertTrue(r.passed)
        XCTAssertEqual(r.items.map(\.timeSpent), [10, 20, 5, 25])
        XCTAssertEqual(r.elapsed, 60)
        XCTAssertEqual(r.wrong.map(\.number), [2])
        XCTAssertEqual(r.themes.count, 4)
        XCTAssertEqual(r.themes.reduce(0) { $0 + $1.total }, 4)
        XCTAssertEqual(r.themes.reduce(0) { $0 + $1.correct }, 3)
        XCTAssertNil(e.answer([0], at: start + 61), "nothing to answer after the end")
        var rng = SeededGenerator(seed: 0)
        let empty = ExamSession(questions: [], startedAt: start, rng: &rng)
        XCTAssertTrue(empty.isFinished)
        XCTAssertEqual(empty.result?.total, 0)
    }

    func testFlaggedQuestionsComeBackAfterTheLastInFlagOrder() {
        var e = exam(count: 4)
        let ids = e.items.map(\.question.id)
        XCTAssertTrue(e.flag(at: start + 5))         // 1 flagged
        XCTAssertEqual(e.currentNumber, 2)
        e.answer(right(e), at: start + 10)           // 2
        XCTAssertTrue(e.flag(at: start + 12))        // 3 flagged
        XCTAssertEqual(e.currentNumber, 4)
        e.answer(right(e), at: start + 20)           // 4
        XCTAssertEqual(e.currentNumber, 1, "flagged questions come back after the last")
        XCTAssertTrue(e.currentIsFlagged)
        XCTAssertEqual(e.current?.question.id, ids[0])
        e.answer(wrong(e), at: start + 30)
        XCTAssertEqual(e.currentNumber, 3)
        let shownBefore = e.current!.shown
        XCTAssertTrue(e.flag(at: start + 31), "flagging the last one left keeps it")
        XCTAssertEqual(e.currentNumber, 3)
        XCTAssertEqual(e.current!.shown, shownBefore, "same options when it comes back")
        e.answer(right(e), at: start + 40)
        let r = e.result!
        XCTAssertEqual(r.correctCount, 3)
        XCTAssertEqual(r.items.map(\.timeSpent), [15, 5, 12, 8])
        XCTAssertEqual(r.items.map(\.flagged), [true, false, true, false])
    }

    func testTheClockSubmitsAtZeroAndUnansweredCountAsWrong() {
        var e = exam(count: 4, limit: 5 * minute)
        e.answer(right(e), at: start + 60)
        XCTAssertFalse(e.checkClock(at: start + 299))
        XCTAssertEqual(e.timeLeft(at: start + 240), 60)
        XCTAssertNil(e.answer(right(e), at: start + 301), "an answer after the deadline does not count")
        XCTAssertTrue(e.isFinished)
        XCTAssertEqual(e.ending, .timeUp)
        let r = e.result!
        XCTAssertEqual(r.answeredCount, 1)
        XCTAssertEqual(r.correctCount, 1)
        XCTAssertEqual(r.score, 0.25)
        XCTAssertFalse(r.passed)
        XCTAssertEqual(r.elapsed, 300, "time stops at the limit")
        XCTAssertEqual(r.items[1].timeSpent, 240)
        XCTAssertEqual(r.wrong.map(\.number), [2, 3, 4])
        XCTAssertTrue(r.wrong.allSatisfy { $0.chosen == nil })
    }

    func testCheckClockBeforeReadingEndsAnExpiredExam() {
        var e = exam(count: 2, limit: 60)
        XCTAssertTrue(e.checkClock(at: start + 60))
        XCTAssertEqual(e.ending, .timeUp)
        XCTAssertNil(e.currentIndex)
        XCTAssertFalse(e.flag(at: start + 61))
    }

    func testSubmitEarlyAndPassMark() {
        var e = exam(count: 10, themes: 5)
        for _ in 0..<7 { e.answer(right(e), at: start + 1) }
        e.submit(at: start + 2)
        XCTAssertEqual(e.ending, .submitted)
        let r = e.result!
        XCTAssertEqual(r.score, 0.7, accuracy: 1e-12)
        XCTAssertTrue(r.passed, "7 of 10 reaches a 70% pass mark")
        XCTAssertEqual(r.wrong.count, 3)
    }

    func testInvalidAnswersAreRefused() {
        var e = exam(count: 2)
        XCTAssertNil(e.answer([], at: start + 1))
        XCTAssertNil(e.answer([99], at: start + 1))
        XCTAssertEqual(e.currentNumber, 1)
        XCTAssertEqual(e.answeredCount, 0)
    }

    func testMultipleAnswerIsRightOnlyWithExactlyTheCorrectOptions() {
        let q = Question(id: "m", kind: .multiple, themeID: "t", lessonID: "l", stem: "Pick",
                         choices: [Choice("a", isCorrect: true), Choice("b", isCorrect: true), Choice("c", isCorrect: false)],
                         explanation: "", shownCount: 3)
        var rng = SeededGenerator(seed: 3)
        var e = ExamSession(questions: [q, q], startedAt: start, rng: &rng)
        let correct = e.current!.correctIndices
        let outcome = e.answer([correct.first!], at: start + 1)
        XCTAssertEqual(outcome?.correct, false)
        XCTAssertEqual(e.answer(e.current!.correctIndices, at: start + 2)?.correct, true)
    }
}
