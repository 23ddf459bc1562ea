import Foundation

/// The FSRS-6 memory model as the optimizer runs it (fsrs-rs `analytic.rs::step_forward`,
/// the same formulas as `model.rs` and primer's `FSRSModel`), over a question's history
/// with intervals in whole study days, recording in a `StepCache` everything the reverse
/// pass (`FSRSTrainingModel+Gradient.swift`) needs. Logarithms of S, D and the curve's
/// base are taken once here and reused there, which is most of the speed.
///
/// All in Double. fsrs-rs runs this pass in f32 with f64 gradients; on one batch the
/// two agree to within 1e-6 per fitted weight on the tests' fixture.
struct FSRSTrainingModel {
    /// fsrs-rs's S_MIN and S_MAX; S_MIN is also the lower bound w0–w3 are clipped to.
    static let sRange = 0.001...36500.0
    static let dRange = 1.0...10.0

    let w: [Double]
    /// The forgetting curve R(t, S) = (1 + factor·t/S)^decay, decay = −w20, so R(S, S) = 0.9.
    let decay: Double
    let factor: Double
    /// d factor / d decay, for the gradient of w20.
    let factorSlope: Double
    let expW8: Double
    /// e^(w17·w18): a lapse never leaves S above S divided by this.
    let lapseFloorDivisor: Double
    /// D0(Easy) unclamped, the target of mean reversion, and e^(3·w5) for its gradient.
    let easyD: Double
    let exp3W5: Double
    /// e^(w17·(G − 3 + w18)) and the unclamped D0(G), for G = 1…4 at index G − 1.
    let shortTermBase: [Double]
    let initialD: [Double]

    init(weights w: [Double]) {
        self.w = w
        decay = -w[20]
        let c = log(0.9)
        factor = exp(c / decay) - 1
        factorSlope = exp(c / decay) * (-c / (decay * decay))
        expW8 = exp(w[8])
        lapseFloorDivisor = exp(w[17] * w[18])
        easyD = w[4] - exp(3 * w[5]) + 1
        exp3W5 = exp(3 * w[5])
        shortTermBase = (1...4).map { g in exp(w[17] * (Double(g) - 3 + w[18])) }
        initialD = (1...4).map { g in w[4] - exp(w[5] * Double(g - 1)) + 1 }
    }

    enum StepKind: UInt8 { case initial, shortTerm, lapse, success }

    /// One review's forward values. `x` holds the branch's intermediates:
    /// short term: raw multiplier, applied multiplier; lapse: raw S, floor S, (S+1)^w13,
    /// ln(S+1), D^−w12, e^((1−R)·w14), ln D; success: S^−w9, e^((1−R)·w10) − 1, the increase.
    struct StepCache {
        var kind = StepKind.initial
        var flag = false  // short term: raw multiplier in use; lapse: floor in use
        var rating = 0
        var stateS = 0.0, stateD = 0.0  // state before clamping
        var lastS = 0.0, lastD = 0.0
        var t = 0.0, base = 1.0, lnBase = 0.0, r = 1.0
        var lnS = 0.0  // short term and success only
        var preClampS = 0.0, preClampD = 0.0
        var x0 = 0.0, x1 = 0.0, x2 = 0.0, x3 = 0.0, x4 = 0.0, x5 = 0.0, x6 = 0.0
    }

    @inline(__always)
    static func clamp(_ x: Double, _ range: ClosedRange<Double>) -> Double {
        min(max(x, range.lowerBound), range.upperBound)
    }

    /// R after `t` days at stability `s`, the curve's base 1 + factor·t/S and its log.
    @inline(__always)
    func curve(t: Double, s: Double) -> (r: Double, base: Double, lnBase: Double) {
        let base = max(t, 0) / s * factor + 1
        let lnBase = log(base)
        return (exp(decay * lnBase), base, lnBase)
    }

