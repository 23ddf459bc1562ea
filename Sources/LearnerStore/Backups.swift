import Foundation
import GRDB

/// What the automatic backup did when the store opened.
public enum BackupOutcome: Sendable, Equatable {
    /// A new backup was written.
    case created(URL)
    /// Today's backup already existed.
    case alreadyToday(URL)
    /// Automatic backups were turned off in `LearnerStore.Options`.
    case disabled
    /// The backup could not be written (the store itself opened fine).
    case failed(String)
}

/// What `restore` did.
public struct RestoreOutcome: Sendable, Equatable {
    /// The live file, now holding the backup's content.
    public var restored: URL
    /// Where the file that was replaced now lives; nil if there was none.
    public var previousMovedTo: URL?
}

/// Backups are consistent copies made with SQLite's online backup API, which copies a
/// snapshot even while another connection writes: copying the file with `cp` could
/// catch a half-checkpointed state, or miss what is still in the `-wal`.
enum Backups {
    static let prefix = "primer-"
    static let partialMarker = ".partial-"

    static func folder(_ directory: URL) -> URL { directory.appendingPathComponent("backups", isDirectory: true) }

    /// The UTC day of `now`, e.g. "2025-03-01": one automatic backup per UTC day.
    static func day(_ now: Date) -> String {
        let c = utc.dateComponents([.year, .month, .day], from: now)
        return String(format: "%04d-%02d-%02d", c.year!, c.month!, c.day!)
    }

    static func stamp(_ now: Date) -> String {
        let c = utc.dateComponents([.year, .month, .day, .hour, .minute, .second], from: now)
        return String(format: "%04d-%02d-%02dT%02d%02d%02dZ", c.year!, c.month!, c.day!, c.hour!, c.minute!, c.second!)
    }

    private static let utc: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar
    }()

    /// Daily backups are exactly `primer-YYYY-MM-DD.sqlite`; only they are pruned.
    static func isDaily(_ name: String) -> Bool {
        name.range(of: #"^primer-\d{4}-\d{2}-\d{2}\.sqlite$"#, options: .regularExpression) != nil
    }

    /// Every backup in the folder, newest first (by modification time, then name).
    static func all(in directory: URL) -> [URL] {
        let folder = folder(directory)
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder.path) else { return [] }
        let files = names
            .filter { $0.hasPrefix(prefix) && $0.hasSuffix(".sqlite") && !$0.contains(partialMarker) }
            .map { folder.appendingPathComponent($0) }
        let dated = files.map { url -> (URL, Date) in
            let attributes = try? FileManager.default.attributesOfItem(atPath: url.path)
            return (url, (attributes?[.modificationDate] as? Date) ?? .distantPast)
        }
        return dated.sorted { $0.1 != $1.1 ? $0.1 > $1.1 : $0.0.lastPathComponent > $1.0.lastPathComponent }.map(\.0)
    }

    /// The newest backup whose header is sound: the one to offer after damage.
    static func latest(in directory: URL) -> URL? {
        all(in: directory).first { (try? FileCheck.headerProblem($0)) == .some(nil) }
    }

    /// Writes a consistent copy of `pool` to `destination`, which must not exist. The copy
    /// is built under a temporary name and published only when complete and synced.
    /// Returns false if `destination` appeared meanwhile (another process backed up).
    @discardableResult
    static func write(from pool: DatabasePool, to destination: URL) throws -> Bool {
        let folder = destination.deletingLastPathComponent()
        if FileSystem.exists(destination) {
            throw StoreError.conflict("\(destination.path) already exists; choose another name")
        }
        let temp = folder.appendingPathComponent(".\(destination.lastPathComponent)\(partialMarker)\(ProcessInfo.processInfo.processIdentifier)")
        FileSystem.remove(temp)
        try FileSystem.createExclusive(temp)
        do {
            let copy = try DatabaseQueue(path: temp.path)
            try pool.backup(to: copy)
            try copy.close()
            FileSystem.remove(URL(fileURLWithPath: temp.path + "-journal"))
            FileSystem.sync(temp)
            return try FileSystem.publish(temp, at: destination)
        } catch {
            FileSystem.remove(temp)
            throw StoreError.from(error, path: destination, busyTimeout: 0)
        }
    }

    /// The once-a-day backup, then pruning to the newest `keep` daily backups. Failure
    /// is reported, not thrown: a full backup disk must not stop the learner studying.
    static func daily(from pool: DatabasePool, directory: URL, now: Date, keep: Int) -> BackupOutcome {
        let folder = folder(directory)
        let target = folder.appendingPathComponent("\(prefix)\(day(now)).sqlite")
        if FileSystem.exists(target) { return .alreadyToday(target) }
        do {
            try FileSystem.makeDirectory(folder)
            FileSystem.removeStale(in: folder, containing: partialMarker, olderThan: 3600, now: now)
            try write(from: pool, to: target)
            prune(folder, keep: keep)
            return .created(target)
        } catch {
            return .failed(String(describing: error))
        }
    }

    /// Deletes the oldest daily backups beyond `keep`. Manual backups and the copies
    /// taken before a schema upgrade are never pruned.
    static func prune(_ folder: URL, keep: Int) {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder.path) else { return }
        let daily = names.filter(isDaily).sorted(by: >)
        for name in daily.dropFirst(max(keep, 1)) { FileSystem.remove(folder.appendingPathComponent(name)) }
    }
}

