import Foundation

/// Pretraining of the initial stabilities w0–w3 (fsrs-rs `parameter_initialization.rs`).
/// Gradient descent alone moves S0 slowly (its scale runs to 100 days), so fsrs-rs
/// first fits, per first rating, the one stability that best explains how often first
/// long-term reviews were recalled after each first interval.
enum FSRSInitialStability {
    /// fsrs-rs keeps w0–w3 in [S_MIN, INIT_S_MAX]. It must be the very lower bound the
    /// model clamps S to (`FSRSTrainingModel.sRange`) and clipping uses: the clamp passes
    /// gradient only on or inside its bounds, so a w0 clipped a hair below the clamp's
    /// floor would never move again.
    static let range: ClosedRange<Double> = FSRSTrainingModel.sRange.lowerBound...100

    /// The fitted S0 of Again, Hard, Good, Easy (index rating − 1), and how many pretrain
    /// items each first rating had (0 = none, its S0 was filled in from the others);
    /// nil when no rating had any item (fsrs-rs `NotEnoughData`).
    static func fit(pretrainItems: [FSRSTrainingItem], averageRecall: Double)
        -> (stability: [Double], ratingCounts: [Int])? {
        // first rating → first interval → (recalled, count)
        var groups: [[Int: (recalled: Int, count: Int)]] = Array(repeating: [:], count: 4)
        for item in pretrainItems where item.longTermReviewCount == 1 {
            guard let first = item.firstLongTermReview else { continue }
            let rating = item.firstReview.rating.rawValue - 1
            var cell = groups[rating][first.deltaT] ?? (0, 0)
            cell.recalled += first.rating != .again ? 1 : 0
            cell.count += 1
            groups[rating][first.deltaT] = cell
        }
        var stability: [Double?] = Array(repeating: nil, count: 4)
        var counts = Array(repeating: 0, count: 4)
        for rating in 0..<4 where !groups[rating].isEmpty {
            let points = groups[rating].sorted { $0.key < $1.key }.map { entry in
                RecallPoint(interval: Double(entry.key), recall: Double(entry.value.recalled) / Double(entry.value.count),
                            count: Double(entry.value.count), averageRecall: averageRecall)
            }
            counts[rating] = points.reduce(0) { $0 + Int($1.count) }
            stability[rating] = bestStability(points, prior: FSRSParameters.defaultValues[rating])
        }
        guard let filled = smoothAndFill(stability, counts: counts) else { return nil }
        return (filled, counts)
    }

    /// The recall rate of one (first rating, first interval) group, Laplace-smoothed
    /// toward the average recall so a group of one item cannot claim 0 % or 100 %.
    struct RecallPoint {
        var interval: Double
        var smoothedRecall: Double
        var count: Double

        init(interval: Double, recall: Double, count: Double, averageRecall: Double) {
            self.interval = interval
            self.count = count
            smoothedRecall = (recall * count + averageRecall) / (count + 1)
        }
    }

    /// Ternary search on [S_MIN, 100] for the S minimising the count-weighted log loss of
    /// the points on the forgetting curve with the *default* decay, plus |S − prior| / 16
    /// (a weak pull toward the default S0). Same bounds, rule and 1000-step cap as fsrs-rs.
    static func bestStability(_ points: [RecallPoint], prior: Double) -> Double {
        let decay = -FSRSParameters.defaultValues[20]
        let factor = pow(0.9, 1 / decay) - 1
        func loss(_ s: Double) -> Double {
            var total = 0.0
            for point in points {
                let p = pow(point.interval / s * factor + 1, decay)
                let y = point.smoothedRecall
                total += -(y * log(p) + (1 - y) * log(1 - p)) * point.count
            }
            return total + abs(s - prior) / 16
        }
        var low = range.lowerBound, high = range.upperBound
        var best = prior
        for _ in 0..<1000 where high - low > Double.ulpOfOne {
            let mid1 = low + (high - low) / 3
            let mid2 = high - (high - low) / 3
            let (oldLow, oldHigh) = (low, high)
            if loss(mid1) < loss(mid2) { high = mid2 } else { low = mid1 }
            best = (high + low) / 2
            // Once rounding stops the interval from shrinking, every later step would
            // repeat this one exactly: fsrs-rs's remaining iterations change nothing.
            if low == oldLow && high == oldHigh { break }
        }
        return best
    }
}
