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

    /// 50 runs of `primer quiz --plain --count 20 --seed N` on one data folder, each
    /// SIGKILLed at a point chosen by a seeded generator and reached by waiting for the
    /// process's own output (never for a time): at once (while the course loads, the store
    /// opens or is created), after k acknowledged answers (between commits), or just after
    /// sending answer k + 1 without waiting (inside its commit, or between the commit and
    /// its `saved` line). After each run:
    /// - the file passes `PRAGMA integrity_check` (sqlite3, else `primer doctor`);
    /// - with S the `saved` lines seen over all runs so far and K the runs killed,
    ///   S ≤ reviews_total ≤ S + K (a kill can land between a commit and its `saved`
    ///   line at most once per run; nothing acknowledged may be missing).
    /// `primer doctor` at the end also checks every item state against the review log,
    /// i.e. that no kill split an answer's review from its schedule update.
    func testFiftySIGKILLedQuizSessionsLoseNoAcknowledgedAnswer() throws {
        let runs = 50
        let seed = UInt64(ProcessInfo.processInfo.environment["PRIMER_CRASH_SEED"] ?? "") ?? 2026
        var rng = SeededGenerator(seed: seed)
        // Answers valid for every question (each has options 1 and 2); an unreadable line now and then.
        let answers = ["1", "2", "1", "2?", "1!", "b"]
        var totalSaved = 0, kills = 0
        var integrityBy = ""

        for run in 0..<runs {
            let context = "run \(run) of seed \(seed) (PRIMER_CRASH_SEED=\(seed) reproduces the schedule)"
            let session = try LiveProcess(primer, ["quiz", "--plain", "--count", "20", "--seed", String(run + 1)],
                                          environment: environment, currentDirectory: directory)
            let point = Int.random(in: 0...2, using: &rng)          // at once, between answers, in flight
            let acknowledged = point == 0 ? 0 : Int.random(in: 0...18, using: &rng)
            for k in 0..<acknowledged {
                if Int.random(in: 0..<6, using: &rng) == 0 { session.send("zz") }   // gets a hint, not "saved"
                session.send(answers[Int.random(in: 0..<answers.count, using: &rng)])
                XCTAssertTrue(session.waitForOutput { Robust.wholeLines($0, equalTo: "saved") >= k + 1 },
                              "\(context): answer \(k + 1) was not acknowledged:\n\(session.stderr)")
            }
            if point == 2 { session.send(answers[Int.random(in: 0..<answers.count, using: &rng)]) }
            // At most 19 of 20 answers were sent and input is open: the run cannot end by itself.
            XCTAssertTrue(session.isRunning, "\(context): ended before the kill: \(session.describedEnd)\n\(session.stderr)")
            session.signal(SIGKILL)
            XCTAssertTrue(session.wait(timeout: 60), "\(context): did not end")
            XCTAssertEqual(session.process.terminationReason, .uncaughtSignal, "\(context): \(session.describedEnd)")
            kills += 1
            let killed = true
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
        XCTAssertEqual(kills, runs)
        XCTAssertGreaterThan(totalSaved, runs, "too few answers were saved for the kills to test anything")
        print("crash loop: seed \(seed), \(kills) kills, \(totalSaved) answers saved; integrity by \(integrityBy)")
    }
}
