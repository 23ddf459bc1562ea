import Foundation
import XCTest
import LearnerStore
import StudyCore
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Real processes: a writer killed with SIGKILL at random instants, and two processes
/// sharing one store.
final class ProcessTests: XCTestCase {
    var folder: URL!
    var data: URL { folder.appendingPathComponent("data") }
    override func setUpWithError() throws { folder = try makeTempFolder(name) }
    override func tearDown() { removeTempFolder(folder) }

    /// Every answer acknowledged before a SIGKILL is in the log afterwards, and the file
    /// always passes integrity_check. The kill lands anywhere: while creating the file,
    /// migrating, backing up (round 0 kills at once), or between and inside commits (the
    /// others kill once the writer has acknowledged a seeded number of answers, while it
    /// goes on writing). Kills are placed by the writer's progress, never by a time.
    func testKilledWriterLosesNoAcknowledgedAnswer() throws {
        var rng = SeededGenerator(seed: 24)
        var acknowledged: Set<String> = []
        let rounds = 24
        for round in 0..<rounds {
            let child = try Child([data.path])
            if round > 0 {
                XCTAssertTrue(child.waitForLines(Int.random(in: 1...12, using: &rng)), "round \(round): the writer stopped writing")
            }
            child.sigkill()
            let (status, output, errors) = child.finish()
            XCTAssertTrue(errors.isEmpty || status == SIGKILL, "round \(round): writer failed: \(errors)")
            // Only whole lines: a line cut by the kill was never fully acknowledged.
            var lines = output.components(separatedBy: "\n")
            lines.removeLast()
            acknowledged.formUnion(lines.filter { !$0.isEmpty })

            let store = try openStore(data, now: Date())
            XCTAssertEqual(try store.integrityCheck(), ["ok"], "round \(round)")
            var logged: Set<String> = []
            if let learner = try store.existingLearner(named: "crash") {
                logged = Set(try store.reviews(learner: learner, course: nil, since: nil).map(\.id))
            }
            let missing = acknowledged.subtracting(logged)
            XCTAssertTrue(missing.isEmpty, "round \(round): \(missing.count) acknowledged answers lost")
            try store.close()
        }
        XCTAssertGreaterThan(acknowledged.count, rounds, "the writer got to write in most rounds")
    }

    /// A second process waits its turn while the first holds the write lock, and gives a
    /// clear error when the wait is longer than it may wait.
    func testSecondProcessWaitsOrFailsClearly() throws {
        try openStore(data).close()
        let holder = try Child(["--hold-lock", data.path])
        XCTAssertTrue(holder.waitForLine("locked"), "holder never took the lock")

        let impatient = try openStore(data, options: .init(busyTimeout: 0.2))
        XCTAssertThrowsError(try impatient.learner(named: "ana", now: testEpoch)) { error in
            guard case .busy? = error as? StoreError else { return XCTFail("\(error)") }
            XCTAssertTrue(String(describing: error).contains("Another primer is using"), "\(error)")
        }
        // A patient writer starts while the lock is still held and gets through once the
        // holder lets go (told to, not after a time).
        let patient = try openStore(data, options: .init(busyTimeout: 60))
        final class Outcome: @unchecked Sendable { var learner: Int64?; var error: Error? }
        let outcome = Outcome()
        let done = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            do { outcome.learner = try patient.learner(named: "ana", now: testEpoch) } catch { outcome.error = error }
            done.signal()
        }
        holder.send("release")
        done.wait()
        XCTAssertNil(outcome.error)
        let ana = try XCTUnwrap(outcome.learner)
        try recordConsistently(patient, makeReview("r1", question: "q1", at: testEpoch), learner: ana)
        let (status, output, errors) = holder.finish()
        XCTAssertEqual(status, 0, errors)
        XCTAssertTrue(output.contains("released"))
        XCTAssertEqual(try patient.learners().map(\.name), ["ana", "holder"])
    }

    /// Two processes writing at the same time both finish, and nothing is lost.
    func testTwoWritersInterleaveWithoutLoss() throws {
        try openStore(data).close()
        let other = try Child(["--count", "300", data.path])
        let store = try openStore(data)
        let ana = try store.learner(named: "ana", now: testEpoch)
        for i in 0..<150 {
            try recordConsistently(store, makeReview("mine-\(i)", question: "q\(i % 5)", at: testEpoch + Double(i)), learner: ana)
        }
        let (status, output, errors) = other.finish()
        XCTAssertEqual(status, 0, errors)
        let theirs = output.split(separator: "\n").map(String.init)
        XCTAssertEqual(theirs.count, 300)
        let crash = try XCTUnwrap(store.existingLearner(named: "crash"))
        XCTAssertEqual(Set(try store.reviews(learner: crash, course: nil, since: nil).map(\.id)), Set(theirs))
        XCTAssertEqual(try store.reviews(learner: ana, course: nil, since: nil).count, 150)
        XCTAssertEqual(try store.integrityCheck(), ["ok"])
    }
}

/// Running out of room (here a file-size limit, as a full disk would do) stops the
/// writer with a clear message, and leaves every saved answer intact.
final class ResourceLimitTests: XCTestCase {
    var folder: URL!
    var data: URL { folder.appendingPathComponent("data") }
    override func setUpWithError() throws { folder = try makeTempFolder(name) }
    override func tearDown() { removeTempFolder(folder) }

    func testFileSizeLimitGivesClearErrorAndNoPartialState() throws {
        try openStore(data, now: Date()).close()
        let child = try Child(["--fsize-limit", "\(256 * 1024)", data.path])
        let (status, output, errors) = child.finish()
        XCTAssertEqual(status, 3, "stopped by the error, not a crash: \(errors)")
        XCTAssertTrue(errors.contains("file-size limit") || errors.contains("disk is full"), errors)
        XCTAssertTrue(errors.contains("not saved"), errors)
        let acknowledged = Set(output.split(separator: "\n").map(String.init))
        XCTAssertGreaterThan(acknowledged.count, 5)

        let store = try openStore(data, now: Date())
        XCTAssertEqual(try store.integrityCheck(), ["ok"])
        let crash = try XCTUnwrap(store.existingLearner(named: "crash"))
        let logged = try store.reviews(learner: crash, course: nil, since: nil)
        XCTAssertTrue(acknowledged.isSubset(of: Set(logged.map(\.id))))
        // The answer in flight was either saved whole or not at all: log and state agree.
        XCTAssertLessThanOrEqual(logged.count, acknowledged.count + 1)
        let states = try store.itemStates(learner: crash, course: "crash-course")
        XCTAssertEqual(Set(states.keys), Set(logged.map(\.questionID)))
    }
}
