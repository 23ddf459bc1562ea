import Foundation
import XCTest
import LearnerStore
import StudyCore

/// The export document and merging two stores.
final class ExportImportTests: XCTestCase {
    var folder: URL!
    override func setUpWithError() throws { folder = try makeTempFolder(name) }
    override func tearDown() { removeTempFolder(folder) }

    private func store(_ name: String) throws -> LearnerStore {
        try openStore(folder.appendingPathComponent(name), options: .init(automaticBackups: false))
    }

    /// A store with two learners and one of everything, including odd characters and
    /// sub-second times.
    private func populate(_ s: LearnerStore) throws {
        let ana = try s.learner(named: "ana", now: testEpoch)
        let zoe = try s.learner(named: "Zoë \"山田\"", now: testEpoch + 1)
        try s.startSession(id: "s1", learner: ana, course: "demo", kind: .exam, at: testEpoch + 5, preset: "full")
        try s.startSession(id: "s2", learner: ana, course: "demo", kind: .practice, at: testEpoch + 9, preset: nil)
        for i in 0..<12 {
            try recordConsistently(s, makeReview("a\(i)", question: "q\(i % 4)", at: testEpoch + 10 + Double(i) * 0.125,
                                                 rating: Rating(rawValue: i % 4 + 1)!, correct: i % 3 != 0,
                                                 session: "s1", affectsSchedule: i != 5), learner: ana)
        }
        try recordConsistently(s, makeReview("z1", question: "q1", at: testEpoch + 20, course: "other"), learner: zoe)
        try s.finishSession(id: "s1", at: testEpoch + 100, score: 2.0 / 3.0, answered: 12, correct: 8)
        try s.markLessonRead(learner: ana, course: "demo", lesson: "intro", at: testEpoch + 2)
        try s.setSetting(learner: ana, key: "theme", value: "dark/\"quoted\"")
        try s.setSetting(learner: zoe, key: "a", value: "1")
    }

    func testExportImportExportIsByteIdentical() throws {
        let a = try store("a")
        try populate(a)
        let first = try a.exportJSON(learner: nil)
        let b = try store("b")
        let summary = try b.importJSON(first, replay: lastRecordWins)
        XCTAssertEqual(summary.learnersCreated, 2)
        XCTAssertEqual(summary.reviewsAdded, 13)
        XCTAssertEqual(summary.sessionsAdded, 2)
        let second = try b.exportJSON(learner: nil)
        XCTAssertEqual(String(decoding: second, as: UTF8.self), String(decoding: first, as: UTF8.self))
        XCTAssertEqual(second, first)
        // Item states were recomputed from the log, so they equal the originals.
        let anaA = try XCTUnwrap(a.existingLearner(named: "ana")), anaB = try XCTUnwrap(b.existingLearner(named: "ana"))
        XCTAssertEqual(try b.itemStates(learner: anaB, course: "demo"), try a.itemStates(learner: anaA, course: "demo"))
        // Importing the same document again adds nothing.
        let again = try b.importJSON(first, replay: lastRecordWins)
        XCTAssertEqual(again.reviewsAdded, 0)
        XCTAssertEqual(again.reviewsAlreadyPresent, 13)
        XCTAssertEqual(try b.exportJSON(learner: nil), first)
    }

    func testExportIsDocumentedShape() throws {
        let a = try store("a")
        try populate(a)
        let data = try a.exportJSON(learner: "ana")
        let object = try XCTUnwrap(JSONSerialization.jsonObject(with: data) as? [String: Any])
        XCTAssertEqual(object["format"] as? String, "primer-export")
        XCTAssertEqual(object["version"] as? Int, 1)
        let learners = try XCTUnwrap(object["learners"] as? [[String: Any]])
        XCTAssertEqual(learners.count, 1)
        XCTAssertEqual(learners[0]["name"] as? String, "ana")
        let review = try XCTUnwrap((learners[0]["reviews"] as? [[String: Any]])?.first)
        XCTAssertEqual(review["reviewedAt"] as? String, "2025-03-01T09:00:10.000Z")
        XCTAssertEqual(review["rating"] as? String, "again")
        XCTAssertEqual(Set(review.keys), ["id", "course", "question", "reviewedAt", "rating", "shown", "chosen", "correct",
                                          "responseMilliseconds", "session", "affectsSchedule"])
        let text = String(decoding: data, as: UTF8.self)
        XCTAssertTrue(text.hasPrefix("{\n  \"format\" : \"primer-export\""), String(text.prefix(80)))
        XCTAssertThrowsError(try a.exportJSON(learner: "nobody"))
    }

