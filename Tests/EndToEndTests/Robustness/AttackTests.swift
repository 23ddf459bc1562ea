import Foundation
import StudyCore
import XCTest
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What an attack on primer found (issue 12), each as a test that failed before the fix:
/// output that cannot be written, hostile imports and restores, damage the checks missed,
/// a damaged write-ahead log, two writers for one learner, bad input, unbounded reads,
/// loose permissions and escape sequences in every channel. Counted in RELIABILITY.md.
final class AttackTests: XCTestCase {
    var primer: String!
    var writer: String!
    var directory: URL!
    var data: URL { directory.appendingPathComponent("data") }
    var storeFile: URL { data.appendingPathComponent("primer.sqlite") }
    var environment: [String: String] { Robust.environment(home: directory, data: data) }
    let tally = AttackTally()

    override func setUpWithError() throws {
        guard let url = Built.primer else { throw XCTSkip("the primer binary was not built") }
        primer = url.path
        writer = url.deletingLastPathComponent().appendingPathComponent("StoreCrashWriter").path
        directory = try Built.temporaryDirectory("attack")
    }

    override func tearDown() {
        tally.flush(test: name)
        if let directory { try? FileManager.default.removeItem(at: directory) }
    }

    // MARK: helpers

    @discardableResult
    func run(_ arguments: [String], stdin: String? = nil, env extra: [String: String] = [:]) throws -> CommandResult {
        try runCommand(primer, arguments, environment: environment.merging(extra) { $1 }, stdin: stdin,
                       currentDirectory: directory, timeout: 120)
    }

    /// A store with `answers` answers by the fixed learner, closed cleanly.
    func makeStore(answers: Int = 3, learner: String = "tester") throws {
        let result = try run(["quiz", "--plain", "--count", String(answers), "--seed", "4", "--learner", learner],
                             stdin: String(repeating: "1\n", count: answers))
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(Robust.wholeLines(result.stdout, equalTo: "saved"), answers, result.stdout)
    }

    /// The learner's data as SQLite reads it: the file and its log (a missing log and an
    /// empty one are the same), and the backups. Lock, marker and index files are primer's
    /// bookkeeping, not the learner's data, and may come and go.
    func storeSnapshot() -> [String: Data] {
        var snapshot = folderSnapshot(data).filter { $0.key == "/primer.sqlite" || $0.key == "/primer.sqlite-wal" || $0.key.hasPrefix("/backups/") }
        if snapshot["/primer.sqlite-wal"]?.isEmpty == true { snapshot["/primer.sqlite-wal"] = nil }
        return snapshot
    }

    /// Reviews in the store, counted by a process that is not primer.
    func reviewCount(_ file: URL? = nil) throws -> Int {
        Int(try sqlite(file ?? storeFile, "SELECT count(*) FROM review;").trimmingCharacters(in: .whitespacesAndNewlines)) ?? -1
    }

    func writeFile(_ name: String, _ text: String) throws -> URL {
        let url = directory.appendingPathComponent(name)
        try Data(text.utf8).write(to: url)
        return url
    }

    /// primer with its standard output going to `sink`; `ignorePipe` runs it with SIGPIPE
    /// ignored (as some shells and services do), so a closed pipe shows as EPIPE.
    func runWithOutput(to sink: FileHandle, _ arguments: [String], ignorePipe: Bool = false,
                       input: FileHandle = FileHandle.nullDevice) throws -> CommandResult {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = ["-c", (ignorePipe ? "trap '' PIPE; " : "") + "exec \"$0\" \"$@\"", primer] + arguments
        process.environment = environment
        process.standardOutput = sink
        let err = Pipe()
        process.standardError = err
        process.standardInput = input
        try process.run()
        // A safety net, not a timing: a primer that waited for ever would fail, not hang CI.
        DispatchQueue.global().asyncAfter(deadline: .now() + 120) { if process.isRunning { process.terminate() } }
        let errors = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return CommandResult(status: process.terminationStatus, stdout: "", stderr: String(decoding: errors, as: UTF8.self))
    }

    var cleanCloseMarker: URL { data.appendingPathComponent("primer.sqlite.closed") }

    // MARK: 1. output that cannot be written

