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
                let id: Int64 = try RowValue.decode(row, "id", table: "learner")
                let papers = try Self.papers(learner: id, db)
                return ExportLearner(
                    name: try RowValue.decode(row, "name", table: "learner", id: "\(id)"),
                    createdAt: Millis.date(try RowValue.decode(row, "createdAt", table: "learner", id: "\(id)") as Int64),
                    reviews: try Codecs.reviews(learner: id, course: nil, since: nil, db).map(ExportReview.init),
                    sessions: try Row.fetchAll(db, sql: "SELECT * FROM session WHERE learnerId = ? ORDER BY startedAt, id",
                                               arguments: [id]).map { row in
                        let s = try Self.exportSession(row)
                        return ExportSession(id: s.id, course: s.courseID, kind: try RowValue.decode(row, "kind", table: "session", id: s.id),
                                             startedAt: s.startedAt, finishedAt: s.finishedAt, score: s.score,
                                             answered: s.answered, correct: s.correct, preset: s.preset,
                                             questions: s.questionCount, outcome: s.outcome?.rawValue, paper: papers[s.id])
                    },
                    lessonsRead: try Row.fetchAll(db, sql: """
                        SELECT * FROM lessonProgress WHERE learnerId = ? ORDER BY courseId, lessonId
                        """, arguments: [id]).map { l in
                        ExportLesson(course: try RowValue.decode(l, "courseId", table: "lessonProgress"),
                                     lesson: try RowValue.decode(l, "lessonId", table: "lessonProgress"),
                                     readAt: Millis.date(try RowValue.decode(l, "readAt", table: "lessonProgress") as Int64))
                    },
                    settings: try Self.settings(learner: id, db))
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
        try importJSON(data, file: "the export", knownQuestions: [:], replayWithSettings: { _, records in replay(records) })
    }

    /// `file` names the document in messages; `knownQuestions` are the question ids of the
    /// courses primer has loaded, by course id: every field is checked against the
    /// documented ranges first, and a document with any bad field imports nothing.
    public func importJSON(_ data: Data, file: String, knownQuestions: [String: Set<String>],
                           replayWithSettings replay: SettingsReplayFunction) throws -> ImportSummary {
        let document = try Self.checkExport(data, file: file, knownQuestions: knownQuestions)
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
                try RunningSummary.recompute(learner: pair.learner, course: pair.course, db)
            }
            return summary
        }
    }

    /// Reads and checks an export without touching any store: `import` runs it before
    /// opening one, so a refused file leaves the learner's data exactly as it was.
    @discardableResult
    static func checkExport(_ data: Data, file: String, knownQuestions: [String: Set<String>]) throws -> ExportDocument {
        let document = try decodeExport(data, file: file)
        try ExportValidator(knownQuestions: knownQuestions, file: file).validate(document)
        return document
    }

    /// The same, for callers outside the module (the import command).
    public static func checkExportFile(_ data: Data, file: String, knownQuestions: [String: Set<String>]) throws {
        try checkExport(data, file: file, knownQuestions: knownQuestions)
    }

    static func decodeExport(_ data: Data, file: String = "the export") throws -> ExportDocument {
        let decoder = ExportDocument.decoder()
        // What the text is, first: not JSON at all, or JSON of another shape.
        let top: Any
        do { top = try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed]) } catch {
            throw StoreError.invalidExport(detail: data.isEmpty ? "the file is empty" : "it is not valid JSON")
        }
        guard top is [String: Any] else {
            let kind = top is [Any] ? "an array" : top is String ? "a string" : top is NSNull ? "null" : "a number or a boolean"
            throw StoreError.invalidExport(detail: "it is JSON, but \(kind), not the object a primer export is")
        }
        let header: ExportDocument.Header
        do { header = try decoder.decode(ExportDocument.Header.self, from: data) } catch {
            throw StoreError.invalidExport(detail: Self.describe(error, file: file, top: top))
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
            throw StoreError.invalidExport(detail: Self.describe(error, file: file, top: top))
        }
    }

    /// A decoding error in the words the validator uses: "FILE: learner ana, review 3:
    /// rating: why" (the learner by name when the document gives one).
    static func describe(_ error: any Error, file: String, top: Any) -> String {
        guard let error = error as? DecodingError else { return "\(file): \(error)" }
        let (keys, why): ([any CodingKey], String)
        switch error {
        case let .dataCorrupted(c): (keys, why) = (c.codingPath, c.debugDescription)
        case let .keyNotFound(key, c): (keys, why) = (c.codingPath + [key], "missing")
        case let .typeMismatch(_, c): (keys, why) = (c.codingPath, c.debugDescription)
        case let .valueNotFound(_, c): (keys, why) = (c.codingPath, c.debugDescription)
        @unknown default: return "\(file): \(error)"
        }
        let names = ["learners": "learner", "reviews": "review", "sessions": "session", "lessonsRead": "lesson read"]
        var parts: [String] = []
        var i = 0
        while i < keys.count {
            let key = keys[i].stringValue
            if let noun = names[key], i + 1 < keys.count, let index = keys[i + 1].intValue {
                if key == "learners", let learners = (top as? [String: Any])?["learners"] as? [Any], index < learners.count,
                   let name = (learners[index] as? [String: Any])?["name"] as? String, !name.isEmpty {
                    parts.append("learner \(name)")
                } else {
                    parts.append("\(noun) \(index + 1)")
                }
                i += 2
            } else {
                parts.append(keys[i].intValue.map { "item \($0 + 1)" } ?? key)
                i += 1
            }
        }
        let field = parts.last.map { ": \($0)" } ?? ""
        let place = parts.dropLast().joined(separator: ", ")
        return "\(file): " + (place.isEmpty ? "" : place) + field.dropFirst(place.isEmpty ? 2 : 0) + ": \(why)"
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
                INSERT INTO session (id, learnerId, courseId, kind, startedAt, finishedAt, score, answered, correct, preset,
                                     questionCount, outcome)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING
                """, arguments: [s.id, learner, s.course, s.kind, Millis.from(s.startedAt), s.finishedAt.map(Millis.from),
                                 s.score, s.answered, s.correct, s.preset, s.questions, s.outcome])
            if db.changesCount > 0 {
                summary.sessionsAdded += 1
                try insertPaper(s.paper ?? [], session: s.id, db)
            } else if let finished = s.finishedAt {
                // Known here as unfinished (primer stopped mid-session): take the ending.
                try db.execute(sql: """
                    UPDATE session SET finishedAt = ?, score = ?, answered = ?, correct = ?, questionCount = ?, outcome = ?
                    WHERE id = ? AND finishedAt IS NULL
                    """, arguments: [Millis.from(finished), s.score, s.answered, s.correct, s.questions, s.outcome, s.id])
            }
        }
    }

    /// A session row as exported; kinds this build does not know are kept as they are.
    static func exportSession(_ row: Row) throws -> SessionSummary {
        let id: String = try RowValue.decode(row, "id", table: "session")
        let kind = SessionKind(rawValue: try RowValue.decode(row, "kind", table: "session", id: id)) ?? .practice
        var summary = try session(row) ?? SessionSummary(id: id, learnerID: 0, courseID: "", kind: kind, startedAt: Date(),
                                                         finishedAt: nil, score: nil, answered: 0, correct: 0, preset: nil)
        if SessionKind(rawValue: try RowValue.decode(row, "kind", table: "session", id: id)) == nil {
            // Unknown kind: read the common fields directly.
            summary.courseID = try RowValue.decode(row, "courseId", table: "session", id: id)
            summary.startedAt = Millis.date(try RowValue.decode(row, "startedAt", table: "session", id: id) as Int64)
            summary.finishedAt = Millis.date(try RowValue.decode(row, "finishedAt", table: "session", id: id) as Int64?)
            summary.score = RowValue.finite(try RowValue.decode(row, "score", table: "session", id: id))
            summary.answered = try RowValue.decode(row, "answered", table: "session", id: id)
            summary.correct = try RowValue.decode(row, "correct", table: "session", id: id)
            summary.preset = try RowValue.decode(row, "preset", table: "session", id: id)
        }
        return summary
    }

    static func papers(learner: Int64, _ db: Database) throws -> [String: [String]] {
        var papers: [String: [String]] = [:]
        for row in try Row.fetchAll(db, sql: """
            SELECT e.sessionId, e.questionId FROM examItem e JOIN session s ON s.id = e.sessionId
            WHERE s.learnerId = ? ORDER BY e.sessionId, e.position
            """, arguments: [learner]) {
            let session: String = try RowValue.decode(row, "sessionId", table: "examItem")
            papers[session, default: []].append(try RowValue.decode(row, "questionId", table: "examItem", id: session))
        }
        return papers
    }

    static func settings(learner: Int64, _ db: Database) throws -> [String: String] {
        var settings: [String: String] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT key, value FROM setting WHERE learnerId = ?", arguments: [learner]) {
            let key: String = try RowValue.decode(row, "key", table: "setting")
            settings[key] = try RowValue.decode(row, "value", table: "setting", id: key)
        }
        return settings
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
