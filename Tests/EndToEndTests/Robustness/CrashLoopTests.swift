import Foundation
import StudyCore
import XCTest
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Line-mode sessions killed with SIGKILL at random instants: the learner's file always
/// passes `PRAGMA integrity_check`, and no answer acknowledged with `saved` is lost.
final class CrashLoopTests: XCTestCase {
    var primer: String!
    var directory: URL!
    var data: URL { directory.appendingPathComponent("data") }
    var environment: [String: String] { Robust.environment(home: directory, data: data) }

    override func setUpWithError() throws {
        guard let url = Built.primer else { throw XCTSkip("the primer binary was not built") }
        primer = url.path
        directory = try Built.temporaryDirectory("crash-loop")
    }

    override func tearDown() {
        if let directory { try? FileManager.default.removeItem(at: directory) }
    }

    /// 50 runs of `primer quiz --plain --count 20 --seed N` on one data folder, answers
    /// fed one every 20-50 ms, each run SIGKILLed at a random instant from its start to
    /// about when its last answer would be given (so kills land while the course loads,
    /// while the store opens or is created, inside and between commits, and between an
    /// answer's commit and its `saved` line). After each run:
    /// - the file passes `PRAGMA integrity_check` (sqlite3, else `primer doctor`);
    /// - with S the `saved` lines seen over all runs so far and K the runs killed,
    ///   S ≤ reviews_total ≤ S + K (a kill can land between a commit and its `saved`
    ///   line at most once per run; nothing acknowledged may be missing).
    /// `primer doctor` at the end also checks every item state against the review log,
    /// i.e. that no kill split an answer's review from its schedule update.
    func testFiftySIGKILLedQuizSessionsLoseNoAcknowledgedAnswer() throws {
        let runs = 50
        let seed = UInt64(ProcessInfo.processInfo.environment["PRIMER_CRASH_SEED"] ?? "") ?? UInt64(Date().timeIntervalSince1970)
        var rng = SeededGenerator(seed: seed)
        // Valid answers (option 1 and 2 exist in every question) and an unreadable line.
        let answers = ["1", "2", "1", "2?", "1!", "zz", "1,2", "b"]
        var totalSaved = 0, kills = 0, endedOnTheirOwn = 0
        var integrityBy = ""

        for run in 0..<runs {
            let context = "run \(run) of seed \(seed) (PRIMER_CRASH_SEED=\(seed) reproduces the schedule)"
            let session = try LiveProcess(primer, ["quiz", "--plain", "--count", "20", "--seed", String(run + 1)],
                                          environment: environment, currentDirectory: directory)
            let started = Date()
            let killAfter = Double.random(in: 0...0.9, using: &rng)
            while Date().timeIntervalSince(started) < killAfter, session.isRunning {
                session.send(answers[Int.random(in: 0..<answers.count, using: &rng)])
                let pause = min(Double.random(in: 0.020...0.050, using: &rng),
                                max(0, killAfter - Date().timeIntervalSince(started)))
                usleep(UInt32(pause * 1_000_000))
            }
            var killed = false
            if session.isRunning {
                session.signal(SIGKILL)
                killed = true
            }
            XCTAssertTrue(session.wait(timeout: 20), "\(context): did not end")
            if killed && session.process.terminationReason == .uncaughtSignal {
                kills += 1
            } else {
                // Ended on its own before the kill (input ran out, or all 20 answered).
                killed = false
                endedOnTheirOwn += 1
                XCTAssertEqual(session.process.terminationStatus, 0, "\(context): \(session.describedEnd)\n\(session.stderr)")
            }
            let out = session.stdout
            XCTAssertFalse(out.contains("\u{1B}"), "\(context): escape codes on stdout")
            totalSaved += Robust.wholeLines(out, equalTo: "saved")
            if !killed {
                XCTAssertTrue(session.stderr.isEmpty, "\(context): \(session.stderr)")
            }

            let check = try Robust.integrity(data: data, primer: primer, environment: environment)
            integrityBy = check.how
            XCTAssertTrue(check.ok, "\(context): integrity_check (\(check.how)) failed after the kill:\n\(check.detail)")

            let total = try Robust.reviewsTotal(primer: primer, environment: environment)
            XCTAssertGreaterThanOrEqual(total, totalSaved, "\(context): an answer acknowledged with 'saved' is missing")
            XCTAssertLessThanOrEqual(total, totalSaved + kills, "\(context): more reviews than answers given")
            if total < totalSaved || total > totalSaved + kills { break }
        }

        let doctor = try runCommand(primer, ["doctor"], environment: environment, timeout: 60)
        XCTAssertEqual(doctor.status, 0, "primer doctor after \(runs) runs:\n\(doctor.stdout)\(doctor.stderr)")
        XCTAssertTrue(doctor.stdout.contains("Integrity: ok"), doctor.stdout)
        XCTAssertTrue(doctor.stdout.contains("Item states: all match the review log"), doctor.stdout)
        // The loop means something only if most runs were killed with answers saved.
        XCTAssertGreaterThanOrEqual(kills, runs * 3 / 4, "only \(kills) of \(runs) runs were killed")
        XCTAssertGreaterThan(totalSaved, runs, "too few answers were saved for the kills to test anything")
        print("crash loop: seed \(seed), \(kills) kills, \(endedOnTheirOwn) ended on their own, \(totalSaved) answers saved; integrity by \(integrityBy)")
    }
}
