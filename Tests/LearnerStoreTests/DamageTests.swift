import Foundation
import XCTest
import LearnerStore
import StudyCore

/// Damaged, foreign and newer files are refused and kept byte for byte.
final class DamageTests: XCTestCase {
    var folder: URL!
    var data: URL { folder.appendingPathComponent("data") }
    var file: URL { data.appendingPathComponent("primer.sqlite") }
    override func setUpWithError() throws { folder = try makeTempFolder(name) }
    override func tearDown() { removeTempFolder(folder) }

    /// A store with 40 reviews, closed (so it is one self-contained file), and a backup.
    private func makeStore() throws {
        let store = try openStore(data)
        let learner = try store.learner(named: "ana", now: testEpoch)
        for i in 0..<40 {
            try recordConsistently(store, makeReview("r\(i)", question: "q\(i % 7)", at: testEpoch + Double(i) * 60), learner: learner)
        }
        try store.close()
    }

    private func assertDamaged(_ label: String, file line: UInt = #line, _ corrupt: (inout Data) -> Void) throws {
        try makeStore()
        var content = try XCTUnwrap(bytes(file))
        corrupt(&content)
        try content.write(to: file)
        let before = bytes(file)
        XCTAssertThrowsError(try openStore(data, now: testEpoch + day), label, line: line) { error in
            guard case let .damaged(path, _, backup)? = error as? StoreError else {
                return XCTFail("\(label): expected .damaged, got \(error)", line: line)
            }
            XCTAssertEqual(path.lastPathComponent, "primer.sqlite", line: line)
            let text = String(describing: error)
            XCTAssertTrue(text.contains("kept exactly as it was"), text, line: line)
            let latest = try? XCTUnwrap(backup, "\(label): a backup exists and must be offered", line: line)
            if let latest { XCTAssertTrue(text.contains("primer restore \(latest.path)"), text, line: line) }
        }
        XCTAssertEqual(bytes(file), before, "\(label): the damaged file must stay byte for byte", line: line)
        // Trying again changes nothing either (no lazy repair on a second open).
        XCTAssertThrowsError(try openStore(data, now: testEpoch + day))
        XCTAssertEqual(bytes(file), before, line: line)
    }

    func testRandomBytes() throws {
        var rng = SeededGenerator(seed: 7)
        try assertDamaged("random bytes") { content in
            content = Data((0..<content.count).map { _ in UInt8.random(in: 0...255, using: &rng) })
        }
    }

    func testTruncated() throws {
        try assertDamaged("truncated to half") { content in content = content.prefix(content.count / 2) }
    }

    func testTruncatedInsideHeader() throws {
        try assertDamaged("truncated to 50 bytes") { content in content = content.prefix(50) }
    }

    func testZeroLength() throws {
        try assertDamaged("zero length") { content in content = Data() }
    }

    func testHeaderZeroed() throws {
        try assertDamaged("header zeroed") { content in
            content.replaceSubrange(0..<100, with: Data(count: 100))
        }
    }

    func testPagesScrambled() throws {
        // A valid header over garbage pages: only the integrity check can tell.
        var rng = SeededGenerator(seed: 11)
        try assertDamaged("pages scrambled") { content in
            let pageSize = 4096
            for index in pageSize..<content.count { content[index] = UInt8.random(in: 0...255, using: &rng) }
        }
    }

    func testForeignSQLiteDatabaseIsRefused() throws {
        try FileManager.default.createDirectory(at: data, withIntermediateDirectories: true)
        // A fixture made the same way as ours, but we strip our tables to mimic someone else's file.
        try StoreFixtures.writeVersion1File(directory: data)
        try StoreFixtures.markAsForeign(file: file)
        let before = bytes(file)
        XCTAssertThrowsError(try openStore(data)) { error in
            guard case .damaged(_, let detail, _)? = error as? StoreError else { return XCTFail("\(error)") }
            XCTAssertTrue(detail.contains("not primer's"), detail)
        }
        XCTAssertEqual(bytes(file), before)
    }