    func testAFullDiskOrAClosedPipeOnStandardOutputEndsWithAMessageNeverACrash() throws {
        try makeStore()
        let commands = [["export"], ["results", "--format", "csv"], ["results", "--format", "json"], ["export-bank", "--format", "gift"],
                        ["export-bank", "--format", "anki-tsv"], ["stats", "--json"], ["stats"], ["learners"], ["doctor"]]
        for command in commands {
            let full = try XCTUnwrap(FileHandle(forWritingAtPath: "/dev/full"))
            let result = tally.record("output cannot be written", try runWithOutput(to: full, command), expectError: true)
            XCTAssertTrue(result.stderr.contains("could not write") || result.stderr.contains("No space"), "\(command): \(result.stderr)")
            XCTAssertEqual(result.status, 1, "\(command)")
            XCTAssertTrue(FileManager.default.fileExists(atPath: cleanCloseMarker.path),
                          "\(command): the store was closed cleanly, so the next start need not check the whole file")

            // A pipe nobody reads (`primer results | head` once head has ended): its reading
            // end is closed before primer starts. SIGPIPE is left as a shell leaves it.
            for ignorePipe in [false, true] {
                let pipe = Pipe()
                try pipe.fileHandleForReading.close()
                let closed = tally.record("output cannot be written",
                                          try runWithOutput(to: pipe.fileHandleForWriting, command, ignorePipe: ignorePipe), expectError: false)
                XCTAssertEqual(closed.status, 141, "\(command): a closed pipe ends quietly, as Unix tools do: \(closed.stderr)")
                XCTAssertEqual(closed.stderr, "", "\(command)")
                XCTAssertTrue(FileManager.default.fileExists(atPath: cleanCloseMarker.path), "\(command): closed cleanly")
            }
        }
        // A session whose output is no longer read ends as at the end of its input, though
        // the input stays open (a terminal): it does not wait for answers to unseen questions.
        let pipe = Pipe(), keyboard = Pipe()
        try pipe.fileHandleForReading.close()
        let quiz = tally.record("output cannot be written",
                                try runWithOutput(to: pipe.fileHandleForWriting, ["quiz", "--plain", "--count", "2"], input: keyboard.fileHandleForReading),
                                expectError: false)
        XCTAssertEqual(quiz.status, 141, quiz.stderr)
        XCTAssertTrue(FileManager.default.fileExists(atPath: cleanCloseMarker.path), "closed cleanly after the session")
        try keyboard.fileHandleForWriting.close()
    }

    // MARK: 2. imported values

    /// An export holding one learner with one session and one review; `edit` changes it.
    func export(_ edit: (inout [String: Any], inout [String: Any], inout [String: Any]) -> Void) throws -> URL {
        var learner: [String: Any] = ["name": "ana", "createdAt": "2026-03-01T09:00:00.000Z"]
        var session: [String: Any] = ["id": "s-1", "course": "pakistan-us", "kind": "study", "startedAt": "2026-03-01T09:01:00.000Z",
                                      "finishedAt": "2026-03-01T09:05:00.000Z", "score": 0.5, "answered": 2, "correct": 1]
        var review: [String: Any] = ["id": "r-1", "course": "pakistan-us", "question": "alliance-strategic-ally",
                                     "reviewedAt": "2026-03-01T09:02:00.000Z", "rating": "good", "shown": ["a", "b"], "chosen": ["a"],
                                     "correct": true, "responseMilliseconds": 4000, "session": "s-1", "affectsSchedule": true]
        edit(&learner, &session, &review)
        learner["reviews"] = [review]
        learner["sessions"] = [session]
        learner["lessonsRead"] = [[String: Any]]()
        learner["settings"] = [String: String]()
        let document: [String: Any] = ["format": "primer-export", "version": 1, "exportedAt": "2026-03-02T00:00:00.000Z",
                                       "learners": [learner]]
        let url = directory.appendingPathComponent("export-\(UUID().uuidString).json")
        try JSONSerialization.data(withJSONObject: document, options: [.sortedKeys]).write(to: url)
        return url
    }

