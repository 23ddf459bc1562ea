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
        var report = try fit(items, reviews: log.schedule.count, current: settings.parameters, who: name)
        if report.saved, let fitted = report.fitted {
            try store.setSettings(learners: [learner], [StudySettings.parametersKey: StudySettings.text(fitted)],
                                  rebuildingWith: StudyContext.settingsReplayFunction(), reusing: log,
                                  logReplay: StudyContext.scheduleLogReplayFunction())
        }
        report.saved = report.saved && report.fitted != nil
        return report
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

    static func fit(_ items: [FSRSTrainingItem], reviews: Int, current: FSRSParameters, who: String) throws -> OptimizeReport {
        var report = OptimizeReport(who: who, reviews: reviews, items: items.count, level: .full,
                                    before: nil, after: nil, fitted: nil, saved: false)
        let split = FSRSTimeSplit(items, holdingOut: heldOutFraction)
        guard !split.heldOut.isEmpty, !split.training.isEmpty else {
            report.level = FSRSOptimizer.level(for: items)
            if case .initialWeights = report.level { return report }
            report.level = .initialWeights(moreReviewsNeeded: max(1, FSRSFitLevel.minimumItemsForFullFit - items.count))
            return report
        }
        let heldOut = split.heldOut
        let result = try FSRSOptimizer.fit(items: split.training, initial: current)
        if case .initialWeights = result.level {
            // Too little to fit on the earlier part. What more is needed is counted on all
            // the items when they are short too (the part is only 80% of them).
            let overall = FSRSOptimizer.level(for: items)
            if case .initialWeights = overall { report.level = overall } else { report.level = result.level }
            return report
        }
        report.level = result.level
        // The weights in force and the fitted ones, scored side by side on the held-out part.
        let scores = try FSRSEvaluation.evaluate([current, result.parameters], on: heldOut)
        let inForce = scores[0], after = scores[1]
        report.before = inForce
        report.after = after
        report.fitted = result.parameters
        report.saved = after.logLoss < inForce.logLoss && after.rmseBins <= inForce.rmseBins
        return report
    }
}
