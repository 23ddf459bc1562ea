import Foundation

/// The box every weight is kept in after each Adam step (fsrs-rs
/// `parameter_clipper.rs::clip_parameters_in_place`). The same as
/// `FSRSParameters.bounds` except w19's floor, 0.01 while short-term weights train,
/// and the w17/w18 ceiling, lowered with more than one relearning step so that a lapse
/// followed by that many same-day Good steps cannot end above the stability it had.
enum FSRSParameterClipping {
    static func clip(_ w: inout [Double], relearningSteps: Int, shortTermTrained: Bool) {
        var ceiling = 2.0
        if relearningSteps > 1 {
            let budget = -(log(w[11]) + log(pow(2, w[13]) - 1) + w[14] * 0.3) / Double(relearningSteps)
            ceiling = min(max(budget, 0.01).squareRoot(), 2)
        }
        for i in 0..<21 {
            var range = FSRSParameters.bounds[i]
            if i == 17 || i == 18 { range = 0...ceiling }
            if i == 19 { range = (shortTermTrained ? 0.01 : 0)...0.8 }
            w[i] = min(max(w[i], range.lowerBound), range.upperBound)
        }
    }
}
