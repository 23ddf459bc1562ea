import GRDB
@testable import LearnerStore
import StudyCore
import XCTest

/// A store closed cleanly opens next time on the header check alone (a long history must
/// not cost a full integrity check at every start); anything touched since gets the full one.
final class CleanCloseTests: XCTestCase {
    var folder: URL!
    override func setUpWithError() throws { folder = try makeTempFolder(name) }
    override func tearDown() { try? FileManager.default.removeItem(at: folder) }

    func testACleanCloseAfterReadsAndWritesIsRecognisedAtTheNextOpen() throws {
        let data = folder.appendingPathComponent("data")
        let store = try openStore(data)
        let learner = try store.learner(named: "ana", now: testEpoch)
        try recordConsistently(store, makeReview("r1", question: "q1", at: testEpoch), learner: learner)
        // Reads go through the pool's reader connections, which close last.
        _ = try store.itemStates(learner: learner, course: "course")
        _ = try store.reviews(learner: learner, course: nil, since: nil)
        try store.close()
        let file = data.appendingPathComponent("primer.sqlite")
        XCTAssertTrue(CleanClose.isUnchanged(file), "closed cleanly: the next open needs only the header check")

        // Touched outside primer: the identity no longer holds.
        let handle = try FileHandle(forWritingTo: file)
        handle.seekToEndOfFile()
        handle.write(Data(count: 4096))
        try handle.close()
        XCTAssertFalse(CleanClose.isUnchanged(file))
    }

    /// The marker's record, written and read by hand: its own text reads back, a marker as
    /// earlier primers' JSONEncoder wrote it (any key order, spacing) still reads, and
    /// anything else is nil, so the file gets the full check.
    func testTheMarkersRecordReadsBackAndAnythingElseIsNotTrusted() {
        let identity = CleanClose.Identity(device: 2049, inode: 1_234_567, size: 2_510_848, modifiedSeconds: 1_764_662_400,
                                           modifiedNanoseconds: 999_999_999)
        XCTAssertEqual(CleanClose.Identity(json: identity.json), identity)
        let older = "{ \"modifiedNanoseconds\" : 999999999, \"size\":2510848,\"device\":2049,\n \"inode\":1234567,\"modifiedSeconds\":1764662400 }\n"
        XCTAssertEqual(CleanClose.Identity(json: older), identity)
        for damaged in ["", "{}", String(identity.json.dropLast()),
                        identity.json.replacingOccurrences(of: "\"size\":2510848", with: "\"size\":\"2510848\""),
                        identity.json.replacingOccurrences(of: "\"device\":2049", with: "\"device\":-1"),
                        identity.json.replacingOccurrences(of: "\"inode\"", with: "\"node\""),
                        identity.json.replacingOccurrences(of: "}", with: ",\"extra\":1}"),
                        identity.json.replacingOccurrences(of: "\"inode\":1234567", with: "\"size\":1"),
                        identity.json.replacingOccurrences(of: "}", with: ",\"size\":2510848}")] {   // a key twice
            XCTAssertNil(CleanClose.Identity(json: damaged), damaged)
        }
    }

    func testNamesListAFoldersEntriesAsFoundationDoes() throws {
        let inside = folder.appendingPathComponent("listed")
        try FileManager.default.createDirectory(at: inside, withIntermediateDirectories: false)
        for name in ["a", ".hidden", "پاکستان 日本", String(repeating: "x", count: 255)] {
            XCTAssertTrue(FileSystem.writeNew(inside.appendingPathComponent(name), "."))
        }
        try FileManager.default.createDirectory(at: inside.appendingPathComponent("sub"), withIntermediateDirectories: false)
        XCTAssertEqual(FileSystem.names(in: inside)?.sorted(), try FileManager.default.contentsOfDirectory(atPath: inside.path).sorted())
        XCTAssertEqual(FileSystem.names(in: inside)?.count, 5, "no . or ..")
        XCTAssertNil(FileSystem.names(in: folder.appendingPathComponent("absent")))
    }

