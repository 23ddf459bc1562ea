import Foundation
import StudyCore
import GRDB

/// Hooks for tests and for the `StoreCrashWriter` helper: files in shapes the normal
/// API never writes (an old schema, a file from a newer primer) and a lock held on
/// purpose. Kept in the module, not in the tests, because they need the schema and the
/// pool, and because a fixture must be reproducible by the code that defines the schema.
public enum StoreFixtures {
    /// The fixed instant the version-1 fixture's data is dated from (2024-01-01T00:00:00Z).
    public static let fixtureEpoch = Date(timeIntervalSince1970: 1_704_067_200)

    /// Writes `primer.sqlite` into `directory` with the first migration only
    /// ("v1-initial", schema version 1), in rollback-journal mode so it is a single
    /// self-contained file, holding: learner "ana"; course "demo" with reviews r1 (q1,
    /// good), r2 (q2, again), r3 (q1, easy) a day apart; the matching item states; a
    /// finished practice session "s1"; lesson "intro" read; setting theme=dark.
    public static func writeVersion1File(directory: URL) throws {
        try FileSystem.makeDirectory(directory)
        let file = directory.appendingPathComponent(DataLocation.fileName)
        try FileSystem.createExclusive(file)
        let queue = try DatabaseQueue(path: file.path)
        try Schema.migrator.migrate(queue, upTo: "v1-initial")
        let day: Int64 = 86_400_000
        let t0 = Millis.from(fixtureEpoch)
        try queue.write { db in
            try db.execute(sql: "INSERT INTO learner (id, name, createdAt) VALUES (1, 'ana', ?)", arguments: [t0])
            try db.execute(sql: """
                INSERT INTO session (id, learnerId, courseId, kind, startedAt, finishedAt, score, answered, correct)
                VALUES ('s1', 1, 'demo', 'practice', ?, ?, 0.5, 2, 1)
                """, arguments: [t0 + 1000, t0 + 60_000])
            let reviews: [(String, String, Int64, Int, Bool)] = [
                ("r1", "q1", t0 + 2000, 3, true), ("r2", "q2", t0 + day, 1, false), ("r3", "q1", t0 + 2 * day, 4, true),
            ]
            for (id, question, at, rating, correct) in reviews {
                try db.execute(sql: """
                    INSERT INTO review (id, learnerId, courseId, questionId, reviewedAt, rating, shown, chosen, correct, responseMs, sessionId)
                    VALUES (?, 1, 'demo', ?, ?, ?, '["A","B","C","D"]', ?, ?, 1500, 's1')
                    """, arguments: [id, question, at, rating, correct ? #"["A"]"# : #"["B"]"#, correct])
            }
            // States as the tests' last-review-wins replay computes them: stability = rating,
            // difficulty = 5.5 - rating, due = review + rating days, Review if correct else Relearning step 0.
            try db.execute(sql: """
                INSERT INTO itemState (learnerId, courseId, questionId, state, step, stability, difficulty, due, lastReview)
                VALUES (1, 'demo', 'q1', 2, NULL, 4.0, 1.5, ?, ?), (1, 'demo', 'q2', 3, 0, 1.0, 4.5, ?, ?)
                """, arguments: [t0 + 2 * day + 4 * day, t0 + 2 * day, t0 + day + day, t0 + day])
            try db.execute(sql: "INSERT INTO lessonProgress VALUES (1, 'demo', 'intro', ?)", arguments: [t0 + 500])
            try db.execute(sql: "INSERT INTO setting VALUES (1, 'theme', 'dark')")
        }
        try queue.close()
        FileSystem.sync(file)
    }

    /// Marks an existing store as written by a newer primer: records a migration this
    /// build does not know (when `migration` is given) and/or raises `user_version`.
    public static func markAsNewer(file: URL, migration: String?, userVersion: Int?) throws {
        let queue = try DatabaseQueue(path: file.path)
        try queue.write { db in
            if let migration {
                try db.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES (?)", arguments: [migration])
            }
            if let userVersion { try db.execute(sql: "PRAGMA user_version = \(userVersion)") }
        }
        try queue.close()
    }

    /// Holds the store's write lock while `holding` runs (it is called once the lock is
    /// held): another process then has to wait (or give up with `StoreError.busy`).
    public static func holdWriteLock(_ store: LearnerStore, while holding: () -> Void) throws {
        try store.write { db in
            // IMMEDIATE transaction: the lock is taken at BEGIN; a write makes it certain.
            try db.execute(sql: "UPDATE learner SET name = name WHERE 0")
            holding()
        }
    }
}

extension StoreFixtures {
    /// Turns a store into "someone else's" SQLite file: our migration records and
    /// version go, the tables stay.
    public static func markAsForeign(file: URL) throws {
        let queue = try DatabaseQueue(path: file.path)
        try queue.write { db in
            try db.execute(sql: "DROP TABLE grdb_migrations; PRAGMA user_version = 0")
        }
        try queue.close()
    }

    /// Adds a whole log for one learner in one transaction and recomputes their item
    /// states from it (tests and benchmarks that need thousands of answers quickly; the
    /// app saves one answer per transaction).
    public static func insertLog(_ store: LearnerStore, learner: Int64, records: [ReviewRecord],
                                 replay: SettingsReplayFunction) throws {
        try store.write { db in
            try LearnerStore.requireLearner(learner, db)
            for record in records { try Codecs.insertReview(record, learner: learner, db) }
            _ = try LearnerStore.rebuild(db, replay, learners: [learner])
        }
    }

    /// Recomputes the running summary of every learner and course from the log (benchmarks
    /// that write a large log straight into SQLite, around the store's own writes).
    public static func recomputeRunningSummary(_ store: LearnerStore) throws {
        try store.write { db in try RunningSummary.recomputeAll(db) }
    }
}
