import Foundation

extension FSRSInitialStability {
    /// fsrs-rs `smooth_and_fill`: makes S0 non-decreasing from Again to Easy, fills in the
    /// ratings that had no data from those that had, and clamps to `range`. Used after
    /// pretraining and again after gradient training (with the pretrain counts), so a
    /// rating the learner never gave first keeps a value derived from the others rather
    /// than whatever the gradient happened to do to it.
    ///
    /// `stability[r]` counts only where `counts[r] > 0`. Returns nil when no rating has data.
    static func smoothAndFill(_ stability: [Double?], counts: [Int]) -> [Double]? {
        var s: [Double?] = (0..<4).map { counts[$0] > 0 ? stability[$0] : nil }
        // A higher first rating never means a shorter first stability; when two disagree,
        // the rating with more data wins.
        for (a, b) in [(0, 1), (1, 2), (2, 3), (0, 2), (1, 3), (0, 3)] {
            guard let sa = s[a], let sb = s[b], sa > sb else { continue }
            if counts[a] > counts[b] { s[b] = sa } else { s[a] = sb }
        }
        let known = s.indices.compactMap { i in s[i].map { (rating: i, stability: $0) } }
        let filled: [Double]
        switch known.count {
        case 0: return nil
        case 1: filled = scaledDefaults(known[0])
        case 2: filled = fillTwo(s)
        case 3: filled = fillOne(s)
        default: filled = known.map(\.stability)
        }
        return filled.map { min(max($0, range.lowerBound), range.upperBound) }
    }

    /// FSRS's typical ratios between S0 of neighbouring ratings (fsrs-rs's w1 and w2 of
    /// the fill-in formulas, not FSRS weights).
    private static let w1 = 0.41, w2 = 0.54

    /// One rating known: the defaults, scaled so that rating matches.
    private static func scaledDefaults(_ known: (rating: Int, stability: Double)) -> [Double] {
        let factor = known.stability / FSRSParameters.defaultValues[known.rating]
        return (0..<4).map { FSRSParameters.defaultValues[$0] * factor }.sorted()
    }

    /// Two ratings known: fsrs-rs's geometric interpolation / extrapolation for each pair.
    private static func fillTwo(_ s: [Double?]) -> [Double] {
        var v = s.map { $0 ?? 0 }
        switch (s[0] != nil, s[1] != nil, s[2] != nil, s[3] != nil) {
        case (false, false, true, true):
            v[1] = pow(v[2], 1 / (1 - w2)) * pow(v[3], 1 - 1 / (1 - w2))
            v[0] = pow(v[1], 1 / w1) * pow(v[2], 1 - 1 / w1)
        case (false, true, false, true):
            v[2] = pow(v[1], 1 - w2) * pow(v[3], w2)
            v[0] = pow(v[1], 1 / w1) * pow(v[2], 1 - 1 / w1)
        case (false, true, true, false):
            v[3] = pow(v[1], 1 - 1 / w2) * pow(v[2], 1 / w2)
            v[0] = pow(v[1], 1 / w1) * pow(v[2], 1 - 1 / w1)
        case (true, false, false, true):
            let k = w1 + w2 - w1 * w2
            v[1] = pow(v[0], w1 / k) * pow(v[3], 1 - w1 / k)
            v[2] = pow(v[0], 1 - w2 / k) * pow(v[3], w2 / k)
        case (true, false, true, false):
            v[1] = pow(v[0], w1) * pow(v[2], 1 - w1)
            v[3] = pow(v[1], 1 - 1 / w2) * pow(v[2], 1 / w2)
        default:  // (true, true, false, false)
            v[2] = pow(v[0], 1 - 1 / (1 - w1)) * pow(v[1], 1 / (1 - w1))
            v[3] = pow(v[1], 1 - 1 / w2) * pow(v[2], 1 / w2)
        }
        return v
    }

    /// Three ratings known: the missing one from its neighbours.
    private static func fillOne(_ s: [Double?]) -> [Double] {
        var v = s.map { $0 ?? 0 }
        switch s.firstIndex(where: { $0 == nil }) {
        case 0?: v[0] = pow(v[1], 1 / w1) * pow(v[2], 1 - 1 / w1)
        case 1?: v[1] = pow(v[0], w1) * pow(v[2], 1 - w1)
        case 2?: v[2] = pow(v[1], 1 - w2) * pow(v[3], w2)
        default: v[3] = pow(v[1], 1 - 1 / w2) * pow(v[2], 1 / w2)
        }
        return v
    }
}
