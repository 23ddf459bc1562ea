@testable import LearnerStore
import Foundation
import StudyCore
import XCTest

/// Import as a stream (issue 15): a document read in chunks, twice (checked, then written
/// in one transaction), whatever its size, with the same results and the same refusals as
/// reading it whole.
final class StreamingImportTests: XCTestCase {
    var folder: URL!
    override func setUpWithError() throws { folder = try makeTempFolder(name) }
    override func tearDown() { removeTempFolder(folder) }

    func store(_ name: String) throws -> LearnerStore {
        try openStore(folder.appendingPathComponent(name), options: .init(automaticBackups: false))
    }

    func write(_ text: String, _ name: String) throws -> URL {
        let url = folder.appendingPathComponent(name)
        try Data(text.utf8).write(to: url)
        return url
    }

    /// An export of `reviews` answers of learner "ana" over two courses and 40 questions, a
    /// minute apart from `start` (at `step` minutes), cram answers and predictions among
    /// them. `last` edits the text of the last review's fields.
    static func generated(reviews: Int, start: Date = testEpoch, step: Double = 2,
                          last: (String) -> String = { $0 }) -> String {
        var out = #"{"format":"primer-export","version":1,"learners":[{"createdAt":"2025-03-01T09:00:00.000Z","#
        out += #""lessonsRead":[{"course":"c0","lesson":"l1","readAt":"2025-03-01T09:00:30.000Z"}],"name":"ana","reviews":["#
        for i in 0..<reviews {
            let at = ISO8601Millis.string(start.addingTimeInterval(Double(i) * step * 60))
            let rating = ["again", "hard", "good", "easy", "good"][i % 5]
            let predicted = i % 3 == 0 ? #","predicted":\#(Double(i % 10) / 10 + 0.05)"# : ""
            var fields = #""affectsSchedule":\#(i % 7 != 3),"chosen":["A/\"1\""],"correct":\#(rating != "again"),"#
                + #""course":"c\#(i % 2)","id":"r\#(i)","question":"q\#(i % 40)","rating":"\#(rating)","#
                + #""responseMilliseconds":\#(1000 + i % 5000),"reviewedAt":"\#(at)","session":"s1","#
                + #""shown":["A/\"1\"","B \\ é 😀"]\#(predicted)"#
            if i == reviews - 1 { fields = last(fields) }
            out += (i == 0 ? "" : ",\n") + "{" + fields + "}"
        }
        out += #"],"sessions":[{"answered":2,"correct":1,"course":"c0","id":"s1","kind":"study","#
        out += #""startedAt":"2025-03-01T08:59:00.000Z"}],"settings":{"theme":"dark"}}]}"#
        return out + "\n"
    }

    /// Every pair's running summary and item states equal a replay of its whole log.
    func assertSummaryEqualsReplay(_ s: LearnerStore, file: StaticString = #filePath, line: UInt = #line) throws {
        try s.read { db in
            for pair in try LearnerStore.allPairs(db) {
                XCTAssertEqual(try RunningSummary.differences(learner: pair.learner, course: pair.course, db), [],
                               "\(pair)", file: file, line: line)
            }
        }
        XCTAssertEqual(try s.doctor(replay: lastRecordWins).mismatches, [], file: file, line: line)
    }

    func testARoundTripReadInTinyChunksGivesTheSameDocument() throws {
        let a = try store("a")
        let text = Self.generated(reviews: 300)
        try a.importJSON(Data(text.utf8), replay: lastRecordWins)
        let first = try a.exportJSON(learner: nil)
        let b = try store("b")
        for chunkSize in [1, 7, 4096] {
            let checked = try LearnerStore.checkExport(.data(first), file: "first.json", knownQuestions: [:], chunkSize: chunkSize)
            let summary = try b.importJSON(checked, replayWithSettings: { _, records in lastRecordWins(records) })
            XCTAssertEqual(summary.reviewsAdded + summary.reviewsAlreadyPresent, 300)
            XCTAssertEqual(try b.exportJSON(learner: nil), first, "chunk size \(chunkSize)")
        }
        let ana = try XCTUnwrap(b.existingLearner(named: "ana"))
        for course in ["c0", "c1"] {
            XCTAssertEqual(try b.itemStates(learner: ana, course: course),
                           lastRecordWins(try b.reviews(learner: ana, course: course, since: nil)))
        }
        try assertSummaryEqualsReplay(b)
    }

