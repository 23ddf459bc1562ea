import Foundation
import GRDB

/// What a primer file of a given schema version must look like, and whether its rows hold
/// values their columns can hold. `integrity_check` vouches for the b-trees, not for the
/// schema: a renamed column (`courseKd`), a dropped table or a text in an integer column
/// all pass it, and then every command fails. These checks catch them, read-only.
enum SchemaShape {
    struct Column: Equatable {
        var name: String
        var type: String
        var notNull: Bool
        var primaryKey: Int
    }

    /// Table name → columns, for the schema `applied` migrations build: built by running
    /// those migrations on an empty in-memory database, so it can never disagree with them.
    static func expected(applied: Set<String>) throws -> [String: [Column]] {
        let queue = try DatabaseQueue()
        var migrator = DatabaseMigrator()
        for id in Schema.migrationIdentifiers where applied.contains(id) {
            switch id {
            case "v1-initial": migrator.registerMigration(id) { try Schema.createVersion1($0) }
            case "v2-cram-and-presets": migrator.registerMigration(id) { try Schema.upgradeToVersion2($0) }
            case "v3-exam-outcomes-and-predictions": migrator.registerMigration(id) { try Schema.upgradeToVersion3($0) }
            case "v4-running-summary": migrator.registerMigration(id) { try Schema.upgradeToVersion4($0) }
            case "v5-live-quiz": migrator.registerMigration(id) { try Schema.upgradeToVersion5($0) }
            case "v6-item-index-covers-replay": migrator.registerMigration(id) { try Schema.upgradeToVersion6($0) }
            default: break
            }
        }
        try migrator.migrate(queue)
        return try queue.read { try shape($0) }
    }

    static func shape(_ db: Database) throws -> [String: [Column]] {
        var tables: [String: [Column]] = [:]
        for name in try String.fetchAll(db, sql: """
            SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name
            """) {
            tables[name] = try Row.fetchAll(db, sql: "SELECT * FROM pragma_table_info(?)", arguments: [name]).map { row in
                Column(name: row["name"] ?? "", type: (row["type"] as String? ?? "").uppercased(),
                       notNull: (row["notnull"] as Int? ?? 0) != 0, primaryKey: row["pk"] ?? 0)
            }
        }
        return tables
    }

    /// The differences between the file's shape and the expected one, in words (none: fine).
    static func problems(_ db: Database, applied: Set<String>) throws -> [String] {
        let expected = try expected(applied: applied)
        let actual = try shape(db)
        var problems: [String] = []
        for (table, columns) in expected.sorted(by: { $0.key < $1.key }) {
            guard let found = actual[table] else { problems.append("table \(table) is missing"); continue }
            if found != columns {
                let want = columns.map(\.name), have = found.map(\.name)
                let missing = want.filter { !have.contains($0) }, extra = have.filter { !want.contains($0) }
                var parts: [String] = []
                if !missing.isEmpty { parts.append("missing \(missing.joined(separator: ", "))") }
                if !extra.isEmpty { parts.append("unexpected \(extra.joined(separator: ", "))") }
                if parts.isEmpty { parts.append("columns with other types or constraints") }
                problems.append("table \(table) has \(parts.joined(separator: "; "))")
            }
        }
        for table in actual.keys.sorted() where expected[table] == nil {
            problems.append("table \(table) is not primer's")
        }
        return problems
    }

    /// A row whose value does not fit its column.
    struct BadRow: Equatable, Sendable {
        var table: String
        var id: String
        var column: String
        var found: String
    }

    /// How each table's rows are named in reports.
    static let rowNames: [String: String] = [
        "learner": "id", "itemState": "learnerId || '/' || courseId || '/' || questionId", "review": "id",
        "session": "id", "lessonProgress": "learnerId || '/' || courseId || '/' || lessonId",
        "setting": "learnerId || '/' || key", "examItem": "sessionId || '/' || position",
        "courseSummary": "learnerId || '/' || courseId", "calibrationBin": "learnerId || '/' || courseId || '/' || bin",
        "liveQuiz": "id", "liveParticipant": "quizId || '/' || learnerId",
        "liveAnswer": "quizId || '/' || learnerId || '/' || questionIndex",
    ]

    /// Rows holding a value of a storage class their column cannot hold (text in an
    /// INTEGER column, a blob anywhere), at most `limit` of them. Run on a file whose shape
    /// is right. One scan per table (all its columns tested at once), so the check that
    /// gates writing stays affordable on a long history.
    static func badRows(_ db: Database, applied: Set<String>, limit: Int = 50) throws -> [BadRow] {
        let expected = try expected(applied: applied)
        var found: [BadRow] = []
        for (table, columns) in expected.sorted(by: { $0.key < $1.key }) {
            guard let name = rowNames[table] else { continue }
            let checked = columns.compactMap { column -> (Column, String)? in
                allowedKinds(column).map { (column, "typeof(\"\(column.name)\") NOT IN (\($0.map { "'\($0)'" }.joined(separator: ", ")))") }
            }
            guard !checked.isEmpty else { continue }
            let flags = checked.map { "(\($0.1)) AS \"bad_\($0.0.name)\"" }.joined(separator: ", ")
            let kinds = checked.map { "typeof(\"\($0.0.name)\") AS \"kind_\($0.0.name)\", CAST(\"\($0.0.name)\" AS TEXT) AS \"value_\($0.0.name)\"" }
                .joined(separator: ", ")
            let rows = try Row.fetchAll(db, sql: """
                SELECT CAST(\(name) AS TEXT) AS rowName, \(flags), \(kinds) FROM "\(table)"
                WHERE \(checked.map(\.1).joined(separator: " OR ")) LIMIT \(max(0, limit - found.count))
                """)
            for row in rows {
                for (column, _) in checked where (row["bad_\(column.name)"] as Int? ?? 0) != 0 {
                    let value: String = row["value_\(column.name)"] ?? ""
                    let kind: String = row["kind_\(column.name)"] ?? "?"
                    found.append(BadRow(table: table, id: row["rowName"] ?? "?", column: column.name,
                                        found: "\(kind) '\(value.prefix(30))'"))
                }
            }
            if found.count >= limit { return Array(found.prefix(limit)) }
        }
        return found
    }

    /// The storage classes a column may hold, or nil when any will do.
    private static func allowedKinds(_ column: Column) -> [String]? {
        var allowed: [String]
        switch column.type {
        case "INTEGER": allowed = ["integer"]
        case "REAL": allowed = ["real", "integer"]
        case "TEXT": allowed = ["text"]
        default: return nil
        }
        if !column.notNull { allowed.append("null") }
        return allowed
    }
}