    func testRestoreLatestBackupAfterDamageMovesDamagedFileAside() throws {
        try makeStore()
        // The next day's open backs up the 40 answers.
        try openStore(data, now: testEpoch + day).close()
        try Data(repeating: 0x41, count: 8192).write(to: file)
        let damaged = bytes(file)
        var offered: URL?
        XCTAssertThrowsError(try openStore(data, now: testEpoch + 2 * day)) { error in
            if case let .damaged(_, _, backup)? = error as? StoreError { offered = backup }
        }
        let backup = try XCTUnwrap(offered)
        XCTAssertTrue(backup.lastPathComponent.contains("2025-03-02"), backup.path)
        let outcome = try LearnerStore.restore(from: backup, into: data, now: testEpoch + 2 * day)
        let aside = try XCTUnwrap(outcome.previousMovedTo)
        XCTAssertEqual(bytes(aside), damaged, "the damaged file is moved aside, not deleted")
        let store = try openStore(data, now: testEpoch + 2 * day)
        XCTAssertEqual(try store.integrityCheck(), ["ok"])
        let ana = try XCTUnwrap(store.existingLearner(named: "ana"))
        XCTAssertEqual(try store.reviews(learner: ana, course: nil, since: nil).count, 40)
    }

    func testRestoreRefusesADamagedBackupAndChangesNothing() throws {
        try makeStore()
        let live = bytes(file)
        let before = try FileManager.default.contentsOfDirectory(atPath: data.path).sorted()
        let bad = folder.appendingPathComponent("bad.sqlite")
        try Data("SQLite format 3\u{0}".utf8 + Data(count: 5000)).write(to: bad)
        XCTAssertThrowsError(try LearnerStore.restore(from: bad, into: data)) { error in
            guard case .invalidBackup? = error as? StoreError else { return XCTFail("\(error)") }
        }
        XCTAssertEqual(bytes(file), live)
        let names = try FileManager.default.contentsOfDirectory(atPath: data.path).sorted()
        XCTAssertEqual(names, before, "no temporary files left behind")
    }
}

/// Files from other schema versions.
final class VersionTests: XCTestCase {
    var folder: URL!
    var data: URL { folder.appendingPathComponent("data") }
    var file: URL { data.appendingPathComponent("primer.sqlite") }
    override func setUpWithError() throws { folder = try makeTempFolder(name) }
    override func tearDown() { removeTempFolder(folder) }

    private func fixtureURL() throws -> URL {
        try XCTUnwrap(Bundle.module.url(forResource: "primer-v1", withExtension: "sqlite", subdirectory: "Resources"),
                      "Resources/primer-v1.sqlite must be bundled")
    }

