import Foundation

/// The FSRS-6 memory formulas (SPEC §3–§5), with every constant that depends only on the
/// weights worked out once. Each formula keeps py-fsrs's exact order of operations and
/// computes e^x as `pow(M_E, x)` (as Python's `math.e ** x` does), so results agree with
/// the reference bit for bit, not merely within a tolerance.
struct FSRSModel: Sendable, Equatable {
    static let minimumStability = 0.001
    static let difficultyRange = 1.0...10.0

    let w: [Double]
    /// DECAY = −w20: the forgetting curve's exponent.
    let decay: Double
    /// FACTOR = 0.9^(1/DECAY) − 1, so that R = 0.9 when t = S.
    let factor: Double
    /// r^(1/DECAY) − 1: the second factor of the interval formula for this retention.
    let retentionFactor: Double
    /// e^w8, the recall formula's scale.
    let expW8: Double
    /// e^(w17·w18): a lapse never leaves stability above S divided by this.
    let lapseCapDivisor: Double
    /// D0(Easy) unclamped: the mean-reversion target (negative with default weights).
    let meanReversionTarget: Double
    /// e^(w17·(G − 3 + w18)) for G = 1…4 (index G − 1): short-term base multipliers.
    let shortTermBase: [Double]

    init(parameters: FSRSParameters, desiredRetention: Double) {
        let w = parameters.values
        self.w = w
        decay = -w[20]
        factor = pow(0.9, 1 / decay) - 1
        retentionFactor = pow(desiredRetention, 1 / decay) - 1
        expW8 = pow(M_E, w[8])
        lapseCapDivisor = pow(M_E, w[17] * w[18])
        meanReversionTarget = w[4] - pow(M_E, w[5] * 3) + 1
        shortTermBase = (1...4).map { g in pow(M_E, w[17] * (Double(g - 3) + w[18])) }
    }

    /// Whole 24-hour periods from `a` to `b`, floored (Python `timedelta.days`), SPEC §7.
    static func elapsedDays(from a: Date, to b: Date) -> Int {
        Int((b.timeIntervalSince(a) / 86400).rounded(.down))
    }

    /// R after `elapsedDays` whole days at stability `s` (negative spans count as 0).
    func retrievability(elapsedDays: Int, stability s: Double) -> Double {
        let t = Double(max(0, elapsedDays))
        return pow(1 + (factor * t) / s, decay)
    }

    func initialStability(_ g: Rating) -> Double {
        max(w[g.rawValue - 1], Self.minimumStability)
    }

    func initialDifficulty(_ g: Rating) -> Double {
        clampDifficulty(w[4] - pow(M_E, w[5] * Double(g.rawValue - 1)) + 1)
    }

    /// Linear damping toward 10, then mean reversion toward the unclamped D0(Easy), then clamp.
    func nextDifficulty(_ d: Double, _ g: Rating) -> Double {
        let delta = -(w[6] * Double(g.rawValue - 3))
        let damped = d + (10.0 - d) * delta / 9.0
        return clampDifficulty(w[7] * meanReversionTarget + (1 - w[7]) * damped)
    }

    /// Same-day review: Again shrinks S; Hard, Good and Easy never lower it.
    func shortTermStability(_ s: Double, _ g: Rating) -> Double {
        var increase = shortTermBase[g.rawValue - 1] * pow(s, -w[19])
        if g != .again { increase = max(increase, 1.0) }
        return max(s * increase, Self.minimumStability)
    }

    /// Review at least a day after the last one, with retrievability `r` at that moment.
    func longTermStability(_ s: Double, _ d: Double, _ r: Double, _ g: Rating) -> Double {
        let next: Double
        if g == .again {
            let long = w[11] * pow(d, -w[12]) * (pow(s + 1, w[13]) - 1) * pow(M_E, (1 - r) * w[14])
            next = min(long, s / lapseCapDivisor)
        } else {
            let hard = g == .hard ? w[15] : 1
            let easy = g == .easy ? w[16] : 1
            next = s * (1 + expW8 * (11 - d) * pow(s, -w[9]) * (pow(M_E, (1 - r) * w[10]) - 1) * hard * easy)
        }
        return max(next, Self.minimumStability)
    }

    /// Days until the next review: round half to even, at least 1, at most `maximum` (SPEC §5).
    func intervalDays(stability s: Double, maximum: Int) -> Int {
        let raw = (s / factor) * retentionFactor
        // NaN only from a nonsensical retention (say negative); give the shortest interval, not a trap.
        let days = raw.isNaN ? 1 : max(raw.rounded(.toNearestOrEven), 1)
        // Compare as Double first: S has no upper bound, and Int(∞) would trap.
        return days >= Double(maximum) ? maximum : Int(days)
    }

    private func clampDifficulty(_ d: Double) -> Double {
        min(max(d, Self.difficultyRange.lowerBound), Self.difficultyRange.upperBound)
    }
}
