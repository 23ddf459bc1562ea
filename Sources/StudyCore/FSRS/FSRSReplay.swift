import Foundation

extension FSRSScheduler {
    /// One item's memory as a function of its review log: the new card created at
    /// `createdAt`, then every schedule-affecting record in time order (ties by id, so
    /// the order does not depend on how the log was read), each fuzzed with
    /// `fuzzUnit(forReviewID:)` exactly as the live review was. Cram records
    /// (`affectsSchedule == false`) are skipped. `records` must all be for one question.
    public func replay(_ records: [ReviewRecord], createdAt: Date) -> CardMemory {
        var card = CardMemory.new(at: createdAt)
        for record in records.sorted(by: Self.logOrder) where record.affectsSchedule {
            card = review(card, rating: record.rating, at: record.reviewedAt,
                          fuzz: Self.fuzzUnit(forReviewID: record.id))
        }
        return card
    }

    /// The log's replay order: by time, then by id.
    static func logOrder(_ a: ReviewRecord, _ b: ReviewRecord) -> Bool {
        a.reviewedAt != b.reviewedAt ? a.reviewedAt < b.reviewedAt : a.id < b.id
    }
}
