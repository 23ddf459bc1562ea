import Foundation
import XCTest
import StudyCore
@testable import LearnerStore

/// The tutor's presence lock (`LiveTutorPresence`): held while the tutor's primer runs,
/// seen as gone once its process has ended however it ended, and a quiz left open by a
/// tutor who is gone is ended once, with every participant's session.
final class LiveTutorPresenceTests: XCTestCase {
    var folder: URL!
    var data: URL { folder.appendingPathComponent("data") }
    override func setUpWithError() throws {
        folder = try makeTempFolder(name)
        try FileManager.default.createDirectory(at: data, withIntermediateDirectories: true)
    }
    override func tearDown() { removeTempFolder(folder) }

    func testPresentWhileHeldGoneWhenLetGoAndNothingOnceRemoved() throws {
        XCTAssertEqual(LiveTutorPresence.state(quiz: "quiz-1", in: data), .unknown, "no file: nothing to tell")
        let presence = try LiveTutorPresence.hold(quiz: "quiz-1", in: data)
        XCTAssertEqual(LiveTutorPresence.state(quiz: "quiz-1", in: data), .present)
        XCTAssertEqual(LiveTutorPresence.state(quiz: "quiz-2", in: data), .unknown, "another quiz's")
        presence.release(removingFile: false)
        XCTAssertEqual(LiveTutorPresence.state(quiz: "quiz-1", in: data), .gone)
        LiveTutorPresence.removeAbandoned(in: data)
        XCTAssertEqual(LiveTutorPresence.state(quiz: "quiz-1", in: data), .unknown)

        let ended = try LiveTutorPresence.hold(quiz: "quiz-3", in: data)
        ended.release(removingFile: true)
        XCTAssertEqual(LiveTutorPresence.state(quiz: "quiz-3", in: data), .unknown, "ended by the tutor: no file left")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: data.path), [])
    }

    /// The kernel drops the lock of a process killed with SIGKILL: no code of the tutor's
    /// runs, and the learners still learn it is gone.
    func testATutorKilledWhileHoldingIsSeenAsGone() throws {
        let tutor = try Child(["--hold-live-tutor", "quiz-k", data.path])
        XCTAssertTrue(tutor.waitForLine("holding"), "the tutor's process never took the lock")
        XCTAssertEqual(LiveTutorPresence.state(quiz: "quiz-k", in: data), .present)
        kill(tutor.process.processIdentifier, SIGKILL)
        tutor.process.waitUntilExit()
        XCTAssertEqual(LiveTutorPresence.state(quiz: "quiz-k", in: data), .gone)
    }

    /// A new tutor clears files left by tutors who are gone, and leaves a running one's.
    func testHoldingClearsOnlyAbandonedFiles() throws {
        let running = try LiveTutorPresence.hold(quiz: "running", in: data)
        try LiveTutorPresence.hold(quiz: "crashed", in: data).release(removingFile: false)
        let leftBeforeItsRename = data.appendingPathComponent(".live-123-456.tutor")
        try Data().write(to: leftBeforeItsRename)
        let next = try LiveTutorPresence.hold(quiz: "next", in: data)
        XCTAssertFalse(FileManager.default.fileExists(atPath: leftBeforeItsRename.path))
        XCTAssertEqual(LiveTutorPresence.state(quiz: "crashed", in: data), .unknown)
        XCTAssertEqual(LiveTutorPresence.state(quiz: "running", in: data), .present)
        XCTAssertEqual(LiveTutorPresence.state(quiz: "next", in: data), .present)
        running.release(removingFile: true)
        next.release(removingFile: true)
    }

    /// Any quiz id becomes a plain file name in the data folder.
    func testAnIdThatIsNoPlainNameIsHashed() throws {
        for id in ["../../etc/x", "a b/c", "", String(repeating: "q", count: 200)] {
            let file = LiveTutorPresence.file(quiz: id, in: data)
            XCTAssertEqual(file.deletingLastPathComponent().path, data.path, id)
            XCTAssertTrue(file.lastPathComponent.hasPrefix("live-") && file.lastPathComponent.hasSuffix(".tutor"), id)
            XCTAssertFalse(file.lastPathComponent.dropFirst(5).contains("/"), id)
        }
        XCTAssertEqual(LiveTutorPresence.file(quiz: "3F2504E0-4F89-11D3", in: data).lastPathComponent, "live-3F2504E0-4F89-11D3.tutor")
        XCTAssertNotEqual(LiveTutorPresence.file(quiz: "a b", in: data), LiveTutorPresence.file(quiz: "a c", in: data))
    }

    /// Ended once (the second learner's primer finds it ended), with the participants'
    /// exam sessions.
    func testAQuizWhoseTutorIsGoneIsEndedOnce() throws {
        let store = try openStore(data, options: .init(automaticBackups: false))
        defer { try? store.close() }
        let ana = try store.learner(named: "ana", now: testEpoch)
        let quiz = LiveQuiz(id: "quiz-a", courseID: "demo", title: "Friday", preset: nil,
                            paper: [LiveQuiz.Item(question: "q1", shown: ["A", "B"])], secondsPerQuestion: 30,
                            phaseStartedAt: testEpoch)
        let presence = try store.holdLiveTutorPresence(quiz: quiz.id)
        try store.createLiveQuiz(quiz, at: testEpoch)
        try store.startSession(id: "s-ana", learner: ana, course: "demo", kind: .exam, at: testEpoch, preset: "Friday")
        try store.heartbeat(quiz: quiz.id, learner: ana, at: testEpoch)
        try store.setLiveSessionID("s-ana", quiz: quiz.id, learner: ana, at: testEpoch)
        XCTAssertEqual(store.liveTutorState(quiz: quiz.id), .present)

        presence.release(removingFile: false)   // as the kernel does for a killed process
        XCTAssertEqual(store.liveTutorState(quiz: quiz.id), .gone)
        let ended = try XCTUnwrap(try store.endAbandonedLiveQuiz(quiz, at: testEpoch + 60))
        XCTAssertEqual(ended.phase, .ended)
        XCTAssertNil(try store.endAbandonedLiveQuiz(quiz, at: testEpoch + 61), "already ended")
        XCTAssertNil(try store.liveQuiz(course: "demo"), "no open quiz is left")
        XCTAssertEqual(try store.liveQuiz(course: "demo", id: quiz.id)?.phase, .ended)
        let session = try XCTUnwrap(try store.sessions(learner: ana, kind: .exam, course: "demo").first)
        XCTAssertEqual(session.finishedAt, testEpoch + 60)
        XCTAssertEqual(session.outcome, .submitted)
        XCTAssertEqual(store.liveTutorState(quiz: quiz.id), .gone, "the file stays, so every learner can tell why it ended")
    }
}
