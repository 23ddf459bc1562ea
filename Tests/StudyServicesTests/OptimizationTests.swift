import Foundation
import LearnerStore
import StudyCore
@testable import StudyServices
import XCTest

/// `primer optimize` end to end over a real store: a learner whose memory is not FSRS's
/// average gets weights that predict their held-out answers better, saved with their item
/// states recomputed (doctor stays healthy); too little data changes nothing.
final class OptimizationTests: XCTestCase {
    var directory: URL!
    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("primer-optimize-\(UUID().uuidString)")
    }
    override func tearDown() { try? FileManager.default.removeItem(at: directory) }

    /// A slow forgetter: initial stabilities doubled, faster growth.
    func slowForgetter() throws -> FSRSParameters {
        var w = FSRSParameters.defaultValues
        for i in 0..<4 { w[i] *= 2 }
        w[8] += 0.3
        return try FSRSParameters(w)
    }

    func testFittedWeightsAreSavedWhenBetterAndStatesFollowThem() throws {
        let store = try LearnerStore.open(directory: directory, now: Date(), options: .init(automaticBackups: false))
        defer { try? store.close() }
        let learner = try store.learner(named: "ana", now: Date(timeIntervalSince1970: 1_700_000_000))
        let log = FSRSLearnerSimulation.run(.init(trueParameters: try slowForgetter(), questions: 300, newPerDay: 10,
                                                  days: 200, seed: 9))
        try StoreFixtures.insertLog(store, learner: learner, records: log, replay: StudyContext.settingsReplayFunction())

        let report = try Optimization.optimize(store: store, learner: learner, name: "ana")
        XCTAssertEqual(report.reviews, log.filter(\.affectsSchedule).count)
        let before = try XCTUnwrap(report.before), after = try XCTUnwrap(report.after)
        XCTAssertLessThan(after.logLoss, before.logLoss, "fitted weights predict the held-out answers better")
        XCTAssertTrue(report.saved)
        let saved = try XCTUnwrap(try store.settings(learner: learner)[StudySettings.parametersKey])
        XCTAssertEqual(StudySettings.parseParameters(saved), report.fitted)
        XCTAssertEqual(StudySettings.from(try store.settings(learner: learner)).parameters, report.fitted)
        XCTAssertTrue(try store.doctor(replayWithSettings: StudyContext.settingsReplayFunction()).isHealthy,
                      "item states were recomputed with the saved weights")

        // Fitting again from the saved weights: no better weights, nothing saved or changed.
        let again = try Optimization.optimize(store: store, learner: learner, name: "ana")
        XCTAssertEqual(try store.settings(learner: learner)[StudySettings.parametersKey], again.saved ? StudySettings.text(again.fitted!) : saved)
    }

    /// The save's replay is cut between the two threads by answers: the questions before
    /// the cut hold about the share asked for (never more than one question's worth over).
    func testTheReplayIsCutByAnswers() {
        var log = ScheduleLog()
        for (n, answers) in [5, 1, 3, 6, 2, 3].enumerated() {   // 20 answers
            log.startQuestion(courseID: "c", questionID: "q\(n)")
            for k in 0..<answers {
                var id = "a\(n)-\(k)"
                id.withUTF8 { log.appendAnswer(time: Double(n * 100 + k), rating: .good, id: UnsafeRawBufferPointer($0)) }
            }
        }
        XCTAssertEqual(Optimization.replayCut(log, secondThreadShare: 2.0 / 3), 4)   // 5+1+3+6 = 15 ≥ 13.3
        XCTAssertEqual(Optimization.replayCut(log, secondThreadShare: 0.4), 3)       // 6 < 8, 9 ≥ 8
        XCTAssertEqual(Optimization.replayCut(log, secondThreadShare: 0), 0)
        XCTAssertEqual(Optimization.replayCut(log, secondThreadShare: 1), 6)
        XCTAssertEqual(Optimization.replayCut(ScheduleLog(), secondThreadShare: 2.0 / 3), 0)
    }

    /// The save replays the log read for the fit, unless anything was written since (by
    /// another primer, or by this one): then it reads the log again, so the item states
    /// always follow the whole log.
    func testNewWeightsReplayTheLogReadForTheFitOnlyWhileItIsCurrent() throws {
        let store = try LearnerStore.open(directory: directory, now: Date(), options: .init(automaticBackups: false))
        let other = try LearnerStore.open(directory: directory, now: Date(), options: .init(automaticBackups: false))
        defer { try? store.close(); try? other.close() }
        let learner = try store.learner(named: "ana", now: Date(timeIntervalSince1970: 1_700_000_000))
        let log = FSRSLearnerSimulation.run(.init(trueParameters: try slowForgetter(), questions: 40, newPerDay: 10, days: 30, seed: 3))
        try StoreFixtures.insertLog(store, learner: learner, records: log, replay: StudyContext.settingsReplayFunction())
        let replay = StudyContext.settingsReplayFunction()
        let weights = StudySettings.text(try slowForgetter())
        let last = try XCTUnwrap(log.last)
        func answer(_ n: Int, on writer: LearnerStore) throws {
            var extra = last
            extra.id = "extra-\(n)"
            extra.reviewedAt = last.reviewedAt.addingTimeInterval(Double(n) * 86_400)
            extra.rating = .again
            try writer.record(extra, learner: learner, newState: nil)   // its item state is left stale on purpose
        }
        // Keeps the log each save replays: the one read before it, or one read again.
        let replayed = LastLog()
        let logReplay: ScheduleLogReplayFunction = { settings, log in
            replayed.log = log
            return StudyContext.scheduleLogReplayFunction()(settings, log)
        }
        for (n, writer) in [(1, other), (2, store)] {
            let read = try store.learnerLog(learner: learner)
            try answer(n, on: writer)   // another terminal, then this store, answers between the read and the save
            try store.setSettings(learners: [learner], [StudySettings.parametersKey: n == 1 ? weights : nil],
                                  rebuildingWith: replay, reusing: read, logReplay: logReplay)
            XCTAssertTrue(try store.doctor(replayWithSettings: replay).isHealthy,
                          "after a write by \(n == 1 ? "another primer" : "this store"), the save read the log again")
            XCTAssertEqual(replayed.log?.count, read.schedule.count + 1, "the log read again holds the new answer")
        }
        // Nothing written between: the log read is replayed, with the same result as a read.
        let read = try store.learnerLog(learner: learner)
        try store.setSettings(learners: [learner], [StudySettings.parametersKey: weights], rebuildingWith: replay, reusing: read,
                              logReplay: logReplay)
        XCTAssertEqual(replayed.log, read.schedule)
        XCTAssertTrue(try store.doctor(replayWithSettings: replay).isHealthy)
        XCTAssertEqual(try store.settings(learner: learner)[StudySettings.parametersKey], weights)
    }

    func testTooLittleDataSaysHowMuchMoreAndChangesNothing() throws {
        let store = try LearnerStore.open(directory: directory, now: Date(), options: .init(automaticBackups: false))
        defer { try? store.close() }
        let learner = try store.learner(named: "new", now: Date(timeIntervalSince1970: 1_700_000_000))
        let log = FSRSLearnerSimulation.run(.init(trueParameters: .default, questions: 3, newPerDay: 3, days: 3, seed: 1))
        try StoreFixtures.insertLog(store, learner: learner, records: log, replay: StudyContext.settingsReplayFunction())
        let report = try Optimization.optimize(store: store, learner: learner, name: "new")
        XCTAssertNotNil(report.moreReviewsNeeded)
        XCTAssertGreaterThan(report.moreReviewsNeeded ?? 0, 0)
        XCTAssertFalse(report.saved)
        XCTAssertNil(try store.settings(learner: learner)[StudySettings.parametersKey])
    }

    /// Too little to fit at all: what more is needed is counted on all the learner's items
    /// (the verdict on them is checked only once the fit on the earlier 80% gives up);
    /// enough for the first-answer stabilities only: the fit's own verdict.
    func testWhatMoreIsNeededIsCountedOnAllTheAnswers() throws {
        let store = try LearnerStore.open(directory: directory, now: Date(), options: .init(automaticBackups: false))
        defer { try? store.close() }
        for (name, questions, days) in [("few", 8, 6), ("some", 40, 12)] {
            let learner = try store.learner(named: name, now: Date(timeIntervalSince1970: 1_700_000_000))
            let log = FSRSLearnerSimulation.run(.init(trueParameters: .default, questions: questions, newPerDay: 8, days: days, seed: 4))
                .map { r -> ReviewRecord in var c = r; c.id = "\(name)-\(r.id)"; return c }
            try StoreFixtures.insertLog(store, learner: learner, records: log, replay: StudyContext.settingsReplayFunction())
            let settings = StudySettings.from(try store.settings(learner: learner))
            let items = FSRSTrainingItems.from(log: try store.learnerLog(learner: learner).schedule, dayIndex: FSRSStudyDays.local(settings))
            let training = FSRSTimeSplit(items, holdingOut: Optimization.heldOutFraction).training
            let overall = FSRSOptimizer.level(for: items)
            let expected: FSRSFitLevel
            if case .initialWeights = overall { expected = overall } else { expected = FSRSOptimizer.level(for: training) }
            let report = try Optimization.optimize(store: store, learner: learner, name: name)
            XCTAssertEqual(report.level, expected, name)
            if name == "few" {
                XCTAssertEqual(report.level, .initialWeights(moreReviewsNeeded: FSRSFitLevel.minimumItemsForFullFit))
                XCTAssertEqual(report.moreReviewsNeeded, FSRSFitLevel.minimumItemsForFullFit)
                XCTAssertNil(report.before, "nothing fitted, nothing scored")
            } else {
                guard case .initialStabilityOnly = report.level else { return XCTFail("\(report.level)") }
                XCTAssertNotNil(report.before, "the first-answer stabilities were fitted and scored")
            }
        }
    }

    func testTheClassFitIsTheStartingPointOfLearnersWithoutTheirOwn() throws {
        let store = try LearnerStore.open(directory: directory, now: Date(), options: .init(automaticBackups: false))
        defer { try? store.close() }
        var ids: [Int64] = []
        for (i, name) in ["a", "b"].enumerated() {
            let id = try store.learner(named: name, now: Date(timeIntervalSince1970: 1_700_000_000))
            ids.append(id)
            let log = FSRSLearnerSimulation.run(.init(trueParameters: try slowForgetter(), questions: 300, newPerDay: 10,
                                                      days: 200, seed: UInt64(9 + i)))
                .map { r -> ReviewRecord in var c = r; c.id = "\(name)-\(r.id)"; return c }
            try StoreFixtures.insertLog(store, learner: id, records: log, replay: StudyContext.settingsReplayFunction())
        }
        let report = try Optimization.optimizeClass(store: store)
        XCTAssertTrue(report.saved, "\(report)")
        for id in ids {
            let values = try store.settings(learner: id)
            XCTAssertNotNil(values[StudySettings.classParametersKey])
            XCTAssertEqual(StudySettings.from(values).parameters, report.fitted, "no weights of their own: the class's")
        }
        XCTAssertTrue(try store.doctor(replayWithSettings: StudyContext.settingsReplayFunction()).isHealthy)
    }
}

/// The log a replay closure was last given.
private final class LastLog: @unchecked Sendable {
    var log: ScheduleLog?
}
