import Foundation
import GRDB
import StudyCore

/// What `doctor --rebuild` did to a file it could not use as it was.
public struct SalvageReport: Sendable, Equatable {
    /// Rows copied into the new file, by table.
    public var copied: [String: Int]
    /// Rows that could not be read or did not fit primer's schema, by table; the readable
    /// ones among them are listed in `setAside`.
    public var unreadable: [String: Int]
    /// The JSON file holding the rows set aside (values as text), if any were.
    public var setAside: URL?
    /// Where the old file (with its log) now lives.
    public var previousMovedTo: URL?
    /// Item states rebuilt from the salvaged log.
    public var statesRebuilt: Int

    public var reviewsCopied: Int { copied["review"] ?? 0 }
    public var unreadableCount: Int { unreadable.values.reduce(0, +) }
}

/// Copies every row primer can read out of a damaged or hand-edited file into a new store,
/// then rebuilds item states from the log it saved. Whatever the damage, the answers that
/// can still be read are kept: restoring the morning's backup would lose the day's.
///
/// Rows are read table by table, forwards until SQLite stops (a damaged page) and then
/// backwards from the end, so one bad page costs only the rows on it. A column renamed
/// in place (same count, same order) is read by position. A row is copied only if every
/// value fits its column and the new file's constraints accept it; the others are written
/// to a JSON file beside the store, so nothing readable is thrown away.
enum Salvage {
    /// Parents first, so foreign keys hold; item states are rebuilt, not copied.
    /// The running summary (`courseSummary`, `calibrationBin`) is recomputed, not copied.
    static let tables = ["learner", "setting", "lessonProgress", "session", "examItem", "review"]

    static func run(directory: URL, now: Date, replay: SettingsReplayFunction) throws -> SalvageReport {
        let live = directory.appendingPathComponent(DataLocation.fileName)
        let incoming = directory.appendingPathComponent(".primer.sqlite.rebuilding\(Backups.partialMarker)\(ProcessInfo.processInfo.processIdentifier)")
        func discard() { for suffix in ["", "-wal", "-shm", "-journal"] { FileSystem.remove(URL(fileURLWithPath: incoming.path + suffix)) } }
        discard()
        var report = SalvageReport(copied: [:], unreadable: [:], setAside: nil, previousMovedTo: nil, statesRebuilt: 0)
        var setAside: [[String: String]] = []
        do {
            try FileSystem.createExclusive(incoming)
            let target = try DatabaseQueue(path: incoming.path, configuration: Durability.configuration(busyTimeout: 5))
            try Schema.migrator.migrate(target)
            try FileCheck.withReadOnlyConnection(live, busyTimeout: 5) { source in
                let expected = try SchemaShape.expected(applied: Set(Schema.migrationIdentifiers))
                for table in tables {
                    guard let columns = expected[table] else { continue }
                    let result = try copy(table, columns: columns, from: source, into: target)
                    report.copied[table] = result.copied
                    if result.unreadable > 0 { report.unreadable[table] = result.unreadable }
                    setAside += result.setAside
                }
            }
            report.statesRebuilt = try target.write { db in
                let rebuilt = try rebuildStates(db, replay)
                try RunningSummary.recomputeAll(db)
                return rebuilt
            }
            try target.close()
            for suffix in ["-wal", "-shm", "-journal"] { FileSystem.remove(URL(fileURLWithPath: incoming.path + suffix)) }
            FileSystem.sync(incoming)
        } catch {
            discard()
            throw StoreError.from(error, path: live, busyTimeout: 5)
        }
        if !setAside.isEmpty {
            let url = directory.appendingPathComponent("primer-set-aside-\(Backups.stamp(now)).json")
            let data = try JSONSerialization.data(withJSONObject: setAside, options: [.prettyPrinted, .sortedKeys])
            FileSystem.remove(url)
            try FileSystem.createExclusive(url)
            try data.write(to: url)
            report.setAside = url
        }
        let aside = LearnerStore.uniqueName(in: directory, base: "primer-damaged-\(Backups.stamp(now))")
        if try RestoreJournal.replace(in: directory, incoming: incoming, aside: aside) { report.previousMovedTo = aside }
        CleanClose.forget(live)
        for marker in CleanClose.deadWriters(beside: live) { FileSystem.remove(marker) }
        return report
    }

    struct TableResult {
        var copied = 0
        var unreadable = 0
        var setAside: [[String: String]] = []
    }