    func testImportRefusesEveryOutOfRangeValueNamingFileLearnerAndField() throws {
        try makeStore()
        let before = storeSnapshot()
        let cases: [(String, (inout [String: Any], inout [String: Any], inout [String: Any]) -> Void)] = [
            ("score", { _, s, _ in s["score"] = 1e17 }),
            ("score", { _, s, _ in s["score"] = -0.5 }),
            ("score", { _, s, _ in s["score"] = 1e308 }),
            ("responseMilliseconds", { _, _, r in r["responseMilliseconds"] = -5 }),
            ("id", { _, _, r in r["id"] = "" }),
            ("name", { l, _, _ in l["name"] = "" }),
            ("name", { l, _, _ in l["name"] = "evil\u{1B}]52;c;aGVsbG8=\u{07}" }),
            ("name", { l, _, _ in l["name"] = "two\nlines" }),
            ("finishedAt", { _, s, _ in s["finishedAt"] = "2026-03-01T08:00:00.000Z" }),
            ("question", { _, _, r in r["question"] = "no-such-question" }),
            ("rating", { _, _, r in r["rating"] = "superb" }),
            ("reviewedAt", { _, _, r in r["reviewedAt"] = "12026-01-01T00:00:00.000Z" }),
        ]
        for (field, edit) in cases {
            let file = try export(edit)
            let result = tally.record("hostile import", try run(["import", file.path]), expectError: true)
            XCTAssertTrue(result.stderr.contains(file.path) && result.stderr.contains("learner ") && result.stderr.contains("\(field):"),
                          "names FILE, learner and \(field): \(result.stderr)")
            XCTAssertTrue(result.stderr.contains("Nothing was imported"), result.stderr)
            XCTAssertFalse(result.stderr.contains("\u{1B}"), "no raw escape in the message")
            tally.modified("hostile import", storeSnapshot() != before, "the data folder after a refused import")
        }
        let valid = tally.record("hostile import", try run(["import", try export { _, _, _ in }.path]), expectError: false)
        XCTAssertEqual(valid.status, 0, valid.stderr)
    }

    func testExtremeNumbersAlreadyInTheFileNeverCrashACommand() throws {
        try makeStore()
        for value in ["1e17", "-1e308", "1e308", "-5"] {
            _ = try sqlite(storeFile, "UPDATE session SET score = \(value), answered = 100000000000, correct = -3;"
                           + "UPDATE review SET responseMs = 9000000000000000000;")
            for command in [["stats"], ["stats", "--json"], ["results"], ["results", "--format", "json"], ["report"], ["learners"],
                            ["export"]] {
                let result = tally.record("stored extremes", try run(command), expectError: false)
                XCTAssertEqual(result.status, 0, "\(command) with score \(value): \(result.stderr)")
            }
        }
    }

    // MARK: 3. a row of the wrong type

    func testAWrongTypedRowIsNamedByDoctorAndSetAsideByRebuild() throws {
        try makeStore(answers: 4)
        _ = try sqlite(storeFile, "UPDATE review SET reviewedAt = 'x' WHERE rowid = 1;")
        let before = storeSnapshot()
        for command in [["stats"], ["quiz", "--plain", "--count", "1"], ["learners"], ["export"]] {
            let result = tally.record("wrong-typed row", try run(command, stdin: "1\n"), expectError: true)
            XCTAssertFalse(result.stdout.contains("saved"), "\(command) must not acknowledge an answer it cannot keep")
        }
        let doctor = tally.record("wrong-typed row", try run(["doctor"]), expectError: true)
        XCTAssertTrue(doctor.stdout.contains("table review, row ") && doctor.stdout.contains("column reviewedAt"), doctor.stdout)
        tally.modified("wrong-typed row", storeSnapshot() != before, "the file with a wrong-typed row, before rebuild")

        let rebuilt = tally.record("wrong-typed row", try run(["doctor", "--rebuild"]), expectError: false)
        XCTAssertEqual(rebuilt.status, 0, rebuilt.stdout + rebuilt.stderr)
        XCTAssertTrue(rebuilt.stdout.contains("Rows set aside (as text): "), rebuilt.stdout)
        XCTAssertTrue(rebuilt.stdout.contains("No problems remain."), rebuilt.stdout)
        XCTAssertEqual(try reviewCount(), 3, "the three readable answers are kept")
        let after = tally.record("wrong-typed row", try run(["doctor"]), expectError: false)
        XCTAssertEqual(after.status, 0, after.stdout)
    }

    // MARK: 4. restore candidates primer cannot use

