import Foundation
import StudyCore
import XCTest
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The learner's file damaged on disk, a data folder primer may not write, and a
/// file-size limit hit mid-session: detected, reported clearly, the original kept byte
/// for byte, and nothing acknowledged lost.
final class DamagedDataTests: XCTestCase {
    var primer: String!
    var directory: URL!
    var data: URL { directory.appendingPathComponent("data") }
    var storeFile: URL { data.appendingPathComponent("primer.sqlite") }
    var environment: [String: String] { Robust.environment(home: directory, data: data) }

    override func setUpWithError() throws {
        guard let url = Built.primer else { throw XCTSkip("the primer binary was not built") }
        primer = url.path
        directory = try Built.temporaryDirectory("damaged-data")
    }

    override func tearDown() {
        if let directory {
            _ = chmod(directory.appendingPathComponent("data").path, 0o755)
            try? FileManager.default.removeItem(at: directory)
        }
    }

    /// A store with a few answers in it (and today's automatic backup beside it), closed cleanly.
    func makeStore(answers: Int = 3) throws {
        let input = String(repeating: "1\n", count: answers)
        let result = try runCommand(primer, ["quiz", "--plain", "--count", String(answers), "--seed", "4"],
                                    environment: environment, stdin: input, currentDirectory: directory, timeout: 60)
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(Robust.wholeLines(result.stdout, equalTo: "saved"), answers, result.stdout)
    }

    // MARK: damaged files

    struct Damage {
        var name: String
        /// Words the message must contain to name the problem.
        var detail: String
        var apply: ([UInt8]) -> [UInt8]
    }

    /// Each damage applied to a good file: `primer stats` and `primer` (line mode, answers
    /// on a pipe) exit 1 with a message that says the file is damaged, why, and the
    /// `primer restore` command to run; nothing reaches stdout (above all no `saved`);
    /// and the damaged file is byte-identical afterwards.
    func testDamagedFilesAreReportedWithRestoreAndLeftByteIdentical() throws {
        try makeStore()
        for suffix in ["-wal", "-shm"] { try? FileManager.default.removeItem(atPath: storeFile.path + suffix) }
        let good = [UInt8](try Data(contentsOf: storeFile))
        XCTAssertGreaterThan(good.count, 4 * 4096, "a store of several pages")
        var rng = SeededGenerator(seed: 2026)
        let noise = (0..<good.count).map { _ in UInt8.random(in: 0...255, using: &rng) }

        let damages = [
            Damage(name: "truncated mid-page", detail: "truncated") { Array($0.prefix($0.count / 2 + 123)) },
            Damage(name: "truncated at a page boundary", detail: "truncated") { Array($0.prefix(2 * 4096)) },
            Damage(name: "truncated inside the header", detail: "too short") { Array($0.prefix(60)) },
            Damage(name: "zero-length", detail: "empty (0 bytes)") { _ in [] },
            Damage(name: "header zeroed", detail: "does not start with the SQLite header") {
                [UInt8](repeating: 0, count: 100) + $0.dropFirst(100)
            },
            Damage(name: "overwritten with random bytes", detail: "not an SQLite database") { _ in noise },
            Damage(name: "pages overwritten with random bytes, header kept", detail: "malformed") {
                Array($0.prefix(100)) + noise.dropFirst(100)
            },
        ]
        for damage in damages {
            let damaged = damage.apply(good)
            try Data(damaged).write(to: storeFile)
            for suffix in ["-wal", "-shm"] { try? FileManager.default.removeItem(atPath: storeFile.path + suffix) }
            let runs: [(String, [String], String?)] = [("primer stats", ["stats"], nil),
                                                       ("primer (line mode)", [], "1\n2\n1\n")]
            for (what, arguments, stdin) in runs {
                let result = try runCommand(primer, arguments, environment: environment, stdin: stdin,
                                            currentDirectory: directory, timeout: 30)
                let context = "\(what) on a file \(damage.name)"
                XCTAssertEqual(result.status, 1, "\(context): \(result.stdout)\(result.stderr)")
                XCTAssertEqual(result.stdout, "", "\(context): nothing on stdout, above all no 'saved'")
                XCTAssertTrue(result.stderr.contains("\(storeFile.path) is damaged"), "\(context): \(result.stderr)")
                XCTAssertTrue(result.stderr.contains(damage.detail), "\(context): the message should say '\(damage.detail)':\n\(result.stderr)")
                XCTAssertTrue(result.stderr.contains("the file is kept exactly as it was"), "\(context): \(result.stderr)")
                XCTAssertTrue(result.stderr.contains("primer restore \(data.path)/backups/primer-"), "\(context): \(result.stderr)")
                XCTAssertEqual([UInt8](try Data(contentsOf: storeFile)), damaged, "\(context): the file must stay byte for byte")
            }
        }
    }

