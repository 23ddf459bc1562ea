import Foundation
import CourseFormat
import LearnerStore
import StudyCore
import StudyServices

/// Figure: saving a changed retention in Settings for a learner with a million answers
/// (`store-1m-bundled`): the setting and every item state the new retention changes, in
/// one transaction (`StudyContext.updateSettings`). A copy of the store is used, so the
/// kept one is not changed; the first open of an older store also upgrades it.
enum SettingsSaveBench {
    static func run(report: Report, storeDir: URL, content: String) throws {
        guard let course = CourseLoader.load(folder: content).course else { throw BenchError("cannot load \(content)") }
        let copy = storeDir.deletingLastPathComponent().appendingPathComponent("settings-save-store")
        try? FileManager.default.removeItem(at: copy)
        try FileManager.default.copyItem(at: storeDir, to: copy)
        defer { try? FileManager.default.removeItem(at: copy) }
        let store = try LearnerStore.open(directory: copy, now: Date(), options: .init(automaticBackups: false))
        defer { try? store.close() }
        let context = try StudyContext(store: store, course: course, learnerName: StoreBench.learnerName, now: Date())
        var timings: [UInt64] = []
        for run in 0..<5 {
            var settings = context.settings
            settings.desiredRetention = run % 2 == 0 ? 0.85 : 0.9
            let start = DispatchTime.now().uptimeNanoseconds
            try context.updateSettings(settings)
            timings.append(DispatchTime.now().uptimeNanoseconds - start)
        }
        let samples = Samples(nanos: Array(timings.dropFirst()))
        log("save a changed retention, 1,000,000 answers, 80,000 items: \(samples.summary)")
        // No target in the issues: reported for BENCHMARKS.md, not judged.
        emit("INFO | Settings: save a changed retention, 1M-answer learner | \(samples.summary)")
    }
}
