import Foundation
import GRDB

/// One learner, as `primer learners` lists them.
public struct LearnerSummary: Sendable, Equatable {
    public var id: Int64
    public var name: String
    public var createdAt: Date
    /// The latest review, session or lesson read; nil for a learner who has done nothing yet.
    public var lastActivity: Date?
    public var reviewCount: Int

    public init(id: Int64, name: String, createdAt: Date, lastActivity: Date?, reviewCount: Int) {
        self.id = id
        self.name = name
        self.createdAt = createdAt
        self.lastActivity = lastActivity
        self.reviewCount = reviewCount
    }
}

extension LearnerStore {
    /// The id of the learner called `name`, created (at `now`) if missing. Names are
    /// compared exactly: "Ana" and "ana" are two learners.
    public func learner(named name: String, now: Date) throws -> Int64 {
        if let problem = LearnerName.problem(name) { throw StoreError.conflict(problem) }
        // Look first without the write lock: another primer may be busy writing.
        if let id = try existingLearner(named: name) { return id }
        return try write { db in
            if let id = try Int64.fetchOne(db, sql: "SELECT id FROM learner WHERE name = ?", arguments: [name]) {
                return id
            }
            try db.execute(sql: "INSERT INTO learner (name, createdAt) VALUES (?, ?)", arguments: [name, Millis.from(now)])
            return db.lastInsertedRowID
        }
    }

    /// The id of an existing learner, or nil; never writes (for read-only commands).
    public func existingLearner(named name: String) throws -> Int64? {
        try read { db in try Int64.fetchOne(db, sql: "SELECT id FROM learner WHERE name = ?", arguments: [name]) }
    }

    /// Every learner's name, in order: one indexed read, whatever the length of the log.
    public func learnerNames() throws -> [String] {
        try read { db in try String.fetchAll(db, sql: "SELECT name FROM learner ORDER BY name") }
    }

    /// Every learner, by name.
    public func learners() throws -> [LearnerSummary] {
        try read { db in
            try Row.fetchAll(db, sql: """
                SELECT l.id, l.name, l.createdAt,
                       (SELECT COUNT(*) FROM review r WHERE r.learnerId = l.id) AS reviewCount,
                       MAX(COALESCE((SELECT MAX(reviewedAt) FROM review r WHERE r.learnerId = l.id), -1),
                           COALESCE((SELECT MAX(MAX(startedAt, COALESCE(finishedAt, 0))) FROM session s WHERE s.learnerId = l.id), -1),
                           COALESCE((SELECT MAX(readAt) FROM lessonProgress p WHERE p.learnerId = l.id), -1)) AS lastActivity
                FROM learner l ORDER BY l.name
                """).map { row in
                let id: Int64 = try RowValue.decode(row, "id", table: "learner")
                let last: Int64 = (try? RowValue.decode(row, "lastActivity", table: "learner", id: "\(id)")) ?? -1
                return LearnerSummary(id: id, name: try RowValue.decode(row, "name", table: "learner", id: "\(id)"),
                                      createdAt: Millis.date(try RowValue.decode(row, "createdAt", table: "learner", id: "\(id)") as Int64),
                                      lastActivity: last < 0 ? nil : Millis.date(last),
                                      reviewCount: try RowValue.decode(row, "reviewCount", table: "learner", id: "\(id)"))
            }
        }
    }
}
