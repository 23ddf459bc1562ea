import Foundation
import GRDB
import StudyCore

/// Reads of the running summary (see `RunningSummary`): what Home, Study today and `primer
/// stats` need, each an indexed lookup or a scan of a bounded window, never of the whole log.
extension LearnerStore {
    /// Item states and the questions ever answered right, in one read.
    public func itemStatesAndRecalled(learner: Int64, course: String) throws -> (states: [String: CardMemory], recalled: Set<String>) {
        try read { db in
            let items = try ItemStateRows.all(db, learner: learner, course: course)
            var states: [String: CardMemory] = Dictionary(minimumCapacity: items.count)
            var recalled: Set<String> = []
            for item in items {
                states[item.question] = item.memory
                if item.recalled { recalled.insert(item.question) }
            }
            return (states, recalled)
        }
    }

    /// Whether one question has been answered right at least once (its item's `recalled`
    /// flag; false when it has no item state). An amend or an undo changes only its own item.
    public func isRecalled(learner: Int64, course: String, question: String) throws -> Bool {
        try read { db in
            try Int.fetchOne(db, sql: "SELECT recalled FROM itemState WHERE learnerId = ? AND courseId = ? AND questionId = ?",
                             arguments: [learner, course, question]).map { $0 != 0 } ?? false
        }
    }

    /// What the answers in `day` (both ends inclusive, as `DateInterval.contains`) used of the
    /// daily limits: items met for the first time, answers to items in Review.
    public func todayCounts(learner: Int64, course: String, day: DateInterval) throws -> TodayCounts {
        try read { db in
            let row = try Row.fetchOne(db, sql: """
                SELECT COALESCE(SUM(affectsSchedule = 1 AND beforeState = 0), 0) AS introduced,
                       COALESCE(SUM(affectsSchedule = 1 AND beforeState = 2), 0) AS reviewed
                FROM review WHERE learnerId = ? AND courseId = ? AND reviewedAt >= ? AND reviewedAt <= ?
                """, arguments: [learner, course, Millis.from(day.start), Millis.from(day.end)])
            return TodayCounts(introduced: row?["introduced"] ?? 0, reviewed: row?["reviewed"] ?? 0)
        }
    }

    /// Per question, the answers given while it was in Review between `from` and `to`
    /// (inclusive), and how many were recalled (rated above Again).
    public func retention(learner: Int64, course: String, from: Date, to: Date) throws -> [String: ProgressHistory.Retention] {
        try read { db in
            var result: [String: ProgressHistory.Retention] = [:]
            for row in try Row.fetchAll(db, sql: """
                SELECT questionId, COUNT(*) AS answers, SUM(rating > 1) AS recalled FROM review
                WHERE learnerId = ? AND courseId = ? AND reviewedAt >= ? AND reviewedAt <= ?
                  AND affectsSchedule = 1 AND beforeState = 2
                GROUP BY questionId
                """, arguments: [learner, course, Millis.from(from), Millis.from(to)]) {
                result[row["questionId"] ?? ""] = ProgressHistory.Retention(answers: row["answers"] ?? 0, recalled: row["recalled"] ?? 0)
            }
            return result
        }
    }

    /// Whether the learner answered anything in the course within `interval` (start
    /// inclusive, end exclusive): one index probe, for the streak.
    public func hasAnswers(learner: Int64, course: String, in interval: DateInterval) throws -> Bool {
        try read { db in
            try Bool.fetchOne(db, sql: """
                SELECT 1 FROM review WHERE learnerId = ? AND courseId = ? AND reviewedAt >= ? AND reviewedAt < ? LIMIT 1
                """, arguments: [learner, course, Millis.from(interval.start), Millis.from(interval.end)]) ?? false
        }
    }

    /// The learner's answers in the course.
    public func answerCount(learner: Int64, course: String) throws -> Int {
        try read { db in
            try Int.fetchOne(db, sql: "SELECT answers FROM courseSummary WHERE learnerId = ? AND courseId = ?",
                             arguments: [learner, course]) ?? 0
        }
    }

    /// The calibration bins (see `Calibration`).
    public func calibration(learner: Int64, course: String) throws -> Calibration {
        try read { db in
            Calibration(bins: try Row.fetchAll(db, sql: """
                SELECT bin, answers, correct, predictedSum, logLossSum FROM calibrationBin
                WHERE learnerId = ? AND courseId = ? AND answers > 0 ORDER BY bin
                """, arguments: [learner, course]).map { row in
                    Calibration.BinSums(index: row["bin"] ?? 0, answers: row["answers"] ?? 0, correct: row["correct"] ?? 0,
                                        predictedSum: row["predictedSum"] ?? 0, logLossSum: row["logLossSum"] ?? 0)
                })
        }
    }

    /// The response times of the learner's last `count` answers in the course, newest first.
    public func responseTimes(learner: Int64, course: String, last count: Int) throws -> [Int] {
        try read { db in
            try Int.fetchAll(db, sql: """
                SELECT responseMs FROM review WHERE learnerId = ? AND courseId = ? ORDER BY reviewedAt DESC LIMIT ?
                """, arguments: [learner, course, count])
        }
    }

    /// When each answer since `since` was given, oldest first (the statistics calendar).
    public func answerTimes(learner: Int64, course: String, since: Date) throws -> [Date] {
        try read { db in
            try Int64.fetchAll(db, sql: """
                SELECT reviewedAt FROM review WHERE learnerId = ? AND courseId = ? AND reviewedAt >= ? ORDER BY reviewedAt
                """, arguments: [learner, course, Millis.from(since)]).map { Millis.date($0) }
        }
    }
}
