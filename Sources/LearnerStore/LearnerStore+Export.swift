import Foundation
import GRDB
import StudyCore

/// What an import changed.
public struct ImportSummary: Sendable, Equatable {
    public var learnersCreated = 0
    public var reviewsAdded = 0
    /// Reviews whose id was already in the log: merged away, never duplicated.
    public var reviewsAlreadyPresent = 0
    public var sessionsAdded = 0
    public var lessonsAdded = 0
    public var settingsAdded = 0
    /// Item states written after replaying the merged log.
    public var itemStatesRecomputed = 0

    public init() {}
}

/// Rebuilds item states from a learner's reviews of one course, oldest first. The app
/// passes the FSRS scheduler; the store never needs to know how memory is modelled.
public typealias ReplayFunction = ([ReviewRecord]) -> [String: CardMemory]
/// A replay that also receives the learner's settings (desired retention changes due dates).
public typealias SettingsReplayFunction = (_ settings: [String: String], _ records: [ReviewRecord]) -> [String: CardMemory]

extension LearnerStore {
    /// The whole store, or one learner, as a `primer-export` version 1 JSON document
    /// (EXPORT_FORMAT.md). The output is deterministic: the same data gives the same bytes.
    public func exportJSON(learner name: String?) throws -> Data {
        let document = try read { db -> ExportDocument in
            var sql = "SELECT * FROM learner"
            var arguments: StatementArguments = []
            if let name { sql += " WHERE name = ?"; arguments = [name] }
            let rows = try Row.fetchAll(db, sql: sql + " ORDER BY name", arguments: arguments)
            if let name, rows.isEmpty { throw StoreError.notFound("learner \"\(name)\"") }
            let learners = try rows.map { row -> ExportLearner in
                let id: Int64 = row["id"]
                return ExportLearner(
                    name: row["name"],
                    createdAt: Millis.date(row["createdAt"] as Int64),
                    reviews: try Codecs.reviews(learner: id, course: nil, since: nil, db).map(ExportReview.init),
                    sessions: try Row.fetchAll(db, sql: "SELECT * FROM session WHERE learnerId = ? ORDER BY startedAt, id",
                                               arguments: [id]).map { s in
                        ExportSession(id: s["id"], course: s["courseId"], kind: s["kind"],
                                      startedAt: Millis.date(s["startedAt"] as Int64),
                                      finishedAt: Millis.date(s["finishedAt"] as Int64?), score: s["score"],
                                      answered: s["answered"], correct: s["correct"], preset: s["preset"])
                    },
                    lessonsRead: try Row.fetchAll(db, sql: """
                        SELECT * FROM lessonProgress WHERE learnerId = ? ORDER BY courseId, lessonId
                        """, arguments: [id]).map { l in
                        ExportLesson(course: l["courseId"], lesson: l["lessonId"], readAt: Millis.date(l["readAt"] as Int64))
                    },
                    settings: Dictionary(uniqueKeysWithValues: try Row.fetchAll(
                        db, sql: "SELECT key, value FROM setting WHERE learnerId = ?", arguments: [id]
                    ).map { ($0["key"] as String, $0["value"] as String) }))
            }
            return ExportDocument(format: ExportDocument.formatName, version: ExportDocument.currentVersion, learners: learners)
        }
        do {
            var data = try ExportDocument.encoder().encode(document)
            data.append(0x0A)
            return data
        } catch {
            throw StoreError.database(detail: "could not encode the export: \(error)")
        }
    }

    /// Restores or merges an export, in one transaction: learners match by name, reviews
    /// by their unique id (a review already present is skipped, never duplicated),
    /// sessions by id, lessons keep their first reading, and local settings win over
    /// imported ones. Then every item state of each learner and course in the document
    /// is recomputed by `replay` from the merged log.
    public func importJSON(_ data: Data, replay: ReplayFunction) throws -> ImportSummary {
        try importJSON(data, replayWithSettings: { _, records in replay(records) })
    }

    public func importJSON(_ data: Data, replayWithSettings replay: SettingsReplayFunction) throws -> ImportSummary {
        let document = try Self.decodeExport(data)
        return try write { db in
            var summary = ImportSummary()
            var touched: Set<Pair> = []
            for learner in document.learners {
                let id = try Self.mergeLearner(learner, db, &summary)
                for review in learner.reviews {
                    if try Bool.fetchOne(db, sql: "SELECT 1 FROM review WHERE id = ?", arguments: [review.id]) == true {
                        summary.reviewsAlreadyPresent += 1
                    } else {
                        try Codecs.insertReview(review.record, learner: id, db)
                        summary.reviewsAdded += 1
                    }
                    touched.insert(Pair(learner: id, course: review.course))
                }
                try Self.mergeSessions(learner.sessions, learner: id, db, &summary)
                for lesson in learner.lessonsRead {
                    let arguments: StatementArguments = [id, lesson.course, lesson.lesson, Millis.from(lesson.readAt)]
                    try db.execute(sql: """
                        INSERT INTO lessonProgress (learnerId, courseId, lessonId, readAt) VALUES (?, ?, ?, ?)
                        ON CONFLICT DO NOTHING
                        """, arguments: arguments)
                    if db.changesCount > 0 {
                        summary.lessonsAdded += 1
                    } else {
                        // Read on both machines: the first reading counts.
                        try db.execute(sql: """
                            UPDATE lessonProgress SET readAt = MIN(readAt, ?4)
                            WHERE learnerId = ?1 AND courseId = ?2 AND lessonId = ?3
                            """, arguments: arguments)
                    }
                }
                for (key, value) in learner.settings.sorted(by: { $0.key < $1.key }) {
                    try db.execute(sql: "INSERT INTO setting (learnerId, key, value) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
                                   arguments: [id, key, value])
                    summary.settingsAdded += db.changesCount
                }
            }
            for pair in touched.sorted() {
                summary.itemStatesRecomputed += try Self.replaceStates(of: pair, replay: replay, db)
            }
            return summary
        }
    }

