import Foundation

/// Adam as fsrs-rs runs it (`training.rs::HostAdam`): β1 0.9, β2 0.999, ε 1e−8, bias
/// correction, no weight decay, moments kept across epochs.
struct FSRSAdam {
    private var m = Array(repeating: 0.0, count: 21)
    private var v = Array(repeating: 0.0, count: 21)
    private var t = 0

    mutating func step(_ parameters: inout [Double], gradient: [Double], learningRate: Double) {
        let beta1 = 0.9, beta2 = 0.999, epsilon = 1e-8
        t += 1
        let bias1 = 1 - pow(beta1, Double(t)), bias2 = 1 - pow(beta2, Double(t))
        for i in 0..<21 {
            m[i] = beta1 * m[i] + (1 - beta1) * gradient[i]
            v[i] = beta2 * v[i] + (1 - beta2) * gradient[i] * gradient[i]
            parameters[i] -= learningRate * (m[i] / bias1) / ((v[i] / bias2).squareRoot() + epsilon)
        }
    }
}

/// Cosine annealing from the initial rate toward 0 (fsrs-rs `cosine_annealing.rs`, the
/// closed form of its recursion): rate_k = rate₀·(1 + cos(πk/T))/2 at step k = 0, 1, …
/// fsrs-rs sets T = (N / batch size + 1) · epochs (integer division), a little more
/// than the steps actually taken, so the rate never quite reaches 0.
struct FSRSCosineSchedule {
    let initialRate: Double
    let totalSteps: Double

    init(initialRate: Double, itemCount: Int, batchSize: Int, epochs: Int) {
        self.initialRate = initialRate
        totalSteps = Double((itemCount / batchSize + 1) * epochs)
    }

    func rate(atStep k: Int) -> Double {
        initialRate * (1 + cos(Double.pi * Double(k) / totalSteps)) / 2
    }
}
