import Foundation
import LearnerStore
import PrimerApp
import StudyCore
import StudyServices
import TerminalUI
import TUIRuntime
import XCTest

/// A live quiz through the real run loop and the class store (issue 17): the learner's
/// screen follows the tutor's moves made on the shared store, the answers are saved both
/// for the tutor's counts and as the learner's exam session; a learner who joins late
/// starts at the current question.
final class LiveQuizFlowTests: XCTestCase {
    func makeQuiz(_ harness: Harness) throws -> LiveQuiz {
        let preset = ExamPreset(title: "Friday quiz", count: 2, minutes: 2, seed: 5)
        let exam = preset.makeSession(course: harness.course, startedAt: harness.clock.now())
        let quiz = LiveQuiz.from(exam, id: "quiz-1", courseID: harness.course.id, title: preset.title, preset: preset.title,
                                 secondsPerQuestion: 30, at: harness.clock.now())
        try harness.store.createLiveQuiz(quiz, at: harness.clock.now())
        return quiz
    }

    func testTheLearnersScreenFollowsTheTutorAndTheAnswersAreSaved() throws {
        let harness = try Harness(learner: "ana")
        let quiz = try makeQuiz(harness)
        let host = LiveHost(store: harness.store, quiz: quiz)
        func move(_ m: LiveHostMove) -> MemoryTerminal.Step {
            .run { _ = host.perform(.hostLive(m, at: harness.clock.now()), now: harness.clock.now()) }
        }
        let right = try XCTUnwrap(quiz.asked(0, in: harness.course)).shown.firstIndex(where: \.isCorrect)! + 1
        let context = try harness.context()
        try harness.run(configure: { $0.live = LiveLearner(context: context) }) { t in [
            .timeout, t.expect(text: "Waiting for your tutor to start"),
            move(.advance), .timeout, t.expect(text: "Question 1 of 2"), t.expect(text: "0:30 left"),
            .key(.character(Character(String(right)))), .key(.enter), .timeout, t.expect(text: "Answer sent"),
            move(.reveal), .timeout, t.expect(text: "You were right."),
            move(.advance), .timeout, t.expect(text: "Question 2 of 2"),
            move(.reveal), .timeout, t.expect(text: "No answer from you."),
            move(.advance), .timeout, t.expect(text: "The quiz is over: you got 1 of 2 right."),
            .key(.escape), t.expect(text: "Study today"), .key(.character("q")),
        ] }

        let room = try XCTUnwrap(try harness.store.liveRoom(quiz: quiz.id, at: harness.clock.now()))
        XCTAssertEqual(room.participants.map(\.name), ["ana"])
        XCTAssertEqual(room.answers.map(\.questionIndex), [0])
        XCTAssertEqual(room.scores().map(\.right), [1])
        // Saved as an exam session with the quiz's paper: one answered, one blank.
        let ana = try XCTUnwrap(try harness.store.existingLearner(named: "ana"))
        let exams = try harness.store.sessions(learner: ana, kind: .exam, course: harness.course.id)
        XCTAssertEqual(exams.count, 1)
        XCTAssertEqual(exams.first?.preset, "Friday quiz")
        XCTAssertEqual(exams.first?.questionCount, 2)
        XCTAssertEqual(exams.first?.answered, 1)
        XCTAssertEqual(exams.first?.correct, 1)
        XCTAssertEqual(exams.first?.outcome, .submitted)
        XCTAssertEqual(try harness.store.reviews(learner: ana, course: nil, since: nil).count, 1)
    }

    /// A tutor's primer that ends without ending the quiz (killed, its connection cut) no
    /// longer leaves the class waiting: the first learner's primer to notice ends the quiz.
    func testALearnerIsNotLeftWaitingWhenTheTutorsPrimerIsGone() throws {
        let harness = try Harness(learner: "ana")
        let presence = try harness.store.holdLiveTutorPresence(quiz: "quiz-1")
        let quiz = try makeQuiz(harness)
        let host = LiveHost(store: harness.store, quiz: quiz)
        let context = try harness.context()
        try harness.run(configure: { $0.live = LiveLearner(context: context) }) { t in [
            .timeout, t.expect(text: "Waiting for your tutor to start"),
            .run { _ = host.perform(.hostLive(.advance, at: harness.clock.now()), now: harness.clock.now()) },
            .timeout, t.expect(text: "Question 1 of 2"),
            .run { harness.clock.advance(by: 2) }, .timeout, t.expect(text: "Question 1 of 2"),   // still there
            .run { presence.release(removingFile: false) },   // what the kernel does when the process dies
            .run { harness.clock.advance(by: 2) }, .timeout, t.expect(text: "The quiz is over"),
            t.expect(text: "It ended early: your tutor's primer stopped."),
            .key(.escape), t.expect(text: "Study today"), .key(.character("q")),
        ] }
        XCTAssertEqual(try harness.store.liveQuiz(course: harness.course.id, id: quiz.id)?.phase, .ended)
        XCTAssertNil(try harness.store.liveQuiz(course: harness.course.id))
    }