    func testSmallTextReadsUpToItsLimitAndNoMore() throws {
        let file = folder.appendingPathComponent("small")
        XCTAssertTrue(FileSystem.writeNew(file, "pākistān 日本"))
        XCTAssertFalse(FileSystem.writeNew(file, "again"), "an existing file is never written into")
        XCTAssertEqual(FileSystem.smallText(file, limit: 100), "pākistān 日本")
        XCTAssertEqual(FileSystem.smallText(file, limit: "pākistān 日本".utf8.count), "pākistān 日本")
        XCTAssertNil(FileSystem.smallText(file, limit: 5))
        XCTAssertNil(FileSystem.smallText(folder.appendingPathComponent("absent"), limit: 100))
    }

    /// A file closed cleanly gets only the header check, still on a read-only connection:
    /// opening GRDB's pool on a WAL file without its log writes to it (GRDB creates and
    /// drops a table to make the log), so one a newer primer closed cleanly would no longer
    /// be kept byte for byte. Refused, and one that is not primer's named so, untouched.
    func testACleanlyClosedNewerOrForeignFileIsRefusedUntouched() throws {
        // Also by a short command's store (`readsOnWriter`), whose own connection makes the check.
        for (kind, short) in [("newer", false), ("foreign", false), ("newer", true), ("foreign", true)] {
            let data = folder.appendingPathComponent(kind + (short ? "-short" : ""))
            let store = try openStore(data)
            _ = try store.learner(named: "ana", now: testEpoch)
            try store.close()
            let file = data.appendingPathComponent("primer.sqlite")
            if kind == "newer" {
                try StoreFixtures.markAsNewer(file: file, migration: "v99-from-the-future", userVersion: nil)
            } else {
                try StoreFixtures.markAsForeign(file: file)
            }
            CleanClose.record(file)
            XCTAssertTrue(CleanClose.isUnchanged(file), kind)
            let before = try XCTUnwrap(bytes(file))
            XCTAssertThrowsError(try openStore(data, now: testEpoch + day, options: .init(readsOnWriter: short)), kind) { error in
                switch (kind, error as? StoreError) {
                case ("newer", .newerVersion?): XCTAssertTrue(String(describing: error).contains("v99-from-the-future"))
                case ("foreign", .damaged(_, let detail, _)?): XCTAssertTrue(detail.contains("not primer's"), detail)
                default: XCTFail("\(kind): \(error)")
                }
            }
            XCTAssertEqual(bytes(file), before, "\(kind): byte-identical after refusal")
        }
    }

    /// The header check's own connection: read-only (a write is refused), and a file that
    /// is not a database is GRDB's error with SQLite's code, as a GRDB connection gives.
    func testTheHeaderChecksConnectionReadsOnlyAndReportsSQLitesErrors() throws {
        let data = folder.appendingPathComponent("data")
        try openStore(data).close()
        let file = data.appendingPathComponent("primer.sqlite")
        let before = try XCTUnwrap(bytes(file))
        let connection = try ReadOnlyConnection(file, busyTimeout: 1)
        XCTAssertGreaterThan(try connection.integer("PRAGMA user_version"), 0)
        XCTAssertTrue(try connection.texts("SELECT name FROM sqlite_master WHERE type = 'table'").contains("grdb_migrations"))
        XCTAssertThrowsError(try connection.integer("DELETE FROM learner")) { error in
            XCTAssertEqual((error as? DatabaseError)?.resultCode, .SQLITE_READONLY, "\(error)")
        }
        XCTAssertEqual(bytes(file), before)

        let text = folder.appendingPathComponent("not-a-database")
        try Data(repeating: 0x41, count: 8192).write(to: text)
        XCTAssertThrowsError(try ReadOnlyConnection(text, busyTimeout: 1).integer("PRAGMA user_version")) { error in
            XCTAssertEqual((error as? DatabaseError)?.resultCode, .SQLITE_NOTADB, "\(error)")
        }
    }
}