    static func decodeExport(_ data: Data) throws -> ExportDocument {
        let decoder = ExportDocument.decoder()
        let header: ExportDocument.Header
        do { header = try decoder.decode(ExportDocument.Header.self, from: data) } catch {
            throw StoreError.invalidExport(detail: "it is not a JSON object (\(Self.describe(error)))")
        }
        guard header.format == ExportDocument.formatName else {
            throw StoreError.invalidExport(detail: "\"format\" is \(header.format.map { "\"\($0)\"" } ?? "missing"), expected \"\(ExportDocument.formatName)\"")
        }
        guard let version = header.version else { throw StoreError.invalidExport(detail: "\"version\" is missing") }
        guard version <= ExportDocument.currentVersion else {
            throw StoreError.unsupportedExportVersion(found: version, supported: ExportDocument.currentVersion)
        }
        guard version == ExportDocument.currentVersion else {
            throw StoreError.invalidExport(detail: "unknown format version \(version)")
        }
        do { return try decoder.decode(ExportDocument.self, from: data) } catch {
            throw StoreError.invalidExport(detail: Self.describe(error))
        }
    }

    /// A decoding error as "at learners[0].reviews[3].rating: ...".
    static func describe(_ error: any Error) -> String {
        func path(_ keys: [any CodingKey]) -> String {
            keys.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
                .trimmingCharacters(in: CharacterSet(charactersIn: "."))
        }
        switch error as? DecodingError {
        case let .dataCorrupted(c)?: return "at \(path(c.codingPath)): \(c.debugDescription)"
        case let .keyNotFound(key, c)?: return "at \(path(c.codingPath + [key])): missing"
        case let .typeMismatch(_, c)?: return "at \(path(c.codingPath)): \(c.debugDescription)"
        case let .valueNotFound(_, c)?: return "at \(path(c.codingPath)): \(c.debugDescription)"
        default: return String(describing: error)
        }
    }

    private static func mergeLearner(_ learner: ExportLearner, _ db: Database, _ summary: inout ImportSummary) throws -> Int64 {
        let created = Millis.from(learner.createdAt)
        if let id = try Int64.fetchOne(db, sql: "SELECT id FROM learner WHERE name = ?", arguments: [learner.name]) {
            // The same person on two machines: they began at the earlier date.
            try db.execute(sql: "UPDATE learner SET createdAt = MIN(createdAt, ?) WHERE id = ?", arguments: [created, id])
            return id
        }
        try db.execute(sql: "INSERT INTO learner (name, createdAt) VALUES (?, ?)", arguments: [learner.name, created])
        summary.learnersCreated += 1
        return db.lastInsertedRowID
    }

    private static func mergeSessions(_ sessions: [ExportSession], learner: Int64, _ db: Database,
                                      _ summary: inout ImportSummary) throws {
        for s in sessions {
            try db.execute(sql: """
                INSERT INTO session (id, learnerId, courseId, kind, startedAt, finishedAt, score, answered, correct, preset)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING
                """, arguments: [s.id, learner, s.course, s.kind, Millis.from(s.startedAt), s.finishedAt.map(Millis.from),
                                 s.score, s.answered, s.correct, s.preset])
            if db.changesCount > 0 {
                summary.sessionsAdded += 1
            } else if let finished = s.finishedAt {
                // Known here as unfinished (primer stopped mid-session): take the ending.
                try db.execute(sql: """
                    UPDATE session SET finishedAt = ?, score = ?, answered = ?, correct = ?
                    WHERE id = ? AND finishedAt IS NULL
                    """, arguments: [Millis.from(finished), s.score, s.answered, s.correct, s.id])
            }
        }
    }

    struct Pair: Hashable, Comparable {
        var learner: Int64
        var course: String
        static func < (a: Pair, b: Pair) -> Bool { (a.learner, a.course) < (b.learner, b.course) }
    }

    /// Replaces the stored states of one learner and course with the replay of its log.
    /// Returns how many states were written.
    static func replaceStates(of pair: Pair, replay: SettingsReplayFunction, _ db: Database) throws -> Int {
        let states = try replayed(pair, replay, db)
        try db.execute(sql: "DELETE FROM itemState WHERE learnerId = ? AND courseId = ?", arguments: [pair.learner, pair.course])
        for (question, memory) in states {
            try Codecs.upsertState(memory, learner: pair.learner, course: pair.course, question: question, db)
        }
        return states.count
    }
}
