import Foundation
import LearnerStore
import StudyCore

/// `primer optimize`: FSRS's weights fitted to a learner's (or a class's) own review log.
///
/// The schedule-affecting answers become training items (`FSRSTrainingItems`); the later
/// 20% of the study days is held out. The weights in force (the learner's own, else the
/// class's, else the defaults) and the weights fitted on the earlier part are both scored
/// on the held-out part (log loss, RMSE over bins). The fitted weights are saved only when
/// they are better there on both, and the learner's item states are recomputed with them
/// in the same transaction, so the schedule and the log never disagree.
public struct OptimizeReport: Sendable, Equatable {
    public var who: String
    /// Schedule-affecting answers read, and the training items they gave.
    public var reviews: Int
    public var items: Int
    public var level: FSRSFitLevel
    public var before: FSRSEvaluation?
    public var after: FSRSEvaluation?
    public var fitted: FSRSParameters?
    public var saved: Bool

    /// Why nothing was fitted, when nothing was: how many more answers it needs.
    public var moreReviewsNeeded: Int? {
        if case .initialWeights(let n) = level { return n }
        return before == nil ? max(1, level.moreReviewsNeeded) : nil
    }
}

public enum Optimization {
    public static let heldOutFraction = 0.2

    /// Fits one learner's weights; saves them when better (see the type's note).
    public static func optimize(store: LearnerStore, learner: Int64, name: String) throws -> OptimizeReport {
        let values = try store.settings(learner: learner)
        let settings = StudySettings.from(values)
        // Read once: the save replays the same log with the new weights, unless another
        // primer wrote meanwhile (then it reads the log again).
        let log = try store.learnerLog(learner: learner)
        let items = FSRSTrainingItems.from(log: log.schedule, dayIndex: FSRSStudyDays.local(settings))
        // The item states the fitted weights give, worked out while the fitted weights are
        // scored (and used only if the save finds the same settings and log): the second
        // thread replays the first questions, this one the rest once it has scored them
        // (the scoring takes about half as long as the whole replay).
        let replay = StudyContext.scheduleLogReplayFunction(), replayPart = StudyContext.scheduleLogPartReplayFunction()
        let cut = replayCut(log.schedule, secondThreadShare: 2.0 / 3)
        let first = ReplayedStates(), rest = ReplayedStates()
        func withFitted(_ fitted: FSRSParameters) -> [String: String] {
            var newValues = values
            newValues[StudySettings.parametersKey] = StudySettings.text(fitted)
            return newValues
        }
        let alongside = Alongside(there: { fitted in
            let newValues = withFitted(fitted)
            first.value = (newValues, replayPart(newValues, log.schedule, 0..<cut))
        }, here: { fitted in
            let newValues = withFitted(fitted)
            rest.value = (newValues, replayPart(newValues, log.schedule, cut..<log.schedule.questions.count))
        })
        var report = try fit(items, reviews: log.schedule.count, current: settings.parameters, who: name, alongside: alongside)
        let replayed = ReplayedStates()
        if let (valuesUsed, firstStates) = first.value, let (_, restStates) = rest.value {
            var states = firstStates
            FSRSScheduler.mergeReplayedStates(restStates, into: &states)
            replayed.value = (valuesUsed, states)
        }
        if report.saved, let fitted = report.fitted {
            try store.setSettings(learners: [learner], [StudySettings.parametersKey: StudySettings.text(fitted)],
                                  rebuildingWith: StudyContext.settingsReplayFunction(), reusing: log,
                                  logReplay: { settings, schedule in
                                      if let (valuesUsed, states) = replayed.value, valuesUsed == settings, schedule == log.schedule {
                                          return states
                                      }
                                      return replay(settings, schedule)
                                  })
        }
        report.saved = report.saved && report.fitted != nil
        return report
    }

    /// Where the log's questions are cut so that those before hold about `share` of its answers.
    static func replayCut(_ log: ScheduleLog, secondThreadShare share: Double) -> Int {
        let wanted = Double(log.count) * share
        var counted = 0
        for (position, question) in log.questions.enumerated() {
            if Double(counted) >= wanted { return position }
            counted += question.answers.count
        }
        return log.questions.count
    }