    func testTheSummaryAfterMergingInterleavedAnswersEqualsAFullReplay() throws {
        // The store already holds answers between the imported ones: every guess the
        // import makes of a before-state while inserting is wrong for some of them.
        let s = try store("s")
        let ana = try s.learner(named: "ana", now: testEpoch)
        for i in 0..<60 {
            try recordConsistently(s, makeReview("own\(i)", question: "q\(i % 40)", at: testEpoch + Double(2 * i + 1) * 60,
                                                 rating: i % 4 == 0 ? .again : .good, course: "c\(i % 2)",
                                                 affectsSchedule: i % 9 != 4), learner: ana)
        }
        let summary = try s.importJSON(Data(Self.generated(reviews: 400).utf8), replay: lastRecordWins)
        XCTAssertEqual(summary.reviewsAdded, 400)
        XCTAssertEqual(summary.itemStatesRecomputed, 40, "the even questions in c0, the odd ones in c1")
        try assertSummaryEqualsReplay(s)
        XCTAssertEqual(try s.reviews(learner: ana, course: nil, since: nil).count, 460)
    }

    /// The fake scheduler of `lastRecordWins`, one answer at a time.
    static func fakeScheduling(_ settings: [String: String]) -> ItemScheduling {
        ItemScheduling(next: { _, review in fakeState(after: review) },
                       replay: { log in log.last(where: \.affectsSchedule).map(fakeState(after:)) })
    }

