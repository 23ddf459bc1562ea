import Foundation
import GRDB
import StudyCore

/// The learner's data: one SQLite file (`primer.sqlite`) holding every learner, their
/// item states, the append-only review log, sessions, lesson progress and settings.
///
/// Every write is one transaction committed with `synchronous = FULL` before the call
/// returns, so an answer the app has acknowledged survives a crash or a power cut.
/// The class only wraps a `DatabasePool`, which serialises writes itself, so it is
/// safe to share between threads.
public final class LearnerStore: Sendable {
    /// How `open` treats the file; the defaults are what primer uses.
    public struct Options: Sendable {
        /// Seconds a write waits for another primer process before `StoreError.busy`.
        public var busyTimeout: TimeInterval
        /// Run `PRAGMA quick_check` before opening (true) or trust a valid header (false).
        public var verifyOnOpen: Bool
        /// Make the once-a-day backup when opening.
        public var automaticBackups: Bool
        /// How many daily backups to keep.
        public var backupsKept: Int

        public init(busyTimeout: TimeInterval = 10, verifyOnOpen: Bool = true,
                    automaticBackups: Bool = true, backupsKept: Int = 7) {
            self.busyTimeout = busyTimeout
            self.verifyOnOpen = verifyOnOpen
            self.automaticBackups = automaticBackups
            self.backupsKept = backupsKept
        }
    }

    /// The data folder.
    public let directory: URL
    /// `directory/primer.sqlite`.
    public let fileURL: URL
    /// The settings read back from the writer connection after opening.
    public let durability: DurabilityReport
    /// What the automatic backup did on this open (the app may warn on `.failed`).
    public let automaticBackup: BackupOutcome
    /// The schema version the file had before this open upgraded it, if it did.
    public let upgradedFrom: Int?

    let pool: DatabasePool
    let busyTimeout: TimeInterval
    private let registration: Int?

    private init(directory: URL, fileURL: URL, pool: DatabasePool, busyTimeout: TimeInterval,
                 durability: DurabilityReport, automaticBackup: BackupOutcome, upgradedFrom: Int?, registration: Int?) {
        self.registration = registration
        self.directory = directory
        self.fileURL = fileURL
        self.pool = pool
        self.busyTimeout = busyTimeout
        self.durability = durability
        self.automaticBackup = automaticBackup
        self.upgradedFrom = upgradedFrom
    }

    /// Opens the store in `directory`, creating the folder (0700) and file (0600) if
    /// needed. An existing file is checked first, read-only: a damaged or foreign file
    /// throws `.damaged`, a newer one `.newerVersion`, and neither is ever written to.
    /// An older schema is upgraded in place, after a backup of the old file.
    public static func open(directory: URL, now: Date, options: Options = Options()) throws -> LearnerStore {
        let directory = directory.standardizedFileURL
        let file = directory.appendingPathComponent(DataLocation.fileName)
        try FileSystem.makeDirectory(directory)
        FileSystem.removeStale(in: directory, containing: creatingMarker, olderThan: 3600, now: now)
        if !FileSystem.exists(file) {
            try createFresh(file, busyTimeout: options.busyTimeout)
        }

        // Skipped when this process already has the file open (see `OpenFiles`): it was
        // checked then, and SQLite's own check below still runs.
        if !OpenFiles.isOpen(file), let problem = try FileCheck.headerProblem(file) {
            throw StoreError.damaged(path: file, detail: problem, latestBackup: Backups.latest(in: directory))
        }
        guard FileSystem.isWritable(directory) else {
            throw StoreError.notWritable(path: directory, detail: "the folder is read-only")
        }
        guard FileSystem.isWritable(file) else {
            throw StoreError.notWritable(path: file, detail: "the file is read-only")
        }
        let stamp = try FileCheck.inspect(file, depth: options.verifyOnOpen ? .quick : .header,
                                          busyTimeout: options.busyTimeout, rawHeaderCheck: false)

        let pool: DatabasePool
        let durability: DurabilityReport
        var registration: Int?
        do {
            pool = try DatabasePool(path: file.path, configuration: Durability.configuration(busyTimeout: options.busyTimeout))
            registration = OpenFiles.register(file)
            durability = try Durability.enforce(on: pool, path: file)
        } catch {
            OpenFiles.release(registration)
            throw StoreError.from(error, path: file, busyTimeout: options.busyTimeout)
        }
        // Released by close() or deinit; on the error paths below, here.
        var opened = false
        defer { if !opened { OpenFiles.release(registration) } }

        var upgradedFrom: Int?
        if !stamp.isCurrent {
            // A fresh file has no migrations yet; anything else is an upgrade worth a backup.
            if !stamp.applied.isEmpty {
                upgradedFrom = stamp.version
                let name = "primer-before-schema-v\(Schema.version)-\(Backups.day(now)).sqlite"
                let folder = Backups.folder(directory)
                if (try? FileSystem.makeDirectory(folder)) != nil, !FileSystem.exists(folder.appendingPathComponent(name)) {
                    _ = try? Backups.write(from: pool, to: folder.appendingPathComponent(name))
                }
            }
            do {
                try Schema.migrator.migrate(pool)
            } catch {
                throw StoreError.from(error, path: file, busyTimeout: options.busyTimeout)
            }
        }

        opened = true
        let backup = options.automaticBackups
            ? Backups.daily(from: pool, directory: directory, now: now, keep: options.backupsKept)
            : .disabled
        return LearnerStore(directory: directory, fileURL: file, pool: pool, busyTimeout: options.busyTimeout,
                            durability: durability, automaticBackup: backup, upgradedFrom: upgradedFrom,
                            registration: registration)
    }

