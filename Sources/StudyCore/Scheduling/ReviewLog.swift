import Foundation

/// One logged answer together with the item's memory just before and just after it.
/// Limits and statistics need the "before" (was the item new? in review?), which the
/// record itself does not store, because it follows from replaying the log.
public struct ReplayedReview: Sendable, Equatable {
    public var record: ReviewRecord
    public var before: CardMemory
    public var after: CardMemory

    public init(record: ReviewRecord, before: CardMemory, after: CardMemory) {
        self.record = record
        self.before = before
        self.after = after
    }

    /// The answer introduced a new question (counts against the new-per-day limit).
    public var introducedItem: Bool { record.affectsSchedule && before.isNew }
    /// The answer was to an item in Review (counts against the review limit and in retention).
    public var wasReview: Bool { record.affectsSchedule && before.state == .review && !before.isNew }
}

/// A whole course's review log replayed: every item's memory, and every answer annotated.
public struct ReplayedLog: Sendable, Equatable {
    /// Memory by question id, for questions with at least one schedule-affecting answer.
    public var states: [String: CardMemory]
    /// Every record in replay order (time, then id), cram answers included with before == after.
    public var reviews: [ReplayedReview]

    public init(states: [String: CardMemory], reviews: [ReplayedReview]) {
        self.states = states
        self.reviews = reviews
    }
}

extension FSRSScheduler {
    /// Replays a log holding any number of questions' records, each question's state
    /// evolving exactly as `replay(_:createdAt:)` would evolve it (same order, same fuzz).
    public func replayLog(_ records: [ReviewRecord]) -> ReplayedLog {
        var states: [String: CardMemory] = [:]
        var reviews: [ReplayedReview] = []
        reviews.reserveCapacity(records.count)
        for record in records.sorted(by: Self.logOrder) {
            let before = states[record.questionID] ?? .new(at: record.reviewedAt)
            guard record.affectsSchedule else {
                reviews.append(ReplayedReview(record: record, before: before, after: before))
                continue
            }
            let after = review(before, rating: record.rating, at: record.reviewedAt,
                               fuzz: Self.fuzzUnit(forReviewID: record.id))
            states[record.questionID] = after
            reviews.append(ReplayedReview(record: record, before: before, after: after))
        }
        return ReplayedLog(states: states, reviews: reviews)
    }

    /// Only the item states `replayLog` ends with, without annotating every answer (which
    /// copies each record): what rebuilding the stored states needs (doctor, import, new
    /// weights from `primer optimize`). The same order and fuzz, so the same states: it is
    /// the replay of the same answers as a `ScheduleLog`. `records` are one course's.
    public func replayStates(_ records: [ReviewRecord]) -> [String: CardMemory] {
        replayStates(ScheduleLog(records: records)).values.first ?? [:]
    }
}