    /// Work with the fitted weights done while they are scored: `there` on the second
    /// thread, `here` on this one once the scoring is done.
    struct Alongside {
        var there: (FSRSParameters) -> Void
        var here: (FSRSParameters) -> Void
    }

    /// What a replay hands back: the settings it used and the states it gave.
    private final class ReplayedStates: @unchecked Sendable {
        var value: (settings: [String: String], states: [String: [String: CardMemory]])?
    }

    /// Fits one set of weights to every learner's answers together, saved (when better than
    /// the defaults) as the class's: the starting point of every learner without their own.
    public static func optimizeClass(store: LearnerStore) throws -> OptimizeReport {
        let learners = try store.learners()
        // Each learner's questions are their own items.
        let logs = try learners.map { try store.learnerLog(learner: $0.id).schedule }
        let items = FSRSTrainingItems.from(logs: logs, dayIndex: FSRSStudyDays.utc(rolloverHour: StudySettings().dayStartHour))
        let report = try fit(items, reviews: logs.reduce(0) { $0 + $1.count }, current: .default,
                             who: learners.count == 1 ? "the one learner" : "all \(learners.count) learners")
        if report.saved, let fitted = report.fitted {
            try store.setSettings(learners: learners.map(\.id), [StudySettings.classParametersKey: StudySettings.text(fitted)],
                                  rebuildingWith: StudyContext.settingsReplayFunction(), logReplay: StudyContext.scheduleLogReplayFunction())
        }
        return report
    }

    /// `alongside`, when given, runs with the fitted weights while they are scored (the
    /// save's replay: it costs little time there).
    static func fit(_ items: [FSRSTrainingItem], reviews: Int, current: FSRSParameters, who: String,
                    alongside: Alongside? = nil) throws -> OptimizeReport {
        var report = OptimizeReport(who: who, reviews: reviews, items: items.count, level: .full,
                                    before: nil, after: nil, fitted: nil, saved: false)
        let split = FSRSTimeSplit(items, holdingOut: heldOutFraction)
        guard !split.heldOut.isEmpty, !split.training.isEmpty else {
            report.level = FSRSOptimizer.level(for: items)
            if case .initialWeights = report.level { return report }
            report.level = .initialWeights(moreReviewsNeeded: max(1, FSRSFitLevel.minimumItemsForFullFit - items.count))
            return report
        }
        // The weights in force are scored on the held-out part on the second thread while
        // the fit starts (its own two threads begin after its batches are made).
        let threads = FSRSTwinThreads()
        defer { threads.stop() }
        let inForce = HeldOutScore()
        let heldOut = split.heldOut
        var fitted: Result<FSRSFitResult, FSRSOptimizerError>!   // set by `run`'s first piece
        threads.run({ fitted = Result { () throws(FSRSOptimizerError) in try FSRSOptimizer.fit(items: split.training, initial: current) } },
                    { inForce.value = Result { () throws(FSRSOptimizerError) in
                        let scorer = try FSRSEvaluation.Scorer(heldOut)
                        return (scorer, try scorer.score(current))
                    } })
        let result = try fitted.get()
        if case .initialWeights = result.level {
            // Too little to fit on the earlier part. What more is needed is counted on all
            // the items when they are short too (the part is only 80% of them).
            let overall = FSRSOptimizer.level(for: items)
            if case .initialWeights = overall { report.level = overall } else { report.level = result.level }
            return report
        }
        report.level = result.level
        let (scorer, before) = try inForce.value!.get()   // set by `run`'s second piece
        var after: Result<FSRSEvaluation, FSRSOptimizerError>!
        threads.run({
            after = Result { () throws(FSRSOptimizerError) in try scorer.score(result.parameters) }
            alongside?.here(result.parameters)
        }, { alongside?.there(result.parameters) })
        let scored = try after.get()
        report.before = before
        report.after = scored
        report.fitted = result.parameters
        report.saved = scored.logLoss < before.logLoss && scored.rmseBins <= before.rmseBins
        return report
    }

    /// What the second thread's scoring of the weights in force hands back.
    private final class HeldOutScore: @unchecked Sendable {
        var value: Result<(FSRSEvaluation.Scorer, FSRSEvaluation), FSRSOptimizerError>?
    }
}