    /// A restore computes the item states as it inserts (the learner's `ItemScheduling`);
    /// the same states, summary and log as a replay of the log after, also for the items
    /// that break the pattern: an answer out of order, an id given twice.
    func testARestoreComputesStatesWhileInsertingExactlyAsTheReplayDoes() throws {
        let edits: [(String) -> String] = [
            { $0 },
            { $0.replacingOccurrences(of: #""reviewedAt":"2025-03-01T18:58:00.000Z""#, with: #""reviewedAt":"2025-03-01T08:00:00.000Z""#) },
            { $0.replacingOccurrences(of: #""id":"r299""#, with: #""id":"r0""#) },
        ]
        let scheduler = FSRSScheduler(SchedulerConfig())
        let fsrs: SettingsScheduling = { _ in
            ItemScheduling(next: { stored, r in
                scheduler.review(stored ?? .new(at: r.reviewedAt), rating: r.rating, at: r.reviewedAt,
                                 fuzz: FSRSScheduler.fuzzUnit(forReviewID: r.id))
            }, replay: { log in log.first.flatMap { scheduler.replayLog(log).states[$0.questionID] } })
        }
        let fsrsReplay: SettingsReplayFunction = { _, records in scheduler.replayLog(records).states }
        for (index, edit) in edits.enumerated() {
            let text = edit(Self.generated(reviews: 300))
            for (name, scheduling, replay) in [("fake", Self.fakeScheduling, { _, records in lastRecordWins(records) }),
                                               ("fsrs", fsrs, fsrsReplay)] as [(String, SettingsScheduling, SettingsReplayFunction)] {
                let followed = try store("\(name)-\(index)-followed"), replayed = try store("\(name)-\(index)-replayed")
                let checked = try LearnerStore.checkExport(.data(Data(text.utf8)), file: "x", knownQuestions: [:], chunkSize: 4096)
                let a = try followed.importJSON(checked, replayWithSettings: replay, scheduling: scheduling)
                let b = try replayed.importJSON(checked, replayWithSettings: replay)
                XCTAssertEqual(a, b, "\(name), edit \(index)")
                XCTAssertEqual(try followed.exportJSON(learner: nil), try replayed.exportJSON(learner: nil))
                let ana = try XCTUnwrap(followed.existingLearner(named: "ana"))
                for course in ["c0", "c1"] {
                    XCTAssertEqual(try followed.itemStates(learner: ana, course: course),
                                   try replayed.itemStates(learner: ana, course: course), "\(name), edit \(index), \(course)")
                }
                try followed.read { db in
                    for pair in try LearnerStore.allPairs(db) {
                        XCTAssertEqual(try RunningSummary.differences(learner: pair.learner, course: pair.course, db), [])
                    }
                }
                XCTAssertEqual(try followed.doctor(replayWithSettings: replay).mismatches, [], "\(name), edit \(index)")
            }
        }
    }

    func testABulkImportBuildsTheItemIndexAfterAndLeavesItAsTheMigrationMadeIt() throws {
        let s = try store("s")
        let checked = try LearnerStore.checkExport(.data(Data(Self.generated(reviews: 300).utf8)), file: "x", knownQuestions: [:],
                                                   chunkSize: 4096, bulkReviews: 100)
        try s.importJSON(checked, replayWithSettings: { _, records in lastRecordWins(records) }, scheduling: Self.fakeScheduling)
        let fresh = try store("fresh")
        let sql = "SELECT sql FROM sqlite_master WHERE name = 'review_by_item'"
        XCTAssertEqual(try s.read { try String.fetchOne($0, sql: sql) }, try fresh.read { try String.fetchOne($0, sql: sql) })
        XCTAssertEqual(try s.read { try String.fetchOne($0, sql: sql) }, Schema.createReviewByItem)
        try assertSummaryEqualsReplay(s)
        XCTAssertEqual(try s.read { try String.fetchAll($0, sql: "PRAGMA integrity_check") }, ["ok"])
    }

    func testAnInvalidReviewAtTheVeryEndOfALargeFileLeavesTheStoreUnchanged() throws {
        let s = try store("s")
        try s.importJSON(Data(Self.generated(reviews: 10).utf8), replay: lastRecordWins)
        let before = try s.exportJSON(learner: nil)
        let count = 40_000
        let bad = try write(Self.generated(reviews: count, start: testEpoch + day, last: {
            $0.replacingOccurrences(of: #""responseMilliseconds":"#, with: #""responseMilliseconds":-"#)
        }), "bad.json")
        XCTAssertThrowsError(try LearnerStore.checkExportFile(.file(bad), file: "bad.json", knownQuestions: [:])) { error in
            XCTAssertTrue("\(error)".contains("bad.json: learner ana, review \(count): responseMilliseconds: -"), "\(error)")
        }
        XCTAssertThrowsError(try s.importJSON(try Data(contentsOf: bad), replay: lastRecordWins))
        XCTAssertEqual(try s.exportJSON(learner: nil), before)
        try assertSummaryEqualsReplay(s)
    }

    func testAFileChangedBetweenTheTwoPassesImportsNothing() throws {
        let s = try store("s")
        let url = try write(Self.generated(reviews: 2000), "export.json")
        let replay: SettingsReplayFunction = { _, records in lastRecordWins(records) }
        let edits: [(String) -> String] = [
            // An invalid review at the end, written after the check.
            { _ in Self.generated(reviews: 2000, last: { $0.replacingOccurrences(of: #""id":"r1999""#, with: #""id":"""#) }) },
            // Another learner's name: the second pass would file the reviews under the first's.
            { $0.replacingOccurrences(of: #""name":"ana""#, with: #""name":"bo""#) },
            // Cut short.
            { String($0.prefix($0.count / 2)) },
        ]
        for edit in edits {
            let checked = try LearnerStore.checkExportFile(.file(url), file: "export.json", knownQuestions: [:])
            try Data(edit(Self.generated(reviews: 2000)).utf8).write(to: url)
            XCTAssertThrowsError(try s.importJSON(checked, replayWithSettings: replay)) { error in
                XCTAssertTrue("\(error)".contains("export.json") || "\(error)".contains("changed"), "\(error)")
            }
            XCTAssertEqual(try s.learners(), [], "nothing imported")
            try Data(Self.generated(reviews: 2000).utf8).write(to: url)
        }
        _ = try s.importJSON(try LearnerStore.checkExportFile(.file(url), file: "export.json", knownQuestions: [:]),
                             replayWithSettings: replay)
        XCTAssertEqual(try s.learners().map(\.name), ["ana"])
    }

    func testKeysInAnyOrderAndProblemsReportedAsBefore() throws {
        let s = try store("s")
        // The learner's parts before its name, unknown keys anywhere, white space everywhere.
        let reordered = """
            { "extra" : [ 1 , { "x" : null } ] , "learners" : [ { "settings" : { } , "reviews" : [ { "rating" : "good" ,
              "shown" : [ ] , "chosen" : [ ] , "future" : { } , "correct" : true , "responseMilliseconds" : 5e2 ,
              "reviewedAt" : "2025-03-01T10:00:00+01:00" , "affectsSchedule" : true , "question" : "q" , "course" : "c" ,
              "id" : "x1" , "session" : null } ] , "sessions" : [ ] , "lessonsRead" : [ ] , "name" : "zoë" ,
              "createdAt" : "2025-03-01T09:00:00Z" } ] , "version" : 1 , "format" : "primer-export" }
            """
        let summary = try s.importJSON(Data(reordered.utf8), replay: lastRecordWins)
        XCTAssertEqual([summary.learnersCreated, summary.reviewsAdded], [1, 1])
        let zoe = try XCTUnwrap(s.existingLearner(named: "zoë"))
        XCTAssertEqual(try s.reviews(learner: zoe, course: "c", since: nil).first?.responseMilliseconds, 500)

        func refusal(_ json: String) -> String {
            do { _ = try s.importJSON(Data(json.utf8), replay: lastRecordWins); return "accepted" } catch { return "\(error)" }
        }
        let badReview = #"{"id":"1","course":"c","question":"q","reviewedAt":"2025-03-01T09:00:00Z","rating":"good","shown":[],"chosen":[],"correct":true,"responseMilliseconds":-1,"affectsSchedule":true}"#
        func learner(_ name: String, reviews: String = "") -> String {
            #"{"reviews":[\#(reviews)],"createdAt":"2025-03-01T09:00:00Z","name":"\#(name)","sessions":[],"lessonsRead":[],"settings":{}}"#
        }
        func document(_ learners: String, version: String = "1") -> String {
            #"{"format":"primer-export","learners":[\#(learners)],"version":\#(version)}"#
        }
        // The learner's own name is checked before its reviews, though it comes after them.
        XCTAssertTrue(refusal(document(learner("", reviews: badReview))).contains("learner : name: a learner's name cannot be empty"))
        XCTAssertTrue(refusal(document(learner("ana", reviews: badReview))).contains("learner ana, review 1: responseMilliseconds: -1"))
        XCTAssertTrue(refusal(document(learner("ana") + "," + learner("ana"))).contains("the document has two learners of this name"))
        // The header before the learners, though `version` comes after them.
        XCTAssertTrue(refusal(document(learner("ana", reviews: badReview), version: "2")).contains("newer primer"))
        // Not JSON anywhere before anything else.
        XCTAssertTrue(refusal(document(learner("ana", reviews: badReview)) + "]").contains("line 1, column"))
        XCTAssertTrue(refusal(document(learner("ana", reviews: #"{"id":1}"#))).contains("learner ana, review 1: id: expected a string"))
        XCTAssertTrue(refusal(document(learner("ana", reviews: #"{"shown":["a",2]}"#))).contains("learner ana, review 1, shown: item 2:"))
        XCTAssertTrue(refusal(document(#"{"name":"x"}"#)).contains("learner x: createdAt: missing"))
        XCTAssertTrue(refusal(#"{"format":"primer-export","version":1}"#).contains("learners: missing"))
        XCTAssertEqual(try s.learners().map(\.name), ["zoë"], "nothing imported from a refused document")
    }
}
