import Foundation
import XCTest
@testable import StudyCore

final class ExamSessionTests: XCTestCase {
    let start = utc("2024-03-01T09:00:00Z")

    func exam(count: Int = 4, themes: Int = 4, limit: TimeInterval = 20 * minute, seed: UInt64 = 1) -> ExamSession {
        let course = makeCourse(themes: themes, lessonsPerTheme: 1, questionsPerLesson: 3)
        var rng = SeededGenerator(seed: seed)
        let questions = ExamSession.drawQuestions(from: course, count: count, using: &rng)
        return ExamSession(questions: questions, startedAt: start, timeLimit: limit, options: .fromGenerator, rng: &rng)
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

    func testNoFeedbackUntilHandedInAndScoreWithPerThemeBreakdown() {
        var e = exam(count: 4)
        XCTAssertEqual(e.currentNumber, 1)
        XCTAssertNil(e.result, "no result while running")
        XCTAssertNotNil(e.answer(right(e), at: start + 10))
        XCTAssertNotNil(e.answer(wrong(e), at: start + 30))
        XCTAssertNotNil(e.answer(right(e), at: start + 35))
        XCTAssertNotNil(e.answer(right(e), at: start + 60))
        XCTAssertTrue(e.allAnswered)
        XCTAssertFalse(e.isFinished, "answering everything does not hand the paper in: the learner does")
        e.submit(at: start + 70)
        XCTAssertEqual(e.ending, .submitted)
        let r = e.result!
        XCTAssertEqual(r.correctCount, 3)
        XCTAssertEqual(r.score, 0.75)
        XCTAssertTrue(r.passed)
        XCTAssertEqual(r.items.map(\.timeSpent), [10, 20, 5, 35], "the last question's time runs until handing in")
        XCTAssertEqual(r.elapsed, 70)
        XCTAssertEqual(r.wrong.map(\.number), [2])
        XCTAssertEqual(r.themes.count, 4)
        XCTAssertEqual(r.themes.reduce(0) { $0 + $1.total }, 4)
        XCTAssertEqual(r.themes.reduce(0) { $0 + $1.correct }, 3)
        XCTAssertNil(e.answer([0], at: start + 71), "nothing to answer after the end")
        var rng = SeededGenerator(seed: 0)
        let empty = ExamSession(questions: [], startedAt: start, options: .fromGenerator, rng: &rng)
        XCTAssertNil(empty.current)
    }

    func testFlagMovesOnAndAnsweringClearsIt() {
        var e = exam(count: 4)
        XCTAssertTrue(e.toggleFlag(at: start + 5))       // 1 flagged, on to 2
        XCTAssertEqual(e.currentNumber, 2)
        XCTAssertEqual(e.flagged, [0])
        e.answer(right(e), at: start + 10)               // 2, on to 3
        XCTAssertEqual(e.currentNumber, 3)
        XCTAssertTrue(e.toggleFlag(at: start + 12))      // 3 flagged, on to 4
        XCTAssertEqual(e.currentNumber, 4)
        e.answer(right(e), at: start + 20)               // 4, on to the first unanswered: 1
        XCTAssertEqual(e.currentNumber, 1, "after the last, back to the first unanswered")
        XCTAssertTrue(e.currentIsFlagged)
        let shownBefore = e.current!.shown
        e.answer(wrong(e), at: start + 30)
        XCTAssertEqual(e.flagged, [2], "answering a flagged question clears its flag")
        XCTAssertEqual(e.currentNumber, 3)
        XCTAssertTrue(e.toggleFlag(at: start + 31))
        XCTAssertEqual(e.flagged, [], "flagging again clears the flag")
        XCTAssertEqual(e.currentNumber, 3)
        e.answer(right(e), at: start + 40)
        XCTAssertTrue(e.go(to: 0, at: start + 41))
        XCTAssertEqual(e.current!.shown, shownBefore, "same options when a question is visited again")
        e.submit(at: start + 41)
        let r = e.result!
        XCTAssertEqual(r.correctCount, 3)
        XCTAssertEqual(r.items.map(\.timeSpent), [15, 5, 13, 8], "question 3: 2 s, then 10 s, then 1 s before going to question 1")
    }

    func testAnyQuestionCanBeVisitedAndItsAnswerChangedUntilHandedIn() {
        var e = exam(count: 3)
        e.answer(wrong(e), at: start + 5)
        XCTAssertEqual(e.currentNumber, 2)
        XCTAssertTrue(e.go(to: 0, at: start + 8))
        XCTAssertEqual(e.currentAnswer?.correct, false)
        let changed = e.answer(right(e), at: start + 12)
        XCTAssertEqual(changed?.correct, true)
        XCTAssertEqual(changed?.responseTime, 9, "time on a question adds up over its visits")
        XCTAssertEqual(e.answeredCount, 1, "a changed answer replaces the first")
        XCTAssertEqual(e.currentNumber, 2, "then on to the next unanswered")
        XCTAssertTrue(e.step(1, at: start + 13))
        XCTAssertEqual(e.currentNumber, 3)
        XCTAssertFalse(e.step(1, at: start + 13), "no question after the last")
        XCTAssertFalse(e.go(to: 7, at: start + 13))
        e.submit(at: start + 20)
        XCTAssertEqual(e.result?.correctCount, 1)
        XCTAssertEqual(e.result?.score ?? -1, 1.0 / 3, accuracy: 1e-12, "unanswered questions count as wrong")
    }

    func testWithFeedbackDuringAnAnswerCannotBeChanged() {
        let course = makeCourse(themes: 2, lessonsPerTheme: 1, questionsPerLesson: 2)
        var rng = SeededGenerator(seed: 4)
        var e = ExamSession(questions: course.questions, startedAt: start, allowsChanges: false, options: .fromGenerator, rng: &rng)
        XCTAssertNotNil(e.answer(wrong(e), at: start + 1))
        e.go(to: 0, at: start + 2)
        XCTAssertNil(e.answer(right(e), at: start + 3))
        XCTAssertEqual(e.answers[0]?.correct, false)
    }

    func testAnAbandonedExamHasNoScoreAndNeverPasses() {
        var e = exam(count: 4)
        for _ in 0..<3 { e.answer(right(e), at: start + 10) }
        e.abandon(at: start + 20)
        XCTAssertEqual(e.ending, .abandoned)
        let r = e.result!
        XCTAssertNil(r.score)
        XCTAssertFalse(r.passed)
        XCTAssertEqual(r.answeredCount, 3)
        XCTAssertEqual(r.correctCount, 3)
        var late = exam(count: 2, limit: 60)
        late.abandon(at: start + 61)
        XCTAssertEqual(late.ending, .timeUp, "past the deadline the clock has already handed it in")
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
        XCTAssertEqual(r.items[1].timeSpent, 240, "the clock stops at the limit")
        XCTAssertEqual(r.wrong.map(\.number), [2, 3, 4])
        XCTAssertTrue(r.wrong.allSatisfy { $0.chosen == nil })
    }

    func testCheckClockBeforeReadingEndsAnExpiredExam() {
        var e = exam(count: 2, limit: 60)
        XCTAssertTrue(e.checkClock(at: start + 60))
        XCTAssertEqual(e.ending, .timeUp)
        XCTAssertNil(e.currentIndex)
        XCTAssertFalse(e.toggleFlag(at: start + 61))
    }

    func testSubmitEarlyAndPassMark() {
        var e = exam(count: 10, themes: 5)
        for _ in 0..<7 { e.answer(right(e), at: start + 1) }
        e.submit(at: start + 2)
        XCTAssertEqual(e.ending, .submitted)
        let r = e.result!
        XCTAssertEqual(r.score ?? -1, 0.7, accuracy: 1e-12)
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
        var e = ExamSession(questions: [q, q], startedAt: start, options: .fromGenerator, rng: &rng)
        let correct = e.current!.correctIndices
        let outcome = e.answer([correct.first!], at: start + 1)
        XCTAssertEqual(outcome?.correct, false)
        XCTAssertEqual(e.answer(e.current!.correctIndices, at: start + 2)?.correct, true)
    }
}
