import Foundation

/// The 21 FSRS-6 weights w0 … w20, checked against the bounds py-fsrs 6.3.2 enforces
/// (SPEC §2). Validation happens once, here, so the scheduler's formulas can trust them:
/// an out-of-range weight (say a negative decay) would otherwise produce NaN intervals.
public struct FSRSParameters: Sendable, Equatable {
    /// The weights, exactly 21 of them, each within `FSRSParameters.bounds`.
    public let values: [Double]

    /// py-fsrs 6.3.2's default weights.
    public static let defaultValues: [Double] = [
        0.212, 1.2931, 2.3065, 8.2956, 6.4133, 0.8334, 3.0194, 0.001,
        1.8722, 0.1666, 0.796, 1.4835, 0.0614, 0.2629, 1.6483, 0.6014,
        1.8729, 0.5425, 0.0912, 0.0658, 0.1542,
    ]

    /// The default weights (valid by construction).
    public static let `default` = FSRSParameters(unchecked: defaultValues)

    /// Inclusive lower and upper bound of each weight, as py-fsrs validates them.
    public static let bounds: [ClosedRange<Double>] = [
        0.001...100, 0.001...100, 0.001...100, 0.001...100,  // w0–w3 initial stability
        1...10,                                               // w4 initial difficulty
        0.001...4, 0.001...4, 0.001...0.75,                   // w5–w7
        0...4.5, 0...0.8,                                     // w8, w9 recall
        0.001...3.5, 0.001...5, 0.001...0.25, 0.001...0.9,    // w10–w13
        0...4, 0...1, 1...6,                                  // w14–w16
        0...2, 0...2, 0...0.8,                                // w17–w19 short-term
        0.1...0.8,                                            // w20 decay
    ]

    /// Throws `FSRSParameterError` unless there are exactly 21 finite weights within bounds.
    public init(_ values: [Double]) throws(FSRSParameterError) {
        guard values.count == Self.bounds.count else {
            throw .wrongCount(values.count)
        }
        for (index, value) in values.enumerated() where !Self.bounds[index].contains(value) {
            throw .outOfBounds(index: index, value: value, bounds: Self.bounds[index])
        }
        self.values = values
    }

    private init(unchecked values: [Double]) { self.values = values }
}

/// Why a set of FSRS weights was refused.
public enum FSRSParameterError: Error, Equatable, CustomStringConvertible {
    case wrongCount(Int)
    case outOfBounds(index: Int, value: Double, bounds: ClosedRange<Double>)

    public var description: String {
        switch self {
        case .wrongCount(let n):
            return "FSRS needs exactly 21 parameters, got \(n)"
        case let .outOfBounds(index, value, bounds):
            return "FSRS parameter w\(index) = \(value) is outside [\(bounds.lowerBound), \(bounds.upperBound)]"
        }
    }
}

/// Everything an `FSRSScheduler` is configured with; defaults are py-fsrs 6.3.2's (SPEC §1).
public struct SchedulerConfig: Sendable, Equatable {
    public var parameters: FSRSParameters
    /// Target probability of recall when an item comes due (r). Not validated, as in py-fsrs.
    public var desiredRetention: Double
    /// Learning steps in seconds; empty means a new card graduates on its first review.
    public var learningSteps: [TimeInterval]
    /// Relearning steps in seconds; empty means a lapse stays in Review.
    public var relearningSteps: [TimeInterval]
    /// Longest interval in days that FSRS may schedule (never applied to steps).
    public var maximumInterval: Int
    /// Spread review intervals a little so items learnt together do not stay together.
    public var enableFuzzing: Bool

    public init(parameters: FSRSParameters = .default,
                desiredRetention: Double = 0.9,
                learningSteps: [TimeInterval] = [60, 600],
                relearningSteps: [TimeInterval] = [600],
                maximumInterval: Int = 36500,
                enableFuzzing: Bool = true) {
        self.parameters = parameters
        self.desiredRetention = desiredRetention
        self.learningSteps = learningSteps
        self.relearningSteps = relearningSteps
        self.maximumInterval = maximumInterval
        self.enableFuzzing = enableFuzzing
    }
}
