import Foundation
import GRDB

/// Lesson progress and per-learner settings: small tables, plain reads and writes.
extension LearnerStore {
    /// Marks a lesson read. The first reading is kept: reading again changes nothing.
    public func markLessonRead(learner: Int64, course: String, lesson: String, at: Date) throws {
        try write { db in
            try Self.requireLearner(learner, db)
            try db.execute(sql: """
                INSERT INTO lessonProgress (learnerId, courseId, lessonId, readAt) VALUES (?, ?, ?, ?)
                ON CONFLICT DO NOTHING
                """, arguments: [learner, course, lesson, Millis.from(at)])
        }
    }

    /// The ids of the lessons of `course` the learner has read.
    public func lessonsRead(learner: Int64, course: String) throws -> Set<String> {
        try read { db in
            try String.fetchSet(db, sql: "SELECT lessonId FROM lessonProgress WHERE learnerId = ? AND courseId = ?",
                                arguments: [learner, course])
        }
    }

    /// The learner's settings (free-form keys chosen by the app).
    public func settings(learner: Int64) throws -> [String: String] {
        try read { db in
            var result: [String: String] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT key, value FROM setting WHERE learnerId = ?", arguments: [learner]) {
                result[row["key"]] = row["value"]
            }
            return result
        }
    }

    /// Sets one setting; `nil` removes it.
    public func setSetting(learner: Int64, key: String, value: String?) throws {
        try write { db in
            try Self.requireLearner(learner, db)
            if let value {
                try db.execute(sql: """
                    INSERT INTO setting (learnerId, key, value) VALUES (?, ?, ?)
                    ON CONFLICT (learnerId, key) DO UPDATE SET value = excluded.value
                    """, arguments: [learner, key, value])
            } else {
                try db.execute(sql: "DELETE FROM setting WHERE learnerId = ? AND key = ?", arguments: [learner, key])
            }
        }
    }
}
