import Foundation
import XCTest
@testable import StudyCore

/// SPEC §9's worked example, parameter validation, and the determinism the app relies on.
final class FSRSSchedulerTests: XCTestCase {
    func testWorkedExample() {
        struct Row { var rating: Rating; var at: String; var r: Double; var state: CardState; var step: Int?
                     var s: Double; var d: Double; var due: String }
        let rows = [
            Row(rating: .good, at: "2024-01-01T09:00:00Z", r: 0, state: .learning, step: 1,
                s: 2.3065, d: 2.118103970459016, due: "2024-01-01T09:10:00Z"),
            Row(rating: .good, at: "2024-01-01T09:10:00Z", r: 1.0, state: .review, step: nil,
                s: 2.3065, d: 2.111214235785395, due: "2024-01-03T09:10:00Z"),
            Row(rating: .good, at: "2024-01-03T09:10:00Z", r: 0.9094932559773545, state: .review, step: nil,
                s: 10.971048263078135, d: 2.1043313908464483, due: "2024-01-14T09:10:00Z"),
            Row(rating: .again, at: "2024-01-14T09:10:00Z", r: 0.8998188390602377, state: .relearning, step: 0,
                s: 1.53901253028147, d: 7.389975788014609, due: "2024-01-14T09:20:00Z"),
            Row(rating: .good, at: "2024-01-14T09:20:00Z", r: 1.0, state: .review, step: nil,
                s: 1.5718415897918614, d: 7.377814181523433, due: "2024-01-16T09:20:00Z"),
        ]
        var card = CardMemory.new(at: utc("2024-01-01T09:00:00Z"))
        for (i, row) in rows.enumerated() {
            let at = utc(row.at)
            XCTAssertEqual(plainScheduler.retrievability(of: card, at: at), row.r, "R before review \(i + 1)")
            card = plainScheduler.review(card, rating: row.rating, at: at)
            XCTAssertEqual(card.state, row.state, "review \(i + 1)")
            XCTAssertEqual(card.step, row.step, "review \(i + 1)")
            XCTAssertEqual(card.stability, row.s, "review \(i + 1)")  // bit-exact, as py-fsrs
            XCTAssertEqual(card.difficulty, row.d, "review \(i + 1)")
            XCTAssertEqual(card.due, utc(row.due), "review \(i + 1)")
            XCTAssertEqual(card.lastReview, at)
        }
    }

    func testAgainWithoutLearningStepsGraduatesToReview() {
        let scheduler = FSRSScheduler(SchedulerConfig(learningSteps: [], enableFuzzing: false))
        let at = utc("2024-01-01T09:00:00Z")
        let card = scheduler.review(.new(at: at), rating: .again, at: at)
        XCTAssertEqual(card.state, .review)
        XCTAssertNil(card.step)
        XCTAssertEqual(card.stability, 0.212)
        XCTAssertEqual(card.difficulty, 6.4133)
        XCTAssertEqual(card.due, utc("2024-01-02T09:00:00Z"))
    }

    func testDefaultsMatchSpec() {
        let config = SchedulerConfig()
        XCTAssertEqual(config.parameters.values, FSRSParameters.defaultValues)
        XCTAssertEqual(config.desiredRetention, 0.9)
        XCTAssertEqual(config.learningSteps, [60, 600])
        XCTAssertEqual(config.relearningSteps, [600])
        XCTAssertEqual(config.maximumInterval, 36500)
        XCTAssertTrue(config.enableFuzzing)
    }

    func testParameterValidation() throws {
        XCTAssertNoThrow(try FSRSParameters(FSRSParameters.defaultValues))
        XCTAssertThrowsError(try FSRSParameters(Array(FSRSParameters.defaultValues.prefix(19)))) { error in
            XCTAssertEqual(error as? FSRSParameterError, .wrongCount(19))
        }
        var values = FSRSParameters.defaultValues
        values[20] = 0.05  // decay below 0.1
        XCTAssertThrowsError(try FSRSParameters(values)) { error in
            XCTAssertEqual(error as? FSRSParameterError, .outOfBounds(index: 20, value: 0.05, bounds: 0.1...0.8))
            XCTAssertEqual("\(error)", "FSRS parameter w20 = 0.05 is outside [0.1, 0.8]")
        }
        values = FSRSParameters.defaultValues
        values[4] = .nan
        XCTAssertThrowsError(try FSRSParameters(values))
        // Bounds are inclusive at both ends.
        let lows = FSRSParameters.bounds.map(\.lowerBound), highs = FSRSParameters.bounds.map(\.upperBound)
        XCTAssertNoThrow(try FSRSParameters(lows))
        XCTAssertNoThrow(try FSRSParameters(highs))
    }

    func testIntervalsFollowRetentionAndCap() {
        XCTAssertEqual(plainScheduler.nextIntervalDays(stability: 0.001), 1)
        XCTAssertEqual(plainScheduler.nextIntervalDays(stability: 10.4), 10)
        XCTAssertEqual(plainScheduler.nextIntervalDays(stability: 1e300), 36500)
        XCTAssertEqual(plainScheduler.nextIntervalDays(stability: .infinity), 36500)
        let lower = FSRSScheduler(SchedulerConfig(desiredRetention: 0.8, maximumInterval: 365, enableFuzzing: false))
        XCTAssertEqual(lower.nextIntervalDays(stability: 10), 33)  // ratio 3.316 (SPEC §5)
        XCTAssertEqual(lower.nextIntervalDays(stability: 200), 365)
    }

