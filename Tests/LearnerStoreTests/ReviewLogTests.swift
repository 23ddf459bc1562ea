import Foundation
import XCTest
import LearnerStore
import StudyCore

/// Answers, undo, learners, sessions, lessons and settings.
final class ReviewLogTests: XCTestCase {
    var folder: URL!
    var store: LearnerStore!
    var ana: Int64!
    override func setUpWithError() throws {
        folder = try makeTempFolder(name)
        store = try openStore(folder.appendingPathComponent("data"), options: .init(automaticBackups: false))
        ana = try store.learner(named: "ana", now: testEpoch)
    }
    override func tearDown() {
        store = nil
        removeTempFolder(folder)
    }

    func testRecordThenUndoRoundTrip() throws {
        let first = makeReview("r1", question: "q1", at: testEpoch, rating: .good)
        let s1 = fakeState(after: first)
        try store.record(first, learner: ana, newState: s1)
        let second = makeReview("r2", question: "q1", at: testEpoch + 600, rating: .again, correct: false)
        let s2 = fakeState(after: second)
        try store.record(second, learner: ana, newState: s2)
        XCTAssertEqual(try store.itemStates(learner: ana, course: "demo"), ["q1": s2])
        XCTAssertEqual(try store.reviews(learner: ana, course: "demo", since: nil), [first, second],
                       "every field reads back as written")

        try store.undo(reviewID: "r2", learner: ana, previousState: s1)
        XCTAssertEqual(try store.itemStates(learner: ana, course: "demo"), ["q1": s1])
        XCTAssertEqual(try store.reviews(learner: ana, course: "demo", since: nil).map(\.id), ["r1"])

        try store.undo(reviewID: "r1", learner: ana, previousState: nil)
        XCTAssertEqual(try store.itemStates(learner: ana, course: "demo"), [:])
        XCTAssertEqual(try store.reviews(learner: ana, course: nil, since: nil), [])

        XCTAssertThrowsError(try store.undo(reviewID: "r1", learner: ana, previousState: nil)) { error in
            guard case .notFound? = error as? StoreError else { return XCTFail("\(error)") }
        }
    }

    func testDuplicateReviewIdIsRefusedAndChangesNothing() throws {
        let review = makeReview("r1", question: "q1", at: testEpoch)
        try store.record(review, learner: ana, newState: fakeState(after: review))
        var other = makeReview("r1", question: "q2", at: testEpoch + 60)
        other.courseID = "other"
        XCTAssertThrowsError(try store.record(other, learner: ana, newState: fakeState(after: other))) { error in
            guard case .conflict? = error as? StoreError else { return XCTFail("\(error)") }
        }
        XCTAssertEqual(try store.itemStates(learner: ana, course: "other"), [:], "no half-written answer")
        XCTAssertEqual(try store.reviews(learner: ana, course: nil, since: nil).count, 1)
    }

    func testRecordForUnknownLearnerFails() throws {
        let review = makeReview("r1", question: "q1", at: testEpoch)
        XCTAssertThrowsError(try store.record(review, learner: 999, newState: fakeState(after: review)))
        XCTAssertFalse(try store.containsReview(id: "r1"))
    }

    func testReviewsAreInTimeOrderAndFilter() throws {
        for (i, offset) in [300.0, 100, 200].enumerated() {
            let review = makeReview("r\(i)", question: "q\(i)", at: testEpoch + offset, course: i == 2 ? "other" : "demo")
            try store.record(review, learner: ana, newState: fakeState(after: review))
        }
        XCTAssertEqual(try store.reviews(learner: ana, course: nil, since: nil).map(\.id), ["r1", "r2", "r0"])
        XCTAssertEqual(try store.reviews(learner: ana, course: "demo", since: nil).map(\.id), ["r1", "r0"])
        XCTAssertEqual(try store.reviews(learner: ana, course: nil, since: testEpoch + 200).map(\.id), ["r2", "r0"])
    }

    func testDatesKeepMillisecondsExactly() throws {
        let at = Date(timeIntervalSince1970: 1_740_819_600.123)
        let review = makeReview("r1", question: "q1", at: at)
        try store.record(review, learner: ana, newState: fakeState(after: review))
        let back = try XCTUnwrap(store.reviews(learner: ana, course: nil, since: nil).first)
        XCTAssertEqual(back.reviewedAt.timeIntervalSince1970, 1_740_819_600.123, accuracy: 1e-6)
    }

    func testLearners() throws {
        XCTAssertEqual(try store.learner(named: "ana", now: testEpoch + 99), ana, "same name, same learner")
        let bo = try store.learner(named: "bo", now: testEpoch + 10)
        XCTAssertNotEqual(bo, ana)
        let review = makeReview("r1", question: "q1", at: testEpoch + 500)
        try store.record(review, learner: bo, newState: fakeState(after: review))
        try store.markLessonRead(learner: bo, course: "demo", lesson: "l1", at: testEpoch + 900)
        let list = try store.learners()
        XCTAssertEqual(list.map(\.name), ["ana", "bo"])
        XCTAssertEqual(list[0].reviewCount, 0)
        XCTAssertNil(list[0].lastActivity)
        XCTAssertEqual(list[0].createdAt, testEpoch)
        XCTAssertEqual(list[1].reviewCount, 1)
        XCTAssertEqual(list[1].lastActivity, testEpoch + 900)
        XCTAssertNil(try store.existingLearner(named: "nobody"))
    }

    func testSessions() throws {
        try store.startSession(id: "s1", learner: ana, course: "demo", kind: .exam, at: testEpoch, preset: "full")
        try store.startSession(id: "s2", learner: ana, course: "demo", kind: .practice, at: testEpoch + 60, preset: nil)
        try store.finishSession(id: "s1", at: testEpoch + 1800, score: 0.8, answered: 10, correct: 8)
        XCTAssertThrowsError(try store.startSession(id: "s1", learner: ana, course: "demo", kind: .exam, at: testEpoch, preset: nil))
        XCTAssertThrowsError(try store.finishSession(id: "nope", at: testEpoch, score: nil, answered: 0, correct: 0))
        let exams = try store.sessions(learner: ana, kind: .exam)
        XCTAssertEqual(exams, [SessionSummary(id: "s1", learnerID: ana, courseID: "demo", kind: .exam, startedAt: testEpoch,
                                              finishedAt: testEpoch + 1800, score: 0.8, answered: 10, correct: 8, preset: "full")])
        let all = try store.sessions(learner: ana, kind: nil)
        XCTAssertEqual(all.map(\.id), ["s1", "s2"])
        XCTAssertNil(all[1].finishedAt)
    }

    func testLessonsAndSettings() throws {
        try store.markLessonRead(learner: ana, course: "demo", lesson: "l1", at: testEpoch)
        try store.markLessonRead(learner: ana, course: "demo", lesson: "l1", at: testEpoch + 60)
        try store.markLessonRead(learner: ana, course: "demo", lesson: "l2", at: testEpoch)
        try store.markLessonRead(learner: ana, course: "other", lesson: "l9", at: testEpoch)
        XCTAssertEqual(try store.lessonsRead(learner: ana, course: "demo"), ["l1", "l2"])
        try store.setSetting(learner: ana, key: "theme", value: "dark")
        try store.setSetting(learner: ana, key: "theme", value: "light")
        try store.setSetting(learner: ana, key: "sound", value: "off")
        try store.setSetting(learner: ana, key: "sound", value: nil)
        XCTAssertEqual(try store.settings(learner: ana), ["theme": "light"])
    }
}
