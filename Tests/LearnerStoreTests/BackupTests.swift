import Foundation
import XCTest
import LearnerStore
import StudyCore

/// Automatic daily backups, pruning, manual backup and restore.
final class BackupTests: XCTestCase {
    var folder: URL!
    var data: URL { folder.appendingPathComponent("data") }
    override func setUpWithError() throws { folder = try makeTempFolder(name) }
    override func tearDown() { removeTempFolder(folder) }

    private func dailyNames() -> [String] {
        LearnerStore.backups(in: data).map(\.lastPathComponent).filter { $0.count == "primer-2025-03-01.sqlite".count }.sorted()
    }

    /// The interface's open: the daily backup is written on another thread while answers
    /// are saved; `waitForBackup` (and `close`) return only once it is complete, and it
    /// holds the store as it was when opened.
    func testTheDailyBackupInTheBackgroundLetsAnswersBeSavedMeanwhile() throws {
        let first = try openStore(data, now: testEpoch, options: .init(automaticBackups: false))
        let ana = try first.learner(named: "ana", now: testEpoch)
        try recordConsistently(first, makeReview("before", question: "q", at: testEpoch), learner: ana)
        try first.close()

        let store = try openStore(data, now: testEpoch + day, options: .init(backupInBackground: true, backgroundBackupMinimumBytes: 0))
        try recordConsistently(store, makeReview("during", question: "q", at: testEpoch + day), learner: ana)
        store.waitForBackup()
        guard case .created(let backup) = store.automaticBackup else { return XCTFail("\(store.automaticBackup)") }
        try store.close()
        XCTAssertEqual(dailyNames(), ["primer-2025-03-02.sqlite"])
        let copy = folder.appendingPathComponent("copy")
        try FileManager.default.createDirectory(at: copy, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: backup, to: copy.appendingPathComponent("primer.sqlite"))
        let restored = try openStore(copy, now: testEpoch + 2 * day, options: .init(automaticBackups: false))
        defer { try? restored.close() }
        let ids = try restored.reviews(learner: ana, course: "demo", since: nil).map(\.id)
        XCTAssertTrue(ids.contains("before"), "the backup holds what the store held when it opened: \(ids)")

        // Once today's exists, the background open finds it.
        let again = try openStore(data, now: testEpoch + day + 60, options: .init(backupInBackground: true, backgroundBackupMinimumBytes: 0))
        again.waitForBackup()
        guard case .alreadyToday = again.automaticBackup else { return XCTFail("\(again.automaticBackup)") }
        try again.close()

        // A store under the size limit is copied before the open returns, as commands do.
        let small = try openStore(data, now: testEpoch + 3 * day, options: .init(backupInBackground: true))
        guard case .created = small.automaticBackup else { return XCTFail("\(small.automaticBackup)") }
        try small.close()
    }

    func testOncePerDayKeepSevenAndRestore() throws {
        // Ten days of study: open (backup), answer once, close.
        for d in 0..<10 {
            let now = testEpoch + Double(d) * day
            let store = try openStore(data, now: now)
            guard case .created = store.automaticBackup else { return XCTFail("day \(d): \(store.automaticBackup)") }
            let ana = try store.learner(named: "ana", now: now)
            try recordConsistently(store, makeReview("r\(d)", question: "q", at: now), learner: ana)
            try store.close()
            // A second start on the same day makes no second backup.
            let again = try openStore(data, now: now + 3600)
            guard case .alreadyToday = again.automaticBackup else { return XCTFail("day \(d): \(again.automaticBackup)") }
            try again.close()
        }
        XCTAssertEqual(dailyNames(), (3...9).map { "primer-2025-03-\(String(format: "%02d", $0 + 1)).sqlite" },
                       "the last seven days are kept")

        // A manual backup is never pruned and holds everything.
        let store = try openStore(data, now: testEpoch + 10 * day)
        let manual = try store.backup(to: nil, now: testEpoch + 10 * day)
        XCTAssertTrue(FileManager.default.fileExists(atPath: manual.path))
        XCTAssertThrowsError(try store.backup(to: manual), "never overwrites")
        try store.close()

        // The backup of day 6 (2025-03-07) was taken before that day's answer: six answers.
        let day6 = data.appendingPathComponent("backups/primer-2025-03-07.sqlite")
        let live = try XCTUnwrap(bytes(data.appendingPathComponent("primer.sqlite")))
        let outcome = try LearnerStore.restore(from: day6, into: data, now: testEpoch + 10 * day)
        XCTAssertEqual(bytes(try XCTUnwrap(outcome.previousMovedTo)), live, "the replaced file is kept aside")
        let restored = try openStore(data, now: testEpoch + 10 * day)
        let ana = try XCTUnwrap(restored.existingLearner(named: "ana"))
        XCTAssertEqual(try restored.reviews(learner: ana, course: nil, since: nil).map(\.id), (0..<6).map { "r\($0)" })
        try restored.close()

        // And the manual one brings all ten back.
        try LearnerStore.restore(from: manual, into: data, now: testEpoch + 11 * day)
        let all = try openStore(data, now: testEpoch + 11 * day)
        XCTAssertEqual(try all.reviews(learner: ana, course: nil, since: nil).count, 10)
    }

    func testBackupIsConsistentWhileTheLogHoldsUncheckpointedWrites() throws {
        let store = try openStore(data, options: .init(automaticBackups: false))
        let ana = try store.learner(named: "ana", now: testEpoch)
        for i in 0..<200 { try recordConsistently(store, makeReview("r\(i)", question: "q\(i % 9)", at: testEpoch + Double(i)), learner: ana) }
        let copy = folder.appendingPathComponent("copy dir")
        try FileManager.default.createDirectory(at: copy, withIntermediateDirectories: true)
        let target = try store.backup(to: copy.appendingPathComponent("mine.sqlite"))
        // Open the copy as a store of its own: everything is there, nothing depends on a -wal.
        let other = folder.appendingPathComponent("other")
        try FileManager.default.createDirectory(at: other, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: target, to: other.appendingPathComponent("primer.sqlite"))
        let reopened = try openStore(other, options: .init(automaticBackups: false))
        XCTAssertEqual(try reopened.integrityCheck(), ["ok"])
        XCTAssertEqual(try reopened.exportJSON(learner: nil), try store.exportJSON(learner: nil))
    }
}

