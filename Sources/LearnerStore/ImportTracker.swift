import Foundation
import GRDB
import StudyCore

/// What the second pass of an import learns while it inserts, so that the end of the
/// import need not read the log back. An export lists each learner's reviews oldest
/// first, so while inserting, each item's answers arrive in the order of its log:
///
/// - each answer's before-state (see `RunningSummary`) follows from the item's answers so
///   far, and is written with the row;
/// - for a learner and course that had no answers before the import (a restore), the
///   item's state (with the learner's `ItemScheduling`, when the caller gives one), its
///   recalled flag, the answer count and the calibration bins follow too, and are written
///   at the end without reading anything back (`ImportReplay.finishFromTracker`).
///
/// An item whose answers came out of order, or with an id already stored, is marked, and
/// replayed from the log at the end; so is every item of a learner and course that had
/// answers before. Memory holds one entry per item, not per answer, and the items followed
/// are capped: past the cap, the learner and course are replayed from the log.
struct ImportTracker {
    static let maximumItems = 150_000

    struct ItemKey: Hashable {
        var learner: Int64
        var course: String
        var question: String
    }

    struct Item {
        /// The state the before-states follow (`RunningSummary.transitions`).
        var transitions: CardMemory?
        /// The item's state as the learner's scheduling gives it.
        var state: CardMemory?
        var recalled = false
        var lastAt = Int64.min
        var lastID: String = ""
        /// Its answers arrived in log order, each one inserted.
        var inOrder = true
    }

    struct PairTotals {
        /// No answers of this learner and course were stored before the import.
        var fresh: Bool
        /// Every item of the pair is followed (the cap was not reached).
        var complete = true
        /// The pair's items got states from the learner's scheduling.
        var scheduled: Bool
        var totals = ImportReplay.Totals()
    }

    private(set) var items: [ItemKey: Item] = [:]
    private(set) var pairs: [LearnerStore.Pair: PairTotals] = [:]

    /// Called before the review is inserted: the before-state to write with it (nil when
    /// the item is not followed; the replay at the end writes it then).
    mutating func beforeState(of r: ImportedReview, learner: Int64, scheduled: Bool, _ db: Database) throws -> Int? {
        let pair = LearnerStore.Pair(learner: learner, course: r.course)
        if pairs[pair] == nil {
            let stored = try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM review WHERE learnerId = ? AND courseId = ?)",
                                           arguments: [learner, r.course]) ?? true
            pairs[pair] = PairTotals(fresh: !stored, scheduled: scheduled)
        }
        let key = ItemKey(learner: learner, course: r.course, question: r.question)
        if let item = items[key] { return RunningSummary.code(item.transitions) }
        guard items.count < Self.maximumItems else {
            pairs[pair]?.complete = false
            return nil
        }
        items[key] = Item()
        return 0
    }

    /// Called after the insert: `inserted` false when the id was already stored.
    mutating func record(_ r: ImportedReview, learner: Int64, inserted: Bool, scheduling: ItemScheduling?) {
        guard let index = items.index(forKey: ItemKey(learner: learner, course: r.course, question: r.question)) else { return }
        let record = ReviewRecord(id: r.id, courseID: r.course, questionID: r.question, reviewedAt: Millis.date(r.reviewedAt),
                                  rating: r.rating, shown: [], chosen: [], correct: r.correct,
                                  responseMilliseconds: r.responseMilliseconds, sessionID: r.session,
                                  affectsSchedule: r.affectsSchedule, predicted: r.predicted)
        if inserted, let pair = pairs.index(forKey: LearnerStore.Pair(learner: learner, course: r.course)) {
            pairs.values[pair].totals.answers += 1
            RunningSummary.count(record, in: &pairs.values[pair].totals.bins)
        }
        // In place (through the index), so the entry is not copied for every answer.
        items.values[index].follow(record, at: r.reviewedAt, inserted: inserted, scheduling: scheduling)
    }
}

extension ImportTracker.Item {
    mutating func follow(_ record: ReviewRecord, at ms: Int64, inserted: Bool, scheduling: ItemScheduling?) {
        // The log orders by time, then by id as SQLite compares text: by bytes.
        let after = ms > lastAt || (ms == lastAt && lastID.utf8.lexicographicallyPrecedes(record.id.utf8))
        if !inserted || !after { inOrder = false }
        lastAt = ms
        lastID = record.id
        guard record.affectsSchedule else { return }
        transitions = RunningSummary.transitions.review(transitions ?? .new(at: record.reviewedAt), rating: record.rating,
                                                        at: record.reviewedAt)
        if let scheduling { state = scheduling.next(state, record) }
        if record.rating != .again { recalled = true }
    }
}
