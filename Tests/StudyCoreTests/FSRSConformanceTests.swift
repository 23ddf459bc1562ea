import Foundation
import XCTest
@testable import StudyCore

/// Replays the py-fsrs 6.3.2 oracle's histories through `FSRSScheduler` (issue 4, item 2).
final class FSRSConformanceTests: XCTestCase {
    /// Every review of every history, each step fed our own previous output: state, step and
    /// due must match exactly; stability, difficulty and the before-review retrievability
    /// within 1e-9 relative.
    func testReplaysReferenceVectors() throws {
        let url = try FSRSVectors.url("public_vectors", overridable: true)
        let histories = try FSRSVectors.lines(FSRSVectors.History.self, at: url)
        var reviews = 0, mismatches = 0
        var firstMismatch: String?
        for history in histories {
            let scheduler = FSRSScheduler(try history.scheduler.config())
            var card = CardMemory.new(at: Date(timeIntervalSince1970: history.start_unix))
            for (index, review) in history.reviews.enumerated() {
                reviews += 1
                let at = Date(timeIntervalSince1970: review.review_unix)
                let rating = try XCTUnwrap(Rating(rawValue: review.rating), "\(history.id) review \(index): bad rating")
                let r = scheduler.retrievability(of: card, at: at)
                card = scheduler.review(card, rating: rating, at: at)
                let problems = Self.differences(card, retrievability: r, expected: review)
                if !problems.isEmpty {
                    mismatches += 1
                    if firstMismatch == nil {
                        firstMismatch = "\(history.id) review \(index): " + problems.joined(separator: "; ")
                    }
                }
            }
        }
        print("replayed \(histories.count) histories, \(reviews) reviews, \(mismatches) mismatches")
        XCTAssertGreaterThan(reviews, 0, "no reviews in \(url.path)")
        if let firstMismatch { XCTFail("first mismatch: \(firstMismatch)") }
    }

    /// `fuzz_vectors.jsonl`: (interval, maximum interval, u) → fuzzed days, every row.
    func testFuzzedIntervalsMatchReference() throws {
        let rows = try FSRSVectors.lines(FSRSVectors.FuzzRow.self, at: try FSRSVectors.url("fuzz_vectors"))
        XCTAssertGreaterThan(rows.count, 800)
        var mismatches: [String] = []
        for row in rows {
            let actual = FSRSScheduler.fuzzedInterval(days: row.interval_days, maximumInterval: row.maximum_interval, u: row.u)
            if actual != row.fuzzed_days {
                mismatches.append("d=\(row.interval_days) max=\(row.maximum_interval) u=\(row.u): expected \(row.fuzzed_days), got \(actual)")
            }
        }
        XCTAssertTrue(mismatches.isEmpty, "\(mismatches.count) of \(rows.count) fuzz rows differ; first: \(mismatches.first ?? "")")
    }

    /// What differs between our card after a review and the vector's expectation, as text.
    private static func differences(_ card: CardMemory, retrievability r: Double,
                                    expected review: FSRSVectors.Review) -> [String] {
        let expected = review.expected
        var problems: [String] = []
        if card.state.rawValue != expected.state { problems.append("state expected \(expected.state), got \(card.state.rawValue)") }
        if card.step != expected.step { problems.append("step expected \(text(expected.step)), got \(text(card.step))") }
        if card.due.timeIntervalSince1970 != expected.due_unix {
            problems.append("due expected \(expected.due_unix), got \(card.due.timeIntervalSince1970)")
        }
        let checks: [(String, Double?, Double?)] = [
            ("stability", expected.stability, card.stability),
            ("difficulty", expected.difficulty, card.difficulty),
            ("retrievability", review.retrievability, r),
        ]
        for (name, want, got) in checks where !close(want, got) {
            problems.append("\(name) expected \(text(want)), got \(text(got))")
        }
        return problems
    }

    private static func text<T>(_ value: T?) -> String { value.map { "\($0)" } ?? "null" }

    static func close(_ a: Double?, _ b: Double?, relative: Double = 1e-9) -> Bool {
        guard let a, let b else { return a == nil && b == nil }
        return abs(a - b) <= relative * max(abs(a), abs(b))
    }
}
