import Foundation
import GRDB
import StudyCore

/// The second pass of an import: writes each part of the document as the reader hands it
/// over, inside the caller's transaction, with statements prepared once and reused
/// (SQLite's cost per row is then the insert itself, not parsing the SQL again).
struct ImportWriter: ExportVisitor {
    static let keepsOptionText = true
    private let db: Database
    private let learners: [LearnerHeading]
    private var learnerID: Int64 = 0
    private var learnersSeen = 0
    private(set) var summary = ImportSummary()
    /// Every learner and course the document has reviews for: their states are recomputed.
    private(set) var touched: Set<LearnerStore.Pair> = []
    private var lastPair: LearnerStore.Pair?
    private(set) var tracker = ImportTracker()
    private let insertReview: Statement
    /// The current learner's scheduling, with their settings as the import leaves them.
    private var scheduling: ItemScheduling?
    private let makeScheduling: SettingsScheduling?
    /// The current learner's settings as this pass reads them, to compare with the first's.
    private var settingsRead = SettingsRead()

    init(_ db: Database, learners: [LearnerHeading], scheduling: SettingsScheduling?) throws {
        self.db = db
        self.learners = learners
        makeScheduling = scheduling
        insertReview = try db.cachedStatement(sql: """
            INSERT INTO review (id, learnerId, courseId, questionId, reviewedAt, rating, shown, chosen,
                                correct, responseMs, sessionId, affectsSchedule, predicted, beforeState)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING
            """)
    }

    static func fileChanged() -> StoreError {
        .invalidExport(detail: "the file changed while it was being imported")
    }

    mutating func beginLearner(_ index: Int) throws {
        // The first pass read the name; it may come after the learner's reviews in the object.
        guard index < learners.count else { throw Self.fileChanged() }
        let heading = learners[index]
        let created = Millis.from(heading.createdAt)
        learnersSeen = index + 1
        if let id = try Int64.fetchOne(db, sql: "SELECT id FROM learner WHERE name = ?", arguments: [heading.name]) {
            // The same person on two machines: they began at the earlier date.
            try db.execute(sql: "UPDATE learner SET createdAt = MIN(createdAt, ?) WHERE id = ?", arguments: [created, id])
            learnerID = id
        } else {
            try db.execute(sql: "INSERT INTO learner (name, createdAt) VALUES (?, ?)", arguments: [heading.name, created])
            summary.learnersCreated += 1
            learnerID = db.lastInsertedRowID
        }
        settingsRead = SettingsRead()
        scheduling = nil
        // The settings the import leaves (local ones win, imported ones fill in), known from
        // the first pass though they come after the reviews in the learner's object.
        if let makeScheduling, let imported = heading.settings {
            let local = try LearnerStore.settings(learner: learnerID, db)
            scheduling = makeScheduling(local.merging(imported) { mine, _ in mine })
        }
    }

    mutating func endLearner(_ index: Int, name: String, createdAt: Date) throws {
        let heading = LearnerHeading(name: name, createdAt: createdAt, settings: settingsRead.values)
        guard learners[index] == heading else { throw Self.fileChanged() }
    }

    /// After the document: it held the learners the first pass saw, no fewer.
    func finish() throws {
        guard learnersSeen == learners.count else { throw Self.fileChanged() }
    }

    mutating func review(_ r: ImportedReview) throws {
        let before = try tracker.beforeState(of: r, learner: learnerID, scheduled: scheduling != nil, db)
        try insertReview.execute(arguments: [
            r.id, learnerID, r.course, r.question, r.reviewedAt, r.rating.rawValue, r.shown.json, r.chosen.json,
            r.correct, r.responseMilliseconds, r.session, r.affectsSchedule, r.predicted, before,
        ])
        let inserted = db.changesCount > 0
        if inserted {
            summary.reviewsAdded += 1
        } else {
            summary.reviewsAlreadyPresent += 1
        }
        tracker.record(r, learner: learnerID, inserted: inserted, scheduling: scheduling)
        let pair = LearnerStore.Pair(learner: learnerID, course: r.course)
        if pair != lastPair {
            touched.insert(pair)
            lastPair = pair
        }
    }

    mutating func session(_ s: ExportSession) throws {
        let statement = try db.cachedStatement(sql: """
            INSERT INTO session (id, learnerId, courseId, kind, startedAt, finishedAt, score, answered, correct, preset,
                                 questionCount, outcome)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING
            """)
        try statement.execute(arguments: [s.id, learnerID, s.course, s.kind, Millis.from(s.startedAt), s.finishedAt.map(Millis.from),
                                          s.score, s.answered, s.correct, s.preset, s.questions, s.outcome])
        if db.changesCount > 0 {
            summary.sessionsAdded += 1
            try LearnerStore.insertPaper(s.paper ?? [], session: s.id, db)
        } else if let finished = s.finishedAt {
            // Known here as unfinished (primer stopped mid-session): take the ending.
            try db.cachedStatement(sql: """
                UPDATE session SET finishedAt = ?, score = ?, answered = ?, correct = ?, questionCount = ?, outcome = ?
                WHERE id = ? AND finishedAt IS NULL
                """).execute(arguments: [Millis.from(finished), s.score, s.answered, s.correct, s.questions, s.outcome, s.id])
        }
    }

    mutating func lesson(_ lesson: ExportLesson) throws {
        let arguments: StatementArguments = [learnerID, lesson.course, lesson.lesson, Millis.from(lesson.readAt)]
        try db.cachedStatement(sql: """
            INSERT INTO lessonProgress (learnerId, courseId, lessonId, readAt) VALUES (?, ?, ?, ?)
            ON CONFLICT DO NOTHING
            """).execute(arguments: arguments)
        if db.changesCount > 0 {
            summary.lessonsAdded += 1
        } else {
            // Read on both machines: the first reading counts.
            try db.cachedStatement(sql: """
                UPDATE lessonProgress SET readAt = MIN(readAt, ?4)
                WHERE learnerId = ?1 AND courseId = ?2 AND lessonId = ?3
                """).execute(arguments: arguments)
        }
    }

    mutating func setting(key: String, value: String) throws {
        settingsRead.add(key, value)
        try db.cachedStatement(sql: "INSERT INTO setting (learnerId, key, value) VALUES (?, ?, ?) ON CONFLICT DO NOTHING")
            .execute(arguments: [learnerID, key, value])
        summary.settingsAdded += db.changesCount
    }
}
