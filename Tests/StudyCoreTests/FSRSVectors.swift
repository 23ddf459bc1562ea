import Foundation
import XCTest
@testable import StudyCore

/// The py-fsrs oracle's JSON-lines vector files (schema in the oracle's README.md), read
/// with `JSONDecoder`: it parses floats exactly, whereas `JSONSerialization` on Linux hands
/// back `NSDecimalNumber`s that can be an ulp off once converted to `Double`.
enum FSRSVectors {
    struct History: Decodable {
        var id: String
        var scheduler: Scheduler
        var start_unix: Double
        var reviews: [Review]
    }

    struct Scheduler: Decodable {
        var parameters: [Double]
        var desired_retention: Double
        var learning_steps_seconds: [Double]
        var relearning_steps_seconds: [Double]
        var maximum_interval: Int
        var enable_fuzzing: Bool

        /// The scheduler the history was generated with, `extra:*` configurations included.
        func config() throws -> SchedulerConfig {
            SchedulerConfig(parameters: try FSRSParameters(parameters), desiredRetention: desired_retention,
                            learningSteps: learning_steps_seconds, relearningSteps: relearning_steps_seconds,
                            maximumInterval: maximum_interval, enableFuzzing: enable_fuzzing)
        }
    }

    struct Review: Decodable {
        var rating: Int
        var review_unix: Double
        /// R of the card before this review, at review time.
        var retrievability: Double
        var expected: Expected
    }

    struct Expected: Decodable {
        var state: Int
        var step: Int?
        var stability: Double?
        var difficulty: Double?
        var due_unix: Double
    }

    struct FuzzRow: Decodable {
        var interval_days: Int
        var maximum_interval: Int
        var u: Double
        var fuzzed_days: Int
    }

    /// The bundled copy of `name`, or — when `overridable` — the file named by
    /// `PRIMER_FSRS_VECTORS`, so other vector files can be checked without rebuilding.
    static func url(_ name: String, overridable: Bool = false) throws -> URL {
        if overridable, let path = ProcessInfo.processInfo.environment["PRIMER_FSRS_VECTORS"], !path.isEmpty {
            return URL(fileURLWithPath: path)
        }
        return try XCTUnwrap(Bundle.module.url(forResource: name, withExtension: "jsonl",
                                               subdirectory: "Resources/fsrs"),
                             "missing test resource Resources/fsrs/\(name).jsonl")
    }

    /// One JSON object per non-empty line.
    static func lines<T: Decodable>(_ type: T.Type, at url: URL) throws -> [T] {
        let decoder = JSONDecoder()
        return try String(contentsOf: url, encoding: .utf8)
            .split(whereSeparator: \.isNewline)
            .map { try decoder.decode(T.self, from: Data($0.utf8)) }
    }
}
