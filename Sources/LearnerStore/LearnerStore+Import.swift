import Foundation
import GRDB
import StudyCore

/// An export read once from end to end and found valid: what the second, writing pass
/// needs from the first. Made by `LearnerStore.checkExportFile`.
public struct CheckedExport: Sendable {
    let source: ExportSource
    let file: String
    let knownQuestions: [String: Set<String>]
    let chunkSize: Int
    /// Each learner's name and start, by position in the document: the second pass
    /// creates the learner when its object begins, before its name is read.
    let learners: [LearnerHeading]
}

struct LearnerHeading: Sendable, Equatable {
    var name: String
    var createdAt: Date
}

/// The first pass keeps only each learner's name and start.
private struct OutlineVisitor: ExportVisitor {
    static let keepsOptionText = false
    var learners: [LearnerHeading] = []
    mutating func beginLearner(_ index: Int) {}
    mutating func review(_ review: ImportedReview) {}
    mutating func session(_ session: ExportSession) {}
    mutating func lesson(_ lesson: ExportLesson) {}
    mutating func setting(key: String, value: String) {}
    mutating func endLearner(_ index: Int, name: String, createdAt: Date) {
        learners.append(LearnerHeading(name: name, createdAt: createdAt))
    }
}

extension LearnerStore {
    /// Reads and checks an export without touching any store: `import` runs it before
    /// opening one, so a refused file leaves the learner's data exactly as it was. The
    /// document is streamed: memory does not grow with its size. `file` names it in
    /// messages; `knownQuestions` are the question ids of the courses primer has loaded,
    /// by course id. Every field is checked against the documented ranges.
    @discardableResult
    public static func checkExportFile(_ source: ExportSource, file: String,
                                       knownQuestions: [String: Set<String>]) throws -> CheckedExport {
        try checkExport(source, file: file, knownQuestions: knownQuestions, chunkSize: JSONReader.defaultChunkSize)
    }

    /// The same, for a document already in memory.
    public static func checkExportFile(_ data: Data, file: String, knownQuestions: [String: Set<String>]) throws {
        try checkExportFile(.data(data), file: file, knownQuestions: knownQuestions)
    }

    /// `chunkSize`: how much is read at a time (tests make it tiny, to split every token).
    static func checkExport(_ source: ExportSource, file: String, knownQuestions: [String: Set<String>],
                            chunkSize: Int) throws -> CheckedExport {
        var outline = OutlineVisitor()
        var stream = try ExportStream(source, file: file, knownQuestions: knownQuestions, chunkSize: chunkSize)
        try stream.read(&outline)
        return CheckedExport(source: source, file: file, knownQuestions: knownQuestions, chunkSize: chunkSize,
                             learners: outline.learners)
    }

    /// Restores or merges an export, in one transaction: learners match by name, reviews
    /// by their unique id (a review already present is skipped, never duplicated),
    /// sessions by id, lessons keep their first reading, and local settings win over
    /// imported ones. Then every item state of each learner and course in the document
    /// is recomputed by `replay` from the merged log, one item at a time (`replay` is
    /// called once per question, with that question's records).
    public func importJSON(_ data: Data, replay: ReplayFunction) throws -> ImportSummary {
        try importJSON(data, file: "the export", knownQuestions: [:], replayWithSettings: { _, records in replay(records) })
    }

    /// The same, checking every field first (see `checkExportFile`): a document with any
    /// bad field imports nothing.
    public func importJSON(_ data: Data, file: String, knownQuestions: [String: Set<String>],
                           replayWithSettings replay: SettingsReplayFunction) throws -> ImportSummary {
        try importJSON(try Self.checkExportFile(.data(data), file: file, knownQuestions: knownQuestions),
                       replayWithSettings: replay)
    }

    /// The second pass over a checked export: it streams the document again and writes it
    /// inside ONE write transaction, checking every field again as it goes, so a file
    /// changed since it was checked rolls everything back instead of importing half of it.
    public func importJSON(_ checked: CheckedExport, replayWithSettings replay: SettingsReplayFunction) throws -> ImportSummary {
        try write { db in
            try Self.withImportCache(db) {
                var writer = try ImportWriter(db, learners: checked.learners)
                var stream = try ExportStream(checked.source, file: checked.file, knownQuestions: checked.knownQuestions,
                                              chunkSize: checked.chunkSize)
                try stream.read(&writer)
                try writer.finish()
                var summary = writer.summary
                for pair in writer.touched.sorted() {
                    summary.itemStatesRecomputed += try ImportReplay.rebuild(pair, replay: replay, db)
                }
                return summary
            }
        }
    }

    /// SQLite's page cache, raised for the import's transaction: a million inserts into
    /// indexes keyed by id and by item touch pages all over them, and with the default
    /// 2 MB most inserts would spill a page to the log and read it back. A fixed size, so
    /// memory stays bounded whatever the file's size; put back afterwards.
    static let importCacheKiB = 64 * 1024

    private static func withImportCache<T>(_ db: Database, _ body: () throws -> T) throws -> T {
        let previous = try Int.fetchOne(db, sql: "PRAGMA cache_size") ?? -2000
        try db.execute(sql: "PRAGMA cache_size = -\(importCacheKiB)")
        defer { try? db.execute(sql: "PRAGMA cache_size = \(previous)") }
        return try body()
    }
}
