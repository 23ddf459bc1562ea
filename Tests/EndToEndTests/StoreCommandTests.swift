import Foundation
import XCTest

/// The learner-data commands (`learners`, `doctor`, `backup`, `restore`, `export`,
/// `import`) run as the real binary on a data folder whose path has spaces and
/// non-ASCII characters.
final class StoreCommandTests: XCTestCase {
    var primer: String!
    /// `StoreCrashWriter`, built next to primer: fills a store with answers.
    var writer: String!
    var root: URL!
    /// `root/data پاکستان 日本`
    var dataDir: URL!
    var environment: [String: String]!

    override func setUpWithError() throws {
        guard let url = Built.primer else { throw XCTSkip("the primer binary was not built") }
        primer = url.path
        let writerURL = url.deletingLastPathComponent().appendingPathComponent("StoreCrashWriter")
        guard FileManager.default.isExecutableFile(atPath: writerURL.path) else { throw XCTSkip("StoreCrashWriter was not built") }
        writer = writerURL.path
        root = try Built.temporaryDirectory("store commands")
        dataDir = root.appendingPathComponent("data پاکستان 日本", isDirectory: true)
        environment = ["HOME": root.path, "LANG": "C.UTF-8", "TZ": "UTC", "PATH": "/usr/bin:/bin"]
    }

    override func tearDownWithError() throws {
        if let root { try? FileManager.default.removeItem(at: root) }
    }

    // MARK: helpers

    /// Runs primer with `--data-dir` (default: `dataDir`).
    @discardableResult
    func run(_ arguments: [String], dataDir: URL? = nil, file: StaticString = #filePath, line: UInt = #line) throws -> CommandResult {
        try runCommand(primer, arguments + ["--data-dir", (dataDir ?? self.dataDir).path], environment: environment, timeout: 20)
    }

    /// Runs primer and fails unless it exits 0.
    @discardableResult
    func succeed(_ arguments: [String], dataDir: URL? = nil, file: StaticString = #filePath, line: UInt = #line) throws -> CommandResult {
        let result = try run(arguments, dataDir: dataDir)
        XCTAssertEqual(result.status, 0, "primer \(arguments.joined(separator: " ")): \(result.stdout)\(result.stderr)", file: file, line: line)
        return result
    }

    /// Asserts exit 1 with exactly one `primer: ` line first on stderr; returns stderr.
    func fail(_ arguments: [String], dataDir: URL? = nil, file: StaticString = #filePath, line: UInt = #line) throws -> String {
        let result = try run(arguments, dataDir: dataDir)
        XCTAssertEqual(result.status, 1, "primer \(arguments.joined(separator: " ")): \(result.stdout)\(result.stderr)", file: file, line: line)
        XCTAssertTrue(result.stderr.hasPrefix("primer: "), result.stderr, file: file, line: line)
        XCTAssertFalse(result.stderr.contains("Error:"), "not ArgumentParser's format: \(result.stderr)", file: file, line: line)
        return result.stderr
    }

    func writeExport(_ text: String, named name: String = "export ana.json") throws -> URL {
        let url = root.appendingPathComponent(name)
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url
    }

    /// Two learners: ana with three reviews, a session, a lesson and a setting; زینب with nothing.
    static let sampleExport = """
        {
          "format": "primer-export",
          "version": 1,
          "learners": [
            {
              "name": "ana",
              "createdAt": "2025-03-01T09:00:00.000Z",
              "reviews": [
                {"id": "r-1", "course": "pakistan-us", "question": "alliance-strategic-ally", "reviewedAt": "2025-03-01T09:01:15.250Z",
                 "rating": "good", "shown": ["A", "B"], "chosen": ["A"], "correct": true,
                 "responseMilliseconds": 1234, "session": "s-1", "affectsSchedule": true},
                {"id": "r-2", "course": "pakistan-us", "question": "alliance-major-non-nato", "reviewedAt": "2025-03-01T09:02:00.000Z",
                 "rating": "again", "shown": ["A", "B", "C"], "chosen": ["C"], "correct": false,
                 "responseMilliseconds": 4000, "session": "s-1", "affectsSchedule": true},
                {"id": "r-3", "course": "pakistan-us", "question": "alliance-strategic-ally", "reviewedAt": "2025-03-03T10:00:00.000Z",
                 "rating": "easy", "shown": ["A", "B"], "chosen": ["A"], "correct": true,
                 "responseMilliseconds": 900, "affectsSchedule": true}
              ],
              "sessions": [
                {"id": "s-1", "course": "pakistan-us", "kind": "study", "startedAt": "2025-03-01T09:01:00.000Z",
                 "finishedAt": "2025-03-01T09:21:00.000Z", "score": 0.5, "answered": 2, "correct": 1}
              ],
              "lessonsRead": [{"course": "pakistan-us", "lesson": "intro", "readAt": "2025-03-01T09:00:30.000Z"}],
              "settings": {"daily-goal": "20"}
            },
            {
              "name": "زینب",
              "createdAt": "2025-03-02T08:00:00.000Z",
              "reviews": [], "sessions": [], "lessonsRead": [], "settings": {}
            }
          ]
        }
        """

