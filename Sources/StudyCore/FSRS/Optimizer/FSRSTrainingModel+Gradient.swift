import Foundation

/// Hand-written reverse-mode derivatives of `FSRSTrainingModel.step` (fsrs-rs
/// `analytic.rs`): each function takes d loss / d(its output) and adds d loss / d w_j
/// into `gw` (21 slots), returning d loss / d(its inputs). Non-smooth points follow
/// fsrs-rs, which follows Burn/PyTorch: a clamp passes the gradient when its input is
/// within the range *or on its boundary*, and min/max differentiate only the branch the
/// forward pass took.
extension FSRSTrainingModel {
    @inline(__always)
    static func clampGradient(_ x: Double, _ range: ClosedRange<Double>) -> Double {
        x >= range.lowerBound && x <= range.upperBound ? 1 : 0
    }

    /// Through R = base^decay back to S (returned) and w20; `gR` = d loss / dR.
    @inline(__always)
    func curveBackward(t: Double, s: Double, base: Double, lnBase: Double, r: Double, gR: Double,
                       _ gw: UnsafeMutablePointer<Double>) -> Double {
        if gR == 0 { return 0 }
        let dBaseDS = -t * factor / (s * s)
        let dBaseDDecay = t / s * factorSlope
        // decay = −w20, hence the minus.
        gw[20] += -gR * r * (lnBase + decay / base * dBaseDDecay)
        return gR * r * decay / base * dBaseDS
    }

    /// Through one review step: returns d loss / d(S, D) of the state before it.
    @inline(__always)
    func stepBackward(_ c: StepCache, gS gOutS: Double, gD gOutD: Double,
                      _ gw: UnsafeMutablePointer<Double>) -> (gS: Double, gD: Double) {
        let gPreS = gOutS * Self.clampGradient(c.preClampS, Self.sRange)
        if c.kind == .initial {
            gw[c.rating - 1] += gPreS
            let gRawD = gOutD * Self.clampGradient(c.preClampD, Self.dRange)
            if gRawD != 0 {
                let offset = Double(c.rating - 1)
                gw[4] += gRawD
                gw[5] += gRawD * -offset * exp(offset * w[5])
            }
            return (0, 0)  // the state before a first review is the constant (0, 0)
        }
        var gS = 0.0, gD = 0.0, gR = 0.0
        switch c.kind {
        case .shortTerm: gS = shortTermBackward(c, gPreS, gw)
        case .lapse: (gS, gD, gR) = lapseBackward(c, gPreS, gw)
        default: (gS, gD, gR) = successBackward(c, gPreS, gw)
        }
        gD += difficultyBackward(c, gOutD, gw)
        gS += curveBackward(t: c.t, s: c.lastS, base: c.base, lnBase: c.lnBase, r: c.r, gR: gR, gw)
        return (gS * Self.clampGradient(c.stateS, Self.sRange), gD * Self.clampGradient(c.stateD, Self.dRange))
    }

    @inline(__always)
    private func shortTermBackward(_ c: StepCache, _ g: Double, _ gw: UnsafeMutablePointer<Double>) -> Double {
        if g == 0 { return 0 }
        var gS = g * c.x1
        if c.flag {  // the raw multiplier is in use (not floored at 1)
            let gRaw = g * c.lastS * c.x0
            gw[17] += gRaw * (Double(c.rating) - 3 + w[18])
            gw[18] += gRaw * w[17]
            gw[19] += gRaw * -c.lnS
            gS += gRaw * (-w[19] / c.lastS)
        }
        return gS
    }

    @inline(__always)
    private func lapseBackward(_ c: StepCache, _ g: Double,
                               _ gw: UnsafeMutablePointer<Double>) -> (Double, Double, Double) {
        if g == 0 { return (0, 0, 0) }
        if c.flag {  // S / e^(w17·w18) was the smaller
            let floor = c.x1
            gw[17] += g * floor * -w[18]
            gw[18] += g * floor * -w[17]
            return (g * floor / c.lastS, 0, 0)
        }
        let (raw, powS1, lnS1, powD, forgetting, lnD) = (c.x0, c.x2, c.x3, c.x4, c.x5, c.x6)
        gw[11] += g * raw / w[11]
        gw[12] += g * raw * -lnD
        gw[13] += g * w[11] * powD * forgetting * powS1 * lnS1
        gw[14] += g * raw * (1 - c.r)
        let gS = g * w[11] * powD * forgetting * w[13] * powS1 / (c.lastS + 1)
        return (gS, g * raw * (-w[12] / c.lastD), g * raw * -w[14])
    }

    @inline(__always)
    private func successBackward(_ c: StepCache, _ g: Double,
                                 _ gw: UnsafeMutablePointer<Double>) -> (Double, Double, Double) {
        if g == 0 { return (0, 0, 0) }
        let (powS, growth, increase) = (c.x0, c.x1, c.x2)
        let hard = c.rating == 2 ? w[15] : 1, easy = c.rating == 4 ? w[16] : 1
        let gIncrease = g * c.lastS
        // d increase / d x for each factor x of expW8·(11 − D)·S^−w9·growth·hard·easy
        let withoutGrowth = expW8 * (11 - c.lastD) * powS * hard * easy
        gw[8] += gIncrease * increase
        gw[9] += gIncrease * increase * -c.lnS
        gw[10] += gIncrease * withoutGrowth * (1 - c.r) * (growth + 1)
        if c.rating == 2 { gw[15] += gIncrease * expW8 * (11 - c.lastD) * powS * growth * easy }
        if c.rating == 4 { gw[16] += gIncrease * expW8 * (11 - c.lastD) * powS * growth * hard }
        let gS = g * (increase + 1) + gIncrease * increase * (-w[9] / c.lastS)
        let gD = -(gIncrease * expW8 * powS * growth * hard * easy)
        let gR = gIncrease * withoutGrowth * (-w[10] * (growth + 1))
        return (gS, gD, gR)
    }

    /// Through D' = w7·(D0(Easy) − D'') + D'', D'' = D + (10 − D)·(−w6·(G − 3))/9.
    @inline(__always)
    private func difficultyBackward(_ c: StepCache, _ gOut: Double, _ gw: UnsafeMutablePointer<Double>) -> Double {
        if gOut == 0 { return 0 }
        let g = gOut * Self.clampGradient(c.preClampD, Self.dRange)
        if g == 0 { return 0 }
        let ratingMinus3 = Double(c.rating - 3)
        let deltaD = -w[6] * ratingMinus3
        let towardTen = c.lastD + (10 - c.lastD) * deltaD / 9
        gw[7] += g * (easyD - towardTen)
        gw[4] += g * w[7]
        gw[5] += g * w[7] * -3 * exp3W5
        let gTowardTen = g * (1 - w[7])
        gw[6] += gTowardTen * (10 - c.lastD) * -ratingMinus3 / 9
        return gTowardTen * (1 - deltaD / 9)
    }
}
