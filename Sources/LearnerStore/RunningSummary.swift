import Foundation
import GRDB
import StudyCore

/// What the everyday screens need, kept current by every write instead of recomputed from
/// the whole log (schema version 4):
///
/// - `review.beforeState`: the item's state just before the answer (0 new, 1 learning,
///   2 review, 3 relearning). Today's new and review counts (the daily limits), and the
///   retention window, read it directly.
/// - `itemState.recalled`: 1 once the item has had a schedule-affecting answer rated above
///   Again (the learner model's "answered right at least once").
/// - `courseSummary.answers`: the learner's answers in the course.
/// - `calibrationBin`: per tenth of predicted probability, the answers with a recorded
///   prediction, how many were right, and the sums of the predictions and of log loss.
///
/// All of it follows from the log alone: states move through learning, review and
/// relearning the same way whatever the weights or retention (those change stability and
/// intervals, not the state machine), so the default scheduler's transitions give the
/// before-states. `recompute` rebuilds it from the log (import, rebuild, salvage, the
/// migration); `differences` is what `doctor` compares.
enum RunningSummary {
    static let transitions = FSRSScheduler(SchedulerConfig(enableFuzzing: false))

    static func code(_ memory: CardMemory?) -> Int {
        guard let memory, !memory.isNew else { return 0 }
        return memory.state.rawValue
    }

    static func bin(_ predicted: Double) -> Int { min(9, max(0, Int(predicted * 10))) }

    static func logLoss(_ predicted: Double, correct: Bool) -> Double {
        let q = min(0.999, max(0.001, predicted))
        return correct ? -log(q) : -log(1 - q)
    }

    // MARK: one answer at a time

    /// After inserting `review` for `learner`: its counters and, for a right
    /// schedule-affecting answer, the item's recalled flag.
    static func added(_ review: ReviewRecord, learner: Int64, _ db: Database) throws {
        try count(learner, review.courseID, by: 1, db)
        if let p = review.predicted, p.isFinite, (0...1).contains(p) {
            try db.cachedStatement(sql: """
                INSERT INTO calibrationBin (learnerId, courseId, bin, answers, correct, predictedSum, logLossSum)
                VALUES (?, ?, ?, 1, ?, ?, ?)
                ON CONFLICT (learnerId, courseId, bin) DO UPDATE SET answers = answers + 1,
                    correct = correct + excluded.correct, predictedSum = predictedSum + excluded.predictedSum,
                    logLossSum = logLossSum + excluded.logLossSum
                """).execute(arguments: [learner, review.courseID, bin(p), review.correct ? 1 : 0, p, logLoss(p, correct: review.correct)])
        }
        if review.affectsSchedule && review.rating != .again {
            try db.cachedStatement(sql: "UPDATE itemState SET recalled = 1 WHERE learnerId = ? AND courseId = ? AND questionId = ? AND recalled = 0")
                .execute(arguments: [learner, review.courseID, review.questionID])
        }
    }

    /// Before deleting the review `id`: takes it out of the counters. Returns its item.
    @discardableResult
    static func removing(reviewID id: String, learner: Int64, _ db: Database) throws -> (course: String, question: String)? {
        guard let row = try Row.fetchOne(db, sql: """
            SELECT courseId, questionId, predicted, correct FROM review WHERE id = ? AND learnerId = ?
            """, arguments: [id, learner]) else { return nil }
        let course: String = try RowValue.decode(row, "courseId", table: "review", id: id)
        let question: String = try RowValue.decode(row, "questionId", table: "review", id: id)
        try count(learner, course, by: -1, db)
        let predicted: Double? = row["predicted"]
        if let p = predicted, p.isFinite, (0...1).contains(p) {
            let correct = (row["correct"] as Int? ?? 0) != 0
            try db.execute(sql: """
                UPDATE calibrationBin SET answers = answers - 1, correct = correct - ?, predictedSum = predictedSum - ?,
                    logLossSum = logLossSum - ? WHERE learnerId = ? AND courseId = ? AND bin = ?
                """, arguments: [correct ? 1 : 0, p, logLoss(p, correct: correct), learner, course, bin(p)])
        }
        return (course, question)
    }

