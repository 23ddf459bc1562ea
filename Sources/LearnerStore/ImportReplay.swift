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
    /// Returns how many item states were written.
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
        let rows = try Row.fetchAll(try db.cachedStatement(sql: """
            SELECT rowid, id, courseId, questionId, reviewedAt, rating, correct, responseMs, sessionId, affectsSchedule,
                   predicted, beforeState
            FROM review WHERE learnerId = ? AND courseId = ? AND questionId = ? ORDER BY reviewedAt, id
            """), arguments: [pair.learner, pair.course, question])
        let records = try rows.map { try Codecs.review($0, withOptions: false) }
        let recalled = try fixBeforeStates(rows, records, totals: &totals, db)
        let states = replay(settings, records)
        let upsert = try db.cachedStatement(sql: """
            INSERT INTO itemState (learnerId, courseId, questionId, state, step, stability, difficulty, due, lastReview, recalled)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (learnerId, courseId, questionId) DO UPDATE SET
                state = excluded.state, step = excluded.step, stability = excluded.stability, difficulty = excluded.difficulty,
                due = excluded.due, lastReview = excluded.lastReview, recalled = excluded.recalled
            """)
        for (id, memory) in states {
            try upsert.execute(arguments: [pair.learner, pair.course, id, memory.state.rawValue, memory.step, memory.stability,
                                           memory.difficulty, Millis.from(memory.due), memory.lastReview.map(Millis.from),
                                           id == question && recalled ? 1 : 0])
        }
        return states.count
    }

    /// Walks the item's answers as `RunningSummary.compute` does, writes each before-state
    /// the import guessed wrong (see `BeforeStateGuesses`), and counts the answers into
    /// the totals. Returns whether the item was ever recalled.
    private static func fixBeforeStates(_ rows: [Row], _ records: [ReviewRecord], totals: inout Totals,
                                        _ db: Database) throws -> Bool {
        var memory: CardMemory?
        var recalled = false
        for (row, record) in zip(rows, records) {
            let before = RunningSummary.code(memory)
            if (row["beforeState"] as Int?) != before {
                try db.cachedStatement(sql: "UPDATE review SET beforeState = ? WHERE rowid = ?")
                    .execute(arguments: [before, row["rowid"] as Int64?])
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
