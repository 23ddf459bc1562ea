import Foundation
import GRDB
import StudyCore

extension LearnerStore {
    /// The memory state of every item the learner has met in `course`, by question id.
    public func itemStates(learner: Int64, course: String) throws -> [String: CardMemory] {
        try read { db in try Self.storedStates(Pair(learner: learner, course: course), db) }
    }

    /// Saves one answer with a state the caller computed: for callers that own the item
    /// (tests, fixtures, import). Study goes through `record(_:learner:scheduling:)`, which
    /// cannot be misled by another primer writing the same learner meanwhile.
    /// `newState` nil leaves the item state as it is (cram answers don't move the schedule).
    public func record(_ review: ReviewRecord, learner: Int64, newState: CardMemory?) throws {
        try claiming(review.id) { try write { db in
            let before = try Self.storedState(learner: learner, course: review.courseID, question: review.questionID, db)
            try Self.insertNew(review, learner: learner, before: before, db)
            if let newState {
                try Codecs.upsertState(newState, learner: learner, course: review.courseID, question: review.questionID, db)
            }
            try RunningSummary.added(review, learner: learner, db)
        } }
    }

    /// Runs a write that saves `review`, with it as the answer the writing marker names
    /// (set first, since the marker is written inside `write`; put back if the write fails).
    private func claiming<T>(_ review: String, _ body: () throws -> T) rethrows -> T {
        let previous = lastSaved.value
        lastSaved.value = review
        do { return try body() } catch {
            lastSaved.value = previous
            throw error
        }
    }

    /// Saves one answer: appends it to the review log and stores the item's new state,
    /// in one transaction that is on disk (FULL sync) when this returns. Call it before
    /// showing the next question; a crash then loses at most the answer in flight.
    ///
    /// The new state is computed here, inside the transaction, from the state the file
    /// holds, not from the caller's copy: with the learner studying in two terminals, the
    /// other one may have moved the item since this one read it. Returns the stored state
    /// (nil when the answer left the schedule alone and the item had none).
    @discardableResult
    public func record(_ review: ReviewRecord, learner: Int64, scheduling: ItemScheduling) throws -> CardMemory? {
        try claiming(review.id) { try write { db in
            let stored = try Self.storedState(learner: learner, course: review.courseID, question: review.questionID, db)
            try Self.insertNew(review, learner: learner, before: stored, db)
            guard review.affectsSchedule else {
                try RunningSummary.added(review, learner: learner, db)
                return stored
            }
            let next: CardMemory?
            let outOfOrder = stored?.lastReview.map { Millis.from($0) >= Millis.from(review.reviewedAt) } ?? false
            if outOfOrder {
                // Another answer to this item sorts after this one (another terminal, or a
                // clock set back): the log's order decides, so replay the item.
                next = try Self.replayItem(review.questionID, course: review.courseID, learner: learner, scheduling, db)
            } else {
                next = scheduling.next(stored, Self.asStored(review))
            }
            try Self.store(next, learner: learner, course: review.courseID, question: review.questionID, db)
            try RunningSummary.added(review, learner: learner, db)
            if outOfOrder {
                try RunningSummary.refreshItem(learner: learner, course: review.courseID, question: review.questionID, db)
            }
            return next
        } }
    }

    /// The keys already refuse a second review with the same id and a review of no learner;
    /// their errors are named here rather than looked for first (two SELECTs per answer).
    private static func insertNew(_ review: ReviewRecord, learner: Int64, before: CardMemory?, _ db: Database) throws {
        do {
            try Codecs.insertReview(review, learner: learner, beforeState: RunningSummary.code(before), db)
        } catch let error as DatabaseError where error.extendedResultCode == .SQLITE_CONSTRAINT_PRIMARYKEY {
            throw StoreError.conflict("a review with id \(review.id) is already saved")
        } catch let error as DatabaseError where error.extendedResultCode == .SQLITE_CONSTRAINT_FOREIGNKEY {
            throw StoreError.notFound("learner \(learner)")
        }
    }

    /// The review as the log will give it back: times at millisecond resolution, so the
    /// state computed now is the one a replay of the log computes later.
    static func asStored(_ review: ReviewRecord) -> ReviewRecord {
        var copy = review
        copy.reviewedAt = Millis.date(Millis.from(review.reviewedAt))
        return copy
    }

