import Foundation

/// How well the learner model's predictions have matched this learner's answers. Every
/// answer records, when it is shown, the probability the model gives it of being right
/// (`ReviewRecord.predicted`, guessing included); here those predictions meet the outcomes.
///
/// - Bins: predictions in tenths ([0, 0.1), …, [0.9, 1]); each bin's mean prediction, the
///   share of its answers that were right, and its count.
/// - Log loss: the mean of −[y·ln p + (1 − y)·ln(1 − p)], p clamped to [0.001, 0.999].
/// - RMSE over bins: √(Σ nᵢ (p̄ᵢ − oᵢ)² / Σ nᵢ), the typical gap between what the model said
///   and what happened, weighting each bin by its answers. "Within N points" is this × 100.
public struct Calibration: Sendable, Equatable {
    public struct Bin: Sendable, Equatable {
        public var lower: Double
        public var meanPredicted: Double
        public var observed: Double
        public var count: Int
    }

    /// Answers needed before primer states how close its predictions have been.
    public static let enoughAnswers = 50

    public var bins: [Bin]
    public var answers: Int
    public var logLoss: Double?
    public var rmseBins: Double?

    public var isEnough: Bool { answers >= Self.enoughAnswers }

    /// `pairs`: each answer's recorded prediction and whether it was right; answers without a
    /// prediction (from before primer recorded them) are left out by the caller.
    public init(_ pairs: [(predicted: Double, correct: Bool)]) {
        var sums = [(predicted: Double, right: Int, count: Int)](repeating: (0, 0, 0), count: 10)
        var loss = 0.0
        var used = 0
        for (p, correct) in pairs where p.isFinite && p >= 0 && p <= 1 {
            let bin = min(9, Int(p * 10))
            sums[bin].predicted += p
            sums[bin].count += 1
            if correct { sums[bin].right += 1 }
            let q = min(0.999, max(0.001, p))
            loss -= correct ? log(q) : log(1 - q)
            used += 1
        }
        answers = used
        bins = sums.enumerated().compactMap { index, s in
            s.count == 0 ? nil : Bin(lower: Double(index) / 10, meanPredicted: s.predicted / Double(s.count),
                                     observed: Double(s.right) / Double(s.count), count: s.count)
        }
        logLoss = used == 0 ? nil : loss / Double(used)
        let squared = bins.reduce(0.0) { $0 + Double($1.count) * pow($1.meanPredicted - $1.observed, 2) }
        rmseBins = used == 0 ? nil : (squared / Double(used)).squareRoot()
    }

    /// One tenth's running sums, as the store keeps them.
    public struct BinSums: Sendable, Equatable {
        public var index: Int
        public var answers: Int
        public var correct: Int
        public var predictedSum: Double
        public var logLossSum: Double
        public init(index: Int, answers: Int, correct: Int, predictedSum: Double, logLossSum: Double) {
            self.index = index
            self.answers = answers
            self.correct = correct
            self.predictedSum = predictedSum
            self.logLossSum = logLossSum
        }
    }

    /// From running sums: the same figures as from the pairs they summarise.
    public init(bins sums: [BinSums]) {
        let used = sums.filter { $0.answers > 0 }
        answers = used.reduce(0) { $0 + $1.answers }
        bins = used.sorted { $0.index < $1.index }.map { b in
            Bin(lower: Double(b.index) / 10, meanPredicted: b.predictedSum / Double(b.answers),
                observed: Double(b.correct) / Double(b.answers), count: b.answers)
        }
        logLoss = answers == 0 ? nil : used.reduce(0.0) { $0 + $1.logLossSum } / Double(answers)
        let squared = bins.reduce(0.0) { $0 + Double($1.count) * pow($1.meanPredicted - $1.observed, 2) }
        rmseBins = answers == 0 ? nil : (squared / Double(answers)).squareRoot()
    }

    /// "my predictions for you have been within 6 points", or why there is nothing to say yet.
    public var sentence: String {
        guard let rmse = rmseBins, isEnough else {
            let more = Self.enoughAnswers - answers
            return answers == 0
                ? "No predictions to check yet: every answer from now on tests one."
                : "\(answers) answer\(answers == 1 ? "" : "s") so far test my predictions; after \(more) more I can say how close they are."
        }
        return "My predictions for you have been within \(Int((rmse * 100).rounded())) points (\(answers) answers)."
    }
}
