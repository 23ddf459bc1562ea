import Foundation

/// Mastery (`LearnerModel`'s definition: the course's share recalled unaided a week after)
/// as it stood at past moments, from the log read once in time order. Only the item
/// states are held, never the log, so a history of a million answers costs one pass and
/// the memory of the course's states (the Statistics screen's weekly chart).
public struct MasteryHistory {
    private let points: [Date]
    private let questionIDs: Set<String>
    private let total: Int
    private let scheduler: FSRSScheduler
    private var states: [String: CardMemory] = [:]
    private var recalled: Set<String> = []
    /// Records with the same time, waiting to be applied in the log's order (ties by id).
    private var sameTime: [ReviewRecord] = []
    public private(set) var values: [Double] = []

    /// `points`: the moments wanted, in ascending order.
    public init(points: [Date], course: Course, scheduler: FSRSScheduler) {
        self.points = points
        questionIDs = Set(course.questions.map(\.id))
        total = max(1, course.questions.count)
        self.scheduler = scheduler
    }

    /// The next record of the log; records come in time order (ties in any order).
    public mutating func add(_ record: ReviewRecord) {
        if let first = sameTime.first, first.reviewedAt != record.reviewedAt { applySameTime() }
        sameTime.append(record)
    }

    /// Mastery at every point, oldest first.
    public mutating func finish() -> [Double] {
        applySameTime()
        while values.count < points.count { values.append(mastery(at: points[values.count])) }
        return values
    }

    private mutating func applySameTime() {
        guard let time = sameTime.first?.reviewedAt else { return }
        // A point before these answers sees the states as they were (answers at or
        // before a point count for it).
        while values.count < points.count && points[values.count] < time { values.append(mastery(at: points[values.count])) }
        for record in sameTime.sorted(by: FSRSScheduler.logOrder) where record.affectsSchedule {
            let before = states[record.questionID] ?? .new(at: record.reviewedAt)
            states[record.questionID] = scheduler.review(before, rating: record.rating, at: record.reviewedAt,
                                                         fuzz: FSRSScheduler.fuzzUnit(forReviewID: record.id))
            if record.rating != .again { recalled.insert(record.questionID) }
        }
        sameTime.removeAll(keepingCapacity: true)
    }

    private func mastery(at point: Date) -> Double {
        let horizon = LearnerModel.horizon(now: point, examDate: nil)
        var sum = 0.0
        for (question, state) in states where questionIDs.contains(question) {
            sum += LearnerModel.recall(state, recalled: recalled.contains(question), at: horizon, scheduler: scheduler)
        }
        return sum / Double(total)
    }
}
