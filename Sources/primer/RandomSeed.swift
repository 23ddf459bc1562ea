import Foundation
import StudyCore

/// Where every random choice of the process starts: the order of options, the questions
/// of a mock exam, ties in practice. `PRIMER_SEED` (a number) makes a whole run
/// reproducible, which the end-to-end tests rely on; without it each run is different.
enum RandomSeed {
    nonisolated(unsafe) private static var generator: SeededGenerator?

    /// Called once, first thing: a `PRIMER_SEED` that is not a number is an error.
    static func configure(environment: [String: String]) throws {
        guard let text = environment["PRIMER_SEED"], !text.isEmpty else { return }
        guard let seed = UInt64(text) else {
            throw PrimerError("PRIMER_SEED is '\(clean(text))', not a whole number from 0 to \(UInt64.max)")
        }
        generator = SeededGenerator(seed: seed)
    }

    /// A seed for one random choice: from `PRIMER_SEED` when set, else from the system.
    static func fresh() -> UInt64 {
        if var seeded = generator { defer { generator = seeded }; return seeded.next() }
        return UInt64.random(in: 0...UInt64.max)
    }
}