    private static func copy(_ table: String, columns: [SchemaShape.Column], from source: Database,
                             into target: DatabaseQueue) throws -> TableResult {
        var result = TableResult()
        let found = try Row.fetchAll(source, sql: "SELECT name FROM pragma_table_info(?)", arguments: [table]).compactMap { $0["name"] as String? }
        guard !found.isEmpty else { return result }
        // Each wanted column read by name, else by position when only names changed.
        let byPosition = found.count == columns.count
        var selected: [(want: SchemaShape.Column, from: String)] = []
        for (index, column) in columns.enumerated() {
            if found.contains(column.name) { selected.append((column, column.name)) }
            else if byPosition { selected.append((column, found[index])) }
        }
        let list = selected.map { "\"\($0.from)\"" }.joined(separator: ", ")
        let hasRowID = try String.fetchOne(source, sql: "SELECT sql FROM sqlite_master WHERE name = ?", arguments: [table])?
            .uppercased().contains("WITHOUT ROWID") == false
        let keyColumns = hasRowID ? ["rowid"] : selected.filter { $0.want.primaryKey > 0 }
            .sorted { $0.want.primaryKey < $1.want.primaryKey }.map { "\"\($0.from)\"" }
        let keyExpression = keyColumns.isEmpty ? "NULL" : keyColumns.map { "quote(\($0))" }.joined(separator: " || '/' || ")
        var rows: [String: Row] = [:]
        var readFailed = false
        for direction in ["ASC", "DESC"] {
            let order = keyColumns.isEmpty ? "" : " ORDER BY " + keyColumns.map { "\($0) \(direction)" }.joined(separator: ", ")
            let sql = "SELECT \(list), \(keyExpression) AS primerRowKey FROM \"\(table)\"\(order)"
            do {
                let cursor = try Row.fetchCursor(source, sql: sql)
                while let row = try cursor.next() {
                    let rowKey: String = row["primerRowKey"] ?? UUID().uuidString
                    if rows[rowKey] != nil { if direction == "DESC" { break } else { continue } }
                    rows[rowKey] = row.copy()
                }
            } catch {
                readFailed = true
            }
            if !readFailed { break }
        }
        if readFailed {
            // Rows on the damaged pages: how many is unknown, the count says so by being at least one.
            result.unreadable += 1
        }
        let insert = "INSERT INTO \"\(table)\" (\(selected.map { "\"\($0.want.name)\"" }.joined(separator: ", "))) VALUES (\(selected.map { _ in "?" }.joined(separator: ", ")))"
        try target.write { db in
            for (rowKey, row) in rows.sorted(by: { $0.key < $1.key }) {
                let values = selected.indices.map { row[$0] as DatabaseValue }
                let fits = zip(selected, values).allSatisfy { fitsColumn($0.want, $1) }
                if fits {
                    do {
                        try db.execute(sql: "SAVEPOINT salvageRow")
                        try db.execute(sql: insert, arguments: StatementArguments(values))
                        try db.execute(sql: "RELEASE salvageRow")
                        result.copied += 1
                        continue
                    } catch {
                        try db.execute(sql: "ROLLBACK TO salvageRow")
                        try db.execute(sql: "RELEASE salvageRow")
                    }
                }
                result.unreadable += 1
                var kept: [String: String] = ["table": table, "key": rowKey]
                for (column, value) in zip(selected, values) { kept[column.want.name] = text(value) }
                result.setAside.append(kept)
            }
        }
        return result
    }

    /// The same rule `SchemaShape.badRows` applies, plus NOT NULL.
    static func fitsColumn(_ column: SchemaShape.Column, _ value: DatabaseValue) -> Bool {
        switch value.storage {
        case .null: return !column.notNull
        case .int64: return column.type == "INTEGER" || column.type == "REAL"
        case .double: return column.type == "REAL"
        case .string: return column.type == "TEXT"
        case .blob: return false
        }
    }

    static func text(_ value: DatabaseValue) -> String {
        switch value.storage {
        case .null: return "NULL"
        case .int64(let v): return String(v)
        case .double(let v): return String(v)
        case .string(let v): return v
        case .blob(let v): return "blob of \(v.count) bytes"
        }
    }

    /// Item states from the salvaged log, for every learner and course in it.
    private static func rebuildStates(_ db: Database, _ replay: SettingsReplayFunction) throws -> Int {
        var count = 0
        for pair in try LearnerStore.allPairs(db) {
            for (question, memory) in try LearnerStore.replayed(pair, replay, db) {
                try Codecs.upsertState(memory, learner: pair.learner, course: pair.course, question: question, db)
                count += 1
            }
        }
        return count
    }
}

extension LearnerStore {
    /// `primer doctor --rebuild` on a file that cannot be used as it is (see `Salvage`):
    /// refused while another primer has the store open; the old file is kept beside the new one.
    public static func salvage(directory: URL, now: Date, replayWithSettings replay: SettingsReplayFunction) throws -> SalvageReport {
        let directory = directory.standardizedFileURL
        let lock = try StoreLock.exclusive(in: directory, for: "Rebuilding the learner data")
        defer { withExtendedLifetime(lock) {} }
        try RestoreJournal.recover(in: directory, now: now)
        let file = directory.appendingPathComponent(DataLocation.fileName)
        guard FileSystem.exists(file) else { throw StoreError.notFound("a learner data file in \(directory.path)") }
        if let problem = try FileSystem.notARegularFile(file) ?? FileCheck.headerProblem(file) {
            throw StoreError.damaged(path: file, detail: problem + "; nothing in it can be read", latestBackup: Backups.latest(in: directory))
        }
        return try Salvage.run(directory: directory, now: now, replay: replay)
    }
}
