import Foundation
import GRDB

/// The database schema, as an ordered list of migrations. Never edit a shipped
/// migration: add a new one. Files written by older primers upgrade in place; a file
/// that names a migration this list lacks was written by a newer primer and is refused.
///
/// `PRAGMA user_version` mirrors the number of migrations, so tools other than GRDB
/// (and older primers) can tell the version at a glance.
enum Schema {
    /// The schema version this build writes: one per migration.
    static let version = migrationIdentifiers.count

    static let migrationIdentifiers = ["v1-initial", "v2-cram-and-presets", "v3-exam-outcomes-and-predictions",
                                       "v4-running-summary", "v5-live-quiz", "v6-item-index-covers-replay"]

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-initial") { db in try createVersion1(db) }
        migrator.registerMigration("v2-cram-and-presets") { db in try upgradeToVersion2(db) }
        migrator.registerMigration("v3-exam-outcomes-and-predictions") { db in try upgradeToVersion3(db) }
        migrator.registerMigration("v4-running-summary") { db in
            try upgradeToVersion4(db)
            try RunningSummary.recomputeAll(db)
        }
        migrator.registerMigration("v5-live-quiz") { db in try upgradeToVersion5(db) }
        migrator.registerMigration("v6-item-index-covers-replay") { db in try upgradeToVersion6(db) }
        return migrator
    }

    /// The first shipped shape (the fixture `Tests/LearnerStoreTests/Resources/primer-v1.sqlite`
    /// was made by it). Dates are INTEGER milliseconds since 1970 (UTC): exact, sortable,
    /// and lossless through the ISO 8601 export.
    static func createVersion1(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE learner (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                name TEXT NOT NULL UNIQUE,
                createdAt INTEGER NOT NULL
            );
            -- Derivable from the review log (see `doctor`), kept for fast loading.
            CREATE TABLE itemState (
                learnerId INTEGER NOT NULL REFERENCES learner(id) ON DELETE CASCADE,
                courseId TEXT NOT NULL,
                questionId TEXT NOT NULL,
                state INTEGER NOT NULL,
                step INTEGER,
                stability REAL,
                difficulty REAL,
                due INTEGER NOT NULL,
                lastReview INTEGER,
                PRIMARY KEY (learnerId, courseId, questionId)
            ) WITHOUT ROWID;
            -- Append-only: rows are inserted by `record` and removed only by `undo`.
            CREATE TABLE review (
                id TEXT PRIMARY KEY NOT NULL,
                learnerId INTEGER NOT NULL REFERENCES learner(id) ON DELETE CASCADE,
                courseId TEXT NOT NULL,
                questionId TEXT NOT NULL,
                reviewedAt INTEGER NOT NULL,
                rating INTEGER NOT NULL CHECK (rating BETWEEN 1 AND 4),
                shown TEXT NOT NULL,   -- JSON array of option texts, in the order shown
                chosen TEXT NOT NULL,  -- JSON array of option texts
                correct INTEGER NOT NULL,
                responseMs INTEGER NOT NULL,
                sessionId TEXT
            );
            CREATE INDEX review_by_learner_course_time ON review(learnerId, courseId, reviewedAt);
            CREATE TABLE session (
                id TEXT PRIMARY KEY NOT NULL,
                learnerId INTEGER NOT NULL REFERENCES learner(id) ON DELETE CASCADE,
                courseId TEXT NOT NULL,
                kind TEXT NOT NULL,
                startedAt INTEGER NOT NULL,
                finishedAt INTEGER,
                score REAL,
                answered INTEGER NOT NULL DEFAULT 0,
                correct INTEGER NOT NULL DEFAULT 0
            );
            CREATE INDEX session_by_learner ON session(learnerId, startedAt);
            CREATE TABLE lessonProgress (
                learnerId INTEGER NOT NULL REFERENCES learner(id) ON DELETE CASCADE,
                courseId TEXT NOT NULL,
                lessonId TEXT NOT NULL,
                readAt INTEGER NOT NULL,
                PRIMARY KEY (learnerId, courseId, lessonId)
            ) WITHOUT ROWID;
            CREATE TABLE setting (
                learnerId INTEGER NOT NULL REFERENCES learner(id) ON DELETE CASCADE,
                key TEXT NOT NULL,
                value TEXT NOT NULL,
                PRIMARY KEY (learnerId, key)
            ) WITHOUT ROWID;
            PRAGMA user_version = 1;
            """)
    }

    /// Cram answers are logged but must not move the schedule, and sessions remember
    /// which exam preset they used. Old rows get the defaults that held before:
    /// every review counted, no preset.
    static func upgradeToVersion2(_ db: Database) throws {
        try db.execute(sql: """
            ALTER TABLE review ADD COLUMN affectsSchedule INTEGER NOT NULL DEFAULT 1;
            ALTER TABLE session ADD COLUMN preset TEXT;
            CREATE INDEX review_by_learner_time ON review(learnerId, reviewedAt);
            PRAGMA user_version = 2;
            """)
    }

    /// Exams record their paper (the questions set, in order), how many questions they set
    /// and how they ended (handed in, time up, abandoned), so a score is always right
    /// answers over questions set, a question left blank counts as wrong in every report,
    /// and an exam left half-way is never counted as finished. Each answer records the
    /// probability the learner model gave it of being right when it was asked, so the
    /// model's calibration can be shown. Old rows have none of these (NULL, no paper):
    /// they are reported as unknown.
    static func upgradeToVersion3(_ db: Database) throws {
        try db.execute(sql: """
            ALTER TABLE session ADD COLUMN questionCount INTEGER;
            ALTER TABLE session ADD COLUMN outcome TEXT;
            ALTER TABLE review ADD COLUMN predicted REAL;
            CREATE TABLE examItem (
                sessionId TEXT NOT NULL REFERENCES session(id) ON DELETE CASCADE,
                position INTEGER NOT NULL,
                questionId TEXT NOT NULL,
                PRIMARY KEY (sessionId, position)
            ) WITHOUT ROWID;
            PRAGMA user_version = 3;
            """)
    }

    /// The running summary (see `RunningSummary`): what Home, Study today and `stats` need,
    /// kept up to date by every write so that none of them replays the whole log. Each
    /// answer records the state its item was in just before it (0 new, then `CardState`'s
    /// codes), each item whether it has ever been answered right; per learner and course,
    /// the number of answers and the calibration bins. The item-by-question index serves
    /// replaying one item; the learner-and-time index duplicated the learner-course-time one.
    static func upgradeToVersion4(_ db: Database) throws {
        try db.execute(sql: """
            ALTER TABLE itemState ADD COLUMN recalled INTEGER NOT NULL DEFAULT 0;
            ALTER TABLE review ADD COLUMN beforeState INTEGER;
            CREATE INDEX review_by_item ON review(learnerId, courseId, questionId, reviewedAt);
            DROP INDEX IF EXISTS review_by_learner_time;
            CREATE TABLE courseSummary (
                learnerId INTEGER NOT NULL REFERENCES learner(id) ON DELETE CASCADE,
                courseId TEXT NOT NULL,
                answers INTEGER NOT NULL,
                PRIMARY KEY (learnerId, courseId)
            ) WITHOUT ROWID;
            CREATE TABLE calibrationBin (
                learnerId INTEGER NOT NULL REFERENCES learner(id) ON DELETE CASCADE,
                courseId TEXT NOT NULL,
                bin INTEGER NOT NULL,
                answers INTEGER NOT NULL,
                correct INTEGER NOT NULL,
                predictedSum REAL NOT NULL,
                logLossSum REAL NOT NULL,
                PRIMARY KEY (learnerId, courseId, bin)
            ) WITHOUT ROWID;
            PRAGMA user_version = 4;
            """)
    }

    /// The item index exactly as the latest migration that makes it (`upgradeToVersion6`)
    /// creates it: a large import drops it and builds it again at the end (see
    /// `LearnerStore.bulkReviews`).
    static let createReviewByItem = """
        CREATE INDEX review_by_item ON review(learnerId, courseId, questionId, reviewedAt, id, rating, correct, affectsSchedule)
        """

    /// A live quiz a tutor runs for a class (see `LiveStore`): the quiz and where it stands
    /// (the tutor's process writes it), who has joined, and each learner's answer to each
    /// question (their sessions write those). Learners' answers are also saved in the
    /// ordinary log, as an exam session with the preset, so results and reports include them.
    static func upgradeToVersion5(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE liveQuiz (
                id TEXT PRIMARY KEY NOT NULL,
                courseId TEXT NOT NULL,
                title TEXT NOT NULL,
                preset TEXT,
                paper TEXT NOT NULL,            -- JSON: [{"question": id, "shown": [option text, …]}, …]
                secondsPerQuestion INTEGER NOT NULL,
                showsBoard INTEGER NOT NULL DEFAULT 0,
                phase TEXT NOT NULL,            -- waiting, question, revealed, ended
                questionIndex INTEGER NOT NULL,
                phaseStartedAt INTEGER NOT NULL,
                deadline INTEGER,
                revision INTEGER NOT NULL,
                createdAt INTEGER NOT NULL
            );
            CREATE INDEX liveQuiz_by_course ON liveQuiz(courseId, createdAt);
            CREATE TABLE liveParticipant (
                quizId TEXT NOT NULL REFERENCES liveQuiz(id) ON DELETE CASCADE,
                learnerId INTEGER NOT NULL REFERENCES learner(id) ON DELETE CASCADE,
                joinedAt INTEGER NOT NULL,
                lastSeen INTEGER NOT NULL,
                sessionId TEXT,                 -- the learner's exam session for this quiz, once they answer
                PRIMARY KEY (quizId, learnerId)
            ) WITHOUT ROWID;
            CREATE TABLE liveAnswer (
                quizId TEXT NOT NULL REFERENCES liveQuiz(id) ON DELETE CASCADE,
                learnerId INTEGER NOT NULL REFERENCES learner(id) ON DELETE CASCADE,
                questionIndex INTEGER NOT NULL,
                chosen TEXT NOT NULL,           -- JSON: option indices as shown
                correct INTEGER NOT NULL,
                answeredAt INTEGER NOT NULL,
                PRIMARY KEY (quizId, learnerId, questionIndex)
            ) WITHOUT ROWID;
            PRAGMA user_version = 5;
            """)
    }

    /// The item index also holds what replaying an item reads (the answer's id, which
    /// orders same-time answers and seeds its fuzz, the rating and whether it was right,
    /// whether it moves the schedule), so a replay of a learner's whole log (new settings, `primer optimize`,
    /// `doctor`) reads the index alone, one question after another in replay order, with
    /// no sort and no visit to the rows, which carry the option texts. Measured on a log of
    /// 14,000 answers: 26 ms for the time-ordered read of the rows, 4 ms for this one.
    static func upgradeToVersion6(_ db: Database) throws {
        try db.execute(sql: """
            DROP INDEX review_by_item;
            \(createReviewByItem);
            PRAGMA user_version = 6;
            """)
    }

    /// What a file says about its version, read without writing.
    struct Stamp {
        var userVersion: Int
        var applied: Set<String>

        /// Identifiers this build does not know: the mark of a newer primer.
        var unknown: [String] { applied.subtracting(migrationIdentifiers).sorted() }
        var isNewer: Bool { userVersion > Schema.version || !unknown.isEmpty }
        var isCurrent: Bool { applied == Set(migrationIdentifiers) && userVersion == Schema.version }
        /// A schema version for reports: the count of known migrations applied in order.
        var version: Int {
            var count = 0
            for id in migrationIdentifiers { if applied.contains(id) { count += 1 } else { break } }
            return max(count, userVersion)
        }

        var newerDescription: String {
            var parts: [String] = []
            if userVersion > Schema.version { parts.append("schema version \(userVersion)") }
            if !unknown.isEmpty { parts.append("migrations \(unknown.joined(separator: ", "))") }
            return parts.joined(separator: " and ")
        }

        static func read(_ db: Database) throws -> Stamp {
            let userVersion = try Int.fetchOne(db, sql: "PRAGMA user_version") ?? 0
            let applied = try migrator.appliedIdentifiers(db)
            return Stamp(userVersion: userVersion, applied: applied)
        }
    }
}
