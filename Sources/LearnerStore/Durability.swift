import Foundation
import GRDB

/// What is in force on the writer connection, read back from SQLite itself.
public struct DurabilityReport: Sendable, Equatable {
    /// "wal" when the write-ahead log is on.
    public var journalMode: String
    /// `PRAGMA synchronous`: 2 is FULL, every commit is fsynced before it returns.
    public var synchronous: Int
    /// Milliseconds a writer waits for another process's lock before giving up.
    public var busyTimeoutMilliseconds: Int

    public var isDurable: Bool { journalMode == "wal" && synchronous >= 2 }
}

/// Connection settings that make each answer survive a crash or a power cut.
enum Durability {
    /// The pool configuration: a busy timeout so two primer processes take turns
    /// instead of failing at once, and IMMEDIATE write transactions (GRDB's default for
    /// writers) so the wait happens at BEGIN, where SQLite can wait safely.
    static func configuration(busyTimeout: TimeInterval, walProgress: WALProgress? = nil) -> Configuration {
        var config = Configuration()
        config.busyMode = .timeout(busyTimeout)
        config.foreignKeysEnabled = true
        config.label = "primer.store"
        // Readers are cheap; two is enough for a terminal app and keeps file handles few.
        config.maximumReaderCount = 2
        config.prepareDatabase { db in
            // Set here too, although DatabasePool overrides it for the writer afterwards
            // (see `enforce`): readers never write, and new connections start safe.
            try db.execute(sql: "PRAGMA synchronous = FULL")
            walProgress?.install(on: db)
            #if canImport(Darwin)
            // On Apple systems fsync does not reach the platter; F_FULLFSYNC does.
            try db.execute(sql: "PRAGMA fullfsync = ON; PRAGMA checkpoint_fullfsync = ON")
            #endif
        }
        return config
    }

    /// DatabasePool switches the writer to `synchronous = NORMAL` after
    /// `prepareDatabase` when it sets up WAL; NORMAL may lose the last commits on power
    /// loss. Re-apply FULL on the writer and read it back: if it is not in force, refuse
    /// to run rather than silently lose answers.
    static func enforce(on pool: any DatabaseWriter, path: URL) throws -> DurabilityReport {
        let report = try pool.writeWithoutTransaction { db -> DurabilityReport in
            try db.execute(sql: "PRAGMA synchronous = FULL")
            return try read(db)
        }
        guard report.isDurable else {
            throw StoreError.durability(
                path: path,
                detail: "journal_mode is \(report.journalMode) and synchronous is \(report.synchronous); expected wal and 2 (FULL)")
        }
        return report
    }

    static func read(_ db: Database) throws -> DurabilityReport {
        DurabilityReport(
            journalMode: try String.fetchOne(db, sql: "PRAGMA journal_mode") ?? "",
            synchronous: try Int.fetchOne(db, sql: "PRAGMA synchronous") ?? -1,
            busyTimeoutMilliseconds: try Int.fetchOne(db, sql: "PRAGMA busy_timeout") ?? 0)
    }
}
