import Foundation
import GRDB

/// Checks an existing file before primer opens it for writing. Everything here reads
/// only: a damaged file or one from a newer primer must stay byte for byte as it was,
/// so the learner (or a later primer) can still recover it.
enum FileCheck {
    /// How much to verify before trusting a file.
    enum Depth: Sendable {
        /// The header, `PRAGMA integrity_check` (which, unlike quick_check, also finds an
        /// index that no longer matches its rows) and the schema's shape. Run when the file
        /// may have changed outside primer: after an unclean stop, or on a file to restore.
        case full
        /// The header and the version stamp only: for a file primer itself closed cleanly
        /// and nobody has touched since (see `CleanClose`).
        case header
    }

    static let sqliteHeader: [UInt8] = Array("SQLite format 3\u{0}".utf8)

    /// Verifies `file` and returns its version stamp, or throws `.damaged` /
    /// `.newerVersion` / an access error. Never writes to `file`.
    static func inspect(_ file: URL, depth: Depth, busyTimeout: TimeInterval, rawHeaderCheck: Bool = true) throws -> Schema.Stamp {
        if rawHeaderCheck, let problem = try headerProblem(file) {
            throw StoreError.damaged(path: file, detail: problem, latestBackup: Backups.latest(in: file.deletingLastPathComponent()))
        }
        let stamp: Schema.Stamp
        do {
            stamp = depth == .header ? try headerStamp(file, busyTimeout: busyTimeout) : try fullStamp(file, busyTimeout: busyTimeout)
        } catch {
            throw StoreError.from(error, path: file, busyTimeout: busyTimeout)
        }
        if stamp.isNewer {
            throw StoreError.newerVersion(path: file, found: stamp.newerDescription, supported: Schema.version)
        }
        return stamp
    }

    /// Cheap structural checks that catch what SQLite itself might accept: SQLite treats
    /// a zero-length file as a fresh empty database, and would happily start writing
    /// into it. Returns a description of the problem, or nil. Opens the file with a raw
    /// descriptor: never call it on a file this process has open (see `OpenFiles`).
    static func headerProblem(_ file: URL) throws -> String? {
        guard let size = FileSystem.size(file) else {
            throw StoreError.notReadable(path: file, detail: "the file vanished while being checked")
        }
        if size == 0 { return "the file is empty (0 bytes)" }
        let header = try FileSystem.readPrefix(file, count: 100)
        if header.count < 100 {
            return "the file is only \(size) bytes, too short for an SQLite database"
        }
        if Array(header.prefix(16)) != sqliteHeader {
            return "it does not start with the SQLite header, so it is not an SQLite database"
        }
        let rawPageSize = Int(header[16]) << 8 | Int(header[17])
        let pageSize = rawPageSize == 1 ? 65536 : rawPageSize
        if pageSize < 512 || pageSize > 65536 || pageSize & (pageSize - 1) != 0 {
            return "its header gives an impossible page size (\(rawPageSize))"
        }
        // With a write-ahead log beside it, the main file may legitimately lag behind its
        // header (a checkpoint cut short by a crash is redone from the log); without one,
        // a file shorter than its header says has been truncated.
        let wal = URL(fileURLWithPath: file.path + "-wal")
        let walSize = FileSystem.size(wal) ?? 0
        let changeCounter = bigEndian(header, at: 24)
        let validFor = bigEndian(header, at: 92)
        let pageCount = bigEndian(header, at: 28)
        if walSize == 0 && pageCount > 0 && validFor == changeCounter && pageCount * pageSize > size {
            return "the file is truncated: its header says \(pageCount * pageSize) bytes, it has \(size)"
        }
        return nil
    }