    func importSample() throws {
        let result = try succeed(["import", try writeExport(Self.sampleExport).path])
        XCTAssertTrue(result.stdout.hasPrefix("Imported: 3 reviews added, 0 duplicates skipped, 2 learners created"), result.stdout)
    }

    func writeAnswers(_ count: Int) throws {
        let result = try runCommand(writer, ["--count", String(count), dataDir.path], environment: environment, timeout: 20)
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(result.stdout.split(separator: "\n").count, count)
    }

    /// The words of the `primer learners` line for `name`.
    func learnerRow(_ name: String, in table: String) -> [String] {
        let rows = table.split(separator: "\n").map { $0.split(separator: " ").map(String.init) }
        return rows.first { $0.first == name } ?? []
    }

    var storeFile: URL { dataDir.appendingPathComponent("primer.sqlite") }

    // MARK: learners

    func testLearnersOnAnEmptyStoreFromTheEnvironmentVariable() throws {
        var env = environment!
        env["PRIMER_DATA_DIR"] = dataDir.path
        let result = try runCommand(primer, ["learners"], environment: env, timeout: 20)
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(result.stdout, "No learners yet in \(dataDir.path).\n")
        XCTAssertEqual(result.stderr, "")
        XCTAssertFalse(FileManager.default.fileExists(atPath: storeFile.path), "listing creates no store")
        XCTAssertFalse(FileManager.default.fileExists(atPath: dataDir.path), "nor the folder")
    }

    func testLearnersListsReviewsAndLastActivity() throws {
        try importSample()
        try writeAnswers(5)
        let result = try succeed(["learners"])
        let lines = result.stdout.split(separator: "\n").map(String.init)
        XCTAssertEqual(lines.count, 4, result.stdout)
        XCTAssertEqual(lines[0], "NAME   REVIEWS  LAST ACTIVITY")
        XCTAssertEqual(lines[1], "ana          3  2025-03-03 10:00", "TZ=UTC: the latest review")
        XCTAssertTrue(lines[2].hasPrefix("crash        5  20"), lines[2])
        XCTAssertEqual(lines[3], "زینب         0  never")
    }

    // MARK: export and import

    func testExportImportExportIsByteIdentical() throws {
        try importSample()
        try writeAnswers(20)
        let first = try succeed(["export"])
        XCTAssertTrue(first.stdout.contains("\"format\" : \"primer-export\""), first.stdout)
        XCTAssertTrue(first.stdout.contains("\"crash\""), first.stdout)
        XCTAssertTrue(first.stdout.contains("زینب"), first.stdout)

        let exported = root.appendingPathComponent("all learners.json")
        try first.stdout.write(to: exported, atomically: true, encoding: .utf8)
        let other = root.appendingPathComponent("other data ğ", isDirectory: true)
        let imported = try succeed(["import", exported.path], dataDir: other)
        XCTAssertTrue(imported.stdout.hasPrefix("Imported: 23 reviews added, 0 duplicates skipped, 3 learners created"), imported.stdout)
        let second = try succeed(["export"], dataDir: other)
        XCTAssertEqual(Data(second.stdout.utf8), Data(first.stdout.utf8), "export → import → export must be byte-identical")

        // One learner only, and an unknown one.
        let ana = try succeed(["export", "--learner", "ana"])
        XCTAssertTrue(ana.stdout.contains("\"name\" : \"ana\""), ana.stdout)
        XCTAssertFalse(ana.stdout.contains("\"crash\""), ana.stdout)
        let unknown = try fail(["export", "--learner", "nobody"])
        XCTAssertEqual(unknown, "primer: Not found: learner \"nobody\".\n")
    }

