import Foundation
import GRDB
import StudyCore

/// The end of an import: one learner's item states in one course recomputed from the
/// merged log, and the running summary with them (before-states, recalled flags, the
/// answer count, the calibration bins), exactly as `replaceStates` and
/// `RunningSummary.recompute` gave them, but one item at a time: the log is read item by
/// item through the `review_by_item` index, so memory holds one item's answers, never the
/// learner's whole log. An item's state depends only on its own answers (FSRS, and the
/// state machine the before-states follow), so replaying item by item gives the same states.
enum ImportReplay {
    /// After the document: every touched learner and course. Those the tracker followed
    /// whole (no answers before, each item in order, a scheduling given) are written from
    /// it; the others, and the items that came out of order, are replayed from the log.
    /// Returns how many item states were written.
    static func finish(_ touched: [LearnerStore.Pair], _ tracker: ImportTracker, replay: SettingsReplayFunction,
                       _ db: Database) throws -> Int {
        let followed = Set(touched.filter { pair in
            tracker.pairs[pair].map { $0.fresh && $0.complete && $0.scheduled } ?? false
        })
        var written = 0
        for pair in touched where !followed.contains(pair) { written += try rebuild(pair, replay: replay, db) }
        guard !followed.isEmpty else { return written }
        for pair in followed {
            try db.execute(sql: "DELETE FROM itemState WHERE learnerId = ? AND courseId = ?", arguments: [pair.learner, pair.course])
        }
        var settings: [Int64: [String: String]] = [:]
        for (key, entry) in tracker.items {
            let pair = LearnerStore.Pair(learner: key.learner, course: key.course)
            guard followed.contains(pair) else { continue }
            if entry.inOrder {
                guard let state = entry.state else { continue }
                try store(state, question: key.question, recalled: entry.recalled, of: pair, db)
                written += 1
            } else {
                if settings[key.learner] == nil { settings[key.learner] = try LearnerStore.settings(learner: key.learner, db) }
                var counted = Totals()   // the tracker has counted the pair's answers already
                written += try item(key.question, of: pair, settings: settings[key.learner] ?? [:], replay: replay,
                                    totals: &counted, db)
            }
        }
        for pair in followed {
            let totals = tracker.pairs[pair]?.totals ?? Totals()
            try RunningSummary.storeTotals(learner: pair.learner, course: pair.course, answers: totals.answers, bins: totals.bins, db)
        }
        return written
    }

    /// Replays one learner and course from its log, item by item. Returns how many item
    /// states were written.
    static func rebuild(_ pair: LearnerStore.Pair, replay: SettingsReplayFunction, _ db: Database) throws -> Int {
        let settings = try LearnerStore.settings(learner: pair.learner, db)
        try db.execute(sql: "DELETE FROM itemState WHERE learnerId = ? AND courseId = ?", arguments: [pair.learner, pair.course])
        var totals = Totals()
        var written = 0
        // The questions come from the index while their rows are written: safe in SQLite,
        // since neither `beforeState` nor `itemState` is part of the index being walked
        // (sqlite.org/isolation.html), and it keeps even the list of items out of memory.
        let questions = try String.fetchCursor(db, sql: """
            SELECT DISTINCT questionId FROM review WHERE learnerId = ? AND courseId = ? ORDER BY questionId
            """, arguments: [pair.learner, pair.course])
        while let question = try questions.next() {
            written += try item(question, of: pair, settings: settings, replay: replay, totals: &totals, db)
        }
        try RunningSummary.storeTotals(learner: pair.learner, course: pair.course, answers: totals.answers, bins: totals.bins, db)
        return written
    }

    struct Totals {
        var answers = 0
        var bins: [Int: RunningSummary.Bin] = [:]
    }