    /// The stamp after `PRAGMA integrity_check`, the schema's shape and every row's
    /// types, refusing a damaged or foreign file (see `Depth.full`).
    private static func fullStamp(_ file: URL, busyTimeout: TimeInterval) throws -> Schema.Stamp {
        try withReadOnlyConnection(file, busyTimeout: busyTimeout) { db in
            let lines = try String.fetchAll(db, sql: "PRAGMA integrity_check")
            if lines != ["ok"] {
                let summary = lines.prefix(3).joined(separator: "; ")
                throw StoreError.damaged(path: file, detail: "integrity_check: \(summary)",
                                         latestBackup: Backups.latest(in: file.deletingLastPathComponent()))
            }
            let stamp = try Schema.Stamp.read(db)
            if !stamp.applied.isEmpty, !stamp.isNewer {
                let problems = try SchemaShape.problems(db, applied: stamp.applied)
                if !problems.isEmpty {
                    throw StoreError.damaged(path: file, detail: "its schema is not primer's: " + problems.prefix(3).joined(separator: "; "),
                                             latestBackup: Backups.latest(in: file.deletingLastPathComponent()))
                }
                if let bad = try SchemaShape.badRows(db, applied: stamp.applied, limit: 1).first {
                    throw StoreError.damaged(
                        path: file, detail: "a row primer cannot read: table \(bad.table), row \(bad.id), "
                            + "column \(bad.column) holds \(bad.found)",
                        latestBackup: Backups.latest(in: file.deletingLastPathComponent()))
                }
            }
            if stamp.applied.isEmpty && stamp.userVersion == 0 {
                let tables = try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
                if !tables.isEmpty { throw foreign(file, tables) }
            }
            return stamp
        }
    }

    /// The version stamp (and, without one, the refusal of someone else's database) as
    /// the `.header` check needs it, on a `ReadOnlyConnection`: what `Schema.Stamp.read`
    /// and the foreign-tables check read through GRDB, by the same queries.
    private static func headerStamp(_ file: URL, busyTimeout: TimeInterval) throws -> Schema.Stamp {
        try stamp(file, on: ReadOnlyConnection(file, busyTimeout: busyTimeout))
    }

    /// The header check (`Depth.header`) on a connection the caller opened and goes on
    /// using (a short command's only one, `LearnerStore.Options.readsOnWriter`): its
    /// queries in a read-only transaction, so nothing is written before the verdict. GRDB's
    /// queue, unlike its pool, writes nothing when it opens. Throws as `inspect` does.
    static func headerStamp(on queue: DatabaseQueue, _ file: URL, busyTimeout: TimeInterval) throws -> Schema.Stamp {
        let found: Schema.Stamp
        do {
            found = try queue.read { db in
                guard let connection = db.sqliteConnection else { throw DatabaseError(resultCode: .SQLITE_MISUSE) }
                return try stamp(file, on: ReadOnlyConnection(borrowing: connection))
            }
        } catch {
            throw StoreError.from(error, path: file, busyTimeout: busyTimeout)
        }
        if found.isNewer {
            throw StoreError.newerVersion(path: file, found: found.newerDescription, supported: Schema.version)
        }
        return found
    }

    /// The version stamp from the file's `user_version` and GRDB's migrations table; a
    /// database with tables but neither is someone else's.
    private static func stamp(_ file: URL, on connection: ReadOnlyConnection) throws -> Schema.Stamp {
        let userVersion = try connection.integer("PRAGMA user_version")
        let tables = try connection.texts("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
        let applied = tables.contains("grdb_migrations") ? Set(try connection.texts("SELECT identifier FROM grdb_migrations")) : []
        if applied.isEmpty && userVersion == 0 && !tables.isEmpty { throw foreign(file, tables) }
        return Schema.Stamp(userVersion: userVersion, applied: applied)
    }

    private static func foreign(_ file: URL, _ tables: [String]) -> StoreError {
        .damaged(path: file, detail: "it is an SQLite database, but not primer's (tables: \(tables.prefix(5).joined(separator: ", ")))",
                 latestBackup: Backups.latest(in: file.deletingLastPathComponent()))
    }

    /// Runs `body` on a connection opened with SQLITE_OPEN_READONLY.
    static func withReadOnlyConnection<T>(_ file: URL, busyTimeout: TimeInterval, _ body: (Database) throws -> T) throws -> T {
        var config = Configuration()
        config.readonly = true
        config.busyMode = .timeout(busyTimeout)
        config.label = "primer.check"
        let queue = try DatabaseQueue(path: file.path, configuration: config)
        defer { try? queue.close() }
        return try queue.read(body)
    }

    private static func bigEndian(_ bytes: [UInt8], at offset: Int) -> Int {
        bytes[offset..<offset + 4].reduce(0) { $0 << 8 | Int($1) }
    }
}
