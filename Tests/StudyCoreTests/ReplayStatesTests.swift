import Foundation
import XCTest
@testable import StudyCore

/// Rebuilding stored states uses `replayStates`, the log replay without its per-answer
/// annotations: it must end with exactly the states `replayLog` ends with.
final class ReplayStatesTests: XCTestCase {
    func testTheStatesEqualThoseOfTheFullReplayOnSeededLogs() {
        let scheduler = FSRSScheduler(SchedulerConfig(enableFuzzing: true))
        for seed in 1...5 as ClosedRange<UInt64> {
            let records = seededAnswers(seed: seed)
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
