import Foundation
import GRDB

extension LearnerStore {
    /// Replaces the store in `directory` with `backup` (`primer restore FILE`).
    ///
    /// Refused at once while another primer has the store open (its later answers would go
    /// into the replaced file). A copy of the backup is checked read-only in a private
    /// folder (header, `integrity_check`, schema shape, every row's types) before anything
    /// in the data folder changes, so a refused file leaves it exactly as it was. The current file
    /// (with its `-wal`) is then moved aside to `primer-replaced-<time>.sqlite`, never
    /// deleted, through `RestoreJournal`, so a restore killed half-way is rolled back.
    @discardableResult
    public static func restore(from backup: URL, into directory: URL, now: Date = Date()) throws -> RestoreOutcome {
        let directory = directory.standardizedFileURL
        guard FileSystem.exists(backup) else {
            throw StoreError.invalidBackup(path: backup, detail: "no such file")
        }
        if let problem = FileSystem.notARegularFile(backup) {
            throw StoreError.invalidBackup(path: backup, detail: problem)
        }
        try FileSystem.makeDirectory(directory)
        guard FileSystem.isWritable(directory) else {
            throw StoreError.notWritable(path: directory, detail: "the folder is read-only")
        }
        // Checked in a private folder first: a refused file leaves the data folder as it was.
        let scratch = try FileSystem.makeScratchFolder(prefix: "primer-restore")
        defer { try? FileManager.default.removeItem(at: scratch) }
        let checked = scratch.appendingPathComponent("candidate.sqlite")
        try FileSystem.copy(backup, to: checked)
        try checkCandidate(checked, named: backup)
        for suffix in ["-wal", "-shm"] { FileSystem.remove(URL(fileURLWithPath: checked.path + suffix)) }

        let lock = try StoreLock.exclusive(in: directory, for: "Restoring a backup")
        defer { withExtendedLifetime(lock) {} }
        try RestoreJournal.recover(in: directory, now: now)
        let incoming = directory.appendingPathComponent(".primer.sqlite.restoring\(Backups.partialMarker)\(ProcessInfo.processInfo.processIdentifier)")
        for suffix in ["", "-wal", "-shm", "-journal"] { FileSystem.remove(URL(fileURLWithPath: incoming.path + suffix)) }
        do {
            try FileSystem.copy(checked, to: incoming)
        } catch {
            FileSystem.remove(incoming)
            throw error
        }

        let aside = uniqueName(in: directory, base: "primer-replaced-\(Backups.stamp(now))")
        let moved = try RestoreJournal.replace(in: directory, incoming: incoming, aside: aside)
        CleanClose.forget(directory.appendingPathComponent(DataLocation.fileName))
        return RestoreOutcome(restored: directory.appendingPathComponent(DataLocation.fileName), previousMovedTo: moved ? aside : nil)
    }

    /// `directory/base.sqlite`, or `base-2.sqlite`… if taken.
    static func uniqueName(in directory: URL, base: String) -> URL {
        var candidate = directory.appendingPathComponent("\(base).sqlite")
        var n = 2
        while FileSystem.exists(candidate) {
            candidate = directory.appendingPathComponent("\(base)-\(n).sqlite")
            n += 1
        }
        return candidate
    }

    /// Everything a file must pass before it may become the live store, read-only:
    /// `.invalidBackup` naming `name` (the file the learner gave) when it fails.
    static func checkCandidate(_ file: URL, named name: URL) throws {
        do {
            let stamp = try FileCheck.inspect(file, depth: .full, busyTimeout: 5)
            if stamp.applied.isEmpty { throw StoreError.invalidBackup(path: name, detail: "it holds no primer data") }
            let bad = try FileCheck.withReadOnlyConnection(file, busyTimeout: 5) { db in
                try SchemaShape.badRows(db, applied: stamp.applied, limit: 3)
            }
            if let first = bad.first {
                throw StoreError.invalidBackup(path: name, detail: "table \(first.table), row \(first.id), column \(first.column) "
                                               + "holds \(first.found), which primer cannot read")
            }
        } catch let error as StoreError {
            switch error {
            case let .damaged(_, detail, _): throw StoreError.invalidBackup(path: name, detail: detail)
            case let .newerVersion(_, found, _):
                throw StoreError.invalidBackup(path: name, detail: "it was written by a newer primer (\(found))")
            case .invalidBackup: throw error
            case let .database(detail): throw StoreError.invalidBackup(path: name, detail: detail)
            default: throw error
            }
        }
    }
}
