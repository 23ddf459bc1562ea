@testable import LearnerStore
import StudyCore
import XCTest

/// A restore or rebuild killed at any point between its renames: the next open puts the
/// learner's file back, whole, and never starts an empty store beside it.
final class RestoreJournalTests: XCTestCase {
    var folder: URL!
    var data: URL { folder.appendingPathComponent("data") }
    var live: URL { data.appendingPathComponent("primer.sqlite") }

    override func setUpWithError() throws { folder = try makeTempFolder(name) }
    override func tearDown() { try? FileManager.default.removeItem(at: folder) }

    /// A store with `count` answers, closed, and a copy of it with one answer more.
    func makeStoreAndIncoming(count: Int) throws -> URL {
        var store = try openStore(data)
        let learner = try store.learner(named: "ana", now: testEpoch)
        for i in 0..<count {
            try recordConsistently(store, makeReview("r\(i)", question: "q\(i % 3)", at: testEpoch + Double(i) * 60), learner: learner)
        }
        let incoming = data.appendingPathComponent(".primer.sqlite.restoring.partial-\(getpid())")
        try store.backup(to: incoming, now: testEpoch)
        try store.close()
        // The incoming file gets one answer more, so the two can be told apart.
        let other = folder.appendingPathComponent("other")
        try FileManager.default.createDirectory(at: other, withIntermediateDirectories: true)
        try FileManager.default.moveItem(at: incoming, to: other.appendingPathComponent("primer.sqlite"))
        store = try openStore(other)
        try recordConsistently(store, makeReview("extra", question: "q0", at: testEpoch + 9999), learner: learner)
        try store.close()
        try FileManager.default.moveItem(at: other.appendingPathComponent("primer.sqlite"), to: incoming)
        return incoming
    }

    func reviewIDs() throws -> Set<String> {
        let store = try openStore(data)
        defer { try? store.close() }
        let ana = try XCTUnwrap(store.existingLearner(named: "ana"))
        return Set(try store.reviews(learner: ana, course: nil, since: nil).map(\.id))
    }

    /// Every prefix of the replacement's steps, stopped there as a SIGKILL would stop it.
    func testEveryInterruptionPointRollsBackToTheOriginalFile() throws {
        let aside = "primer-replaced-test.sqlite"
        // The steps `RestoreJournal.replace` takes, in order, after writing its journal.
        let moves: [(String, String)] = [("primer.sqlite-wal", aside + "-wal"), ("primer.sqlite-shm", aside + "-shm"),
                                         ("primer.sqlite", aside)]
        for stopAfter in 0...moves.count {
            try? FileManager.default.removeItem(at: data)
            let incoming = try makeStoreAndIncoming(count: 4)
            let original = try Data(contentsOf: live)
            let journal = RestoreJournal(incoming: incoming.lastPathComponent, aside: aside)
            try JSONEncoder().encode(journal).write(to: RestoreJournal.url(in: data))
            for (from, to) in moves.prefix(stopAfter) where FileManager.default.fileExists(atPath: data.appendingPathComponent(from).path) {
                try FileManager.default.moveItem(at: data.appendingPathComponent(from), to: data.appendingPathComponent(to))
            }
            XCTAssertEqual(try reviewIDs(), Set((0..<4).map { "r\($0)" }), "stopped after \(stopAfter) moves: the original answers")
            XCTAssertEqual(try Data(contentsOf: live).count, original.count, "stopped after \(stopAfter) moves")
            XCTAssertFalse(FileManager.default.fileExists(atPath: RestoreJournal.url(in: data).path))
            XCTAssertFalse(FileManager.default.fileExists(atPath: incoming.path), "the unfinished new file is dropped")
        }
    }

    func testAFinishedReplacementWhoseJournalWasLeftKeepsTheNewFile() throws {
        let incoming = try makeStoreAndIncoming(count: 2)
        let journal = RestoreJournal(incoming: incoming.lastPathComponent, aside: "primer-replaced-test.sqlite")
        try JSONEncoder().encode(journal).write(to: RestoreJournal.url(in: data))
        try FileManager.default.moveItem(at: live, to: data.appendingPathComponent("primer-replaced-test.sqlite"))
        try FileManager.default.moveItem(at: incoming, to: live)
        XCTAssertEqual(try reviewIDs(), ["r0", "r1", "extra"], "the last rename happened: the new file stands")
        XCTAssertFalse(FileManager.default.fileExists(atPath: RestoreJournal.url(in: data).path))
    }

    func testAJournalPrimerCannotReadStopsTheOpenInsteadOfGuessing() throws {
        _ = try makeStoreAndIncoming(count: 1)
        try Data("{ not json".utf8).write(to: RestoreJournal.url(in: data))
        XCTAssertThrowsError(try openStore(data)) { error in
            XCTAssertTrue("\(error)".contains("interrupted"), "\(error)")
        }
    }
}
