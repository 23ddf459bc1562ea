import Foundation
import GRDB
import XCTest
import StudyCore
@testable import LearnerStore

/// Item states read by column position (`ItemStateRows`), written many to a statement
/// (`Codecs.upsertStates`), and a learner's courses found by index seeks (`pairs(of:)`):
/// each gives exactly what the plain way gives, and a damaged row is still named.
final class ItemStateRowsTests: XCTestCase {
    var folder: URL!
    var store: LearnerStore!
    var ana: Int64 = 0
    override func setUpWithError() throws {
        folder = try makeTempFolder(name)
        store = try openStore(folder.appendingPathComponent("data"), options: .init(automaticBackups: false))
        ana = try store.learner(named: "ana", now: testEpoch)
    }
    override func tearDown() {
        try? store.close()
        removeTempFolder(folder)
    }

    /// Every kind of state, optional fields present and absent, one never answered right.
    private func recordVariedStates() throws {
        let states: [(String, CardMemory, Rating)] = [
            ("q1", CardMemory(state: .learning, step: 0, stability: nil, difficulty: nil, due: testEpoch + 60, lastReview: nil), .again),
            ("q2", CardMemory(state: .review, step: nil, stability: 3.25, difficulty: 5.5, due: testEpoch + 3 * day,
                              lastReview: testEpoch), .good),
            ("q3", CardMemory(state: .relearning, step: 1, stability: 0.4, difficulty: 9.75, due: testEpoch + 600,
                              lastReview: testEpoch + 0.125), .hard),
            ("日本", CardMemory(state: .review, step: nil, stability: 12, difficulty: 1, due: testEpoch + 12 * day,
                              lastReview: testEpoch), .easy),
        ]
        for (n, (question, memory, rating)) in states.enumerated() {
            try store.record(makeReview("r\(n)", question: question, at: testEpoch + Double(n), rating: rating,
                                        correct: rating != .again), learner: ana, newState: memory)
        }
    }