    /// A tutor who ends the quiz lets go of the lock only after the end is saved: no
    /// learner reads that end as the tutor leaving, and no file is left behind.
    func testATutorWhoEndsTheQuizIsNotTakenForGone() throws {
        let harness = try Harness(learner: "ana")
        let presence = try harness.store.holdLiveTutorPresence(quiz: "quiz-1")
        let quiz = try makeQuiz(harness)
        let host = LiveHost(store: harness.store, quiz: quiz, presence: presence)
        let context = try harness.context()
        try harness.run(configure: { $0.live = LiveLearner(context: context) }) { t in [
            .timeout, t.expect(text: "Waiting for your tutor to start"),
            .run { _ = host.perform(.hostLive(.end, at: harness.clock.now()), now: harness.clock.now()) },
            .run { harness.clock.advance(by: 2) }, .timeout, t.expect(text: "The quiz is over"),
            t.expect("no word of the tutor leaving") { !$0.contains("ended early") },
            .key(.escape), t.expect(text: "Study today"), .key(.character("q")),
        ] }
        XCTAssertEqual(harness.store.liveTutorState(quiz: quiz.id), .unknown, "the tutor's file went with the end")
    }

    func testALateLearnerStartsAtTheCurrentQuestionAndLateAnswersAreRefused() throws {
        let harness = try Harness(learner: "ana")
        var quiz = try makeQuiz(harness)
        let now = harness.clock.now()
        quiz.advance(at: now)          // question 1
        quiz.reveal(at: now)
        quiz.advance(at: now)          // question 2 open
        try harness.store.saveLiveQuiz(quiz)

        let bo = LiveLearner(context: try harness.context(learner: "bo"))
        guard case let .liveUpdated(seat?, _)? = bo.poll(now: now, inLiveQuiz: true) else { return XCTFail("no live quiz seen") }
        XCTAssertEqual(seat.quiz.questionIndex, 1)
        XCTAssertEqual(seat.quiz.phase, .question)
        let boID = try XCTUnwrap(try harness.store.existingLearner(named: "bo"))
        XCTAssertFalse(try harness.store.submitLiveAnswer(quiz: quiz.id, learner: boID, questionIndex: 0, chosen: [0],
                                                          correct: true, at: now), "a question already revealed takes no answer")
        XCTAssertTrue(try harness.store.submitLiveAnswer(quiz: quiz.id, learner: boID, questionIndex: 1, chosen: [0],
                                                         correct: false, at: now))
        XCTAssertFalse(try harness.store.submitLiveAnswer(quiz: quiz.id, learner: boID, questionIndex: 1, chosen: [1],
                                                          correct: true, at: now), "the first answer counts")
        let late = now.addingTimeInterval(31)
        let ana = try XCTUnwrap(try harness.store.learner(named: "ana", now: now))
        XCTAssertFalse(try harness.store.submitLiveAnswer(quiz: quiz.id, learner: ana, questionIndex: 1, chosen: [0],
                                                          correct: true, at: late), "after the deadline")
        // The tutor's reading reveals on time and counts the answers.
        let host = LiveHost(store: harness.store, quiz: quiz)
        guard case let .liveRoomUpdated(room, _)? = host.poll(now: late) else { return XCTFail("no room") }
        XCTAssertEqual(room.quiz.phase, .revealed, "time up: revealed")
        XCTAssertEqual(room.optionCounts().reduce(0, +), 1)
        XCTAssertEqual(room.participants.map(\.name), ["bo"])
        XCTAssertEqual(room.participants.map(\.connected), [false], "no heartbeat for more than 5 seconds: shown as gone")
    }

    /// "Connected" on the tutor's screen means the learner's quiz screen is open: a learner
    /// still finishing a mock exam has not joined yet, and one who left for Home (Esc) shows
    /// as gone after the heartbeat's timeout, and as connected again on rejoining (`j`).
    /// (Before, any primer running in the class counted, and the tutor waited for them.)
    func testOnlyALearnerWithTheQuizOpenCountsAsConnected() throws {
        let harness = try Harness(learner: "ana")
        let quiz = try makeQuiz(harness)
        let learner = LiveLearner(context: try harness.context())
        let t0 = harness.clock.now()
        func room(_ at: Date) throws -> [String: Bool] {
            let room = try XCTUnwrap(try harness.store.liveRoom(quiz: quiz.id, at: at))
            return Dictionary(room.participants.map { ($0.name, $0.connected) }) { a, _ in a }
        }
        _ = learner.poll(now: t0, inLiveQuiz: false)          // in a mock exam: the quiz is seen, not joined
        XCTAssertEqual(try room(t0), [:])
        _ = learner.poll(now: t0.addingTimeInterval(1), inLiveQuiz: true)   // the quiz's screen opens
        XCTAssertEqual(try room(t0.addingTimeInterval(1)), ["ana": true])
        for second in stride(from: 3.0, through: 9, by: 2) {   // Esc: Home, still polling
            _ = learner.poll(now: t0.addingTimeInterval(second), inLiveQuiz: false)
        }
        XCTAssertEqual(try room(t0.addingTimeInterval(9)), ["ana": false], "left the quiz: gone for the tutor")
        _ = learner.poll(now: t0.addingTimeInterval(10), inLiveQuiz: true)  // j: back in
        XCTAssertEqual(try room(t0.addingTimeInterval(10)), ["ana": true])
    }