    func testRestoreChecksTheWholeCandidateAndARefusalLeavesTheFolderByteIdentical() throws {
        try makeStore()
        let good = directory.appendingPathComponent("good.sqlite")
        XCTAssertEqual(try run(["backup", good.path]).status, 0)
        let candidates: [(String, String)] = [
            ("review table dropped", "DROP TABLE review;"),
            ("review(id text)", "DROP TABLE review; CREATE TABLE review(id text);"),
            ("wrong-typed row", "UPDATE review SET reviewedAt = 'x' WHERE rowid = 1;"),
            ("stamped version 1 with version 2's column",
             "DELETE FROM grdb_migrations WHERE identifier <> 'v1-initial'; PRAGMA user_version = 1;"),
            ("a column renamed", "ALTER TABLE review RENAME COLUMN courseId TO courseKd;"),
        ]
        let before = folderSnapshot(data)
        for (label, sql) in candidates {
            let candidate = directory.appendingPathComponent("candidate-\(label.filter(\.isLetter)).sqlite")
            try FileManager.default.copyItem(at: good, to: candidate)
            _ = try sqlite(candidate, sql)
            let result = tally.record("restore candidate", try run(["restore", candidate.path]), expectError: true)
            XCTAssertTrue(result.stderr.contains("cannot be used as a backup"), "\(label): \(result.stderr)")
            tally.modified("restore candidate", folderSnapshot(data) != before, "the data folder after refusing \(label)")
        }
        for weird in ["/dev/zero", directory.path] {
            tally.record("restore candidate", try run(["restore", weird]), expectError: true)
            tally.modified("restore candidate", folderSnapshot(data) != before, "the data folder after refusing \(weird)")
        }
        let restored = tally.record("restore candidate", try run(["restore", good.path]), expectError: false)
        XCTAssertEqual(restored.status, 0, restored.stderr)
        XCTAssertEqual(try run(["doctor"]).status, 0)
    }

    // MARK: 5. damage the quick check missed

    /// `edit` damages the file with writable_schema, as a bit flip in sqlite_master might.
    func damageSchema(_ sql: String) throws {
        _ = try sqlite(storeFile, "PRAGMA writable_schema = ON; \(sql) PRAGMA writable_schema = OFF;")
    }

    func assertRefusedUnchanged(_ category: String, _ label: String) throws {
        let before = storeSnapshot()
        for command in [["quiz", "--plain", "--count", "1"], ["stats"]] {
            let result = tally.record(category, try run(command, stdin: "1\n"), expectError: true)
            XCTAssertFalse(result.stdout.contains("saved"), "\(label): \(command) acknowledged an answer into a damaged file")
        }
        let doctor = tally.record(category, try run(["doctor"]), expectError: true)
        XCTAssertFalse(doctor.stdout.contains("No problems found"), "\(label): \(doctor.stdout)")
        tally.modified(category, storeSnapshot() != before, "\(label): the damaged file")
    }

    func testDamageThatQuickCheckMissesIsCaughtBeforeAnyWrite() throws {
        try makeStore()
        // An index whose definition no longer matches its rows.
        try damageSchema("UPDATE sqlite_master SET sql = 'CREATE INDEX review_by_item ON review(learnerId, courseId, responseMs, reviewedAt)' "
                         + "WHERE name = 'review_by_item';")
        try assertRefusedUnchanged("damage quick_check misses", "index out of step with its rows")

        try FileManager.default.removeItem(at: data)
        try makeStore()
        // A flipped letter in a column name (the attack's courseKd; here one no index names,
        // so that SQLite itself still opens the file).
        try damageSchema("UPDATE sqlite_master SET sql = replace(sql, 'responseMs INTEGER', 'responseMz INTEGER') WHERE name = 'review';")
        XCTAssertTrue(try sqlite(storeFile, "SELECT sql FROM sqlite_master WHERE name = 'review';").contains("responseMz"))
        try assertRefusedUnchanged("damage quick_check misses", "a column name flipped (responseMz)")
    }

    func testRandomBitFlipsAreEitherHarmlessOrRefusedBeforeAnyWrite() throws {
        try makeStore(answers: 6)
        let pristine = try Data(contentsOf: storeFile)
        var generator = SeededGenerator(seed: 2026)
        for round in 0..<60 {
            var bytes = [UInt8](pristine)
            // Past the 100-byte header, whose damage the header check already catches.
            let offset = Int.random(in: 100..<bytes.count, using: &generator)
            bytes[offset] ^= UInt8(1 << Int.random(in: 0..<8, using: &generator))
            try Data(bytes).write(to: storeFile)
            for sidecar in ["-wal", "-shm", ".closed"] {
                try? FileManager.default.removeItem(at: URL(fileURLWithPath: storeFile.path + sidecar))
            }
            let sound = try sqliteFindsSound(storeFile)
            let before = try Data(contentsOf: storeFile)
            let result = tally.record("random bit flips", try run(["quiz", "--plain", "--count", "1"], stdin: "1\n"), expectError: false)
            if result.stdout.contains("saved") {
                XCTAssertTrue(sound, "round \(round): primer wrote into a file integrity_check rejects (offset \(offset))")
            } else {
                XCTAssertNotEqual(result.status, 0)
                tally.modified("random bit flips", (try? Data(contentsOf: storeFile)) != before, "round \(round): a refused file")
            }
        }
    }
}