    /// The states as copied GRDB rows decode them (the way before `ItemStateRows`).
    private func copiedRowStates() throws -> [String: CardMemory] {
        try store.read { db in
            var states: [String: CardMemory] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT * FROM itemState WHERE learnerId = ? AND courseId = 'demo'", arguments: [ana]) {
                states[row["questionId"]] = try Codecs.memory(row)
            }
            return states
        }
    }

    func testStatesReadByPositionEqualTheCopiedRows() throws {
        try recordVariedStates()
        let expected = try copiedRowStates()
        XCTAssertEqual(expected.count, 4)
        XCTAssertEqual(try store.itemStates(learner: ana, course: "demo"), expected)
        let both = try store.itemStatesAndRecalled(learner: ana, course: "demo")
        XCTAssertEqual(both.states, expected)
        XCTAssertEqual(both.recalled, ["q2", "q3", "日本"], "q1 was only ever answered wrong")
        XCTAssertEqual(try store.itemStates(learner: ana, course: "other"), [:])
    }

    /// A value of the wrong type or out of range in any row sends the whole read the old
    /// way, which names the row and the column.
    func testADamagedRowIsNamedAsBefore() throws {
        try recordVariedStates()
        for (damage, column) in [("stability = 'abc'", "stability"), ("state = 9", "state"), ("stability = -1", "stability"),
                                 ("due = 'soon'", "due"), ("difficulty = 'hard'", "difficulty")] {
            let before = try copiedRowStates()
            try store.write { db in try db.execute(sql: "UPDATE itemState SET \(damage) WHERE questionId = 'q3'") }
            XCTAssertThrowsError(try store.itemStates(learner: ana, course: "demo"), damage) { error in
                guard case .badRow(let table, let id, let named, _)? = error as? StoreError else {
                    return XCTFail("\(damage): expected a bad row, got \(error)")
                }
                XCTAssertEqual(table, "itemState")
                XCTAssertEqual(id, "q3", damage)
                XCTAssertEqual(named, column, damage)
            }
            XCTAssertThrowsError(try store.itemStatesAndRecalled(learner: ana, course: "demo"), damage)
            let q3 = try XCTUnwrap(before["q3"])
            try store.write { db in try Codecs.upsertState(q3, learner: self.ana, course: "demo", question: "q3", db) }
        }
    }

    /// `recalled` only marks questions ever answered right: an unreadable one reads as
    /// "not yet" (it used to stop the process), and the states are still read.
    func testAnUnreadableRecalledFlagReadsAsNotYet() throws {
        try recordVariedStates()
        try store.write { db in try db.execute(sql: "UPDATE itemState SET recalled = 'maybe' WHERE questionId = 'q2'") }
        let both = try store.itemStatesAndRecalled(learner: ana, course: "demo")
        XCTAssertEqual(both.states, try copiedRowStates())
        XCTAssertEqual(both.recalled, ["q3", "日本"])
    }

    /// More states than one statement holds (three statements, the last part full), new
    /// and existing ones together.
    func testManyStatesAreWrittenAsOneAtATimeWouldWriteThem() throws {
        try recordVariedStates()
        let count = 2 * ItemStateUpsert.rowsPerStatement + 7
        var states: [(question: String, memory: CardMemory)] = []
        for n in 0..<count {
            let question = n < 2 ? "q\(n + 1)" : "many-\(n)"
            let due = testEpoch + Double(n) * 3600
            let memory = n % 3 == 0
                ? CardMemory(state: .learning, step: n % 2, stability: nil, difficulty: nil, due: due, lastReview: nil)
                : CardMemory(state: .review, step: nil, stability: Double(n) / 7, difficulty: Double(1 + n % 9), due: due,
                             lastReview: testEpoch + Double(n))
            states.append((question, memory))
        }
        try store.write { db in try Codecs.upsertStates(states, learner: self.ana, course: "demo", db) }
        let stored = try store.itemStates(learner: ana, course: "demo")
        XCTAssertEqual(stored.count, count + 2, "q1 and q2 rewritten, q3 and 日本 kept")
        for (question, memory) in states { XCTAssertEqual(stored[question], memory, question) }
        XCTAssertEqual(stored["q3"]?.state, .relearning)
        XCTAssertTrue(try store.itemStatesAndRecalled(learner: ana, course: "demo").recalled.contains("q2"),
                      "rewriting a state keeps its recalled flag")
    }

    /// An empty question id is text, not NULL; a write SQLite refuses is GRDB's error with
    /// SQLite's code and message, and the transaction around it leaves nothing written.
    func testManyStatesKeepEmptyTextAndAFailedWriteIsGRDBsErrorWithNothingWritten() throws {
        let memory = CardMemory(state: .review, step: nil, stability: 3, difficulty: 4, due: testEpoch, lastReview: testEpoch)
        try store.write { db in try Codecs.upsertStates([("", memory), ("x", memory)], learner: self.ana, course: "", db) }
        XCTAssertEqual(try store.itemStates(learner: ana, course: ""), ["": memory, "x": memory])

        try store.write { db in
            try db.execute(sql: "CREATE TRIGGER refuse BEFORE INSERT ON itemState WHEN NEW.questionId = 'bad' BEGIN SELECT RAISE(ABORT, 'refused here'); END")
        }
        let states = [("fine", memory), ("bad", memory)]
        var failure: DatabaseError?
        XCTAssertThrowsError(try store.write { db in
            do { try Codecs.upsertStates(states, learner: self.ana, course: "demo", db) } catch {
                failure = error as? DatabaseError
                throw error
            }
        }) { XCTAssertTrue($0 is StoreError, "\($0)") }
        XCTAssertEqual(failure?.resultCode, .SQLITE_CONSTRAINT)
        XCTAssertEqual(failure?.message, "refused here")
        XCTAssertNil(try store.itemStates(learner: ana, course: "demo")["fine"], "the failed write left a row")
    }

    /// The courses of the learners asked about, from answers and states, each once and in
    /// SQLite's byte order (what `UNION … ORDER BY` gave), and no one else's.
    func testALearnersCoursesAreFoundFromAnswersAndStates() throws {
        let ben = try store.learner(named: "ben", now: testEpoch)
        let courses = ["zeta", "Zeta", "alpha", "ärger", "demo"]
        for (n, course) in courses.enumerated() {
            try store.record(makeReview("a\(n)", question: "q", at: testEpoch + Double(n), course: course), learner: ana, newState: nil)
            try store.record(makeReview("b\(n)", question: "q", at: testEpoch + Double(n), course: course), learner: ana, newState: nil)
        }
        let onlyAState = CardMemory(state: .review, step: nil, stability: 2, difficulty: 5, due: testEpoch, lastReview: testEpoch)
        try store.write { db in try Codecs.upsertState(onlyAState, learner: self.ana, course: "mid", question: "q", db) }
        try store.record(makeReview("c1", question: "q", at: testEpoch, course: "bens-own"), learner: ben, newState: nil)

        let pairs = try store.read { try LearnerStore.pairs(of: [self.ana], $0) }
        XCTAssertEqual(pairs.map(\.course), ["Zeta", "alpha", "demo", "mid", "zeta", "ärger"])
        XCTAssertEqual(pairs.map(\.learner), Array(repeating: ana, count: 6))
        let union = try store.read { db in
            try String.fetchAll(db, sql: "SELECT courseId FROM review WHERE learnerId = ? UNION SELECT courseId FROM itemState WHERE learnerId = ? ORDER BY 1",
                                arguments: [self.ana, self.ana])
        }
        XCTAssertEqual(pairs.map(\.course), union)
        XCTAssertEqual(try store.read { try LearnerStore.pairs(of: [self.ana, ben], $0) }.map(\.course),
                       union + ["bens-own"], "learner by learner")
    }
}
