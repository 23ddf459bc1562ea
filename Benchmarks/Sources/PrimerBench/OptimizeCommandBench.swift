import Foundation
import LearnerStore
import StudyCore
import StudyServices

/// Figure: the whole `primer optimize` command (process start, store opened,
/// the learner's log read, fit, held-out evaluation, weights saved and item states
/// recomputed) for a learner with about 14,000 answers, against fsrs-rs's fit of the same
/// log (`OptimizerBench`'s fast forgetter: the log, and fsrs-rs's time, are the same).
enum OptimizeCommandBench {
    static func run(report: Report, primer: String, dataDir: URL, fsrsRSMilliseconds: Double?) throws {
        let learner = OptimizerBench.learners[0]
        let records = FSRSLearnerSimulation.run(try OptimizerBench.simulationConfig(learner))
        // Any command but the day's first finds today's backup written: the usual case,
        // and the figure. The day's first also copies the store (reported beside it).
        // fsrs-rs's fit of the same items is timed again before each timed command, in a
        // process of its own, so both sides meet the machine in the same state (its speed
        // moves by a third within minutes here); without the script's input or Python, the
        // fit measured by the optimizer figure is the reference.
        let fitOnce = interleavedFit(dataDir: dataDir)
        let (usual, fits) = try timings(runs: 9, primer: primer, dataDir: dataDir, records: records, backupWritten: true,
                                        reference: fitOnce)
        let firstOfDay = try timings(runs: 5, primer: primer, dataDir: dataDir, records: records, backupWritten: false).command
        log("primer optimize, whole command, \(records.count) answers: \(usual.summary)")
        log("primer optimize, the day's first command (also writes the daily backup): \(firstOfDay.summary)")
        if let fits { log("fsrs-rs compute_parameters, timed between those commands: \(fits.summary)") }
        let block = fsrsRSMilliseconds.map { String(format: "; the optimizer figure's fsrs-rs fit, timed before: %.1f ms", $0) } ?? ""
        report.add(Figure(name: "primer optimize, whole command, 14,000 answers", value: usual.median,
                          reference: fits?.median ?? fsrsRSMilliseconds.map { $0 * 1_000_000 },
                          referenceName: fits == nil ? "fsrs-rs compute_parameters" : "fsrs-rs compute_parameters, timed between",
                          comparison: .ratioAtMost(1.0),
                          note: "median of 8 runs after one, today's backup already written"
                              + (fits == nil ? "" : ", each after a timed fsrs-rs fit (8)") + block
                              + "; the day's first: median " + String(format: "%.1f ms", firstOfDay.median / 1_000_000)))
        if let python = fsrsRSPython() {
            let command = try pythonCommandTimings(runs: 6, python: python, dataDir: dataDir, records: records)
            log("the same steps as a Python command around fsrs-rs (fsrs_rs_command.py): \(command.summary)")
            report.add(Figure(name: "primer optimize against the same steps as a command around fsrs-rs", value: usual.median,
                              reference: command.median, referenceName: "Python + fsrs-rs-python, whole process",
                              comparison: .ratioAtMost(1.0),
                              note: "context, not the issue's target (which is fsrs-rs's fit alone, above): both whole "
                                  + "processes on the same store; the Python command checks nothing and writes one row"))
        }
    }

    /// The virtual environment's Python when it has fsrs-rs-python (made by
    /// `optimizer_reference.sh`), else nil and the figure is skipped.
    private static func fsrsRSPython() -> String? {
        let venv = ProcessInfo.processInfo.environment["PRIMER_BENCH_FSRSRS_VENV"] ?? "/tmp/fsrs-rs-venv"
        let python = venv + "/bin/python"
        return FileManager.default.isExecutableFile(atPath: python) ? python : nil
    }

