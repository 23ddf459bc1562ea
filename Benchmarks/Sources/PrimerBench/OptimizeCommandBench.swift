import Foundation
import LearnerStore
import StudyCore
import StudyServices

/// Figure: the whole `primer optimize` command (process start, course and store opened,
/// the learner's log read, fit, held-out evaluation, weights saved and item states
/// recomputed) for a learner with about 14,000 answers, against fsrs-rs's fit of the same
/// log (`OptimizerBench`'s fast forgetter: the log, and fsrs-rs's time, are the same).
enum OptimizeCommandBench {
    static func run(report: Report, primer: String, dataDir: URL, fsrsRSMilliseconds: Double?) throws {
        let learner = OptimizerBench.learners[0]
        let records = FSRSLearnerSimulation.run(try OptimizerBench.simulationConfig(learner))
        var timings: [UInt64] = []
        for run in 0..<7 {
            // A fresh store each run, so every run fits and saves (the weights in force are the defaults).
            let folder = dataDir.appendingPathComponent("optimize-store-\(run)")
            try? FileManager.default.removeItem(at: folder)
            let store = try LearnerStore.open(directory: folder, now: Date(), options: .init(automaticBackups: false))
            let id = try store.learner(named: "ana", now: Date(timeIntervalSince1970: 1_700_000_000))
            try StoreFixtures.insertLog(store, learner: id, records: records, replay: StudyContext.settingsReplayFunction())
            try store.close()
            let start = DispatchTime.now().uptimeNanoseconds
            try runProcess(primer, ["optimize", "--learner", "ana", "--data-dir", folder.path], captureOutput: false)
            timings.append(DispatchTime.now().uptimeNanoseconds - start)
            if run < 6 { try? FileManager.default.removeItem(at: folder) }   // the last is kept for profiling
        }
        let samples = Samples(nanos: Array(timings.dropFirst()))
        log("primer optimize, whole command, \(records.count) answers: \(samples.summary)")
        report.add(Figure(name: "primer optimize, whole command, 14,000 answers", value: samples.median,
                          reference: fsrsRSMilliseconds.map { $0 * 1_000_000 }, referenceName: "fsrs-rs compute_parameters",
                          comparison: .ratioAtMost(1.0), note: "median of 6 runs after one; store built beforehand"))
    }
}
