import Foundation
import GRDB
import StudyCore

/// Makes a learner's `ItemScheduling` from their settings: with it, import computes the
/// item states of a restore as it inserts the answers, instead of replaying the log after.
public typealias SettingsScheduling = (_ settings: [String: String]) -> ItemScheduling

/// An export read once from end to end and found valid: what the second, writing pass
/// needs from the first. Made by `LearnerStore.checkExportFile`.
public struct CheckedExport: Sendable {
    let source: ExportSource
    let file: String
    let knownQuestions: [String: Set<String>]
    let chunkSize: Int
    /// Each learner's name, start and settings, by position in the document: the second
    /// pass creates the learner when its object begins, before its name is read, and knows
    /// the settings its scheduling needs, which come after the reviews.
    let learners: [LearnerHeading]
    /// How many reviews the document holds.
    let reviews: Int
    /// From how many reviews the item index is built after the inserts (see `bulkReviews`).
    let bulkReviews: Int
}

struct LearnerHeading: Sendable, Equatable {
    var name: String
    var createdAt: Date
    /// The learner's settings in the document; nil when there are too many to keep, or a
    /// key comes twice (the store keeps the first, a dictionary the last): no scheduling then.
    var settings: [String: String]?
}

/// A learner's settings as a pass reads them (see `LearnerHeading.settings`).
struct SettingsRead {
    static let maximumKept = 1000
    private(set) var values: [String: String]? = [:]

    mutating func add(_ key: String, _ value: String) {
        guard values != nil else { return }
        if values?[key] != nil || (values?.count ?? 0) >= Self.maximumKept {
            values = nil
        } else {
            values?[key] = value
        }
    }
}

/// The first pass keeps each learner's name, start and settings, and counts the reviews.
private struct OutlineVisitor: ExportVisitor {
    static let keepsOptionText = false
    var learners: [LearnerHeading] = []
    var reviews = 0
    private var settings = SettingsRead()
    mutating func beginLearner(_ index: Int) { settings = SettingsRead() }
    mutating func review(_ review: ImportedReview) { reviews += 1 }
    mutating func session(_ session: ExportSession) {}
    mutating func lesson(_ lesson: ExportLesson) {}
    mutating func setting(key: String, value: String) { settings.add(key, value) }
    mutating func endLearner(_ index: Int, name: String, createdAt: Date) {
        learners.append(LearnerHeading(name: name, createdAt: createdAt, settings: settings.values))
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

    /// `chunkSize`: how much is read at a time (tests make it tiny, to split every token);
    /// `bulkReviews` (tests make it small, to build the item index after a small import).
    static func checkExport(_ source: ExportSource, file: String, knownQuestions: [String: Set<String>],
                            chunkSize: Int, bulkReviews: Int = bulkReviews) throws -> CheckedExport {
        var outline = OutlineVisitor()
        var stream = try ExportStream(source, file: file, knownQuestions: knownQuestions, chunkSize: chunkSize)
        try stream.read(&outline)
        return CheckedExport(source: source, file: file, knownQuestions: knownQuestions, chunkSize: chunkSize,
                             learners: outline.learners, reviews: outline.reviews, bulkReviews: bulkReviews)
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
    /// inside ONE write transaction, checking every field again as it goes, so a file changed
    /// since it was checked rolls everything back instead of importing half of it. With
    /// `scheduling`, a learner and course that had no answers before get their item states
    /// as the answers are inserted (see `ImportTracker`); the rest are replayed from the log
    /// by `replay`, one item at a time.
    public func importJSON(_ checked: CheckedExport, replayWithSettings replay: SettingsReplayFunction,
                           scheduling: SettingsScheduling? = nil) throws -> ImportSummary {
        try write { db in
            try Self.withImportCache(db) {
                let deferIndex = try Self.defersItemIndex(checked, db)
                if deferIndex { try db.execute(sql: "DROP INDEX review_by_item") }
                var writer = try ImportWriter(db, learners: checked.learners, scheduling: scheduling)
                var stream = try ExportStream(checked.source, file: checked.file, knownQuestions: checked.knownQuestions,
                                              chunkSize: checked.chunkSize)
                try stream.read(&writer)
                try writer.finish()
                if deferIndex {
                    // SQLite's sorter may hold as much as the page cache: a smaller cache
                    // while the index is built keeps the two within the import's memory.
                    try db.execute(sql: "PRAGMA cache_size = -\(Self.indexBuildCacheKiB)")
                    try db.execute(sql: Schema.createReviewByItem)
                }
                var summary = writer.summary
                summary.itemStatesRecomputed = try ImportReplay.finish(writer.touched.sorted(), writer.tracker, replay: replay, db)
                return summary
            }
        }
    }

    /// Reviews from which a restore drops the item index and builds it again after: an
    /// index built once, by sorting, costs a third of one kept up to date through a million
    /// inserts in random order. Only when the document holds at least as many reviews as
    /// the store, so that a small import into a long history never rebuilds it.
    static let bulkReviews = 100_000

    private static func defersItemIndex(_ checked: CheckedExport, _ db: Database) throws -> Bool {
        guard checked.reviews >= checked.bulkReviews else { return false }
        return try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM review") ?? 0 <= checked.reviews
    }

    /// SQLite's page cache, raised for the import's transaction: a million inserts into
    /// indexes keyed by id and by item touch pages all over them, and with the default
    /// 2 MB most inserts would spill a page to the log and read it back. A fixed size, so
    /// memory stays bounded whatever the file's size; put back afterwards.
    static let importCacheKiB = 64 * 1024
    static let indexBuildCacheKiB = 16 * 1024

    private static func withImportCache<T>(_ db: Database, _ body: () throws -> T) throws -> T {
        let previous = try Int.fetchOne(db, sql: "PRAGMA cache_size") ?? -2000
        try db.execute(sql: "PRAGMA cache_size = -\(importCacheKiB)")
        defer { try? db.execute(sql: "PRAGMA cache_size = \(previous)") }
        return try body()
    }
}