    static func storedState(learner: Int64, course: String, question: String, _ db: Database) throws -> CardMemory? {
        let statement = try db.cachedStatement(sql: "SELECT * FROM itemState WHERE learnerId = ? AND courseId = ? AND questionId = ?")
        return try Row.fetchOne(statement, arguments: [learner, course, question]).map(Codecs.memory)
    }

    /// The item's state as its whole log gives it.
    static func replayItem(_ question: String, course: String, learner: Int64, _ scheduling: ItemScheduling,
                           _ db: Database) throws -> CardMemory? {
        let log = try Row.fetchAll(db, sql: """
            SELECT id, courseId, questionId, reviewedAt, rating, correct, responseMs, sessionId, affectsSchedule, predicted
            FROM review WHERE learnerId = ? AND courseId = ? AND questionId = ? ORDER BY reviewedAt, id
            """, arguments: [learner, course, question]).map { try Codecs.review($0, withOptions: false) }
        return scheduling.replay(log)
    }

    private static func store(_ state: CardMemory?, learner: Int64, course: String, question: String, _ db: Database) throws {
        if let state {
            try Codecs.upsertState(state, learner: learner, course: course, question: question, db)
        } else {
            try Codecs.deleteState(learner: learner, course: course, question: question, db)
        }
    }

    /// Takes back one answer: removes it from the log and stores the item's state as the
    /// rest of its log gives it (nil: no answer left that moves the schedule). One transaction.
    @discardableResult
    public func undo(reviewID: String, learner: Int64, scheduling: ItemScheduling) throws -> CardMemory? {
        lastSaved.value = nil   // no longer a claim this process can make
        return try write { db in
            // Reads the answer's item as it takes it out of the counters (one read of the row).
            guard let (course, question) = try RunningSummary.removing(reviewID: reviewID, learner: learner, db) else {
                throw StoreError.notFound("review \(reviewID) of learner \(learner)")
            }
            try db.execute(sql: "DELETE FROM review WHERE id = ?", arguments: [reviewID])
            let state = try Self.replayItem(question, course: course, learner: learner, scheduling, db)
            try Self.store(state, learner: learner, course: course, question: question, db)
            try RunningSummary.refreshItem(learner: learner, course: course, question: question, db)
            return state
        }
    }

    /// Takes back one answer, putting back a state the caller kept (tests, fixtures).
    public func undo(reviewID: String, learner: Int64, previousState: CardMemory?) throws {
        lastSaved.value = nil
        try write { db in
            // Reads the answer's item as it takes it out of the counters (one read of the row).
            guard let (course, question) = try RunningSummary.removing(reviewID: reviewID, learner: learner, db) else {
                throw StoreError.notFound("review \(reviewID) of learner \(learner)")
            }
            try db.execute(sql: "DELETE FROM review WHERE id = ?", arguments: [reviewID])
            try Self.store(previousState, learner: learner, course: course, question: question, db)
            try RunningSummary.refreshItem(learner: learner, course: course, question: question, db)
        }
    }

    /// The learner's reviews, oldest first (ties by id), optionally of one course and
    /// from `since` on (inclusive).
    public func reviews(learner: Int64, course: String?, since: Date?) throws -> [ReviewRecord] {
        try read { db in try Codecs.reviews(learner: learner, course: course, since: since, db) }
    }

    /// The log as scheduling needs it: everything but the option texts, which are the
    /// costly part to read back (see `Codecs.review`).
    public func reviewsForScheduling(learner: Int64, course: String?, since: Date?) throws -> [ReviewRecord] {
        try read { db in try Codecs.reviews(learner: learner, course: course, since: since, withOptions: false, db) }
    }

    /// The log for scheduling (no option texts), one answer at a time in time order, for
    /// a pass that must not hold a long history in memory (rows copied one by one, so a
    /// damaged value is still reported, not converted).
    public func forEachReviewForScheduling(learner: Int64, course: String, _ body: (ReviewRecord) throws -> Void) throws {
        try read { db in
            try SchedulingRows.forEach(db, sql: """
                SELECT \(SchedulingRows.columns) FROM review WHERE learnerId = ? AND courseId = ? ORDER BY reviewedAt
                """, arguments: [learner, course], body)
        }
    }