extension AttackTests {
    // MARK: 6. a damaged write-ahead log

    /// Three answers acknowledged by a writer that is then SIGKILLed: they are in the log only.
    func answersOnlyInTheLog(_ count: Int = 3) throws -> [String] {
        try FileManager.default.createDirectory(at: data, withIntermediateDirectories: true)
        let child = try LiveProcess(writer, ["--count", String(count), "--then-wait", "--scheduled", data.path], environment: environment)
        XCTAssertTrue(child.waitFor(line: "waiting"), "the writer did not get to its answers: \(child.stdout)")
        child.kill9()
        let ids = child.stdout.split(separator: "\n").map(String.init).filter { $0 != "waiting" }
        XCTAssertEqual(ids.count, count)
        let wal = URL(fileURLWithPath: storeFile.path + "-wal")
        XCTAssertGreaterThan((try? FileManager.default.attributesOfItem(atPath: wal.path)[.size] as? Int) ?? 0, 0,
                             "the answers must still be in the log for this test to mean anything")
        return ids
    }

    func testADamagedLogIsReportedKeptAndNothingOpensForWriting() throws {
        let damages: [(String, (inout Data) -> Void)] = [
            ("one byte of the last frame overwritten", { $0[$0.count - 100] ^= 0xFF }),
            ("cut at a frame boundary", { wal in
                let pageSize = Int(wal[8]) << 24 | Int(wal[9]) << 16 | Int(wal[10]) << 8 | Int(wal[11])
                wal = wal.prefix(wal.count - (24 + pageSize))
            }),
            ("emptied", { $0 = Data() }),
            ("filled with garbage", { wal in
                var generator = SeededGenerator(seed: 7)
                wal = Data((0..<wal.count).map { _ in UInt8.random(in: 0...255, using: &generator) })
            }),
        ]
        for (label, damage) in damages {
            try? FileManager.default.removeItem(at: data)
            let ids = try answersOnlyInTheLog()
            let wal = URL(fileURLWithPath: storeFile.path + "-wal")
            var bytes = try Data(contentsOf: wal)
            damage(&bytes)
            try bytes.write(to: wal)
            let file = try Data(contentsOf: storeFile)

            for command in [["stats"], ["quiz", "--plain", "--count", "1"]] {
                let result = tally.record("damaged log", try run(command, stdin: "1\n"), expectError: true)
                XCTAssertTrue(result.stderr.contains("write-ahead log"), "\(label): \(result.stderr)")
                XCTAssertFalse(result.stdout.contains("saved"), label)
            }
            let doctor = tally.record("damaged log", try run(["doctor"]), expectError: true)
            XCTAssertTrue(doctor.stdout.contains("Write-ahead log: DAMAGED"), "\(label): \(doctor.stdout)")
            XCTAssertTrue(doctor.stderr.contains("primer doctor --rebuild") && doctor.stderr.contains("primer restore"),
                          "\(label): doctor explains the choices: \(doctor.stderr)")
            tally.modified("damaged log", try Data(contentsOf: storeFile) != file, "\(label): the file")
            tally.modified("damaged log", (try? Data(contentsOf: wal)) != bytes, "\(label): the log")

            // Choosing --rebuild keeps what the log still holds, and the damaged pair beside it.
            let rebuilt = tally.record("damaged log", try run(["doctor", "--rebuild"]), expectError: false)
            XCTAssertEqual(rebuilt.status, 0, "\(label): \(rebuilt.stdout)\(rebuilt.stderr)")
            let kept = try FileManager.default.contentsOfDirectory(atPath: data.path).filter { $0.hasPrefix("primer-damaged-") }
            XCTAssertTrue(kept.contains { $0.hasSuffix(".sqlite-wal") }, "\(label): the damaged log is kept: \(kept)")
            XCTAssertLessThanOrEqual(try reviewCount(), ids.count)
            XCTAssertEqual(try run(["doctor"]).status, 0, label)
        }
    }

    // MARK: 7. a restore stopped half-way, and a folder with no file but older ones

