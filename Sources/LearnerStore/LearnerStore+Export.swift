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

/// Rebuilds item states from a learner's reviews of one course, each question's oldest
/// first (a rebuild passes them one question after another). The app
/// passes the FSRS scheduler; the store never needs to know how memory is modelled.
/// Import calls it once per item (see `ImportReplay`), `doctor` once per course: any
/// replay in which an item's state depends only on its own answers gives the same states.
public typealias ReplayFunction = ([ReviewRecord]) -> [String: CardMemory]
/// A replay that also receives the learner's settings (desired retention changes due dates).
/// Its records carry id, course, question, time, rating, `correct` and `affectsSchedule`;
/// a rebuild reads them from the item index alone (`ReplayRows`), without the option
/// texts, response time, session or prediction, which no replay may depend on.
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
}