extension LearnerStore {
    /// Backs up the store now (`primer backup`). With `destination` nil the copy goes to
    /// `backups/primer-YYYY-MM-DDTHHMMSSZ.sqlite` (never pruned). Returns the file written.
    @discardableResult
    public func backup(to destination: URL?, now: Date = Date()) throws -> URL {
        var target = destination?.standardizedFileURL
            ?? Backups.folder(directory).appendingPathComponent("\(Backups.prefix)\(Backups.stamp(now)).sqlite")
        if destination == nil {
            try FileSystem.makeDirectory(Backups.folder(directory))
            var n = 2
            while FileSystem.exists(target) {
                target = Backups.folder(directory).appendingPathComponent("\(Backups.prefix)\(Backups.stamp(now))-\(n).sqlite")
                n += 1
            }
        }
        guard try Backups.write(from: pool, to: target) else {
            throw StoreError.conflict("\(target.path) already exists; choose another name")
        }
        return target
    }

    /// The backups in the store's folder, newest first.
    public static func backups(in directory: URL) -> [URL] { Backups.all(in: directory) }

    /// Replaces the store in `directory` with `backup` (`primer restore FILE`). Run it
    /// while no primer has the store open. The backup is copied and fully checked before
    /// anything changes; the current file (with its `-wal`) is then moved aside to
    /// `primer-replaced-<time>.sqlite`, never deleted.
    @discardableResult
    public static func restore(from backup: URL, into directory: URL, now: Date = Date()) throws -> RestoreOutcome {
        let directory = directory.standardizedFileURL
        guard FileSystem.exists(backup) else {
            throw StoreError.invalidBackup(path: backup, detail: "no such file")
        }
        try FileSystem.makeDirectory(directory)
        guard FileSystem.isWritable(directory) else {
            throw StoreError.notWritable(path: directory, detail: "the folder is read-only")
        }
        let live = directory.appendingPathComponent(DataLocation.fileName)
        let temp = directory.appendingPathComponent(".primer.sqlite.restoring\(Backups.partialMarker)\(ProcessInfo.processInfo.processIdentifier)")
        for suffix in ["", "-wal", "-shm"] { FileSystem.remove(URL(fileURLWithPath: temp.path + suffix)) }
        try FileSystem.copy(backup, to: temp)
        func discardTemp() { for suffix in ["", "-wal", "-shm"] { FileSystem.remove(URL(fileURLWithPath: temp.path + suffix)) } }

        do {
            let stamp = try FileCheck.inspect(temp, depth: .quick, busyTimeout: 5)
            if stamp.applied.isEmpty { throw StoreError.invalidBackup(path: backup, detail: "it holds no primer data") }
        } catch let error as StoreError {
            discardTemp()
            switch error {
            case let .damaged(_, detail, _): throw StoreError.invalidBackup(path: backup, detail: detail)
            case let .newerVersion(_, found, _):
                throw StoreError.invalidBackup(path: backup, detail: "it was written by a newer primer (\(found))")
            default: throw error
            }
        }
        // The read-only check may leave an empty log and index beside the copy.
        for suffix in ["-wal", "-shm"] { FileSystem.remove(URL(fileURLWithPath: temp.path + suffix)) }

        var movedTo: URL?
        if FileSystem.exists(live) {
            var aside = directory.appendingPathComponent("primer-replaced-\(Backups.stamp(now)).sqlite")
            var n = 2
            while FileSystem.exists(aside) {
                aside = directory.appendingPathComponent("primer-replaced-\(Backups.stamp(now))-\(n).sqlite")
                n += 1
            }
            for suffix in ["", "-wal", "-shm", "-journal"] {
                let source = URL(fileURLWithPath: live.path + suffix)
                if FileSystem.exists(source) {
                    try FileSystem.rename(source, to: URL(fileURLWithPath: aside.path + suffix))
                }
            }
            movedTo = aside
        }
        try FileSystem.rename(temp, to: live)
        return RestoreOutcome(restored: live, previousMovedTo: movedTo)
    }
}
