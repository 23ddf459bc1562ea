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

    /// On a small terminal the tutor scrolls the options; the clock and the count of
    /// answers stay in view, and so does the question whether to end the quiz.
    func testOnASmallTerminalTheTutorKeepsTheClockAndTheConfirmationInView() {
        var quiz = quiz()
        quiz.advance(at: t0)
        var state = host(quiz, participants: ["ana", "bo", "cy"])
        state.size = Size(width: 40, height: 12)
        let top = text(state, width: 40, height: 12)
        _ = Fixtures.press(&state, Array(repeating: .down, count: 20))
        let scrolled = text(state, width: 40, height: 12)
        XCTAssertNotEqual(scrolled, top, "the options scroll")
        XCTAssertTrue(scrolled.contains("Concessions"), "the last option is reachable: " + scrolled)
        for screen in [top, scrolled] { XCTAssertTrue(screen.contains("0:30 left · 0 of 3"), screen) }
        _ = Fixtures.press(&state, [.character("q")])
        let asking = text(state, width: 40, height: 12)
        XCTAssertTrue(asking.contains("End the quiz for everyone?"), asking)
    }

    /// The tutor's terminal closing (or Ctrl-C, or a signal) ends the quiz for everyone:
    /// no one else can move it on, and learners were left at a question that never closed.
    func testATutorWhoGoesAwayEndsTheQuiz() {
        var quiz = quiz()
        quiz.advance(at: t0)
        var state = host(quiz)
        XCTAssertEqual(state.reduce(.terminalClosed(at: t0)), [.hostLive(.end, at: t0), .quit])
        quiz.end(at: t0)
        var ended = host(quiz)
        XCTAssertEqual(ended.reduce(.terminalClosed(at: t0)), [.quit], "an ended quiz is left as it is")
    }

    /// A tutor's primer killed outright cannot end the quiz; when a question's time ran out
    /// long ago and it is still open, the learner is told, not left at "0:00 left".
    func testALearnerIsToldWhenTheTutorSeemsGone() {
        var quiz = quiz()
        quiz.advance(at: t0)
        var state = Fixtures.state()
        _ = state.reduce(.liveUpdated(LiveSeat(quiz: quiz, mine: []), at: t0))
        XCTAssertFalse(text(state).contains("may have stopped"))
        let justAfter = t0.addingTimeInterval(30 + 5)   // 30 s a question: the tutor is a moment late
        _ = state.reduce(.liveUpdated(LiveSeat(quiz: quiz, mine: []), at: justAfter))
        XCTAssertFalse(text(state).contains("may have stopped"), text(state))
        _ = state.reduce(.liveUpdated(LiveSeat(quiz: quiz, mine: []), at: t0.addingTimeInterval(30 + 11)))
        let screen = text(state).components(separatedBy: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
        XCTAssertTrue(screen.contains("your tutor's primer may have stopped. Esc goes Home."), screen)
        XCTAssertFalse(screen.contains("Enter send"), "no answer is taken after the deadline, so none is offered")
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

    /// On a small terminal the learner scrolls a long question to reach its options; the
    /// clock above and what Enter does (then "Answer sent") below stay in view while the
    /// question scrolls, and the next question starts at its top again.
    func testALearnerScrollsAQuestionWhileTheClockAndTheHintStayInView() {
        let long = Question(id: "long", kind: .single, themeID: "coercion", lessonID: "coercive", sources: [6],
                            stem: String(repeating: "A long stem that needs several lines on a small terminal. ", count: 3),
                            choices: (1...4).map { Choice("Option number \($0), long enough to wrap at forty columns", isCorrect: $0 == 1) },
                            explanation: "Because (¶6).")
        let lesson = Lesson(id: "coercive", title: "Coercive", themeID: "coercion", order: 1, questions: [long, Fixtures.diplomacyQuestion])
        let course = Course(id: "demo", title: "Demo", themes: [Theme(id: "coercion", title: "Coercion", order: 1)], lessons: [lesson])
        let paper = lesson.questions.map { LiveQuiz.Item(question: $0.id, shown: $0.choices.map(\.text)) }
        var quiz = LiveQuiz(id: "quiz", courseID: "demo", title: "Friday quiz", preset: nil, paper: paper,
                            secondsPerQuestion: 30, showsBoard: false, phaseStartedAt: t0)
        var state = AppState(course: course, learnerName: "Ayesha", seed: 42)
        state.size = Size(width: 40, height: 12)   // as the run loop keeps it: scrolling stops at the text's end
        quiz.advance(at: t0)
        _ = state.reduce(.liveUpdated(LiveSeat(quiz: quiz, mine: []), at: t0))
        let top = text(state, width: 40, height: 12)
        XCTAssertTrue(top.contains("A long stem"), top)
        _ = Fixtures.press(&state, [.down, .down, .down])
        let scrolled = text(state, width: 40, height: 12)
        XCTAssertNotEqual(scrolled, top, "scrolled")
        for screen in [top, scrolled] {
            XCTAssertTrue(screen.contains("Question 1 of 2 · 0:30 left"), screen)
            XCTAssertTrue(screen.contains("Pick an option, then Enter to send."), screen)
        }
        guard case .live(let live) = state.screen else { return XCTFail("not on the live screen") }
        XCTAssertGreaterThan(live.scroll, 0)
        _ = Fixtures.press(&state, Array(repeating: .down, count: 30))
        guard case .live(let atEnd) = state.screen else { return XCTFail("not on the live screen") }
        let end = text(state, width: 40, height: 12)
        XCTAssertTrue(end.contains("Option number 4"), "the last option is reachable: " + end)
        _ = Fixtures.press(&state, [.down])
        guard case .live(let further) = state.screen else { return XCTFail("not on the live screen") }
        XCTAssertEqual(further.scroll, atEnd.scroll, "the question's end is on screen: scrolling stops there")
        _ = Fixtures.press(&state, Array(repeating: .up, count: 30))
        XCTAssertEqual(Fixtures.press(&state, [.character("1"), .enter]),
                       [.sendLiveAnswer(quizID: "quiz", index: 0, chosen: [0], at: t0)])
        let sent = LiveAnswer(learner: "Ayesha", questionIndex: 0, chosen: [0], correct: true, answeredAt: t0)
        _ = state.reduce(.liveUpdated(LiveSeat(quiz: quiz, mine: [sent]), at: t0))
        let after = text(state, width: 40, height: 12)
        XCTAssertTrue(after.contains("A long stem"), "still at the top of the question: " + after)
        XCTAssertTrue(after.contains("Answer sent. Waiting for the others…"), "the confirmation is in view: " + after)
        quiz.reveal(at: t0)
        quiz.advance(at: t0)
        _ = state.reduce(.liveUpdated(LiveSeat(quiz: quiz, mine: [sent]), at: t0))
        guard case .live(let next) = state.screen else { return XCTFail("not on the live screen") }
        XCTAssertEqual(next.scroll, 0)
    }
}