    /// `fsrs_rs_command.py` timed as a process, each run on a fresh copy of one store as
    /// `primer optimize` finds it; the first run is a warm-up and not counted.
    private static func pythonCommandTimings(runs: Int, python: String, dataDir: URL, records: [ReviewRecord]) throws -> Samples {
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Scripts/fsrs_rs_command.py").path
        let original = dataDir.appendingPathComponent("optimize-store-python")
        try makeStore(at: original, records: records)
        var timings: [UInt64] = []
        let folder = dataDir.appendingPathComponent("optimize-store-python-run")
        for _ in 0..<runs {
            try? FileManager.default.removeItem(at: folder)
            try FileManager.default.copyItem(at: original, to: folder)
            timings.append(try timedSpawn(python, [script, folder.appendingPathComponent("primer.sqlite").path, "ana"]))
        }
        try? FileManager.default.removeItem(at: folder)
        try? FileManager.default.removeItem(at: original)
        return Samples(nanos: Array(timings.dropFirst()))
    }

    /// A new store in `folder` (anything there before is removed) with learner "ana" and
    /// `records` as their answers, item states as the log replays to.
    private static func makeStore(at folder: URL, records: [ReviewRecord]) throws {
        try? FileManager.default.removeItem(at: folder)
        let store = try LearnerStore.open(directory: folder, now: Date(), options: .init(automaticBackups: false))
        let id = try store.learner(named: "ana", now: Date(timeIntervalSince1970: 1_700_000_000))
        try StoreFixtures.insertLog(store, learner: id, records: records, replay: StudyContext.settingsReplayFunction())
        try store.close()
    }

    /// One fit by fsrs-rs of the fast forgetter's training items (written by the optimizer
    /// figure), timed by `optimizer_reference.py fit-once` after a warm-up fit; nil when
    /// the items or fsrs-rs-python are not there.
    private static func interleavedFit(dataDir: URL) -> (() throws -> UInt64)? {
        let input = dataDir.appendingPathComponent("optimizer-fast-forgetter.json")
        guard let python = fsrsRSPython(), FileManager.default.fileExists(atPath: input.path) else { return nil }
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Scripts/optimizer_reference.py").path
        return {
            let output = try runProcess(python, [script, "fit-once", input.path])
            guard let line = output.split(separator: "\n").last,
                  let json = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                  let seconds = json["fit_seconds"] as? Double else {
                throw BenchError("optimizer_reference.py fit-once printed no result: \(output)")
            }
            return UInt64(seconds * 1e9)
        }
    }

    /// `runs` timed commands, each on a fresh store (so every run fits and saves: the
    /// weights in force are the defaults); the first is a warm-up and not counted. With
    /// `reference`, it is timed too just before each command (not counted for the first).
    private static func timings(runs: Int, primer: String, dataDir: URL, records: [ReviewRecord], backupWritten: Bool,
                                reference: (() throws -> UInt64)? = nil) throws -> (command: Samples, reference: Samples?) {
        var timings: [UInt64] = [], references: [UInt64] = []
        for run in 0..<runs {
            let folder = dataDir.appendingPathComponent("optimize-store-\(run)")
            try makeStore(at: folder, records: records)
            if backupWritten {
                // Opening with the automatic backup on writes today's copy (and closes cleanly again).
                try LearnerStore.open(directory: folder, now: Date(), options: .init(backupInBackground: false)).close()
            }
            if backupWritten && run == runs - 1 {
                // A copy as the figure's runs find the store, to profile the command on
                // (`perf`). Being a copy, it is not the file primer closed cleanly: run
                // `primer learners` on a copy of it first, or its first open checks it in full.
                let pristine = dataDir.appendingPathComponent("optimize-store-before")
                try? FileManager.default.removeItem(at: pristine)
                try FileManager.default.copyItem(at: folder, to: pristine)
            }
            if let reference { references.append(try reference()) }
            timings.append(try timedSpawn(primer, ["optimize", "--learner", "ana", "--data-dir", folder.path]))
            if run < runs - 1 { try? FileManager.default.removeItem(at: folder) }   // the last is kept for profiling
        }
        return (Samples(nanos: Array(timings.dropFirst())), reference == nil ? nil : Samples(nanos: Array(references.dropFirst())))
    }
}