    // MARK: a read-only data folder

    /// A data folder primer may not write (chmod 555): the quiz and `primer` in line mode
    /// exit 1 saying the folder is read-only and how to choose another; no `saved`; the
    /// file is byte-identical afterwards.
    ///
    /// Tests run as root in CI, and permission bits do not stop root. So when running as
    /// root, primer runs as the unprivileged user `nobody` (65534) through `setpriv` (a
    /// copy of the binary and of the course go to a folder that user can read, since the
    /// checkout may sit under a private home); without setpriv the test is skipped.
    func testReadOnlyDataFolderIsReportedAndChangesNothing() throws {
        var prefix: [String] = []
        var executable = primer!
        var env = environment
        if geteuid() == 0 {
            guard let setpriv = ["/usr/bin/setpriv", "/bin/setpriv"].first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
                throw XCTSkip("running as root, for whom chmod 555 does not stop writes, and setpriv (util-linux) is not installed to run primer as an unprivileged user")
            }
            prefix = [setpriv, "--reuid=65534", "--regid=65534", "--clear-groups"]
            let copy = directory.appendingPathComponent("primer")
            try FileManager.default.copyItem(atPath: primer, toPath: copy.path)
            executable = copy.path
            let course = directory.appendingPathComponent("course")
            try FileManager.default.copyItem(at: Built.repository.appendingPathComponent("Content/pakistan-us"), to: course)
            env["PRIMER_CONTENT"] = course.path
            for path in [directory.path, course.path] { XCTAssertEqual(chmod(path, 0o755), 0) }
            try FileManager.default.createDirectory(at: data, withIntermediateDirectories: true)
            XCTAssertEqual(chown(data.path, 65534, 65534), 0)
            let probe = try runCommand(prefix[0], Array(prefix.dropFirst()) + [executable, "--version"], environment: env, timeout: 30)
            guard probe.status == 0 else {
                throw XCTSkip("running as root and primer cannot run as user 65534 here: \(probe.stderr)")
            }
        }
        func run(_ arguments: [String], stdin: String?) throws -> CommandResult {
            let command = prefix.isEmpty ? executable : prefix[0]
            let words = prefix.isEmpty ? arguments : Array(prefix.dropFirst()) + [executable] + arguments
            return try runCommand(command, words, environment: env, stdin: stdin, currentDirectory: directory, timeout: 30)
        }

        let first = try run(["quiz", "--plain", "--count", "2", "--seed", "9"], stdin: "1\n1\n")
        XCTAssertEqual(first.status, 0, first.stderr)
        XCTAssertEqual(Robust.wholeLines(first.stdout, equalTo: "saved"), 2, first.stdout)
        let before = try Data(contentsOf: storeFile)
        let listing = try FileManager.default.contentsOfDirectory(atPath: data.path).sorted()
        XCTAssertEqual(chmod(data.path, 0o555), 0)

