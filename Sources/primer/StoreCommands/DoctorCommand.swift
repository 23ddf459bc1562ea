import ArgumentParser
import Foundation
import LearnerStore
import StudyServices

/// `primer doctor [--rebuild]`: checks the learner data file.
struct DoctorCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "doctor",
        abstract: "Check the learner data file: integrity, schema, every row, and item states against the review log.",
        discussion: """
            doctor only reads: it never writes to the file it checks. It reports the file's \
            header, the write-ahead log a stopped primer left, PRAGMA integrity_check, the \
            schema, any row primer cannot read, and every learner and course whose stored \
            item states (when each question comes back) differ from a replay of the review log.

            With --rebuild, and no other primer using the store: differing states are \
            recomputed from the log (the log itself is never changed); a file that cannot be \
            used as it is has every readable row copied into a new file, rows that do not fit \
            set aside in a JSON file, and the old file kept beside it. Exits 0 when the store \
            is healthy (or --rebuild repaired it), 1 otherwise.
            """)

    @OptionGroup var options: GlobalOptions

    @Flag(name: .long, help: "Repair: recompute item states, or copy every readable row of a damaged file into a new one.")
    var rebuild = false

    /// At most this many question ids are listed per learner and course.
    static let listedQuestions = 8

    func run() throws {
        let directory = StoreCommandSupport.directory(options)
        let replay = StudyContext.settingsReplayFunction()
        var exam = try LearnerStore.examine(directory: directory, replayWithSettings: replay)
        Self.print(exam)
        guard !exam.isHealthy else {
            Streams.line("No problems found.")
            return
        }
        guard rebuild else { throw PrimerError(Self.advice(exam, directory: directory)) }
        guard exam.exists else { throw PrimerError("there is no learner data file to rebuild") }

        if exam.fileIsSound {
            let store = try LearnerStore.openExclusively(directory: directory, now: Clock.now(), for: "Rebuilding item states")
            let rebuilt = try store.rebuildItemStates(replayWithSettings: replay)
            StoreCommandSupport.close(store)
            Streams.line("Rebuilt \(StoreCommandSupport.plural(rebuilt, "item state")) from the review log.")
        } else {
            let report = try LearnerStore.salvage(directory: directory, now: Clock.now(), replayWithSettings: replay)
            Self.print(report)
        }
        exam = try LearnerStore.examine(directory: directory, replayWithSettings: replay)
        if exam.isHealthy {
            Streams.line("No problems remain.")
        } else {
            Streams.line("After the rebuild:")
            Self.print(exam)
            throw PrimerError("problems remain after the rebuild; " + Self.advice(exam, directory: directory))
        }
    }

    static func print(_ exam: StoreExamination) {
        Streams.line("File: \(exam.file.path)")
        guard exam.exists else {
            Streams.line("There is no learner data file yet (primer creates it when it first saves something).")
            return
        }
        if exam.replacementInterrupted {
            Streams.line("Restore: one was interrupted; the next primer command puts the previous file back")
        }
        if let problem = exam.headerProblem {
            Streams.line("Header: DAMAGED (\(problem))")
            return
        }
        Streams.line("Write-ahead log: " + (exam.logProblem.map { "DAMAGED (\($0))" } ?? (exam.inUse ? "in use" : "ok")))
        Streams.line("Integrity: \(exam.integrityOK ? "ok" : "FAILED")")
        if !exam.integrityOK {
            for line in exam.integrity.prefix(10) { Streams.line("  \(line)") }
            if exam.integrity.count > 10 { Streams.line("  … \(exam.integrity.count - 10) more") }
        }
        if let version = exam.schemaVersion {
            Streams.line("Schema version: \(version)" + (version == LearnerStore.schemaVersion
                ? " (current)" : " (this primer writes \(LearnerStore.schemaVersion); opening upgrades it)"))
        }
        if let problem = exam.versionProblem { Streams.line("Version: \(problem)") }
        if !exam.shapeProblems.isEmpty {
            Streams.line("Tables: not primer's")
            for problem in exam.shapeProblems.prefix(10) { Streams.line("  \(problem)") }
        }
        if exam.unreadableRows.isEmpty {
            if exam.shapeProblems.isEmpty && exam.versionProblem == nil { Streams.line("Rows: all readable") }
        } else {
            Streams.line("Rows primer cannot read: \(exam.unreadableRows.count)\(exam.unreadableRows.count >= 50 ? " or more" : "")")
            for row in exam.unreadableRows.prefix(10) {
                Streams.line("  table \(row.table), row \(row.id), column \(row.column): \(row.found)")
            }
        }
        Streams.line("Durability: journal wal, every write synchronous FULL (primer refuses to write otherwise)")
        if exam.fileIsSound {
            if exam.mismatches.isEmpty {
                Streams.line("Item states: all match the review log")
            } else {
                printMismatches(exam.mismatches)
            }
            if exam.summaryProblems.isEmpty {
                Streams.line("Running summary: matches the review log")
            } else {
                Streams.line("Running summary that differs from the review log:")
                for problem in exam.summaryProblems.prefix(10) { Streams.line("  " + problem) }
            }
        }
        if exam.inUse { Streams.line("In use: another primer has the store open") }
    }

    static func print(_ report: SalvageReport) {
        let tables = report.copied.filter { $0.value > 0 }.sorted { $0.key < $1.key }
            .map { "\($0.value) \($0.key)" }.joined(separator: ", ")
        Streams.line("Rebuilt the store from what could be read: \(tables.isEmpty ? "nothing" : tables) "
                     + "(\(StoreCommandSupport.plural(report.reviewsCopied, "answer")) kept).")
        if report.unreadableCount > 0 {
            let where_ = report.unreadable.sorted { $0.key < $1.key }.map { "\($0.value) in \($0.key)" }.joined(separator: ", ")
            Streams.line("Rows that could not be read or did not fit: \(where_).")
        }
        if let setAside = report.setAside { Streams.line("Rows set aside (as text): \(setAside.path)") }
        Streams.line("Item states rebuilt from the log: \(report.statesRebuilt).")
        if let old = report.previousMovedTo { Streams.line("The old file is kept at \(old.path)") }
    }

    /// What to do, as one message: the choices that fit what was found.
    static func advice(_ exam: StoreExamination, directory: URL) -> String {
        let backup = LearnerStore.backups(in: directory).first.map { StoreCommandSupport.shellQuoted($0.path) } ?? "FILE"
        if exam.headerProblem != nil || exam.versionProblem != nil {
            let what = exam.headerProblem.map { "the learner data file is damaged (\($0))" } ?? "the learner data file cannot be used"
            return "\(what); primer has not written to it.\nTo restore a backup, run:\n  primer restore \(backup)"
        }
        var problems: [String] = []
        if let log = exam.logProblem { problems.append("the write-ahead log is damaged: \(log)") }
        if !exam.integrityOK { problems.append("the integrity check failed") }
        if !exam.shapeProblems.isEmpty { problems.append("its tables are not primer's") }
        if !exam.unreadableRows.isEmpty { problems.append("\(StoreCommandSupport.plural(exam.unreadableRows.count, "row")) cannot be read") }
        if !exam.mismatches.isEmpty {
            let pairs = StoreCommandSupport.plural(exam.mismatches.count, "learner and course", "learners and courses")
            problems.append("item states of \(pairs) differ from the review log")
        }
        if !exam.summaryProblems.isEmpty { problems.append("the running summary differs from the review log") }
        if exam.replacementInterrupted { problems.append("a restore was interrupted") }
        var text = problems.joined(separator: "; ")
        if exam.fileIsSound {
            text += "; run 'primer doctor --rebuild' to recompute them"
        } else {
            text += ". primer has not written to the file. Choose one:"
            text += "\n  primer doctor --rebuild   keeps every answer that can still be read (the old file stays beside the new one)"
            text += "\n  primer restore \(backup)   goes back to a backup (answers since it are lost)"
        }
        if exam.inUse { text += "\nAnother primer has the store open: close it first." }
        return text
    }

    static func printMismatches(_ mismatches: [StateMismatch]) {
        Streams.line("Item states that differ from the review log:")
        for m in mismatches {
            var ids = m.questionIDs.prefix(listedQuestions).joined(separator: ", ")
            if m.questionIDs.count > listedQuestions { ids += ", …" }
            Streams.line("  \(m.learnerName) / \(m.courseID): \(StoreCommandSupport.plural(m.questionIDs.count, "item")) (\(ids))")
        }
    }
}
