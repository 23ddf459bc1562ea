import StudyCore
import TerminalUI
import XCTest
@testable import PrimerApp

final class ReducerTests: XCTestCase {
    let t0 = Fixtures.t0

    func press(_ state: inout AppState, _ keys: Key..., at time: Date? = nil) -> [Effect] {
        var effects: [Effect] = []
        for key in keys { effects += state.reduce(.keyPressed(key, at: time ?? t0)) }
        return effects
    }

    func testHomeStartsOnTheFirstLessonAndSkipsThemeHeaders() {
        var state = Fixtures.state()
        guard case .home(let home) = state.screen else { return XCTFail("not home") }
        XCTAssertEqual(home.selectedLesson?.id, "alliance")
        _ = press(&state, .down)
        guard case .home(let moved) = state.screen else { return XCTFail("not home") }
        XCTAssertEqual(moved.selectedLesson?.id, "coercive", "the theme header between them is skipped")
        _ = press(&state, .down, .down)
        guard case .home(let clamped) = state.screen else { return XCTFail("not home") }
        XCTAssertEqual(clamped.selectedLesson?.id, "coercive", "moving past the end stays on the last lesson")
    }

    func testEnterOpensTheLessonAndEscapeReturnsHome() {
        var state = Fixtures.state()
        _ = press(&state, .character("j"), .enter)
        XCTAssertEqual(state.screen, .lesson(LessonState(lesson: Fixtures.lesson)))
        XCTAssertEqual(state.backStack.count, 1)
        XCTAssertEqual(press(&state, .escape), [])
        guard case .home(let home) = state.screen else { return XCTFail("not home") }
        XCTAssertEqual(home.selectedLesson?.id, "coercive", "Home keeps its selection")
        XCTAssertEqual(press(&state, .character("q")), [.quit])
    }

    func testStartingTheQuizMarksTheLessonRead() {
        var state = Fixtures.state()
        let effects = press(&state, .down, .enter, .enter)
        XCTAssertEqual(effects, [.markLessonRead(lessonID: "coercive", at: t0)])
        XCTAssertTrue(state.lessonsRead.contains("coercive"))
        guard case .quiz(let quiz) = state.screen else { return XCTFail("not in the quiz") }
        XCTAssertEqual(quiz.session.items.map(\.question.id), ["do-more", "normal-marks", "war-and-talks"])
        XCTAssertEqual(quiz.session.items[0].shown.count, 4)
    }

    func testAnsweringRightThenWrongRecordsBothWithResponseTimes() throws {
        var state = Fixtures.state()
        _ = press(&state, .down, .enter, .enter)
        guard case .quiz(let quiz) = state.screen else { return XCTFail("not in the quiz") }
        let right = quiz.session.items[0].shown.firstIndex(where: \.isCorrect)!
        // A digit answers a single-answer question at once.
        XCTAssertEqual(press(&state, .character(Character("\(right + 1)")), at: t0.addingTimeInterval(5)), [])
        guard case .quiz(let answered) = state.screen, case .feedback(let outcome) = answered.session.phase else {
            return XCTFail("no feedback")
        }
        XCTAssertTrue(outcome.correct)
        XCTAssertEqual(outcome.responseTime, 5)
        // "I guessed", then moving on stores the answer with that mark.
        _ = press(&state, .character("g"))
        let stored = press(&state, .enter, at: t0.addingTimeInterval(8))
        XCTAssertEqual(stored, [.recordAnswer(outcome, override: .guessed)])

        // Multiple answer: toggle one correct option only, submit: wrong (no partial credit).
        guard case .quiz(let second) = state.screen else { return XCTFail() }
        let correctOption = second.session.items[1].shown.firstIndex(where: \.isCorrect)!
        _ = press(&state, .character(Character("\(correctOption + 1)")), .enter, at: t0.addingTimeInterval(10))
        guard case .quiz(let marked) = state.screen, case .feedback(let wrong) = marked.session.phase else { return XCTFail() }
        XCTAssertFalse(wrong.correct)
        XCTAssertEqual(wrong.chosen, [correctOption])
        XCTAssertEqual(press(&state, .enter), [.recordAnswer(wrong, override: nil)])
    }

    func testLettersAnswerToo() {
        var state = Fixtures.state()
        _ = press(&state, .down, .character("t"))
        _ = press(&state, .character("b"))
        guard case .quiz(let quiz) = state.screen, case .feedback(let outcome) = quiz.session.phase else { return XCTFail() }
        XCTAssertEqual(outcome.chosen, [1])
    }

    func testFinishingShowsTheScoreAndEnterGoesBack() {
        var state = Fixtures.state()
        _ = press(&state, .down, .character("t"))
        _ = press(&state, .character("1"), .enter)                    // single
        _ = press(&state, .character("1"), .enter, .enter)            // multiple: toggle, submit, next
        _ = press(&state, .character("1"), .enter)                    // true/false: True is right
        guard case .quiz(let quiz) = state.screen else { return XCTFail() }
        XCTAssertTrue(quiz.session.isFinished)
        XCTAssertEqual(quiz.session.outcomes.count, 3)
        XCTAssertTrue(quiz.session.outcomes[2].correct)
        _ = press(&state, .enter)
        guard case .home = state.screen else { return XCTFail("Enter on the score returns to where the quiz began") }
    }

    func testCtrlCQuitsFromAnywhereAndKeepsTheAnswerOnScreen() {
        var state = Fixtures.state()
        _ = press(&state, .down, .character("t"), .character("2"))
        guard case .quiz(let quiz) = state.screen, case .feedback(let outcome) = quiz.session.phase else { return XCTFail() }
        XCTAssertEqual(press(&state, .control("c")), [.recordAnswer(outcome, override: nil), .quit])
    }

    func testHelpOpensWithQuestionMarkAndAnyKeyClosesIt() {
        var state = Fixtures.state()
        _ = press(&state, .character("?"))
        XCTAssertTrue(state.showingHelp)
        let before = state.screen
        _ = press(&state, .down)
        XCTAssertFalse(state.showingHelp)
        XCTAssertEqual(state.screen, before, "the key that closes help does nothing else")
    }

    func testResizeAsksForAFullRedrawAndKeepsState() {
        var state = Fixtures.state()
        _ = press(&state, .down, .enter, .pageDown)
        let before = state
        XCTAssertEqual(state.reduce(.terminalResized(Size(width: 100, height: 30))), [.redrawAll])
        XCTAssertEqual(state, before)
    }

    func testSaveFailureIsShownAndNotHidden() {
        var state = Fixtures.state()
        _ = state.reduce(.saveFailed("disk full"))
        XCTAssertEqual(state.status, "Not saved: disk full")
    }
}