    func testTwoStoresMergeToTheUnionOfTheirReviews() throws {
        // The same learner studied on two machines; r3...r5 reached both (an earlier merge).
        let home = try store("home"), laptop = try store("laptop")
        let anaHome = try home.learner(named: "ana", now: testEpoch)
        let anaLaptop = try laptop.learner(named: "ana", now: testEpoch - day)
        var shared: [ReviewRecord] = []
        for i in 1...8 {
            let review = makeReview("r\(i)", question: "q\(i % 3)", at: testEpoch + Double(i) * 3600,
                                    rating: Rating(rawValue: i % 4 + 1)!, correct: i % 2 == 0)
            shared.append(review)
            if i <= 5 { try recordConsistently(home, review, learner: anaHome) }
            if i >= 3 { try recordConsistently(laptop, review, learner: anaLaptop) }
        }
        let bo = try laptop.learner(named: "bo", now: testEpoch)
        try recordConsistently(laptop, makeReview("b1", question: "q1", at: testEpoch), learner: bo)
        try laptop.startSession(id: "lap-1", learner: anaLaptop, course: "demo", kind: .practice, at: testEpoch, preset: nil)

        let summary = try home.importJSON(try laptop.exportJSON(learner: nil), replay: lastRecordWins)
        XCTAssertEqual(summary.reviewsAdded, 4, "r6, r7, r8 and bo's b1")
        XCTAssertEqual(summary.reviewsAlreadyPresent, 3, "r3, r4, r5 are not duplicated")
        XCTAssertEqual(summary.learnersCreated, 1)
        XCTAssertEqual(try home.reviews(learner: anaHome, course: nil, since: nil).map(\.id), shared.map(\.id))
        XCTAssertEqual(try home.itemStates(learner: anaHome, course: "demo"), lastRecordWins(shared),
                       "states recomputed from the merged log")
        XCTAssertEqual(try home.learners().map(\.name), ["ana", "bo"])
        XCTAssertEqual(try home.learners().first?.createdAt, testEpoch - day, "the earlier start is kept")
        XCTAssertEqual(try home.sessions(learner: anaHome, kind: nil).map(\.id), ["lap-1"])

        // Merging the other way gives the same log: the union is symmetric.
        _ = try laptop.importJSON(try home.exportJSON(learner: nil), replay: lastRecordWins)
        XCTAssertEqual(try laptop.exportJSON(learner: nil), try home.exportJSON(learner: nil))
    }

    func testImportRejectsForeignNewerAndMalformedDocuments() throws {
        let s = try store("s")
        func expect(_ json: String, _ check: (StoreError) -> Bool, line: UInt = #line) {
            XCTAssertThrowsError(try s.importJSON(Data(json.utf8), replay: lastRecordWins), line: line) { error in
                guard let error = error as? StoreError, check(error) else { return XCTFail("\(error)", line: line) }
            }
        }
        expect("[1,2]") { if case .invalidExport = $0 { true } else { false } }
        expect(#"{"format":"anki","version":1,"learners":[]}"#) { if case .invalidExport = $0 { true } else { false } }
        expect(#"{"format":"primer-export","version":2,"learners":[]}"#) {
            if case .unsupportedExportVersion(2, 1) = $0 { true } else { false }
        }
        let badRating = #"""
            {"format":"primer-export","version":1,"learners":[{"name":"x","createdAt":"2025-03-01T09:00:00.000Z",
            "reviews":[{"id":"1","course":"c","question":"q","reviewedAt":"2025-03-01T09:00:00.000Z","rating":"superb",
            "shown":[],"chosen":[],"correct":true,"responseMilliseconds":1,"affectsSchedule":true}],
            "sessions":[],"lessonsRead":[],"settings":{}}]}
            """#
        expect(badRating) { error in
            if case let .invalidExport(detail) = error { return detail.contains("learner x, review 1: rating: ") }
            return false
        }
        XCTAssertEqual(try s.learners(), [], "nothing imported from a rejected document")
    }
}