    /// Closes the connections (checkpointing the log into the main file). The store
    /// must not be used afterwards; deinit closes too, so this is only for callers that
    /// need the file settled at a known point (tests, restore).
    public func close() throws {
        do { try Self.closeCleanly(pool) } catch { throw StoreError.from(error, path: fileURL, busyTimeout: busyTimeout) }
        OpenFiles.release(registration)
    }

    deinit { OpenFiles.release(registration) }

    /// Moves everything from the log into the main file, then closes. GRDB closes the
    /// writer before the readers, so the last connection to close is a read-only one
    /// that cannot checkpoint: without this the `-wal` would keep the latest commits.
    static func closeCleanly(_ pool: DatabasePool) throws {
        pool.writeWithoutTransaction { db in
            _ = try? db.checkpoint(.truncate)
        }
        try pool.close()
    }

    static let creatingMarker = ".primer.sqlite.creating-"

    /// Builds a new store under a temporary name, then publishes it with a link that
    /// never replaces: a process killed half-way leaves only a temporary file (never a
    /// zero-length `primer.sqlite`, which would read as damaged), and two processes
    /// starting at once end up sharing one file.
    private static func createFresh(_ file: URL, busyTimeout: TimeInterval) throws {
        let directory = file.deletingLastPathComponent()
        guard FileSystem.isWritable(directory) else {
            throw StoreError.notWritable(path: directory, detail: "the folder is read-only")
        }
        moveOrphanedLog(of: file)
        let temp = directory.appendingPathComponent("\(creatingMarker)\(ProcessInfo.processInfo.processIdentifier)-\(UInt32.random(in: 0...UInt32.max))")
        try FileSystem.createExclusive(temp)
        do {
            let pool = try DatabasePool(path: temp.path, configuration: Durability.configuration(busyTimeout: busyTimeout))
            _ = try Durability.enforce(on: pool, path: temp)
            try Schema.migrator.migrate(pool)
            try closeCleanly(pool)
            // Only an empty log may go: one with content would hold the schema.
            let wal = URL(fileURLWithPath: temp.path + "-wal")
            if FileSystem.size(wal) == 0 { FileSystem.remove(wal) }
            if !FileSystem.exists(wal) { FileSystem.remove(URL(fileURLWithPath: temp.path + "-shm")) }
            FileSystem.sync(temp)
            _ = try FileSystem.publish(temp, at: file)
        } catch {
            for suffix in ["", "-wal", "-shm"] { FileSystem.remove(URL(fileURLWithPath: temp.path + suffix)) }
            throw StoreError.from(error, path: file, busyTimeout: busyTimeout)
        }
    }

    /// A `-wal` without its database would be replayed by SQLite onto the new file and
    /// corrupt it: move it aside (kept, in case someone wants it), never delete it.
    private static func moveOrphanedLog(of file: URL) {
        let wal = URL(fileURLWithPath: file.path + "-wal")
        guard FileSystem.exists(wal), !FileSystem.exists(file) else { return }
        let stamp = "\(Int(Date().timeIntervalSince1970))"
        for suffix in ["-wal", "-shm"] {
            let source = URL(fileURLWithPath: file.path + suffix)
            if FileSystem.exists(source) {
                try? FileSystem.rename(source, to: URL(fileURLWithPath: file.path + suffix + ".orphan-" + stamp))
            }
        }
    }

    // MARK: - Access helpers shared by the extensions

    /// A write transaction, with SQLite errors translated for the learner.
    func write<T>(_ updates: (Database) throws -> T) throws -> T {
        do { return try pool.write(updates) } catch { throw StoreError.from(error, path: fileURL, busyTimeout: busyTimeout) }
    }

    /// A read, with SQLite errors translated for the learner.
    func read<T>(_ value: (Database) throws -> T) throws -> T {
        do { return try pool.read(value) } catch { throw StoreError.from(error, path: fileURL, busyTimeout: busyTimeout) }
    }

    /// Reads the durability settings again from the writer connection (for tests and `doctor`).
    public func currentDurability() throws -> DurabilityReport {
        do { return try pool.writeWithoutTransaction { try Durability.read($0) } }
        catch { throw StoreError.from(error, path: fileURL, busyTimeout: busyTimeout) }
    }
}
