/// fsrs-rs's outlier filter (`dataset.rs::prepare_training_data`). A question's first
/// interval is set by the scheduler, not the learner, so a few odd first intervals (a
/// manual reschedule, a long break) would skew the initial stabilities w0–w3 that are
/// fitted from them. The filter groups the items whose target is the question's first
/// review on a later day by (first rating, first interval), drops the rarest groups,
/// and then drops every item of a question whose first interval fell in a dropped group.
struct FSRSOutlierFilter {
    /// Items to fit w0–w3 on: first long-term reviews in the kept groups.
    var pretrainItems: [FSRSTrainingItem]
    /// Items to train on: every item whose question's first interval was kept, in the
    /// order given (pretrain items included).
    var trainItems: [FSRSTrainingItem]

    init(_ items: [FSRSTrainingItem]) {
        let (removed, keptIndices) = Self.analyse(items)
        pretrainItems = keptIndices.map { items[$0] }
        trainItems = []
        trainItems.reserveCapacity(items.count)
        for item in items {
            guard let first = item.firstLongTermReview else { continue }
            if !removed.contains(firstRating: item.firstReview.rating.rawValue, interval: first.deltaT) { trainItems.append(item) }
        }
    }

    /// The dropped (first rating, first interval) groups, looked up for every item: a
    /// table per rating for intervals up to about 11 years, which a hashed set of pairs
    /// took most of the filter's time to answer; longer ones (from a damaged or odd log)
    /// in a set.
    struct RemovedGroups {
        private static let tableLength = 4096
        /// By rating − 1, whether each interval's group was dropped (beyond the end: kept).
        private var byRating: [[Bool]] = Array(repeating: [], count: 4)
        private var long = Set<[Int]>()

        mutating func insert(firstRating: Int, interval: Int) {
            guard (1...4).contains(firstRating), (0..<Self.tableLength).contains(interval) else {
                long.insert([firstRating, interval])
                return
            }
            if byRating[firstRating - 1].isEmpty { byRating[firstRating - 1] = Array(repeating: false, count: Self.tableLength) }
            byRating[firstRating - 1][interval] = true
        }

        func contains(firstRating: Int, interval: Int) -> Bool {
            guard (1...4).contains(firstRating), (0..<Self.tableLength).contains(interval) else {
                return !long.isEmpty && long.contains([firstRating, interval])
            }
            return !byRating[firstRating - 1].isEmpty && byRating[firstRating - 1][interval]
        }
    }

    /// Per first rating (ascending): threshold = max(20, total / 20). Visiting the
    /// interval groups from smallest to largest (ties: shorter interval first), groups are
    /// dropped while the running count of dropped items stays below the threshold; after
    /// that a group is kept only with at least 6 items and an interval of at most 100
    /// days (365 for a first Easy).
    private static func analyse(_ items: [FSRSTrainingItem]) -> (removed: RemovedGroups, kept: [Int]) {
        var groups: [Int: [Int: [Int]]] = [:]  // first rating → interval → item indices
        for (index, item) in items.enumerated() where item.longTermReviewCount == 1 {
            groups[item.firstReview.rating.rawValue, default: [:]][item.target.deltaT, default: []].append(index)
        }
        var removed = RemovedGroups()
        var kept: [Int] = []
        for (rating, byInterval) in groups.sorted(by: { $0.key < $1.key }) {
            let ordered = byInterval.sorted { a, b in
                a.value.count != b.value.count ? a.value.count < b.value.count : a.key < b.key
            }
            let total = ordered.reduce(0) { $0 + $1.value.count }
            let threshold = max(20, total / 20)
            let maxInterval = rating == Rating.easy.rawValue ? 365 : 100
            var removedCount = 0
            for (interval, indices) in ordered {
                if removedCount + indices.count >= threshold {
                    if indices.count >= 6 && interval <= maxInterval {
                        kept.append(contentsOf: indices)
                    } else {
                        removed.insert(firstRating: rating, interval: interval)
                    }
                } else {
                    removedCount += indices.count
                    removed.insert(firstRating: rating, interval: interval)
                }
            }
        }
        return (removed, kept)
    }
}
