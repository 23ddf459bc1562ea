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
    /// Being written on another thread (`Options.backupInBackground`); `close` waits for it.
    case running
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
        let t = UTCTime(now)
        return "\(digits(t.year, 4))-\(digits(t.month, 2))-\(digits(t.day, 2))"
    }

    static func stamp(_ now: Date) -> String {
        let t = UTCTime(now)
        return "\(day(now))T\(digits(t.hour, 2))\(digits(t.minute, 2))\(digits(t.second, 2))Z"
    }

    /// `value` with leading zeros to `width` digits (a year before 1000, a month).
    private static func digits(_ value: Int, _ width: Int) -> String {
        let text = String(value)
        return text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
    }

    /// Daily backups are exactly `primer-YYYY-MM-DD.sqlite`; only they are pruned.
    static func isDaily(_ name: String) -> Bool {
        name.range(of: #"^primer-\d{4}-\d{2}-\d{2}\.sqlite$"#, options: .regularExpression) != nil
    }

    /// Every backup in the folder, newest first (by modification time, then name).
    static func all(in directory: URL) -> [URL] {
        let folder = folder(directory)
        guard let names = FileSystem.names(in: folder) else { return [] }
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
    static func write(from pool: any DatabaseReader, to destination: URL) throws -> Bool {
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

    /// Removes the half-written copies (`….partial-PID`) of primer processes that are no
    /// longer running, in the data folder and its backups folder: a copy killed half-way is
    /// as large as the store and would otherwise stay forever.
    static func removeLeftovers(in directory: URL) {
        for folder in [directory, self.folder(directory)] {
            guard let names = FileSystem.names(in: folder) else { continue }
            for name in names {
                guard let range = name.range(of: partialMarker) else { continue }
                let rest = name[range.upperBound...]
                let pid = Int32(rest.prefix { $0.isNumber })
                if let pid, CleanClose.isAlive(pid) { continue }
                FileSystem.remove(folder.appendingPathComponent(name))
            }
        }
    }

    /// The files in the data folder that hold earlier learner data (a file a restore moved
    /// aside, a kept log), named for a notice; nil when there are none.
    static func earlierFiles(in directory: URL) -> String? {
        guard let names = FileSystem.names(in: directory) else { return nil }
        let earlier = names.filter {
            ($0.hasPrefix("primer-replaced-") || $0.hasPrefix("primer-salvaged-") || $0.contains(".orphan-") || $0.contains("-wal.kept-"))
        }.sorted()
        var parts = earlier.prefix(3).map { $0 }
        if earlier.count > 3 { parts.append("\(earlier.count - 3) more") }
        let backups = all(in: directory).count
        if backups > 0 { parts.append("\(backups) backup\(backups == 1 ? "" : "s") in backups/") }
        return parts.isEmpty ? nil : parts.joined(separator: ", ")
    }

    /// Where `daily` writes the copy for the day of `now`.
    static func dailyTarget(_ directory: URL, now: Date) -> URL {
        folder(directory).appendingPathComponent("\(prefix)\(day(now)).sqlite")
    }

    /// The once-a-day backup, then pruning to the newest `keep` daily backups. Failure
    /// is reported, not thrown: a full backup disk must not stop the learner studying.
    static func daily(from pool: any DatabaseReader, directory: URL, now: Date, keep: Int) -> BackupOutcome {
        let folder = folder(directory)
        let target = dailyTarget(directory, now: now)
        if FileSystem.exists(target) { return .alreadyToday(target) }
        do {
            try FileSystem.makeDirectory(folder)
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
        guard let names = FileSystem.names(in: folder) else { return }
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
}
