import Foundation
import GRDB
import StudyCore

/// A row whose value its column cannot hold (text in an INTEGER column, a blob anywhere).
public struct UnreadableRow: Sendable, Equatable {
    public var table: String
    /// The row's key, e.g. a review id or "learner/course/question".
    public var id: String
    public var column: String
    /// What the column holds, e.g. "text 'x'".
    public var found: String
}

/// What `primer doctor` finds, read-only: nothing here writes to the file it checks,
/// or opens it in a way that could (no SQLite recovery of its log, no checkpoint, no upgrade).
public struct StoreExamination: Sendable {
    public var file: URL
    public var exists: Bool
    /// Why the file is not an SQLite database primer can read, if it is not.
    public var headerProblem: String?
    /// Why the write-ahead log beside it would lose saved answers, if it would.
    public var logProblem: String?
    /// The lines of `PRAGMA integrity_check` (["ok"] when sound; empty when not reached).
    public var integrity: [String]
    /// The schema version, when readable, and why it cannot be used, if it cannot.
    public var schemaVersion: Int?
    public var versionProblem: String?
    /// How the tables differ from primer's (renamed or missing columns, missing tables).
    public var shapeProblems: [String]
    /// Rows holding values their columns cannot hold (at most 50 are listed).
    public var unreadableRows: [UnreadableRow]
    /// Item states that differ from the replay of the log (when every row could be read).
    public var mismatches: [StateMismatch]
    /// Where the running summary (see `RunningSummary`) differs from the log, per learner
    /// and course ("ana / pakistan-us: the answer count …").
    public var summaryProblems: [String] = []
    /// Another primer has the store open (a session, a class): rebuilding must wait.
    public var inUse: Bool
    /// A restore or rebuild was interrupted; the next open rolls it back.
    public var replacementInterrupted: Bool

    public var integrityOK: Bool { integrity == ["ok"] }

    /// Whether the file itself can be used as it is (item states aside, which the log rebuilds).
    public var fileIsSound: Bool {
        exists && headerProblem == nil && logProblem == nil && integrityOK && versionProblem == nil
            && shapeProblems.isEmpty && unreadableRows.isEmpty
    }

    public var isHealthy: Bool { fileIsSound && mismatches.isEmpty && summaryProblems.isEmpty && !replacementInterrupted }
}

extension LearnerStore {
    /// The schema version this primer writes.
    public static var schemaVersion: Int { Schema.version }

    /// Examines the store in `directory` without writing to it (see `StoreExamination`).
    public static func examine(directory: URL, replayWithSettings replay: SettingsReplayFunction) throws -> StoreExamination {
        let directory = directory.standardizedFileURL
        let file = directory.appendingPathComponent(DataLocation.fileName)
        var exam = StoreExamination(file: file, exists: FileSystem.exists(file), headerProblem: nil, logProblem: nil, integrity: [],
                                    schemaVersion: nil, versionProblem: nil, shapeProblems: [], unreadableRows: [],
                                    mismatches: [], inUse: false,
                                    replacementInterrupted: FileSystem.exists(RestoreJournal.url(in: directory)))
        if FileSystem.exists(directory.appendingPathComponent(StoreLock.fileName)) {
            // Taking the lock for a moment tells whether anyone holds it; it is let go at once.
            if case .some(.none) = try? StoreLock.take(.exclusive, in: directory) { exam.inUse = true }
        }
        guard exam.exists else { return exam }
        if let problem = FileSystem.notARegularFile(file) {
            exam.headerProblem = problem
            return exam
        }
        exam.headerProblem = try FileCheck.headerProblem(file)
        guard exam.headerProblem == nil else { return exam }
        // A live log belongs to the primer using it; only a left-over one is judged.
        if !exam.inUse { exam.logProblem = try leftOverLogProblem(of: file) }
        do {
            try FileCheck.withReadOnlyConnection(file, busyTimeout: 5) { db in
                exam.integrity = try String.fetchAll(db, sql: "PRAGMA integrity_check(100)")
                let stamp = try Schema.Stamp.read(db)
                exam.schemaVersion = stamp.version
                if stamp.isNewer {
                    exam.versionProblem = "it was written by a newer primer (\(stamp.newerDescription))"
                    return
                }
                if stamp.applied.isEmpty {
                    let tables = try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
                    if !tables.isEmpty { exam.versionProblem = "it is an SQLite database, but not primer's" }
                    return
                }
                exam.shapeProblems = try SchemaShape.problems(db, applied: stamp.applied)
                guard exam.shapeProblems.isEmpty else { return }
                exam.unreadableRows = try SchemaShape.badRows(db, applied: stamp.applied).map {
                    UnreadableRow(table: $0.table, id: $0.id, column: $0.column, found: $0.found)
                }
                guard exam.unreadableRows.isEmpty, exam.integrityOK else { return }
                exam.mismatches = try mismatches(db, replay)
                if stamp.applied.contains("v4-running-summary") {
                    for pair in try allPairs(db) {
                        let problems = try RunningSummary.differences(learner: pair.learner, course: pair.course, db)
                        guard !problems.isEmpty else { continue }
                        let name = try String.fetchOne(db, sql: "SELECT name FROM learner WHERE id = ?", arguments: [pair.learner]) ?? "?"
                        exam.summaryProblems.append("\(name) / \(pair.course): " + problems.joined(separator: ", "))
                    }
                }
            }
        } catch let error as DatabaseError {
            // SQLite could not read on: the damage is in the file (or its log).
            if exam.integrity.isEmpty || exam.integrityOK { exam.integrity = ["SQLite stopped reading: \(error.message ?? "\(error)")"] }
        } catch let error as StoreError {
            if case let .badRow(table, id, column, detail) = error {
                exam.unreadableRows.append(UnreadableRow(table: table, id: id, column: column, found: detail))
            } else {
                throw error
            }
        }
        return exam
    }

    /// The problem with a log a stopped primer left, as the opening check would see it.
    static func leftOverLogProblem(of file: URL) throws -> String? {
        do {
            try LearnerStore.checkLeftOverLog(of: file, now: Date(), keepCopy: false)
            return nil
        } catch let StoreError.logDamaged(_, detail, _) {
            return detail
        }
    }
}
