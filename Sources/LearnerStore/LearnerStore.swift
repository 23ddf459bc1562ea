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
        /// Run the full check (integrity_check, schema shape, row types) when the file may have
        /// changed outside primer (true), or trust a valid header (false: benchmarks only).
        public var verifyOnOpen: Bool
        /// Make the once-a-day backup when opening.
        public var automaticBackups: Bool
        /// How many daily backups to keep.
        public var backupsKept: Int
        /// Write the daily backup on another thread, so the open returns at once: the
        /// full-screen interface draws its first frame meanwhile (copying a large store
        /// takes a second or more, once a day). `close` waits for it.
        public var backupInBackground: Bool
        /// …but only for a file of at least this many bytes: a smaller one is copied in a
        /// few tens of milliseconds, less than a thread costs in time and memory.
        public var backgroundBackupMinimumBytes: Int
        /// Reads go through the writer connection, each in a deferred, read-only
        /// transaction (a consistent snapshot, as on a reader), so no reader connection is
        /// ever opened, and the store is that one connection (a GRDB queue, not a pool,
        /// whose set-up of the log at every open writes to it and syncs it): for commands
        /// that run and end, and line mode (`primer learners` a sixth to a third faster).
        /// Not for the interface, whose reads must not wait for its writes (the daily
        /// backup in the background reads meanwhile).
        public var readsOnWriter: Bool

        public init(busyTimeout: TimeInterval = 10, verifyOnOpen: Bool = true,
                    automaticBackups: Bool = true, backupsKept: Int = 7, backupInBackground: Bool = false,
                    backgroundBackupMinimumBytes: Int = 16 * 1024 * 1024, readsOnWriter: Bool = false) {
            self.readsOnWriter = readsOnWriter
            self.busyTimeout = busyTimeout
            self.verifyOnOpen = verifyOnOpen
            self.automaticBackups = automaticBackups
            self.backupsKept = backupsKept
            self.backupInBackground = backupInBackground
            self.backgroundBackupMinimumBytes = backgroundBackupMinimumBytes
        }
    }

    /// The data folder.
    public let directory: URL
    /// `directory/primer.sqlite`.
    public let fileURL: URL
    /// The settings read back from the writer connection after opening.
    public let durability: DurabilityReport
    /// What the automatic backup did on this open (the app may warn on `.failed`);
    /// `.running` until a backup written in the background is done.
    public var automaticBackup: BackupOutcome { backupOutcome.value }
    private let backupOutcome: LockedValue<BackupOutcome>
    /// Set while a backup is written in the background; made only then (most opens find
    /// today's copy already there and need none).
    private let backupFinished = LockedValue<DispatchGroup?>(nil)
    /// The schema version the file had before this open upgraded it, if it did.
    public let upgradedFrom: Int?

    /// What opening did that the learner should hear about once (permissions tightened,
    /// a new file created beside older ones).
    public let notices: [String]

    /// A `DatabasePool`, or with `readsOnWriter` a `DatabaseQueue` (see `open`).
    let pool: any DatabaseWriter
    let busyTimeout: TimeInterval
    private let readsOnWriter: Bool
    private let registration: Int?
    private let lock: StoreLock
    private let wroteMarker = WriteMarker()
    private let closed = WriteMarker()
    private let walProgress: WALProgress
    /// This process's writing marker and the log's path, made once: building both from
    /// URLs after every answer was a third of the commit's CPU time.
    private let writingMarker: WritingMarkerFile
    private let walPath: String
    /// The last answer this store saved, while it stands (see `WALProgress.Record`).
    let lastSaved = LockedValue<String?>(nil)
    /// Write transactions this store has committed (see `LearnerLog`).
    let ownWrites = LockedValue<Int>(0)

    private init(directory: URL, fileURL: URL, pool: any DatabaseWriter, busyTimeout: TimeInterval,
                 durability: DurabilityReport, automaticBackup: BackupOutcome, upgradedFrom: Int?, registration: Int?,
                 lock: StoreLock, notices: [String], walProgress: WALProgress, readsOnWriter: Bool) {
        self.readsOnWriter = readsOnWriter
        self.walProgress = walProgress
        writingMarker = WritingMarkerFile.shared(CleanClose.writingMarker(for: fileURL))
        walPath = fileURL.path + "-wal"
        self.registration = registration
        self.lock = lock
        self.notices = notices
        self.directory = directory
        self.fileURL = fileURL
        self.pool = pool
        self.busyTimeout = busyTimeout
        self.durability = durability
        backupOutcome = LockedValue(automaticBackup)
        self.upgradedFrom = upgradedFrom
    }

    /// Opens the store in `directory`, creating the folder (0700) and file (0600) if
    /// needed. Before anything is written, the file is checked, read-only:
    /// - always the header (a damaged or foreign file throws `.damaged`, a newer one
    ///   `.newerVersion`, and neither is ever written to);
    /// - when this is the first primer to open it and it is not exactly as primer's last
    ///   clean close left it: the write-ahead log left behind (`.logDamaged` when replaying
    ///   it would drop saved answers), then `integrity_check` and the schema's shape.
    /// An older schema is upgraded in place, after a backup of the old file. The store
    /// holds a shared lock on the folder for its life (see `StoreLock`).
    public static func open(directory: URL, now: Date, options: Options = Options()) throws -> LearnerStore {
        try open(directory: directory, now: now, options: options, heldLock: nil)
    }

    /// Opens the store for a command that needs it to itself (import, doctor --rebuild):
    /// refuses at once while another primer has it open, and keeps others out until closed.
    public static func openExclusively(directory: URL, now: Date, for what: String,
                                       options: Options = Options()) throws -> LearnerStore {
        let directory = directory.standardizedFileURL
        let lock = try StoreLock.exclusive(in: directory, for: what)
        return try open(directory: directory, now: now, options: options, heldLock: lock)
    }

    private static func open(directory: URL, now: Date, options: Options, heldLock: StoreLock?) throws -> LearnerStore {
        let directory = directory.standardizedFileURL
        let file = directory.appendingPathComponent(DataLocation.fileName)
        try FileSystem.makeDirectory(directory)
        var notices: [String] = []
        if let notice = try Permissions.tighten(directory, to: Permissions.folderMode, what: "data folder") { notices.append(notice) }
        guard FileSystem.isWritable(directory) else {
            throw StoreError.notWritable(path: directory, detail: "the folder is read-only")
        }

        // The first primer to open the store checks it; later ones share it as it is.
        let (lock, first) = try heldLock.map { ($0, true) } ?? takeLock(directory, file: file, timeout: options.busyTimeout)
        if first {
            try RestoreJournal.recover(in: directory, now: now)
            FileSystem.removeStale(in: directory, containing: creatingMarker, olderThan: 0, now: now)
            Backups.removeLeftovers(in: directory)
        }
        if !FileSystem.exists(file) {
            if first, let earlier = Backups.earlierFiles(in: directory) {
                notices.append("there was no learner data file in \(directory.path), so a new one was created; "
                               + "the folder also holds \(earlier): 'primer restore FILE' brings one back")
            }
            try createFresh(file, busyTimeout: options.busyTimeout)
        }

        if let problem = FileSystem.notARegularFile(file) {
            throw StoreError.damaged(path: file, detail: problem, latestBackup: Backups.latest(in: directory))
        }
        // Skipped when this process already has the file open (see `OpenFiles`): it was
        // checked then, and SQLite's own check below still runs.
        if !OpenFiles.isOpen(file), let problem = try FileCheck.headerProblem(file) {
            throw StoreError.damaged(path: file, detail: problem, latestBackup: Backups.latest(in: directory))
        }
        guard FileSystem.isWritable(file) else {
            throw StoreError.notWritable(path: file, detail: "the file is read-only")
        }
        if let notice = try Permissions.tighten(file, to: Permissions.fileMode, what: "learner data file") { notices.append(notice) }
        // SQLite gives a new log and index the file's mode; ones left from before may not have it.
        for suffix in ["-wal", "-shm"] {
            _ = try? Permissions.tighten(URL(fileURLWithPath: file.path + suffix), to: Permissions.fileMode, what: "log")
        }
        let clean = CleanClose.isUnchanged(file)
        if first && !clean { try checkLeftOverLog(of: file, now: now) }
        let depth: FileCheck.Depth = first && !clean && options.verifyOnOpen ? .full : .header
        let progress = WALProgress()
        let configuration = Durability.configuration(busyTimeout: options.busyTimeout, walProgress: progress)
        // A short command's one connection (see below) also makes the header check, in a
        // read-only transaction, instead of a connection opened for it alone.
        var checkedQueue: DatabaseQueue?
        let stamp: Schema.Stamp
        if options.readsOnWriter && depth == .header {
            let queue: DatabaseQueue
            do { queue = try DatabaseQueue(path: file.path, configuration: configuration) } catch {
                throw StoreError.from(error, path: file, busyTimeout: options.busyTimeout)
            }
            stamp = try FileCheck.headerStamp(on: queue, file, busyTimeout: options.busyTimeout)
            checkedQueue = queue
        } else {
            stamp = try FileCheck.inspect(file, depth: depth, busyTimeout: options.busyTimeout, rawHeaderCheck: false)
        }
        // Dead writers' markers stay until a close has every frame in the file (`close`).
        if first { CleanClose.forget(file) }

        let pool: any DatabaseWriter
        let durability: DurabilityReport
        var registration: Int?
        do {
            if options.readsOnWriter {
                // One connection is all such a command uses, and a queue's is opened as the
                // file is: GRDB's pool, at every open, asks Foundation for the log's size and,
                // the log being empty after a clean close, creates and drops a table in it.
                // The file is in WAL mode already (every primer file is made so); this says
                // so to SQLite again, a no-op then, and `enforce` below checks it took.
                let queue = try checkedQueue ?? DatabaseQueue(path: file.path, configuration: configuration)
                try queue.writeWithoutTransaction { try $0.execute(sql: "PRAGMA journal_mode = WAL") }
                pool = queue
            } else {
                pool = try DatabasePool(path: file.path, configuration: configuration)
            }
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
                CleanClose.markWriting(file)
                try Schema.migrator.migrate(pool)
            } catch {
                throw StoreError.from(error, path: file, busyTimeout: options.busyTimeout)
            }
        }

        opened = true
        // In the background only when today's copy is still to be written (most starts find
        // it there: one stat) and the file is large enough for the copy to delay the first
        // frame: a thread costs about a megabyte and a few milliseconds of its own.
        let todaysCopy = Backups.dailyTarget(directory, now: now)
        let written = options.automaticBackups && FileSystem.exists(todaysCopy)
        let inBackground = options.automaticBackups && !written && options.backupInBackground
            && (FileSystem.size(file) ?? 0) >= options.backgroundBackupMinimumBytes
        let backup: BackupOutcome = !options.automaticBackups ? .disabled
            : written ? .alreadyToday(todaysCopy)
            : inBackground ? .running
            : Backups.daily(from: pool, directory: directory, now: now, keep: options.backupsKept)
        // Others may open it now; a command that needs it alone keeps it exclusive.
        if heldLock == nil { lock.share() }
        let store = LearnerStore(directory: directory, fileURL: file, pool: pool, busyTimeout: options.busyTimeout,
                                 durability: durability, automaticBackup: backup, upgradedFrom: upgradedFrom,
                                 registration: registration, lock: lock, notices: notices, walProgress: progress,
                                 readsOnWriter: options.readsOnWriter)
        if inBackground { store.writeDailyBackupInBackground(now: now, keep: options.backupsKept) }
        return store
    }

    /// The daily backup on a thread of its own: it reads through one of the pool's
    /// reader connections (a snapshot, as WAL allows), so answers are saved meanwhile.
    private func writeDailyBackupInBackground(now: Date, keep: Int) {
        let pool = self.pool, directory = self.directory, outcome = backupOutcome, finished = DispatchGroup()
        backupFinished.value = finished
        finished.enter()
        DispatchQueue.global(qos: .utility).async {
            outcome.value = Backups.daily(from: pool, directory: directory, now: now, keep: keep)
            finished.leave()
        }
    }

    /// Returns once no backup is being written in the background.
    public func waitForBackup() {
        backupFinished.value?.wait()
    }

    /// The exclusive lock when no other primer has the store (this one is first, and checks
    /// it), else a shared one. Waits up to `timeout` while another primer checks or replaces it.
    private static func takeLock(_ directory: URL, file: URL, timeout: TimeInterval) throws -> (StoreLock, Bool) {
        let deadline = Date().addingTimeInterval(max(0, timeout))
        while true {
            if let exclusive = try StoreLock.take(.exclusive, in: directory) { return (exclusive, true) }
            if let shared = try StoreLock.take(.shared, in: directory) { return (shared, false) }
            guard Date() < deadline else {
                throw StoreError.inUse(path: file, what: "Opening it")
            }
            usleep(20_000)
        }
    }

    /// The log a stopped primer left: replaying it must not drop acknowledged answers.
    /// A damaged log is copied aside and nothing is opened; `primer doctor` explains the choices.
    static func checkLeftOverLog(of file: URL, now: Date, keepCopy: Bool = true) throws {
        let wal = URL(fileURLWithPath: file.path + "-wal")
        if let inspection = try WALInspection.inspect(wal), let problem = inspection.problem ?? deadWriterLoss(file, inspection) {
            let kept = URL(fileURLWithPath: file.path + "-wal.kept-\(Backups.stamp(now))")
            if keepCopy && !FileSystem.exists(kept) { try? FileSystem.copy(wal, to: kept) }
            throw StoreError.logDamaged(path: file, detail: problem, keptCopy: FileSystem.exists(kept) ? kept : nil)
        }
        if let problem = deadWriterLoss(file, try WALInspection.inspect(wal)) {
            throw StoreError.logDamaged(path: file, detail: problem, keptCopy: nil)
        }
    }

    /// What a dead writer's record says is missing from `inspection`, if anything.
    private static func deadWriterLoss(_ file: URL, _ inspection: WALInspection?) -> String? {
        func isSaved(_ review: String) -> Bool {
            // Read-only, and with the log as SQLite finds it: present, it is not changed.
            (try? FileCheck.withReadOnlyConnection(file, busyTimeout: 5) { db in
                try Bool.fetchOne(db, sql: "SELECT 1 FROM review WHERE id = ?", arguments: [review]) ?? false
            }) ?? false
        }
        return CleanClose.deadWriters(beside: file).lazy.compactMap { marker in
            CleanClose.writingRecord(marker).flatMap { WALProgress.missing($0, in: inspection, isSaved: isSaved) }
        }.first
    }

    /// Closes the connections (checkpointing the log into the main file). The store
    /// must not be used afterwards; deinit closes too, so this is only for callers that
    /// need the file settled at a known point (tests, restore).
    public func close() throws {
        guard closed.mark() else { return }
        waitForBackup()   // its reader must be done before the connections close
        // First every frame into the main file, then the markers go, then the log is cut:
        // stopped at any point, the markers never claim frames a log no longer holds.
        let settled = (try? pool.writeWithoutTransaction { db -> Bool in
            let result = try db.checkpoint(.full)
            return result.walFrameCount == result.checkpointedFrameCount
        }) ?? false
        if settled {
            CleanClose.clearWriting(fileURL)
            CleanClose.logSettled(beside: fileURL)
        }
        do { try Self.closeCleanly(pool) } catch {
            lock.release()
            throw StoreError.from(error, path: fileURL, busyTimeout: busyTimeout)
        }
        OpenFiles.release(registration)
        // Everything is in the main file now: when no other primer has the file, it is as
        // primer left it, and the next open may trust it without the full check.
        let wal = URL(fileURLWithPath: fileURL.path + "-wal")
        if (FileSystem.size(wal) ?? 0) == 0 {
            CleanClose.clearWriting(fileURL)
            // An empty log left by a read-only connection (the last to close) holds nothing.
            if CleanClose.deadWriters(beside: fileURL).isEmpty { CleanClose.record(fileURL) }
        }
        CleanClose.releaseWriting(fileURL)
        lock.release()
    }

    /// A store let go without `close()` closes the same way: SQLite would otherwise
    /// checkpoint and delete the log when the pool goes, leaving this process's writing
    /// marker claiming frames in a log that no longer exists.
    deinit {
        try? close()
        OpenFiles.release(registration)
    }

    /// Moves everything from the log into the main file, then closes. GRDB closes a
    /// pool's writer before its readers, so the last connection to close is a read-only
    /// one that cannot checkpoint: without this the `-wal` would keep the latest commits.
    static func closeCleanly(_ pool: any DatabaseWriter) throws {
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
        if wroteMarker.mark() { writingMarker.create() }
        let result: T
        do { result = try pool.write(updates) } catch { throw StoreError.from(error, path: fileURL, busyTimeout: busyTimeout) }
        ownWrites.value += 1
        if let record = walProgress.record(forLogAt: walPath, review: lastSaved.value) {
            writingMarker.write(record.text)
        }
        return result
    }

    /// A read, with SQLite errors translated for the learner.
    func read<T>(_ value: (Database) throws -> T) throws -> T {
        do {
            guard readsOnWriter else { return try pool.read(value) }
            return try pool.writeWithoutTransaction { db in
                var result: T?
                try db.readOnly {
                    try db.inTransaction(.deferred) {
                        result = try value(db)
                        return .commit
                    }
                }
                return result!   // set above, or the transaction threw
            }
        } catch { throw StoreError.from(error, path: fileURL, busyTimeout: busyTimeout) }
    }

    /// Reads the durability settings again from the writer connection (for tests and `doctor`).
    public func currentDurability() throws -> DurabilityReport {
        do { return try pool.writeWithoutTransaction { try Durability.read($0) } }
        catch { throw StoreError.from(error, path: fileURL, busyTimeout: busyTimeout) }
    }
}

/// A value shared between threads.
final class LockedValue<T>: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: T
    init(_ value: T) { stored = value }
    var value: T {
        get { lock.lock(); defer { lock.unlock() }; return stored }
        set { lock.lock(); stored = newValue; lock.unlock() }
    }
}

/// A thing done once per store (marking itself as writing, closing), thread-safe.
private final class WriteMarker: @unchecked Sendable {
    private let lock = NSLock()
    private var marked = false
    /// True the first time only.
    func mark() -> Bool {
        lock.lock()
        defer { lock.unlock() }
        if marked { return false }
        marked = true
        return true
    }
}