    /// A learner whose connection drops after one answer comes back in a new process: they
    /// see the current question, their answer goes on in the same exam session, and the
    /// tutor's end finishes that session scored over the whole paper.
    func testAReconnectedLearnerGoesOnInTheSameSession() throws {
        let harness = try Harness(learner: "ana")
        var quiz = try makeQuiz(harness)
        let now = harness.clock.now()
        let host = LiveHost(store: harness.store, quiz: quiz)
        _ = host.perform(.hostLive(.advance, at: now), now: now)
        let first = LiveLearner(context: try harness.context())
        _ = first.poll(now: now, inLiveQuiz: true)
        _ = first.perform(.sendLiveAnswer(quizID: quiz.id, index: 0, chosen: [0], at: now), now: now)
        _ = host.perform(.hostLive(.advance, at: now), now: now)   // reveal
        _ = host.perform(.hostLive(.advance, at: now), now: now)   // question 2
        quiz = host.quiz

        let again = LiveLearner(context: try harness.context())    // the learner's new connection
        guard case let .liveUpdated(seat?, _)? = again.poll(now: now, inLiveQuiz: true) else { return XCTFail("no live quiz seen") }
        XCTAssertEqual([seat.quiz.questionIndex, seat.mine.count], [1, 1], "back at question 2, with the first answer kept")
        _ = again.perform(.sendLiveAnswer(quizID: quiz.id, index: 1, chosen: [0], at: now), now: now)
        _ = host.perform(.hostLive(.end, at: now), now: now)

        let ana = try XCTUnwrap(try harness.store.existingLearner(named: "ana"))
        let exams = try harness.store.sessions(learner: ana, kind: .exam, course: harness.course.id)
        XCTAssertEqual(exams.count, 1, "one session for the quiz, not one per connection")
        let right = try harness.store.liveAnswers(quiz: quiz.id, learner: ana, name: "ana").filter(\.correct).count
        XCTAssertEqual(exams.first?.answered, 2)
        XCTAssertEqual(exams.first?.correct, right)
        XCTAssertEqual(exams.first?.questionCount, 2)
        XCTAssertEqual(exams.first?.outcome, .submitted)
        XCTAssertEqual(try harness.store.reviews(learner: ana, course: nil, since: nil).count, 2)
        _ = again.poll(now: now, inLiveQuiz: true)   // the learner's own end changes nothing the tutor's did
        XCTAssertEqual(try harness.store.sessions(learner: ana, kind: .exam, course: harness.course.id), exams)
    }

    func testTheQuizMovesInOrderAndOnlyForward() {
        var quiz = LiveQuiz(id: "q", courseID: "c", title: "T", preset: nil,
                            paper: [.init(question: "a", shown: ["x"]), .init(question: "b", shown: ["y"])],
                            secondsPerQuestion: 20, phaseStartedAt: Date(timeIntervalSince1970: 0))
        let t = Date(timeIntervalSince1970: 100)
        quiz.reveal(at: t)
        XCTAssertEqual(quiz.phase, .waiting, "nothing to reveal before a question")
        quiz.advance(at: t)
        XCTAssertEqual([quiz.questionIndex, quiz.revision], [0, 1])
        XCTAssertEqual(quiz.deadline, t.addingTimeInterval(20))
        quiz.advance(at: t)            // advancing an open question reveals it
        XCTAssertEqual(quiz.phase, .revealed)
        quiz.advance(at: t)
        XCTAssertEqual([quiz.questionIndex, quiz.revision], [1, 3])
        quiz.reveal(at: t)
        quiz.advance(at: t)
        XCTAssertEqual(quiz.phase, .ended, "after the last question's reveal, the end")
        quiz.advance(at: t)
        XCTAssertEqual(quiz.phase, .ended)
        XCTAssertEqual(LiveQuiz.secondsPerQuestion(timeLimit: 600, count: 20), 30)
        XCTAssertEqual(LiveQuiz.secondsPerQuestion(timeLimit: 60, count: 20), 10, "at least ten seconds")
    }
}