    func testUpgradeFromVersion1FixtureInPlace() throws {
        try FileManager.default.createDirectory(at: data, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: try fixtureURL(), to: file)
        let store = try openStore(data, now: testEpoch)
        XCTAssertEqual(store.upgradedFrom, 1)
        let ana = try XCTUnwrap(store.existingLearner(named: "ana"))
        let reviews = try store.reviews(learner: ana, course: "demo", since: nil)
        XCTAssertEqual(reviews.map(\.id), ["r1", "r2", "r3"])
        XCTAssertEqual(reviews.map(\.affectsSchedule), [true, true, true], "old answers all counted")
        XCTAssertEqual(reviews[1].rating, .again)
        XCTAssertEqual(reviews[0].reviewedAt, StoreFixtures.fixtureEpoch.addingTimeInterval(2))
        XCTAssertEqual(reviews[0].shown, ["A", "B", "C", "D"])
        let sessions = try store.sessions(learner: ana, kind: nil)
        XCTAssertEqual(sessions.count, 1)
        XCTAssertEqual(sessions.first?.kind, .practice)
        XCTAssertNil(sessions.first?.preset)
        XCTAssertEqual(sessions.first?.score, 0.5)
        XCTAssertEqual(try store.lessonsRead(learner: ana, course: "demo"), ["intro"])
        XCTAssertEqual(try store.settings(learner: ana), ["theme": "dark"])
        let states = try store.itemStates(learner: ana, course: "demo")
        XCTAssertEqual(states["q1"]?.stability, 4.0)
        let report = try store.doctor(replay: lastRecordWins)
        XCTAssertEqual(report.schemaVersion, report.supportedSchemaVersion)
        XCTAssertEqual(report.mismatches, [], "stored states survive the upgrade and match the log")
        XCTAssertTrue(report.isHealthy)
        // The new columns work on the upgraded file.
        try store.startSession(id: "s2", learner: ana, course: "demo", kind: .cram, at: testEpoch, preset: "quick")
        try store.record(makeReview("r4", question: "q1", at: testEpoch, affectsSchedule: false), learner: ana,
                         newState: states["q1"]!)
        XCTAssertEqual(try store.sessions(learner: ana, kind: .cram).first?.preset, "quick")
        XCTAssertFalse(try XCTUnwrap(store.reviews(learner: ana, course: "demo", since: testEpoch).first).affectsSchedule)
        // The pre-upgrade file was backed up.
        XCTAssertTrue(LearnerStore.backups(in: data).contains { $0.lastPathComponent.hasPrefix("primer-before-schema-v") })
    }

    func testFixtureMatchesWhatTheFirstMigrationWrites() throws {
        // Regenerating the fixture gives the same data (the fixture is not hand-edited).
        let fresh = folder.appendingPathComponent("fresh"), bundled = folder.appendingPathComponent("bundled")
        try StoreFixtures.writeVersion1File(directory: fresh)
        try FileManager.default.createDirectory(at: bundled, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: try fixtureURL(), to: bundled.appendingPathComponent("primer.sqlite"))
        let a = try openStore(fresh, options: .init(automaticBackups: false))
        let b = try openStore(bundled, options: .init(automaticBackups: false))
        XCTAssertEqual(a.upgradedFrom, 1)
        XCTAssertEqual(b.upgradedFrom, 1)
        XCTAssertEqual(try a.exportJSON(learner: nil), try b.exportJSON(learner: nil))
    }

    func testFileFromNewerPrimerWithUnknownMigrationIsRefusedUntouched() throws {
        try assertRefusedAsNewer(migration: "v99-from-the-future", userVersion: nil, expect: "v99-from-the-future")
    }

    func testFileFromNewerPrimerWithHigherUserVersionIsRefusedUntouched() throws {
        try assertRefusedAsNewer(migration: nil, userVersion: 42, expect: "schema version 42")
    }

    private func assertRefusedAsNewer(migration: String?, userVersion: Int?, expect: String, line: UInt = #line) throws {
        do {
            let store = try openStore(data)
            _ = try store.learner(named: "ana", now: testEpoch)
            try store.close()
        }
        try StoreFixtures.markAsNewer(file: file, migration: migration, userVersion: userVersion)
        let before = try XCTUnwrap(bytes(file))
        let listing = try FileManager.default.contentsOfDirectory(atPath: data.path).sorted()
        let backups = LearnerStore.backups(in: data)
        XCTAssertThrowsError(try openStore(data, now: testEpoch + 3 * day), line: line) { error in
            guard case .newerVersion? = error as? StoreError else { return XCTFail("\(error)", line: line) }
            let text = String(describing: error)
            XCTAssertTrue(text.contains(expect), text, line: line)
            XCTAssertTrue(text.contains("Update primer"), text, line: line)
        }
        XCTAssertEqual(bytes(file), before, "byte-identical after refusal", line: line)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: data.path).sorted().filter { !$0.hasSuffix("-shm") && !$0.hasSuffix("-wal") },
                       listing, "no other file written", line: line)
        XCTAssertEqual(LearnerStore.backups(in: data), backups, "no backup written", line: line)
    }
}