    /// The state after a review rated `rating` (1…4) `t` days after the previous one;
    /// `first` for a question's first review, which sets S0 and D0 and ignores `t`.
    @inline(__always)
    func step(s: Double, d: Double, t: Double, rating: Int, first: Bool,
              cache c: inout StepCache) -> (s: Double, d: Double) {
        c.rating = rating
        c.stateS = s
        c.stateD = d
        if first {
            c.kind = .initial
            c.preClampS = w[rating - 1]
            c.preClampD = initialD[rating - 1]
            return (Self.clamp(c.preClampS, Self.sRange), Self.clamp(c.preClampD, Self.dRange))
        }
        let lastS = Self.clamp(s, Self.sRange), lastD = Self.clamp(d, Self.dRange)
        c.lastS = lastS
        c.lastD = lastD
        c.t = max(t, 0)
        if c.t == 0 {
            c.base = 1
            c.lnBase = 0
            c.r = 1
            c.preClampS = shortTermStability(&c)
        } else {
            c.base = c.t / lastS * factor + 1
            c.lnBase = log(c.base)
            c.r = exp(decay * c.lnBase)
            c.preClampS = rating == 1 ? lapseStability(&c) : successStability(&c)
        }
        let towardTen = lastD + (10 - lastD) * (-w[6] * Double(rating - 3)) / 9
        c.preClampD = w[7] * (easyD - towardTen) + towardTen
        return (Self.clamp(c.preClampS, Self.sRange), Self.clamp(c.preClampD, Self.dRange))
    }

    /// Same-day review: S·e^(w17·(G−3+w18))·S^−w19, never below S for Hard/Good/Easy.
    @inline(__always)
    private func shortTermStability(_ c: inout StepCache) -> Double {
        c.lnS = log(c.lastS)
        let raw = shortTermBase[c.rating - 1] * exp(-w[19] * c.lnS)
        let applied = c.rating >= 2 ? max(raw, 1) : raw
        c.kind = .shortTerm
        c.flag = !(c.rating >= 2 && raw < 1)
        c.x0 = raw
        c.x1 = applied
        return c.lastS * applied
    }

    /// Lapse: w11·D^−w12·((S+1)^w13 − 1)·e^((1−R)·w14), capped at S / e^(w17·w18).
    @inline(__always)
    private func lapseStability(_ c: inout StepCache) -> Double {
        let lnS1 = log(c.lastS + 1), lnD = log(c.lastD)
        let powS1 = exp(w[13] * lnS1), powD = exp(-w[12] * lnD)
        let forgetting = exp((1 - c.r) * w[14])
        let raw = w[11] * powD * (powS1 - 1) * forgetting
        let floor = c.lastS / lapseFloorDivisor
        c.kind = .lapse
        c.flag = floor < raw
        (c.x0, c.x1, c.x2, c.x3, c.x4, c.x5, c.x6) = (raw, floor, powS1, lnS1, powD, forgetting, lnD)
        return c.flag ? floor : raw
    }

    /// Recall: S·(1 + e^w8·(11 − D)·S^−w9·(e^((1−R)·w10) − 1)·hard·easy).
    @inline(__always)
    private func successStability(_ c: inout StepCache) -> Double {
        c.lnS = log(c.lastS)
        let powS = exp(-w[9] * c.lnS)
        let growth = exp((1 - c.r) * w[10]) - 1
        let hard = c.rating == 2 ? w[15] : 1, easy = c.rating == 4 ? w[16] : 1
        let increase = expW8 * (11 - c.lastD) * powS * growth * hard * easy
        c.kind = .success
        (c.x0, c.x1, c.x2) = (powS, growth, increase)
        return c.lastS * (increase + 1)
    }

    /// Predicted recall of the item's target: its history replayed, then the curve at the
    /// target's interval. No clamping of R (fsrs-rs `evaluate` clamps none either).
    func predict(_ item: FSRSTrainingItem) -> Double {
        var s = 0.0, d = 0.0
        var cache = StepCache()
        for (position, review) in item.history.enumerated() {
            (s, d) = step(s: s, d: d, t: Double(review.deltaT), rating: review.rating.rawValue,
                          first: position == 0, cache: &cache)
        }
        return curve(t: Double(item.target.deltaT), s: s).r
    }
}