    /// A row of the query above (or of any query with these columns in this order), read
    /// by position (by name, each lookup compares names, which dominated the pass); any
    /// value its column cannot hold goes to `Codecs.review`, which names the row and column.
    static func schedulingRecord(_ row: Row) throws -> ReviewRecord {
        do {
            guard let rating = Rating(rawValue: try row.decode(Int.self, atIndex: 4)) else { return try Codecs.review(row, withOptions: false) }
            let responseMs = try row.decode(Int64.self, atIndex: 6)
            return ReviewRecord(id: try row.decode(atIndex: 0), courseID: try row.decode(atIndex: 1), questionID: try row.decode(atIndex: 2),
                                reviewedAt: Millis.date(try row.decode(Int64.self, atIndex: 3)), rating: rating, shown: [], chosen: [],
                                correct: try row.decode(atIndex: 5), responseMilliseconds: Int(clamping: max(0, responseMs)),
                                sessionID: try row.decode(atIndex: 7), affectsSchedule: try row.decode(atIndex: 8),
                                predicted: RowValue.probability(try row.decode(atIndex: 9)))
        } catch {
            return try Codecs.review(row, withOptions: false)
        }
    }

    /// Whether a review with this id is in the log (of any learner).
    public func containsReview(id: String) throws -> Bool {
        try read { db in try Bool.fetchOne(db, sql: "SELECT 1 FROM review WHERE id = ?", arguments: [id]) ?? false }
    }

    static func requireLearner(_ learner: Int64, _ db: Database) throws {
        if try Bool.fetchOne(db, sql: "SELECT 1 FROM learner WHERE id = ?", arguments: [learner]) != true {
            throw StoreError.notFound("learner \(learner)")
        }
    }
}

extension LearnerStore {
    /// Replaces a saved answer (the learner marked it "I guessed" or "too easy" after
    /// seeing the feedback, or changed an exam answer): the log entry and the item state
    /// change together, in one transaction, so there is never a moment with neither. The
    /// state is the item's log replayed, as `record` computes it. Returns it.
    @discardableResult
    public func amend(_ review: ReviewRecord, learner: Int64, scheduling: ItemScheduling) throws -> CardMemory? {
        try write { db in
            try Self.replace(review, learner: learner, db)
            let state = try Self.replayItem(review.questionID, course: review.courseID, learner: learner, scheduling, db)
            try Self.store(state, learner: learner, course: review.courseID, question: review.questionID, db)
            try RunningSummary.refreshItem(learner: learner, course: review.courseID, question: review.questionID, db)
            return state
        }
    }

    /// The same with a state the caller computed (tests, fixtures).
    public func amend(_ review: ReviewRecord, learner: Int64, newState: CardMemory?) throws {
        try write { db in
            try Self.replace(review, learner: learner, db)
            if let newState {
                try Codecs.upsertState(newState, learner: learner, course: review.courseID, question: review.questionID, db)
            }
            try RunningSummary.refreshItem(learner: learner, course: review.courseID, question: review.questionID, db)
        }
    }

    private static func replace(_ review: ReviewRecord, learner: Int64, _ db: Database) throws {
        guard try Bool.fetchOne(db, sql: "SELECT 1 FROM review WHERE id = ? AND learnerId = ?",
                                arguments: [review.id, learner]) == true else {
            throw StoreError.notFound("review \(review.id) of learner \(learner)")
        }
        try RunningSummary.removing(reviewID: review.id, learner: learner, db)
        try db.execute(sql: "DELETE FROM review WHERE id = ?", arguments: [review.id])
        try Codecs.insertReview(review, learner: learner, db)   // its before-state: refreshItem, after
        try RunningSummary.added(review, learner: learner, db)
    }
}

/// How an item's memory moves, handed to the store so it can compute the next state inside
/// the write transaction (see `record(_:learner:scheduling:)`). Both must agree with the
/// replay `doctor` checks against.
public struct ItemScheduling: Sendable {
    /// The state after `review`, from the stored state before it (nil: a new item).
    public var next: @Sendable (_ stored: CardMemory?, _ review: ReviewRecord) -> CardMemory
    /// The state one item's whole log gives, oldest first (nil: nothing moved it).
    public var replay: @Sendable (_ itemLog: [ReviewRecord]) -> CardMemory?

    public init(next: @escaping @Sendable (CardMemory?, ReviewRecord) -> CardMemory,
                replay: @escaping @Sendable ([ReviewRecord]) -> CardMemory?) {
        self.next = next
        self.replay = replay
    }
}
