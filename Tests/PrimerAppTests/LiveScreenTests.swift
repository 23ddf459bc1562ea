import StudyCore
import TerminalUI
import XCTest
@testable import PrimerApp

/// The live quiz's two screens as reducers and text: the learner's picks and the answer
/// sent; the tutor's moves, with ending the quiz for everyone taking a second key.
final class LiveScreenTests: XCTestCase {
    let t0 = Fixtures.t0

    func quiz(board: Bool = false) -> LiveQuiz {
        let paper = Fixtures.course.questions.map { LiveQuiz.Item(question: $0.id, shown: $0.choices.map(\.text)) }
        return LiveQuiz(id: "quiz", courseID: Fixtures.course.id, title: "Friday quiz", preset: nil, paper: paper,
                        secondsPerQuestion: 30, showsBoard: board, phaseStartedAt: t0)
    }

    func text(_ state: AppState, width: Int = 80, height: Int = 24) -> String {
        var buffer = CellBuffer(width: width, height: height)
        render(state, into: &buffer)
        return buffer.lines.joined(separator: "\n")
    }

    func host(_ quiz: LiveQuiz, participants: [String] = ["ana", "bo"], answers: [LiveAnswer] = []) -> AppState {
        var state = Fixtures.state()
        state.push(.liveHost(LiveHostState(room: LiveRoom(quiz: quiz, participants: participants.map { ($0, true) },
                                                           answers: answers), now: t0)))
        return state
    }

    func testEndingTheQuizForEveryoneTakesASecondKey() {
        var quiz = quiz()
        quiz.advance(at: t0)
        var state = host(quiz)
        XCTAssertEqual(Fixtures.press(&state, [.character("q")]), [], "one q only asks")
        XCTAssertTrue(text(state).contains("End the quiz for everyone? q ends it, Esc goes on."))
        XCTAssertEqual(Fixtures.press(&state, [.escape]), [])
        XCTAssertFalse(text(state).contains("End the quiz for everyone?"))
        XCTAssertEqual(Fixtures.press(&state, [.character("r")]), [.hostLive(.reveal, at: t0)], "after Esc, the keys work again")
        XCTAssertEqual(Fixtures.press(&state, [.character("q"), .character("q")]), [.hostLive(.end, at: t0), .quit])
    }

    func testTheTutorSeesWhoHasNotAnsweredAndTheSplit() {
        var quiz = quiz()
        quiz.advance(at: t0)
        let answers = [LiveAnswer(learner: "ana", questionIndex: 0, chosen: [1], correct: false, answeredAt: t0)]
        let screen = text(host(quiz, participants: ["ana", "bo", "cy"], answers: answers))
        XCTAssertTrue(screen.contains("Question 1 of 3 · 0:30 left · 1 of 3 answered"), screen)
        XCTAssertTrue(screen.contains("Not answered yet: bo, cy"), screen)
        XCTAssertTrue(screen.contains("  1  "), "one answer on the second option")
        XCTAssertFalse(screen.contains("✓"), "the right answer is not shown before the reveal")
    }

    func testALearnerPicksThenSendsAndASecondSendIsNotOffered() {
        var quiz = quiz()
        var state = Fixtures.state()
        _ = state.reduce(.liveUpdated(LiveSeat(quiz: quiz, mine: []), at: t0))
        XCTAssertTrue(text(state).contains("Waiting for your tutor to start"))
        quiz.advance(at: t0)
        _ = state.reduce(.liveUpdated(LiveSeat(quiz: quiz, mine: []), at: t0))
        XCTAssertEqual(Fixtures.press(&state, [.enter]), [], "nothing picked: nothing sent")
        XCTAssertEqual(Fixtures.press(&state, [.character("2"), .character("1"), .enter]),
                       [.sendLiveAnswer(quizID: "quiz", index: 0, chosen: [0], at: t0)], "a single answer: the last pick")
        let sent = LiveAnswer(learner: "Ayesha", questionIndex: 0, chosen: [0], correct: true, answeredAt: t0)
        _ = state.reduce(.liveUpdated(LiveSeat(quiz: quiz, mine: [sent]), at: t0))
        XCTAssertTrue(text(state).contains("Answer sent. Waiting for the others"))
        XCTAssertEqual(Fixtures.press(&state, [.character("2"), .enter]), [], "the first answer counts")
    }

    func testTheBoardIsShownOnlyWhenTheTutorAskedForIt() {
        for board in [false, true] {
            var quiz = quiz(board: board)
            quiz.advance(at: t0)
            quiz.end(at: t0)
            let answers = [LiveAnswer(learner: "ana", questionIndex: 0, chosen: [0], correct: true, answeredAt: t0)]
            let screen = text(host(quiz, answers: answers), height: 30)
            XCTAssertTrue(screen.contains("The quiz is over. Right answers out of 3:"), screen)
            XCTAssertEqual(screen.contains("The board (names hidden):"), board, screen)
            if board {
                let names = LiveBoard(quizID: "quiz", scores: [("ana", 1), ("bo", 0)]).rows.map(\.pseudonym)
                XCTAssertTrue(screen.contains("  1. " + names[0]), screen)
            }
        }
    }

    /// On a small terminal the learner scrolls to the options below; the next question
    /// starts at its top again.
    func testALearnerScrollsAQuestionAndTheNextStartsAtTheTop() {
        var quiz = quiz()
        var state = Fixtures.state()
        state.size = Size(width: 40, height: 12)   // as the run loop keeps it: scrolling stops at the text's end
        quiz.advance(at: t0)
        _ = state.reduce(.liveUpdated(LiveSeat(quiz: quiz, mine: []), at: t0))
        let top = text(state, width: 40, height: 12)
        _ = Fixtures.press(&state, [.down, .down, .down])
        XCTAssertNotEqual(text(state, width: 40, height: 12), top, "scrolled")
        guard case .live(let live) = state.screen else { return XCTFail("not on the live screen") }
        XCTAssertGreaterThan(live.scroll, 0)
        _ = Fixtures.press(&state, Array(repeating: .down, count: 10))
        guard case .live(let atEnd) = state.screen else { return XCTFail("not on the live screen") }
        XCTAssertEqual(atEnd.scroll, live.scroll, "the question's end was on screen already: scrolling stops there")
        quiz.reveal(at: t0)
        quiz.advance(at: t0)
        _ = state.reduce(.liveUpdated(LiveSeat(quiz: quiz, mine: []), at: t0))
        guard case .live(let next) = state.screen else { return XCTFail("not on the live screen") }
        XCTAssertEqual(next.scroll, 0)
    }
}
