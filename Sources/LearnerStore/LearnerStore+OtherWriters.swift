import GRDB
import StudyCore

extension LearnerStore {
    /// SQLite's `data_version` on this store's writer connection: it moves when another
    /// connection (another primer on the same data folder, in a second terminal) commits,
    /// and never for this store's own commits. A process that keeps what it read in memory
    /// compares two readings to learn whether it is stale.
    public func dataVersion() throws -> Int {
        do { return try pool.writeWithoutTransaction { try Int.fetchOne($0, sql: "PRAGMA data_version") ?? 0 } }
        catch { throw StoreError.from(error, path: fileURL, busyTimeout: busyTimeout) }
    }
}

/// One learner's schedule-affecting answers (`ScheduleLog`, read from the item index
/// alone by `ScheduleLogRows`), with what identifies the store's contents when they were
/// read: `setSettings(…reusing:…)` replays this log instead of reading it again when
/// nothing was written since, by another primer (`dataVersion`) or by this store.
public struct LearnerLog: Sendable {
    public let learner: Int64
    public let schedule: ScheduleLog
    let stamp: Stamp

    struct Stamp: Equatable, Sendable {
        var dataVersion: Int
        var ownWrites: Int
    }
}

/// A replay of a `ScheduleLog` with a learner's settings: states by course, then question.
public typealias ScheduleLogReplayFunction = (_ settings: [String: String], _ log: ScheduleLog) -> [String: [String: CardMemory]]

extension LearnerStore {
    public func learnerLog(learner: Int64) throws -> LearnerLog {
        let stamp = LearnerLog.Stamp(dataVersion: try dataVersion(), ownWrites: ownWrites.value)   // before the read
        return LearnerLog(learner: learner, schedule: try read { db in try ScheduleLogRows.log(db, learner: learner) }, stamp: stamp)
    }

    /// Whether `log` is still the store's, checked inside the write transaction `db` (so
    /// nothing can be written between the check and its use).
    static func stillCurrent(_ log: LearnerLog, ownWrites: Int, _ db: Database) throws -> Bool {
        LearnerLog.Stamp(dataVersion: try Int.fetchOne(db, sql: "PRAGMA data_version") ?? 0, ownWrites: ownWrites) == log.stamp
    }
}
