import GRDB

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