    func testAMissingFileBesideAReplacedOneIsNamedWhenANewOneIsCreated() throws {
        try makeStore()
        try FileManager.default.moveItem(at: storeFile, to: data.appendingPathComponent("primer-replaced-2026-03-01T090000Z.sqlite"))
        // A command that only reads creates nothing and names the file that could come back.
        let stats = tally.record("interrupted restore", try run(["stats"]), expectError: true)
        XCTAssertEqual(stats.status, 1, stats.stderr)
        XCTAssertTrue(stats.stderr.contains("primer-replaced-2026-03-01T090000Z.sqlite") && stats.stderr.contains("primer restore"),
                      stats.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: storeFile.path), "stats created a store")
        // One that writes creates a new store, and says what else is there.
        let quiz = tally.record("interrupted restore", try run(["quiz", "--plain", "--count", "1"], stdin: "1\n"), expectError: false)
        XCTAssertEqual(quiz.status, 0, quiz.stderr)
        XCTAssertTrue(quiz.stderr.contains("primer-replaced-2026-03-01T090000Z.sqlite") && quiz.stderr.contains("primer restore"),
                      "a new store beside a replaced one is never created silently: \(quiz.stderr)")
    }

    // MARK: 8. restore, import and rebuild while another primer writes

    func testRestoreImportAndRebuildWaitForTheStoreToBeFree() throws {
        try makeStore()
        let backup = directory.appendingPathComponent("b.sqlite")
        XCTAssertEqual(try run(["backup", backup.path]).status, 0)
        let exported = try run(["export"])
        let exportFile = try writeFile("e.json", exported.stdout)
        // States off the log, so that doctor --rebuild has work to do.
        _ = try sqlite(storeFile, "UPDATE itemState SET stability = stability + 1;")
        let holder = try LiveProcess(writer, ["--hold-lock", data.path], environment: environment)
        XCTAssertTrue(holder.waitFor(line: "locked"))
        let before = storeSnapshot().filter { !$0.key.contains("-wal") && !$0.key.contains("-shm") }
        for command in [["restore", backup.path], ["import", exportFile.path], ["doctor", "--rebuild"]] {
            let result = tally.record("replace while in use", try run(command), expectError: true)
            XCTAssertTrue(result.stderr.contains("Another primer is using") || result.stderr.contains("close it first"),
                          "\(command): \(result.stderr)")
        }
        tally.modified("replace while in use",
                       storeSnapshot().filter { !$0.key.contains("-wal") && !$0.key.contains("-shm") } != before,
                       "the data folder while another primer had it")
        holder.send("")
        XCTAssertTrue(holder.waitFor(line: "released"))
        holder.finish()
        XCTAssertEqual(tally.record("replace while in use", try run(["restore", backup.path]), expectError: false).status, 0)
    }

    // MARK: 9. rebuild salvages a damaged file

    func testRebuildKeepsEveryReadableAnswerOfADamagedFile() throws {
        try makeStore(answers: 16)
        try damageSchema("UPDATE sqlite_master SET sql = 'CREATE INDEX review_by_item ON review(learnerId, courseId, responseMs, reviewedAt)' "
                         + "WHERE name = 'review_by_item';")
        XCTAssertNotEqual(try sqlite(storeFile, "PRAGMA integrity_check;").trimmingCharacters(in: .whitespacesAndNewlines), "ok")
        let found = tally.record("salvage", try run(["doctor"]), expectError: true)
        XCTAssertTrue(found.stderr.contains("primer doctor --rebuild"), found.stderr)
        let rebuilt = tally.record("salvage", try run(["doctor", "--rebuild"]), expectError: false)
        XCTAssertEqual(rebuilt.status, 0, rebuilt.stdout + rebuilt.stderr)
        XCTAssertTrue(rebuilt.stdout.contains("(16 answers kept)"), rebuilt.stdout)
        tally.lost("salvage", max(0, 16 - (try reviewCount())))
        let stats = try run(["stats", "--json"])
        XCTAssertEqual(stats.status, 0, stats.stderr)
    }

    // MARK: 10. two writers for one learner

    func testTwoSessionsForOneLearnerAtOnceLeaveEveryStateEqualToTheLog() throws {
        try makeStore(answers: 1)
        let answers = String(repeating: "1\n", count: 30)
        // Three at once, each fed all its answers up front, so their answers interleave.
        let sessions = try (1...3).map { seed in
            try LiveProcess(primer, ["quiz", "--plain", "--count", "30", "--seed", String(seed)], environment: environment,
                            currentDirectory: directory)
        }
        for session in sessions {
            for _ in 0..<30 { session.send("1") }
            session.closeInput()
        }
        var saved = 0
        for session in sessions {
            XCTAssertTrue(session.wait(timeout: 300), "a session did not finish")
            let result = CommandResult(status: session.process.terminationStatus, stdout: session.stdout, stderr: session.stderr)
            tally.record("two writers", result, expectError: false)
            XCTAssertEqual(result.status, 0, result.stderr)
            saved += Robust.wholeLines(result.stdout, equalTo: "saved")
        }
        tally.lost("two writers", max(0, saved + 1 - (try reviewCount())))
        let doctor = tally.record("two writers", try run(["doctor"]), expectError: false)
        XCTAssertEqual(doctor.status, 0, doctor.stdout + doctor.stderr)
        XCTAssertTrue(doctor.stdout.contains("Item states: all match the review log"), doctor.stdout)
    }

    // MARK: 11. bad input

    func testBadInputIsRefusedNamingTheRealProblem() throws {
        try makeStore()
        let fifo = directory.appendingPathComponent("fifo").path
        XCTAssertEqual(mkfifo(fifo, 0o600), 0)
        let notAnObject = try writeFile("number.json", "1.5")
        let cases: [([String], [String: String], String)] = [
            (["stats"], ["PRIMER_NOW": "garbage"], "PRIMER_NOW"),
            (["stats"], ["PRIMER_NOW": "2026-13-45T99:99:99Z"], "PRIMER_NOW"),
            (["stats", "--learner", ""], [:], "learner"),
            (["stats", "--data-dir", ""], [:], "data"),
            (["stats", "--learner", "two\nlines"], [:], "learner"),
            (["stats", "--learner", "bell\u{07}"], [:], "learner"),
            (["import", directory.path], [:], "is a folder"),
            (["import", "/dev/zero"], [:], "is a device"),
            (["import", fifo], [:], "named pipe"),
            (["import", notAnObject.path], [:], "not the object a primer export is"),
            (["restore", fifo], [:], "named pipe"),
        ]
        for (arguments, extra, words) in cases {
            let result = tally.record("bad input", try run(arguments, env: extra), expectError: true)
            XCTAssertTrue(result.stderr.contains(words), "\(arguments) \(extra): expected '\(words)': \(result.stderr)")
            XCTAssertFalse(result.stderr.contains("NSCocoaErrorDomain") || result.stderr.contains("permission"), result.stderr)
        }
        // A FIFO where the database should be.
        let other = directory.appendingPathComponent("fifo-data")
        try FileManager.default.createDirectory(at: other, withIntermediateDirectories: true)
        XCTAssertEqual(mkfifo(other.appendingPathComponent("primer.sqlite").path, 0o600), 0)
        let fifoStore = tally.record("bad input", try run(["stats", "--data-dir", other.path]), expectError: true)
        XCTAssertTrue(fifoStore.stderr.contains("named pipe"), fifoStore.stderr)

        // The far end of the clock: what export writes, import reads.
        let late = ["PRIMER_NOW": "9999-12-30T12:00:00Z"]
        XCTAssertEqual(try run(["quiz", "--plain", "--count", "1", "--learner", "late"], stdin: "1\n", env: late).status, 0)
        let exported = try run(["export", "--learner", "late"], env: late)
        XCTAssertEqual(exported.status, 0, exported.stderr)
        let file = try writeFile("late.json", exported.stdout)
        let imported = tally.record("bad input", try run(["import", file.path, "--data-dir", directory.appendingPathComponent("d2").path]),
                                    expectError: false)
        XCTAssertEqual(imported.status, 0, "an export primer wrote must import: \(imported.stderr)")
    }

    // MARK: 12. bounded resources

    func testReadsAreBoundedAndHalfWrittenCopiesAreCleanedUp() throws {
        try makeStore()
        let zero = try runWithInput("/dev/zero", ["import", "-"])
        tally.record("bounded resources", zero, expectError: true)
        XCTAssertTrue(zero.stderr.contains("standard input is a device"), zero.stderr)

        let backups = data.appendingPathComponent("backups")
        let dead = backups.appendingPathComponent(".primer-2026-01-01.sqlite.partial-2147483000")
        let live = backups.appendingPathComponent(".primer-2026-01-02.sqlite.partial-\(getpid())")
        try Data(count: 100_000).write(to: dead)
        try Data(count: 10).write(to: live)
        tally.record("bounded resources", try run(["stats"]), expectError: false)
        XCTAssertFalse(FileManager.default.fileExists(atPath: dead.path), "a dead process's half-written backup is removed")
        XCTAssertTrue(FileManager.default.fileExists(atPath: live.path), "a running process's is left alone")
    }

    func runWithInput(_ path: String, _ arguments: [String]) throws -> CommandResult {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: primer)
        process.arguments = arguments
        process.environment = environment
        process.standardInput = try XCTUnwrap(FileHandle(forReadingAtPath: path))
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let errors = err.fileHandleForReading.readDataToEndOfFile()
        let output = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return CommandResult(status: process.terminationStatus, stdout: String(decoding: output, as: UTF8.self),
                             stderr: String(decoding: errors, as: UTF8.self))
    }

    // MARK: 13. permissions

    func testAFolderAndFileOpenToOthersAreTightenedAndSaidOnce() throws {
        try makeStore()
        XCTAssertEqual(chmod(data.path, 0o777), 0)
        XCTAssertEqual(chmod(storeFile.path, 0o644), 0)
        let first = tally.record("permissions", try run(["quiz", "--plain", "--count", "1"], stdin: "1\n"), expectError: false)
        XCTAssertEqual(first.status, 0, first.stderr)
        XCTAssertTrue(first.stderr.contains("mode 0777") && first.stderr.contains("mode 0644"), first.stderr)
        for (path, mode) in [(data.path, 0o700), (storeFile.path, 0o600)] {
            let attributes = try FileManager.default.attributesOfItem(atPath: path)
            XCTAssertEqual((attributes[.posixPermissions] as? Int).map { $0 & 0o777 }, mode, path)
        }
        for name in try FileManager.default.contentsOfDirectory(atPath: data.path) where name.hasPrefix("primer.sqlite-") {
            let attributes = try FileManager.default.attributesOfItem(atPath: data.appendingPathComponent(name).path)
            XCTAssertEqual((attributes[.posixPermissions] as? Int).map { $0 & 0o077 }, 0, name)
        }
        let second = tally.record("permissions", try run(["stats"]), expectError: false)
        XCTAssertFalse(second.stderr.contains("mode"), "said once: \(second.stderr)")
    }

    // MARK: 14. escapes in every channel

    func testEscapeSequencesFromDataNamesAndArgumentsNeverReachTheTerminalRaw() throws {
        try makeStore()
        // Import refuses control characters in option texts; one way or another (an older
        // primer, a hand edit) they may still be in the file, and every output escapes them.
        let file = try export { _, _, _ in }
        let imported = try run(["import", file.path])
        XCTAssertEqual(imported.status, 0, imported.stderr)
        let sqlText = "'a' || char(27) || ']52;c;aGVsbG8=' || char(7) || char(27) || '[2J' || char(8238) || char(8232) || char(155) || '31m'"
        _ = try sqlite(storeFile, "UPDATE review SET shown = json_array(\(sqlText), 'b'), chosen = json_array(\(sqlText)) WHERE id = 'r-1';")
        var outputs: [(String, CommandResult)] = []
        for command in [["results", "--format", "csv"], ["results", "--format", "json"], ["results"], ["learners"], ["report"],
                        ["stats", "--learner", "ana"], ["export"]] {
            outputs.append(("\(command)", tally.record("escapes", try run(command), expectError: false)))
        }
        // A lesson file whose name holds escapes, in check and in the skipped notice.
        let course = directory.appendingPathComponent("course")
        try FileManager.default.copyItem(at: Built.repository.appendingPathComponent("Content/pakistan-us"), to: course)
        try Data("not a lesson".utf8).write(to: course.appendingPathComponent("evil\u{1B}]0;owned\u{07}.md"))
        outputs.append(("check", tally.record("escapes", try run(["check", course.path]), expectError: false)))
        outputs.append(("quiz", tally.record("escapes", try run(["quiz", "--plain", "--count", "1", "--content", course.path], stdin: "1\n"),
                                             expectError: false)))
        // Paths and names from the command line, echoed in errors.
        outputs.append(("path", tally.record("escapes", try run(["import", "/nowhere/\u{1B}[31mred\u{202E}.json"]), expectError: true)))
        outputs.append(("learner", tally.record("escapes", try run(["stats", "--learner", "x\u{1B}[2Jy"]), expectError: true)))
        for (label, result) in outputs {
            for text in [result.stdout, result.stderr] {
                let raw = text.unicodeScalars.filter { [0x1B, 0x07, 0x9B, 0x202E, 0x2028].contains($0.value) }
                XCTAssertTrue(raw.isEmpty, "\(label): raw control characters \(raw.map { String($0.value, radix: 16) }) in: \(text.prefix(300))")
            }
        }
        let csv = try XCTUnwrap(outputs.first { $0.0.contains("csv") }?.1.stdout)
        XCTAssertTrue(csv.contains("\\u001B]52;c;aGVsbG8="), "CSV escapes instead of dropping: \(csv.prefix(400))")
    }
}
