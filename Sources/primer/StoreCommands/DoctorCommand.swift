import ArgumentParser
import Foundation
import LearnerStore
import StudyServices

/// `primer doctor [--rebuild]`: checks the learner data file.
struct DoctorCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "doctor",
        abstract: "Check the learner data file: integrity, schema version, and item states against the review log.",
        discussion: """
            Item states (when each question comes back) are derived from the review log; \
            doctor replays the log and reports every learner and course whose stored states \
            differ. With --rebuild, those states are recomputed from the log (the log itself \
            is never changed). A damaged file is not touched: doctor says which backup to \
            restore. Exits 0 when the file is healthy (or --rebuild repaired it), 1 otherwise.
            """)

    @OptionGroup var options: GlobalOptions

    @Flag(name: .long, help: "Recompute item states that differ from the review log.")
    var rebuild = false

    /// At most this many question ids are listed per learner and course.
    static let listedQuestions = 8

    func run() throws {
        do {
            // Opening runs the header check and `PRAGMA quick_check`, and refuses a
            // damaged file or one from a newer primer with a StoreError, writing nothing.
            let store = try StoreCommandSupport.openStore(options)
            defer { StoreCommandSupport.close(store) }
            let replay = StudyContext.settingsReplayFunction()
            var report = try store.doctor(replayWithSettings: replay)

            print("File: \(report.file.path)")
            print("Integrity: \(report.integrityOK ? "ok" : "FAILED")")
            if !report.integrityOK {
                for line in report.integrity.prefix(10) { print("  \(line)") }
                if report.integrity.count > 10 { print("  … \(report.integrity.count - 10) more") }
            }
            var schema = "Schema version: \(report.schemaVersion)"
            if report.schemaVersion == report.supportedSchemaVersion {
                schema += " (current)"
            } else {
                schema += " (this primer writes \(report.supportedSchemaVersion))"
            }
            if let from = store.upgradedFrom { schema += ", upgraded from version \(from) just now" }
            print(schema)
            let durability = report.durability
            print("Durability: journal \(durability.journalMode), synchronous \(Self.synchronousName(durability.synchronous))"
                  + (durability.isDurable ? "" : " (NOT durable: a crash could lose answers)"))

            var rebuilt: Int?
            if report.mismatches.isEmpty {
                print("Item states: all match the review log")
            } else {
                Self.printMismatches(report.mismatches)
                if rebuild && report.integrityOK {
                    rebuilt = try store.rebuildItemStates(replayWithSettings: replay)
                    report = try store.doctor(replayWithSettings: replay)
                    print("Rebuilt \(StoreCommandSupport.plural(rebuilt ?? 0, "item state")) from the review log.")
                    if !report.mismatches.isEmpty {
                        print("After the rebuild, some states still differ:")
                        Self.printMismatches(report.mismatches)
                    }
                }
            }

            var problems: [String] = []
            if !report.integrityOK { problems.append("the integrity check failed") }
            if report.schemaVersion != report.supportedSchemaVersion { problems.append("the schema version is not current") }
            if !durability.isDurable { problems.append("writes are not durable") }
            if !report.mismatches.isEmpty {
                let pairs = StoreCommandSupport.plural(report.mismatches.count, "learner and course", "learners and courses")
                problems.append("item states of \(pairs) differ from the review log"
                                + (rebuild ? "" : "; run 'primer doctor --rebuild' to recompute them"))
            }
            if problems.isEmpty {
                print(rebuilt == nil ? "No problems found." : "No problems remain.")
            } else {
                if !report.integrityOK {
                    let backup = LearnerStore.backups(in: store.directory).first
                    problems.append("restore a backup with: primer restore "
                                    + (backup.map { StoreCommandSupport.shellQuoted($0.path) } ?? "FILE"))
                }
                throw PrimerError(problems.joined(separator: "; "))
            }
        }
    }

    static func printMismatches(_ mismatches: [StateMismatch]) {
        print("Item states that differ from the review log:")
        for m in mismatches {
            var ids = m.questionIDs.prefix(listedQuestions).joined(separator: ", ")
            if m.questionIDs.count > listedQuestions { ids += ", …" }
            print("  \(m.learnerName) / \(m.courseID): \(StoreCommandSupport.plural(m.questionIDs.count, "item")) (\(ids))")
        }
    }

    static func synchronousName(_ value: Int) -> String {
        switch value {
        case 0: "OFF"
        case 1: "NORMAL"
        case 2: "FULL"
        case 3: "EXTRA"
        default: String(value)
        }
    }
}