    /// Settings or stored state that py-fsrs would never see must not crash the app.
    func testNonsenseInputsDoNotTrap() {
        let start = utc("2024-01-01T09:00:00Z")
        let weird = FSRSScheduler(SchedulerConfig(desiredRetention: -1, enableFuzzing: false))
        XCTAssertEqual(weird.nextIntervalDays(stability: 5), 1)
        var card = plainScheduler.review(.new(at: start), rating: .good, at: start)
        card.step = -3
        XCTAssertEqual(plainScheduler.review(card, rating: .hard, at: start + minute).step, 0)
        XCTAssertEqual(FSRSScheduler.fuzzedInterval(days: 10, maximumInterval: 36500, u: .nan), 8)
        XCTAssertEqual(FSRSScheduler.fuzzedInterval(days: 10, maximumInterval: 36500, u: 7), 13)
    }

    func testRetrievabilityOfNewCardIsZeroAndSteppedByWholeDays() {
        let start = utc("2024-01-01T09:00:00Z")
        XCTAssertEqual(plainScheduler.retrievability(of: .new(at: start), at: start), 0)
        let card = plainScheduler.review(.new(at: start), rating: .easy, at: start)
        XCTAssertEqual(plainScheduler.retrievability(of: card, at: start + day - 1), 1.0)
        let oneDay = plainScheduler.retrievability(of: card, at: start + day)
        XCTAssertLessThan(oneDay, 1)
        XCTAssertEqual(plainScheduler.retrievability(of: card, at: start + 2 * day - 1), oneDay)
        XCTAssertEqual(plainScheduler.retrievability(of: card, at: start - day), 1.0)
    }

    func testFuzzOnlyTouchesReviewIntervalsAndOnlyWhenEnabled() {
        let fuzzy = FSRSScheduler(SchedulerConfig())
        let start = utc("2024-01-01T09:00:00Z")
        let easy = plainScheduler.review(.new(at: start), rating: .easy, at: start)   // 8 days
        XCTAssertEqual(easy.due, start + 8 * day)
        XCTAssertEqual(fuzzy.review(.new(at: start), rating: .easy, at: start, fuzz: 0).due, start + 6 * day)
        XCTAssertEqual(fuzzy.review(.new(at: start), rating: .easy, at: start, fuzz: 0.999999).due, start + 11 * day)
        XCTAssertEqual(fuzzy.review(.new(at: start), rating: .easy, at: start), easy, "nil fuzz → none")
        XCTAssertEqual(plainScheduler.review(.new(at: start), rating: .easy, at: start, fuzz: 0), easy, "fuzzing off")
        // Learning steps are never fuzzed.
        XCTAssertEqual(fuzzy.review(.new(at: start), rating: .good, at: start, fuzz: 0).due, start + 10 * minute)
    }

    func testSeededReviewIsReproducible() {
        let fuzzy = FSRSScheduler(SchedulerConfig())
        let start = utc("2024-01-01T09:00:00Z")
        var a = SeededGenerator(seed: 42), b = SeededGenerator(seed: 42)
        let first = fuzzy.review(.new(at: start), rating: .easy, at: start, using: &a)
        XCTAssertEqual(first, fuzzy.review(.new(at: start), rating: .easy, at: start, using: &b))
        XCTAssertEqual(a.next(), b.next())
    }

    func testFuzzUnitIsStableAndSpread() {
        let ids = (0..<2000).map { "3F2504E0-4F89-11D3-9A0C-0305E82C\(String(format: "%04d", $0))" }
        let units = ids.map(FSRSScheduler.fuzzUnit(forReviewID:))
        XCTAssertTrue(units.allSatisfy { $0 >= 0 && $0 < 1 })
        XCTAssertEqual(Set(units).count, ids.count)
        for decile in 0..<10 {
            let count = units.filter { Int($0 * 10) == decile }.count
            XCTAssertTrue((140...260).contains(count), "decile \(decile) has \(count) of 2000")
        }
    }

    /// Pinned (and checked independently in Python): FNV-1a 64 + MurmurHash3 fmix64, top 53 bits.
    func testFuzzUnitGoldenValue() {
        XCTAssertEqual(FSRSScheduler.fuzzUnit(forReviewID: "review-1"), 0.32343602022491114)
    }

    func testReplayEqualsLiveReviewsWithIDFuzz() {
        let fuzzy = FSRSScheduler(SchedulerConfig())
        let start = utc("2024-01-01T09:00:00Z")
        let plan: [(String, Rating, TimeInterval)] = [
            ("a", .good, 0), ("b", .good, 10 * minute), ("c", .good, 3 * day), ("d", .easy, 12 * day),
            ("e", .again, 40 * day), ("f", .good, 40 * day + 10 * minute), ("g", .good, 45 * day),
        ]
        var live = CardMemory.new(at: start)
        var records: [ReviewRecord] = []
        for (id, rating, offset) in plan {
            live = fuzzy.review(live, rating: rating, at: start + offset, fuzz: FSRSScheduler.fuzzUnit(forReviewID: id))
            records.append(record(id, "q", rating, at: start + offset))
        }
        // A cram answer in between changes nothing; log order does not matter.
        records.append(record("z", "q", .again, at: start + 20 * day, affectsSchedule: false))
        XCTAssertEqual(fuzzy.replay(records.reversed(), createdAt: start), live)
        XCTAssertEqual(fuzzy.replay([], createdAt: start), .new(at: start))
    }

    func testReplayBreaksTimeTiesByID() {
        let start = utc("2024-01-01T09:00:00Z")
        let records = [record("b", "q", .easy, at: start), record("a", "q", .again, at: start)]
        let expected = plainScheduler.review(plainScheduler.review(.new(at: start), rating: .again, at: start),
                                             rating: .easy, at: start)
        XCTAssertEqual(plainScheduler.replay(records, createdAt: start), expected)
    }
}