    private static func item(_ question: String, of pair: LearnerStore.Pair, settings: [String: String],
                             replay: SettingsReplayFunction, totals: inout Totals, _ db: Database) throws -> Int {
        // Copied rows (fetchAll), so a value its column cannot hold throws (see `RowValue`).
        let rows = try Row.fetchAll(try db.cachedStatement(sql: """
            SELECT rowid, id, reviewedAt, rating, correct, affectsSchedule, predicted, beforeState, responseMs, sessionId,
                   courseId, questionId
            FROM review WHERE learnerId = ? AND courseId = ? AND questionId = ? ORDER BY reviewedAt, id
            """), arguments: [pair.learner, pair.course, question])
        let records = try rows.map { try record($0, course: pair.course, question: question) }
        let recalled = try fixBeforeStates(rows, records, totals: &totals, db)
        let states = replay(settings, records)
        for (id, memory) in states {
            try store(memory, question: id, recalled: id == question && recalled, of: pair, db)
        }
        return states.count
    }

    private static func store(_ memory: CardMemory, question: String, recalled: Bool, of pair: LearnerStore.Pair,
                              _ db: Database) throws {
        try db.cachedStatement(sql: """
            INSERT INTO itemState (learnerId, courseId, questionId, state, step, stability, difficulty, due, lastReview, recalled)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (learnerId, courseId, questionId) DO UPDATE SET
                state = excluded.state, step = excluded.step, stability = excluded.stability, difficulty = excluded.difficulty,
                due = excluded.due, lastReview = excluded.lastReview, recalled = excluded.recalled
            """).execute(arguments: [pair.learner, pair.course, question, memory.state.rawValue, memory.step, memory.stability,
                                     memory.difficulty, Millis.from(memory.due), memory.lastReview.map(Millis.from),
                                     recalled ? 1 : 0])
    }

    /// A row of the query above, its columns read by position (by name, each lookup
    /// compares names: a third of the time of the replay). A value its column cannot hold
    /// is reported by `Codecs.review`, naming the row and column, as everywhere else.
    private static func record(_ row: Row, course: String, question: String) throws -> ReviewRecord {
        do {
            guard let rating = Rating(rawValue: try row.decode(Int.self, atIndex: 3)) else {
                return try Codecs.review(row, withOptions: false)
            }
            let responseMs = try row.decode(Int64.self, atIndex: 8)
            return ReviewRecord(id: try row.decode(atIndex: 1), courseID: course, questionID: question,
                                reviewedAt: Millis.date(try row.decode(Int64.self, atIndex: 2)), rating: rating, shown: [], chosen: [],
                                correct: try row.decode(atIndex: 4), responseMilliseconds: Int(clamping: max(0, responseMs)),
                                sessionID: try row.decode(atIndex: 9), affectsSchedule: try row.decode(atIndex: 5),
                                predicted: RowValue.probability(try row.decode(atIndex: 6)))
        } catch {
            return try Codecs.review(row, withOptions: false)
        }
    }

    /// Walks the item's answers as `RunningSummary.compute` does, writes each before-state
    /// the import guessed wrong (see `ImportTracker`), and counts the answers into
    /// the totals. Returns whether the item was ever recalled.
    private static func fixBeforeStates(_ rows: [Row], _ records: [ReviewRecord], totals: inout Totals,
                                        _ db: Database) throws -> Bool {
        var memory: CardMemory?
        var recalled = false
        for (row, record) in zip(rows, records) {
            let before = RunningSummary.code(memory)
            if (try? row.decode(Int?.self, atIndex: 7)) != before {
                try db.cachedStatement(sql: "UPDATE review SET beforeState = ? WHERE rowid = ?")
                    .execute(arguments: [before, try row.decode(Int64.self, atIndex: 0)])
            }
            totals.answers += 1
            RunningSummary.count(record, in: &totals.bins)
            guard record.affectsSchedule else { continue }
            memory = RunningSummary.transitions.review(memory ?? .new(at: record.reviewedAt), rating: record.rating,
                                                       at: record.reviewedAt)
            if record.rating != .again { recalled = true }
        }
        return recalled
    }
}