    func testImportingTheSameFileTwiceAddsNoDuplicates() throws {
        try importSample()
        let before = try succeed(["export"]).stdout
        let again = try succeed(["import", try writeExport(Self.sampleExport).path])
        XCTAssertTrue(again.stdout.hasPrefix("Imported: 0 reviews added, 3 duplicates skipped, 0 learners created"), again.stdout)
        XCTAssertEqual(again.stdout.split(separator: "\n").count, 1, again.stdout)
        XCTAssertEqual(try succeed(["export"]).stdout, before)
        XCTAssertEqual(learnerRow("ana", in: try succeed(["learners"]).stdout).dropFirst().first, "3")
    }

    func testImportErrorsAreOneLineAndImportNothing() throws {
        let missing = try fail(["import", root.appendingPathComponent("no such file.json").path])
        XCTAssertTrue(missing.contains("cannot read"), missing)
        XCTAssertEqual(missing.split(separator: "\n").count, 1, missing)
        let notJSON = try fail(["import", try writeExport("not json at all", named: "bad.json").path])
        XCTAssertTrue(notJSON.contains("Nothing was imported"), notJSON)
        let newer = try fail(["import", try writeExport(#"{"format": "primer-export", "version": 99, "learners": []}"#, named: "v99.json").path])
        XCTAssertTrue(newer.contains("newer primer"), newer)
        XCTAssertEqual(try succeed(["learners"]).stdout, "No learners yet in \(dataDir.path).\n")
    }

    func testImportFromStandardInputReadsAPrivateCopyAndRemovesIt() throws {
        // Import reads its input twice (checked, then written): standard input is copied
        // into the temporary folder first, and the copy removed afterwards.
        let temporary = root.appendingPathComponent("tmp", isDirectory: true)
        try FileManager.default.createDirectory(at: temporary, withIntermediateDirectories: true)
        var env: [String: String] = environment
        env["TMPDIR"] = temporary.path
        let arguments = ["import", "-", "--data-dir", dataDir.path]
        let imported = try runCommand(primer, arguments, environment: env, stdin: Self.sampleExport, timeout: 20)
        XCTAssertEqual(imported.status, 0, imported.stderr)
        XCTAssertTrue(imported.stdout.hasPrefix("Imported: 3 reviews added, 0 duplicates skipped, 2 learners created"), imported.stdout)
        let broken = try runCommand(primer, arguments, environment: env, stdin: "{\n  \"format\": primer\n}", timeout: 20)
        XCTAssertEqual(broken.status, 1)
        XCTAssertTrue(broken.stderr.contains("standard input, line 2, column 13 (byte 14): it is not valid JSON"), broken.stderr)
        XCTAssertTrue(broken.stderr.contains("Nothing was imported"), broken.stderr)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: temporary.path), [], "no copy left behind")
    }

    // MARK: doctor

    func testDoctorReportsAHealthyStore() throws {
        try importSample()
        let result = try succeed(["doctor"])
        XCTAssertTrue(result.stdout.contains("File: \(storeFile.path)"), result.stdout)
        XCTAssertTrue(result.stdout.contains("Integrity: ok"), result.stdout)
        XCTAssertTrue(result.stdout.contains("(current)"), result.stdout)
        XCTAssertTrue(result.stdout.contains("synchronous FULL"), result.stdout)
        XCTAssertTrue(result.stdout.contains("Item states: all match the review log"), result.stdout)
        XCTAssertTrue(result.stdout.hasSuffix("No problems found.\n"), result.stdout)
        XCTAssertEqual(result.stderr, "")
    }

    func testDoctorFindsStatesThatDisagreeWithTheLogAndRebuildFixesThem() throws {
        // StoreCrashWriter stores made-up states, not the replay of its log.
        try writeAnswers(30)
        let found = try run(["doctor"])
        XCTAssertEqual(found.status, 1, found.stdout + found.stderr)
        XCTAssertTrue(found.stdout.contains("crash / crash-course: 30 items"), found.stdout)
        XCTAssertTrue(found.stderr.hasPrefix("primer: "), found.stderr)
        XCTAssertTrue(found.stderr.contains("primer doctor --rebuild"), found.stderr)
        XCTAssertEqual(found.stderr.split(separator: "\n").count, 1, found.stderr)

        let rebuilt = try succeed(["doctor", "--rebuild"])
        XCTAssertTrue(rebuilt.stdout.contains("Rebuilt 30 item states from the review log."), rebuilt.stdout)
        XCTAssertTrue(rebuilt.stdout.hasSuffix("No problems remain.\n"), rebuilt.stdout)
        let after = try succeed(["doctor"])
        XCTAssertTrue(after.stdout.contains("Item states: all match the review log"), after.stdout)
        XCTAssertEqual(learnerRow("crash", in: try succeed(["learners"]).stdout).dropFirst().first, "30", "the log itself is untouched")
    }

    func testDoctorOnADamagedFileExitsOneNamesRestoreAndKeepsTheFile() throws {
        try importSample()   // the first open also wrote today's automatic backup
        let handle = try FileHandle(forUpdating: storeFile)
        try handle.write(contentsOf: Data("this is not SQLite at all".utf8))
        try handle.close()
        let damaged = try Data(contentsOf: storeFile)

        let message = try fail(["doctor"])
        XCTAssertTrue(message.contains("is damaged"), message)
        XCTAssertTrue(message.contains("primer restore "), message)
        XCTAssertEqual(try Data(contentsOf: storeFile), damaged, "the damaged file must stay byte for byte")
        _ = try fail(["learners"])
        _ = try fail(["doctor", "--rebuild"])
        XCTAssertEqual(try Data(contentsOf: storeFile), damaged, "no command may write to a damaged file")

        // The command the message names works as printed.
        let command = try XCTUnwrap(message.split(separator: "\n").first { $0.contains("primer restore ") })
        let quoted = String(command[command.range(of: "primer restore ")!.upperBound...])
        let backup = quoted.hasPrefix("'") ? String(quoted.dropFirst().dropLast()) : quoted
        XCTAssertTrue(backup.hasPrefix(dataDir.appendingPathComponent("backups").path), backup)
        let restored = try succeed(["restore", backup])
        let aside = try XCTUnwrap(restored.stdout.split(separator: "\n").first { $0.hasPrefix("The previous file was moved to ") })
        let asidePath = String(aside.dropFirst("The previous file was moved to ".count).dropLast())
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: asidePath)), damaged, "the damaged file is kept, moved aside")
        try succeed(["doctor"])
    }

    // MARK: backup and restore

    func testBackupThenRestoreRoundTrip() throws {
        try importSample()
        let original = try succeed(["export"]).stdout

        let automatic = try succeed(["backup"])
        let defaultPath = automatic.stdout.trimmingCharacters(in: .newlines)
        XCTAssertTrue(defaultPath.hasPrefix(dataDir.appendingPathComponent("backups/primer-").path), defaultPath)
        XCTAssertTrue(FileManager.default.fileExists(atPath: defaultPath), defaultPath)

        let chosen = root.appendingPathComponent("my backup ü.sqlite")
        let named = try succeed(["backup", chosen.path])
        XCTAssertEqual(named.stdout, chosen.path + "\n")
        let exists = try fail(["backup", chosen.path])
        XCTAssertTrue(exists.contains("already exists"), exists)

        // Study more after the backup, then go back to it.
        try writeAnswers(4)
        XCTAssertNotEqual(try succeed(["export"]).stdout, original)
        let restored = try succeed(["restore", chosen.path])
        XCTAssertTrue(restored.stdout.hasPrefix("Restored \(storeFile.path) from \(chosen.path).\n"), restored.stdout)
        XCTAssertTrue(restored.stdout.contains("The previous file was moved to \(dataDir.path)/primer-replaced-"), restored.stdout)
        XCTAssertEqual(try succeed(["export"]).stdout, original)
        try succeed(["doctor"])

        let missing = try fail(["restore", root.appendingPathComponent("missing.sqlite").path])
        XCTAssertTrue(missing.contains("cannot be used as a backup"), missing)
        let notABackup = root.appendingPathComponent("notes.sqlite")
        try Data("plain text".utf8).write(to: notABackup)
        _ = try fail(["restore", notABackup.path])
        XCTAssertEqual(try succeed(["export"]).stdout, original, "a failed restore changes nothing")
    }

    func testHelpListsTheCommands() throws {
        let help = try runCommand(primer, ["--help"], environment: environment)
        for command in ["learners", "doctor", "backup", "restore", "export", "import"] {
            XCTAssertTrue(help.stdout.contains(command), "\(command) missing from:\n\(help.stdout)")
        }
        let export = try runCommand(primer, ["help", "export"], environment: environment)
        XCTAssertTrue(export.stdout.contains("every learner"), export.stdout)
    }
}
