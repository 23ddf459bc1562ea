import Foundation
import GRDB
import StudyCore

extension LearnerStore {
    /// The memory state of every item the learner has met in `course`, by question id.
    public func itemStates(learner: Int64, course: String) throws -> [String: CardMemory] {
        try read { db in
            var states: [String: CardMemory] = [:]
            // Copied rows (fetchAll), not a cursor: a cursor converts a wrongly typed
            // value silently, where a copied row reports it.
            for row in try Row.fetchAll(db, sql: "SELECT * FROM itemState WHERE learnerId = ? AND courseId = ?",
                                        arguments: [learner, course]) {
                let memory = try Codecs.memory(row)
                states[try RowValue.decode(row, "questionId", table: "itemState")] = memory
            }
            return states
        }
    }

    /// Saves one answer: appends it to the review log and stores the item's new state,
    /// in one transaction that is on disk (FULL sync) when this returns. Call it before
    /// showing the next question; a crash then loses at most the answer in flight.
    /// `newState` nil leaves the item state as it is (cram answers don't move the schedule).
    public func record(_ review: ReviewRecord, learner: Int64, newState: CardMemory?) throws {
        try write { db in
            if try Bool.fetchOne(db, sql: "SELECT 1 FROM review WHERE id = ?", arguments: [review.id]) == true {
                throw StoreError.conflict("a review with id \(review.id) is already saved")
            }
            try Self.requireLearner(learner, db)
            try Codecs.insertReview(review, learner: learner, db)
            if let newState {
                try Codecs.upsertState(newState, learner: learner, course: review.courseID, question: review.questionID, db)
            }
        }
    }

    /// Takes back one answer: removes it from the log and puts back the item's state
    /// from before it (`nil`: the item had no state, so its row is deleted). One transaction.
    public func undo(reviewID: String, learner: Int64, previousState: CardMemory?) throws {
        try write { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT courseId, questionId FROM review WHERE id = ? AND learnerId = ?",
                                             arguments: [reviewID, learner]) else {
                throw StoreError.notFound("review \(reviewID) of learner \(learner)")
            }
            let course: String = row["courseId"], question: String = row["questionId"]
            try db.execute(sql: "DELETE FROM review WHERE id = ?", arguments: [reviewID])
            if let previousState {
                try Codecs.upsertState(previousState, learner: learner, course: course, question: question, db)
            } else {
                try Codecs.deleteState(learner: learner, course: course, question: question, db)
            }
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
    /// seeing the feedback): the log entry and the item state change together, in one
    /// transaction, so there is never a moment with neither.
    public func amend(_ review: ReviewRecord, learner: Int64, newState: CardMemory?) throws {
        try write { db in
            guard try Bool.fetchOne(db, sql: "SELECT 1 FROM review WHERE id = ? AND learnerId = ?",
                                    arguments: [review.id, learner]) == true else {
                throw StoreError.notFound("review \(review.id) of learner \(learner)")
            }
            try db.execute(sql: "DELETE FROM review WHERE id = ?", arguments: [review.id])
            try Codecs.insertReview(review, learner: learner, db)
            if let newState {
                try Codecs.upsertState(newState, learner: learner, course: review.courseID, question: review.questionID, db)
            }
        }
    }
}