    private static func count(_ learner: Int64, _ course: String, by delta: Int, _ db: Database) throws {
        if delta > 0 {
            try db.cachedStatement(sql: """
                INSERT INTO courseSummary (learnerId, courseId, answers) VALUES (?, ?, ?)
                ON CONFLICT (learnerId, courseId) DO UPDATE SET answers = answers + excluded.answers
                """).execute(arguments: [learner, course, delta])
        } else {
            try db.execute(sql: "UPDATE courseSummary SET answers = MAX(0, answers + ?) WHERE learnerId = ? AND courseId = ?",
                           arguments: [delta, learner, course])
        }
    }

    /// Recomputes one item's before-states and recalled flag from its log (after an answer
    /// was taken back or changed, or arrived out of order).
    static func refreshItem(learner: Int64, course: String, question: String, _ db: Database) throws {
        let rows = try Row.fetchAll(db, sql: """
            SELECT id, reviewedAt, rating, affectsSchedule FROM review
            WHERE learnerId = ? AND courseId = ? AND questionId = ? ORDER BY reviewedAt, id
            """, arguments: [learner, course, question])
        var memory: CardMemory?
        var recalled = false
        for row in rows {
            let id: String = try RowValue.decode(row, "id", table: "review")
            let at = Millis.date(try RowValue.decode(row, "reviewedAt", table: "review", id: id) as Int64)
            let ratingCode: Int = try RowValue.decode(row, "rating", table: "review", id: id)
            let affects = (try RowValue.decode(row, "affectsSchedule", table: "review", id: id) as Int) != 0
            try db.execute(sql: "UPDATE review SET beforeState = ? WHERE id = ?", arguments: [code(memory), id])
            guard affects, let rating = Rating(rawValue: ratingCode) else { continue }
            memory = transitions.review(memory ?? .new(at: at), rating: rating, at: at)
            if rating != .again { recalled = true }
        }
        try db.execute(sql: "UPDATE itemState SET recalled = ? WHERE learnerId = ? AND courseId = ? AND questionId = ?",
                       arguments: [recalled ? 1 : 0, learner, course, question])
    }

    // MARK: whole pairs

    /// The summary of one learner in one course, computed from the log.
    struct Computed: Equatable {
        var beforeStates: [String: Int] = [:]
        var recalled: Set<String> = []
        var answers = 0
        var bins: [Int: Bin] = [:]
    }

    struct Bin: Equatable {
        var answers = 0
        var correct = 0
        var predictedSum = 0.0
        var logLossSum = 0.0

        func close(to other: Bin) -> Bool {
            answers == other.answers && correct == other.correct
                && abs(predictedSum - other.predictedSum) < 1e-6 && abs(logLossSum - other.logLossSum) < 1e-6
        }
    }

    static func compute(learner: Int64, course: String, _ db: Database) throws -> Computed {
        let records = try Codecs.reviews(learner: learner, course: course, since: nil, withOptions: false, db)
        var result = Computed()
        var memory: [String: CardMemory] = [:]
        for record in records {
            result.beforeStates[record.id] = code(memory[record.questionID])
            result.answers += 1
            count(record, in: &result.bins)
            guard record.affectsSchedule else { continue }
            memory[record.questionID] = transitions.review(memory[record.questionID] ?? .new(at: record.reviewedAt),
                                                           rating: record.rating, at: record.reviewedAt)
            if record.rating != .again { result.recalled.insert(record.questionID) }
        }
        return result
    }

    /// Adds an answer with a recorded prediction to its bin.
    static func count(_ record: ReviewRecord, in bins: inout [Int: Bin]) {
        guard let p = record.predicted, p.isFinite, (0...1).contains(p) else { return }
        var b = bins[bin(p)] ?? Bin()
        b.answers += 1
        b.correct += record.correct ? 1 : 0
        b.predictedSum += p
        b.logLossSum += logLoss(p, correct: record.correct)
        bins[bin(p)] = b
    }

