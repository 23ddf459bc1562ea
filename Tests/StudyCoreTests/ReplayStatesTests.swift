import Foundation
import XCTest
@testable import StudyCore

/// Rebuilding stored states uses `replayStates`, the log replay without its per-answer
/// annotations: it must end with exactly the states `replayLog` ends with.
final class ReplayStatesTests: XCTestCase {
    func testTheStatesEqualThoseOfTheFullReplayOnSeededLogs() {
        let scheduler = FSRSScheduler(SchedulerConfig(enableFuzzing: true))
        let t0 = utc("2025-03-01T09:00:00Z")
        for seed in 1...5 as ClosedRange<UInt64> {
            var rng = SeededGenerator(seed: seed)
            var records: [ReviewRecord] = []
            for n in 0..<400 {
                // Out of order, some at the same moment, some cram answers that leave the schedule alone.
                let at = t0.addingTimeInterval(Double(Int.random(in: 0..<60, using: &rng)) * 3_600 * 7)
                let rating: Rating = [.again, .hard, .good, .easy][Int.random(in: 0..<4, using: &rng)]
                records.append(record("r\(seed)-\(n)", "q\(Int.random(in: 0..<25, using: &rng))", rating, at: at,
                                      affectsSchedule: Int.random(in: 0..<8, using: &rng) > 0))
            }
            let states = scheduler.replayStates(records)
            XCTAssertEqual(states, scheduler.replayLog(records).states, "seed \(seed)")
            // One question after another, each in replay order, as a rebuild reads the log
            // (`ReplayRows`): no question is sorted then, and the states are the same.
            let byQuestion = records.sorted { a, b in
                a.questionID != b.questionID ? a.questionID < b.questionID : FSRSScheduler.logOrder(a, b)
            }
            XCTAssertEqual(scheduler.replayStates(byQuestion), states, "seed \(seed), by question")
            XCTAssertGreaterThan(states.count, 20)
        }
        XCTAssertEqual(scheduler.replayStates([]), [:])
    }
}
