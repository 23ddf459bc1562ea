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

/// One learner's whole log for replay (every course, one question after another: see
/// `reviewsForReplay`), with what
/// identifies the store's contents when it was read: `setSettings(…reusing:)` replays
/// these records instead of reading the log again when nothing was written since, by
/// another primer (`dataVersion`) or by this store.
public struct LearnerLog: Sendable {
    public let learner: Int64
    public let records: [ReviewRecord]
    let stamp: Stamp

    struct Stamp: Equatable, Sendable {
        var dataVersion: Int
        var ownWrites: Int
    }
}

extension LearnerStore {
    public func learnerLog(learner: Int64) throws -> LearnerLog {
        let stamp = LearnerLog.Stamp(dataVersion: try dataVersion(), ownWrites: ownWrites.value)   // before the read
        return LearnerLog(learner: learner, records: try reviewsForReplay(learner: learner), stamp: stamp)
    }

    /// The log's records by course when they are still the store's, checked inside the
    /// write transaction `db` (so nothing can be written between the check and their use).
    static func stillCurrent(_ log: LearnerLog?, ownWrites: Int, _ db: Database) throws -> [String: [ReviewRecord]]? {
        guard let log else { return nil }
        let now = LearnerLog.Stamp(dataVersion: try Int.fetchOne(db, sql: "PRAGMA data_version") ?? 0, ownWrites: ownWrites)
        guard now == log.stamp else { return nil }
        // One course (the usual case) is the whole array, not a copy of it.
        if let first = log.records.first, log.records.allSatisfy({ $0.courseID == first.courseID }) {
            return [first.courseID: log.records]
        }
        return Dictionary(grouping: log.records, by: \.courseID)
    }
}