    /// Rewrites one pair's summary from its log.
    static func recompute(learner: Int64, course: String, _ db: Database) throws {
        let c = try compute(learner: learner, course: course, db)
        // Only what differs is written: after an import or a rebuild most of it already holds.
        // The stored values are read with a cursor and only the differences kept (the log
        // may hold a million answers), then written once the reading is done.
        var before: [(id: String, state: Int)] = []
        let answers = try Row.fetchCursor(db, sql: "SELECT id, beforeState FROM review WHERE learnerId = ? AND courseId = ?",
                                          arguments: [learner, course])
        // Each row copied, as `fetchAll` would: a copied row reports a wrongly typed value
        // (`RowValue`), where a cursor's row would convert it silently.
        while let row = try answers.next()?.copy() {
            let id: String = try RowValue.decode(row, "id", table: "review")
            if let state = c.beforeStates[id], (row["beforeState"] as Int?) != state { before.append((id, state)) }
        }
        let setBefore = try db.cachedStatement(sql: "UPDATE review SET beforeState = ? WHERE id = ?")
        for (id, state) in before { try setBefore.execute(arguments: [state, id]) }

        var flags: [(question: String, recalled: Bool)] = []
        let items = try Row.fetchCursor(db, sql: "SELECT questionId, recalled FROM itemState WHERE learnerId = ? AND courseId = ?",
                                        arguments: [learner, course])
        while let row = try items.next()?.copy() {
            let question: String = try RowValue.decode(row, "questionId", table: "itemState")
            let recalled = c.recalled.contains(question)
            if (row["recalled"] as Int?) != (recalled ? 1 : 0) { flags.append((question, recalled)) }
        }
        let setRecalled = try db.cachedStatement(sql: """
            UPDATE itemState SET recalled = ? WHERE learnerId = ? AND courseId = ? AND questionId = ?
            """)
        for (question, recalled) in flags { try setRecalled.execute(arguments: [recalled ? 1 : 0, learner, course, question]) }
        try storeTotals(learner: learner, course: course, answers: c.answers, bins: c.bins, db)
    }

    /// One pair's answer count and calibration bins, replacing what was stored.
    static func storeTotals(learner: Int64, course: String, answers: Int, bins: [Int: Bin], _ db: Database) throws {
        try db.execute(sql: """
            INSERT INTO courseSummary (learnerId, courseId, answers) VALUES (?, ?, ?)
            ON CONFLICT (learnerId, courseId) DO UPDATE SET answers = excluded.answers
            """, arguments: [learner, course, answers])
        try db.execute(sql: "DELETE FROM calibrationBin WHERE learnerId = ? AND courseId = ?", arguments: [learner, course])
        for (index, b) in bins {
            try db.execute(sql: """
                INSERT INTO calibrationBin (learnerId, courseId, bin, answers, correct, predictedSum, logLossSum)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """, arguments: [learner, course, index, b.answers, b.correct, b.predictedSum, b.logLossSum])
        }
    }

    /// Every pair's summary from the log (the migration to version 4, rebuild, salvage).
    static func recomputeAll(_ db: Database) throws {
        try db.execute(sql: "DELETE FROM courseSummary")
        try db.execute(sql: "DELETE FROM calibrationBin")
        for pair in try LearnerStore.allPairs(db) { try recompute(learner: pair.learner, course: pair.course, db) }
    }

    /// How the stored summary of one pair differs from the log's, in words (none: equal).
    static func differences(learner: Int64, course: String, _ db: Database) throws -> [String] {
        let c = try compute(learner: learner, course: course, db)
        var problems: [String] = []
        let stored = try Row.fetchAll(db, sql: "SELECT id, beforeState FROM review WHERE learnerId = ? AND courseId = ?",
                                      arguments: [learner, course])
        let wrongBefore = stored.filter { row in
            let id: String = row["id"] ?? ""
            return (row["beforeState"] as Int?) != c.beforeStates[id]
        }.count
        if wrongBefore > 0 { problems.append("\(wrongBefore) answers' before-states") }
        let recalled = Set(try String.fetchAll(db, sql: """
            SELECT questionId FROM itemState WHERE learnerId = ? AND courseId = ? AND recalled = 1
            """, arguments: [learner, course]))
        if recalled != c.recalled { problems.append("\(recalled.symmetricDifference(c.recalled).count) items' recalled flags") }
        let answers = try Int.fetchOne(db, sql: "SELECT answers FROM courseSummary WHERE learnerId = ? AND courseId = ?",
                                       arguments: [learner, course]) ?? 0
        if answers != c.answers { problems.append("the answer count (\(answers), the log has \(c.answers))") }
        var bins: [Int: Bin] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT * FROM calibrationBin WHERE learnerId = ? AND courseId = ?",
                                    arguments: [learner, course]) {
            let b = Bin(answers: row["answers"] ?? 0, correct: row["correct"] ?? 0, predictedSum: row["predictedSum"] ?? 0,
                        logLossSum: row["logLossSum"] ?? 0)
            if b.answers != 0 { bins[row["bin"] ?? -1] = b }
        }
        let binsMatch = Set(bins.keys) == Set(c.bins.keys) && bins.allSatisfy { key, b in c.bins[key].map(b.close) ?? false }
        if !binsMatch { problems.append("the calibration bins") }
        return problems
    }
}