        for (what, arguments) in [("primer quiz --plain", ["quiz", "--plain", "--count", "2"]), ("primer (line mode)", [])] {
            let result = try run(arguments, stdin: "1\n1\n")
            XCTAssertEqual(result.status, 1, "\(what): \(result.stdout)\(result.stderr)")
            XCTAssertEqual(Robust.wholeLines(result.stdout, equalTo: "saved"), 0, "\(what): nothing may be acknowledged")
            XCTAssertTrue(result.stderr.contains("primer cannot write its learner data at \(data.path): the folder is read-only"),
                          "\(what): \(result.stderr)")
            XCTAssertTrue(result.stderr.contains("--data-dir"), "\(what) should say how to choose another folder: \(result.stderr)")
        }
        XCTAssertEqual(try Data(contentsOf: storeFile), before, "the file is unchanged")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: data.path).sorted(), listing, "nothing new in the folder")
        XCTAssertEqual(chmod(data.path, 0o755), 0)
    }

    // MARK: a file-size limit

    /// `primer quiz --plain` under `ulimit -f`, low enough to be hit after a few answers.
    /// primer must report the failure (not be killed silently by SIGXFSZ), exit 1, the
    /// file must pass integrity_check, and every answer acknowledged `saved` is stored.
    func testFileSizeLimitHitMidSessionIsReportedAndLosesNothing() throws {
        try makeStore()
        let before = try Robust.reviewsTotal(primer: primer, environment: environment)
        let blockSize = try ulimitBlockSize()
        // The write-ahead log starts empty after a clean close and grows by a few 4 KiB
        // pages per answer: 64 KiB holds the session's start and a couple of answers.
        let blocks = 65_536 / blockSize
        let script = "ulimit -f \(blocks) && exec \(shellQuote(primer)) quiz --plain --count 30 --seed 5"
        let first = try runUnderLimit(script)
        let saved = Robust.wholeLines(first.stdout, equalTo: "saved")
        if first.process.terminationReason == .uncaughtSignal && first.process.terminationStatus == SIGXFSZ {
            XCTFail("""
                primer was killed by SIGXFSZ, silently (stderr: "\(first.stderr)"), after \(saved) answers: it should \
                ignore SIGXFSZ, so that write() fails with EFBIG and the error is reported \
                (signal(SIGXFSZ, SIG_IGN) at startup)
                """)
        } else {
            XCTAssertEqual(first.describedEnd, "exit 1", "exit 1 after the failed write:\n\(first.stderr)")
            XCTAssertTrue(first.stderr.contains("file-size limit"), "the message should name the likely cause:\n\(first.stderr)")
            XCTAssertTrue(first.stderr.contains("The last change was not saved"), first.stderr)
        }
        XCTAssertGreaterThanOrEqual(saved, 1, "the limit should be hit after a few answers, not before the first:\n\(first.stdout)")
        XCTAssertLessThan(saved, 30, "the limit was never hit")

        let check = try Robust.integrity(data: data, primer: primer, environment: environment)
        XCTAssertTrue(check.ok, "integrity_check (\(check.how)):\n\(check.detail)")
        let after = try Robust.reviewsTotal(primer: primer, environment: environment)
        XCTAssertGreaterThanOrEqual(after - before, saved, "an answer acknowledged with 'saved' is missing")
        XCTAssertLessThanOrEqual(after - before, saved + 1, "more reviews stored than answers given")
        let doctor = try runCommand(primer, ["doctor"], environment: environment, timeout: 30)
        XCTAssertEqual(doctor.status, 0, doctor.stdout + doctor.stderr)

        // The same with SIGXFSZ ignored from outside (the disposition survives exec), as
        // primer should do itself: the failure is reported, nothing acknowledged is lost.
        let second = try runUnderLimit("trap '' XFSZ; " + script)
        let savedSecond = Robust.wholeLines(second.stdout, equalTo: "saved")
        XCTAssertEqual(second.describedEnd, "exit 1", second.stderr)
        XCTAssertTrue(second.stderr.contains("file-size limit"), second.stderr)
        XCTAssertGreaterThanOrEqual(savedSecond, 1, second.stdout)
        XCTAssertTrue(try Robust.integrity(data: data, primer: primer, environment: environment).ok)
        let final = try Robust.reviewsTotal(primer: primer, environment: environment)
        XCTAssertGreaterThanOrEqual(final - after, savedSecond, "an answer acknowledged with 'saved' is missing")
        XCTAssertLessThanOrEqual(final - after, savedSecond + 1)
    }

    /// Runs `script` with /bin/sh (which execs primer), 30 answers on its stdin.
    func runUnderLimit(_ script: String) throws -> LiveProcess {
        let session = try LiveProcess("/bin/sh", ["-c", script], environment: environment, currentDirectory: directory)
        for _ in 0..<30 { session.send("1") }
        session.closeInput()
        XCTAssertTrue(session.wait(timeout: 60), "did not end")
        return session
    }

    /// Bytes per unit of /bin/sh's `ulimit -f` (512 in dash and POSIX shells, 1024 in bash).
    func ulimitBlockSize() throws -> Int {
        let probe = try runCommand("/bin/sh", ["-c", "ulimit -f 100 && exec cat /proc/self/limits"], timeout: 10)
        guard let line = probe.stdout.components(separatedBy: "\n").first(where: { $0.hasPrefix("Max file size") }),
              let bytes = line.split(separator: " ").compactMap({ Int($0) }).first else {
            throw XCTSkip("cannot read the file-size limit from /proc/self/limits: \(probe.stdout)\(probe.stderr)")
        }
        return bytes / 100
    }
}
