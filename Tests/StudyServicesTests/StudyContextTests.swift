import Foundation
import LearnerStore
import StudyCore
import XCTest
@testable import StudyServices

/// The study workflow over a real store: grade, schedule, save, amend, undo — and the
/// stored state always equal to the replay of the log.
final class StudyContextTests: XCTestCase {
    var directory: URL!
    let t0 = Date(timeIntervalSince1970: 1_750_000_000)

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("primer-services-\(UUID().uuidString)")
    }

    override func tearDown() {
        try? FileManager.default.removeItem(at: directory)
    }

    static let question = Question(
        id: "q1", kind: .single, themeID: "t", lessonID: "l", stem: "Which?",
        choices: [Choice("Right", isCorrect: true), Choice("Wrong", isCorrect: false)], explanation: "Because.")
    static let course = Course(id: "c", title: "C", themes: [Theme(id: "t", title: "T", order: 1)],
                               lessons: [Lesson(id: "l", title: "L", themeID: "t", order: 1, questions: [question])])

    func outcome(correct: Bool, at date: Date, seconds: TimeInterval = 3) -> AnswerOutcome {
        let asked = AskedQuestion(question: Self.question, shown: Self.question.choices)
        return AnswerOutcome(asked: asked, chosen: [correct ? 0 : 1], correct: correct, responseTime: seconds, answeredAt: date)
    }

    func makeContext(store: LearnerStore, name: String = "ayesha") throws -> StudyContext {
        try StudyContext(store: store, course: Self.course, learnerName: name, now: t0)
    }

    func testRecordAmendUndoKeepStoreAndMemoryInStep() throws {
        let store = try LearnerStore.open(directory: directory, now: t0)
        let context = try makeContext(store: store)
        let saved = try context.record(outcome(correct: true, at: t0), override: nil, sessionID: nil)
        XCTAssertEqual(saved.record.rating, .good)
        XCTAssertEqual(try store.itemStates(learner: context.learnerID, course: "c")["q1"], saved.newState)
        XCTAssertEqual(context.states["q1"], saved.newState)

        // "I guessed" re-rates the same log entry: Again, and the state follows.
        let amended = try context.amend(saved, outcome: outcome(correct: true, at: t0), override: .guessed)
        XCTAssertEqual(amended.record.id, saved.record.id)
        XCTAssertEqual(amended.record.rating, .again)
        let reviews = try store.reviews(learner: context.learnerID, course: "c", since: nil)
        XCTAssertEqual(reviews.map(\.rating), [.again], "one entry, amended in place")
        XCTAssertEqual(try store.itemStates(learner: context.learnerID, course: "c")["q1"], amended.newState)

        try context.undo(amended)
        XCTAssertEqual(try store.reviews(learner: context.learnerID, course: "c", since: nil), [])
        XCTAssertNil(try store.itemStates(learner: context.learnerID, course: "c")["q1"])
        XCTAssertNil(context.states["q1"])
    }

    /// The learner studies in two terminals: each primer re-reads what the other wrote
    /// before it chooses the next question, so a question answered in one is not asked
    /// again in the other, and lessons read and settings saved there show here.
    func testAContextRereadsWhatAnotherPrimerWrote() throws {
        let here = try LearnerStore.open(directory: directory, now: t0, options: .init(automaticBackups: false))
        let there = try LearnerStore.open(directory: directory, now: t0, options: .init(automaticBackups: false))
        let mine = try makeContext(store: here)
        let theirs = try makeContext(store: there)
        XCTAssertFalse(try mine.refreshIfChangedElsewhere(), "nothing written anywhere yet")
        try mine.markLessonRead("l", at: t0)
        XCTAssertFalse(try mine.refreshIfChangedElsewhere(), "its own writes are not another's")
        XCTAssertTrue(try theirs.refreshIfChangedElsewhere())
        XCTAssertEqual(theirs.lessonsRead, ["l"])
        XCTAssertEqual(try theirs.queue(now: t0, lastShown: nil).next?.questionID, "q1")

        let saved = try theirs.record(outcome(correct: true, at: t0), override: nil, sessionID: nil)
        var settings = theirs.settings
        settings.desiredRetention = 0.8
        try theirs.updateSettings(settings)
        XCTAssertEqual(try mine.queue(now: t0, lastShown: nil).next?.questionID, "q1", "stale before the re-read")
        XCTAssertTrue(try mine.refreshIfChangedElsewhere())
        XCTAssertEqual(mine.states["q1"], saved.newState)
        XCTAssertEqual(mine.items.positions(of: "q1").map { mine.items.memory[$0] }, [saved.newState])
        XCTAssertTrue(try mine.recalledQuestions().contains("q1"))
        XCTAssertEqual(mine.settings.desiredRetention, 0.8)
        XCTAssertNil(try mine.queue(now: t0, lastShown: nil).next, "answered in the other terminal: not asked again")
        XCTAssertFalse(try mine.refreshIfChangedElsewhere(), "read once per change")
    }

    func testCramAnswersAreLoggedButLeaveTheSchedule() throws {
        let store = try LearnerStore.open(directory: directory, now: t0)
        let context = try makeContext(store: store)
        try context.record(outcome(correct: true, at: t0), override: nil, sessionID: nil, affectsSchedule: false)
        XCTAssertEqual(try store.reviews(learner: context.learnerID, course: "c", since: nil).count, 1)
        XCTAssertNil(try store.itemStates(learner: context.learnerID, course: "c")["q1"])
        XCTAssertTrue(try store.doctor(replayWithSettings: StudyContext.settingsReplayFunction()).isHealthy)
    }

    func testDoctorReplaysWithEachLearnersOwnRetention() throws {
        let store = try LearnerStore.open(directory: directory, now: t0)
        let context = try makeContext(store: store)
        var settings = context.settings
        settings.desiredRetention = 0.8
        try context.updateSettings(settings)
        var time = t0
        for correct in [true, true, false, true] {
            try context.record(outcome(correct: correct, at: time), override: nil, sessionID: nil)
            time = context.states["q1"]!.due
        }
        XCTAssertTrue(try store.doctor(replayWithSettings: StudyContext.settingsReplayFunction()).isHealthy,
                      "stored state equals the replay with the learner's 80% retention")
        XCTAssertFalse(try store.doctor(replay: StudyContext.replayFunction()).isHealthy,
                       "a replay at the default 90% disagrees: the test can fail")
    }

    /// Item states are the replay of the log at the learner's settings: a retention changed
    /// after answering (in Settings) recomputes them at once, in the same transaction, so
    /// doctor does not report the learner's own change as damage and the next question is
    /// scheduled from the states the log gives.
    func testChangingRetentionAfterAnsweringRecomputesTheStates() throws {
        let store = try LearnerStore.open(directory: directory, now: t0)
        let context = try makeContext(store: store)
        var time = t0
        for correct in [true, true, false, true, true] {
            try context.record(outcome(correct: correct, at: time), override: nil, sessionID: nil)
            time = context.states["q1"]!.due
        }
        let before = try XCTUnwrap(context.states["q1"])
        var settings = context.settings
        settings.desiredRetention = 0.8
        try context.updateSettings(settings)
        XCTAssertTrue(try store.doctor(replayWithSettings: StudyContext.settingsReplayFunction()).isHealthy,
                      "the stored state is the replay at the new retention")
        let after = try XCTUnwrap(context.states["q1"])
        XCTAssertGreaterThan(after.due, before.due, "a lower retention waits longer")
        XCTAssertEqual(try store.itemStates(learner: context.learnerID, course: "c")["q1"], after, "memory and store agree")
        XCTAssertEqual(StudySettings.from(try store.settings(learner: context.learnerID)).desiredRetention, 0.8)
    }

    func testSettingsRoundTripThroughTheStoreAndBadValuesFallBack() throws {
        XCTAssertEqual(StudySettings.from(["desired_retention": "2", "new_per_day": "-1", "day_start_hour": "25"]), StudySettings())
        let store = try LearnerStore.open(directory: directory, now: t0)
        let context = try makeContext(store: store)
        var settings = StudySettings()
        settings.newPerDay = 35
        settings.dayStartHour = 6
        try context.updateSettings(settings)
        let reopened = try makeContext(store: store)
        XCTAssertEqual(reopened.settings.newPerDay, 35)
        XCTAssertEqual(reopened.settings.dayStartHour, 6)
    }

    func testDescribeReturn() {
        func state(in seconds: TimeInterval) -> CardMemory {
            CardMemory(state: .review, step: nil, stability: 1, difficulty: 5, due: t0.addingTimeInterval(seconds), lastReview: t0)
        }
        XCTAssertEqual(StudyContext.describeReturn(of: state(in: 600), from: t0), "again in 10 min")
        XCTAssertEqual(StudyContext.describeReturn(of: state(in: 4 * 86400), from: t0), "in 4 days")
        XCTAssertEqual(StudyContext.describeReturn(of: state(in: 86400), from: t0), "in 1 day")
        XCTAssertEqual(StudyContext.describeReturn(of: state(in: 3 * 3600), from: t0), "again in 3 hours")
    }
}
