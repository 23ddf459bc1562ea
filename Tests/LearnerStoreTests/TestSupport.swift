import Foundation
import GRDB
import XCTest
import LearnerStore
import StudyCore
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A fresh folder per test, removed afterwards (made traversable first, in case a
/// test left it read-only).
func makeTempFolder(_ name: String = #function) throws -> URL {
    let safe = name.filter { $0.isLetter || $0.isNumber }
    let url = FileManager.default.temporaryDirectory
        .appendingPathComponent("primer-store-tests-\(safe)-\(UUID().uuidString.prefix(8))", isDirectory: true)
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    chmod(url.path, 0o755)
    return url
}

func removeTempFolder(_ url: URL) {
    if let walker = FileManager.default.enumerator(atPath: url.path) {
        for case let sub as String in walker { chmod(url.appendingPathComponent(sub).path, 0o755) }
    }
    chmod(url.path, 0o755)
    try? FileManager.default.removeItem(at: url)
}

/// A fixed instant (2025-03-01T09:00:00Z), so tests never depend on the clock.
let testEpoch = Date(timeIntervalSince1970: 1_740_819_600)
let day: TimeInterval = 86_400

/// The fake scheduler: the last record of an item decides its state. Enough to test that
/// the store replays the log faithfully, without depending on FSRS. Must agree with the
/// states written into the version-1 fixture (see `StoreFixtures.writeVersion1File`).
func lastRecordWins(_ records: [ReviewRecord]) -> [String: CardMemory] {
    var states: [String: CardMemory] = [:]
    for record in records where record.affectsSchedule {
        states[record.questionID] = fakeState(after: record)
    }
    return states
}

func fakeState(after record: ReviewRecord) -> CardMemory {
    let rating = Double(record.rating.rawValue)
    return CardMemory(state: record.correct ? .review : .relearning, step: record.correct ? nil : 0,
                      stability: rating, difficulty: 5.5 - rating,
                      due: record.reviewedAt.addingTimeInterval(rating * day), lastReview: record.reviewedAt)
}

func makeReview(_ id: String, question: String, at: Date, rating: Rating = .good, correct: Bool = true,
                course: String = "demo", session: String? = nil, affectsSchedule: Bool = true) -> ReviewRecord {
    ReviewRecord(id: id, courseID: course, questionID: question, reviewedAt: at, rating: rating,
                 shown: ["Alpha", "Beta «β»", "گاما", "デルタ"], chosen: correct ? ["Alpha"] : ["Beta «β»"],
                 correct: correct, responseMilliseconds: 1234, sessionID: session, affectsSchedule: affectsSchedule)
}

/// Records `review` with the state the fake scheduler gives, as the app would.
func recordConsistently(_ store: LearnerStore, _ review: ReviewRecord, learner: Int64) throws {
    let history = try store.reviews(learner: learner, course: review.courseID, since: nil)
    let stored = try store.itemStates(learner: learner, course: review.courseID)[review.questionID]
    let state = lastRecordWins(history + [review])[review.questionID] ?? stored ?? CardMemory.new(at: review.reviewedAt)
    try store.record(review, learner: learner, newState: state)
}

func openStore(_ folder: URL, now: Date = testEpoch, options: LearnerStore.Options = .init()) throws -> LearnerStore {
    try LearnerStore.open(directory: folder, now: now, options: options)
}

func bytes(_ url: URL) -> Data? { try? Data(contentsOf: url) }

func mode(_ url: URL) -> Int {
    var info = stat()
    XCTAssertEqual(stat(url.path, &info), 0, "stat \(url.path)")
    return Int(info.st_mode) & 0o777
}

/// The StoreCrashWriter executable, built by `swift test` into the same products
/// folder as the test bundle.
func crashWriterURL(file: StaticString = #filePath, line: UInt = #line) throws -> URL {
    var candidates: [URL] = []
    for bundle in [Bundle(for: BundleMarker.self), Bundle.main] {
        candidates.append(bundle.bundleURL.deletingLastPathComponent())
        candidates.append(bundle.bundleURL)
        if let exe = bundle.executableURL { candidates.append(exe.deletingLastPathComponent()) }
    }
    candidates.append(URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent())
    for folder in candidates {
        let url = folder.appendingPathComponent("StoreCrashWriter")
        if FileManager.default.isExecutableFile(atPath: url.path) { return url }
    }
    XCTFail("StoreCrashWriter not found beside the tests (looked in \(candidates.map(\.path)))", file: file, line: line)
    throw CocoaError(.fileNoSuchFile)
}

private final class BundleMarker {}

/// A child process with its output collected.
final class Child {
    let process = Process()
    let out = Pipe()
    let err = Pipe()
    let input = Pipe()
    /// What has been read from stdout so far by the waits.
    private var seen = ""

    init(_ arguments: [String]) throws {
        process.executableURL = try crashWriterURL()
        process.arguments = arguments
        process.standardOutput = out
        process.standardError = err
        process.standardInput = input
        try process.run()
    }

    /// Waits until stdout holds `line` (a state of the child); false if it ended first.
    /// The timeout only guards against a hang.
    func waitForLine(_ line: String, timeout: TimeInterval = 60) -> Bool {
        waitUntil(timeout: timeout) { $0.split(separator: "\n").contains(Substring(line)) }
    }

    /// Waits until stdout holds at least `count` whole lines; false if the child ended first.
    func waitForLines(_ count: Int, timeout: TimeInterval = 60) -> Bool {
        waitUntil(timeout: timeout) { $0.filter { $0 == "\n" }.count >= count }
    }

    private func waitUntil(timeout: TimeInterval, _ condition: (String) -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        let fd = out.fileHandleForReading.fileDescriptor
        while !condition(seen) {
            guard Date() < deadline else { return false }
            var pfd = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            if poll(&pfd, 1, 50) > 0 {
                var buffer = [UInt8](repeating: 0, count: 4096)
                let n = read(fd, &buffer, buffer.count)
                if n <= 0 { return false }
                seen += String(decoding: buffer.prefix(n), as: UTF8.self)
            } else if !process.isRunning {
                return false
            }
        }
        return true
    }

    /// Sends a line to the child's stdin.
    func send(_ line: String) {
        input.fileHandleForWriting.write(Data((line + "\n").utf8))
    }

    func sigkill() {
        _ = kill(process.processIdentifier, SIGKILL)
    }

    /// Waits for exit and returns (status, stdout, stderr); stdout includes what the waits read.
    func finish() -> (Int32, String, String) {
        try? input.fileHandleForWriting.close()
        let output = out.fileHandleForReading.readDataToEndOfFile()
        let errors = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, seen + String(decoding: output, as: UTF8.self), String(decoding: errors, as: UTF8.self))
    }
}

/// A bare `review` table (not primer's schema) with six answers of learner 1, for the
/// readers that take values from SQLite's buffers: a wide-character question id, a
/// negative response time, probabilities in and out of range, a second course, and row
/// f's time stored as a REAL (which sends it down the copied-row path). `more` runs after.
func reviewRowsFixture(more: String = "") throws -> DatabaseQueue {
    let db = try DatabaseQueue()
    try db.write { db in
        try db.execute(sql: """
            CREATE TABLE review (id TEXT, learnerId INTEGER, courseId TEXT, questionId TEXT, reviewedAt, rating,
                                 correct, responseMs, sessionId, affectsSchedule, predicted);
            INSERT INTO review VALUES
              ('a', 1, 'course', 'q-with-a-long-question-id', 1740819600000, 3, 1, 1500, 'session-1', 1, 0.75),
              ('b', 1, 'course', 'q-with-a-long-question-id', 1740819660000, 1, 0, -5, 'session-1', 1, NULL),
              ('c', 1, 'course', 'پاکستان', 1740819720000, 4, 1, 900, NULL, 0, 1),
              ('d', 1, 'course', 'q2', 1740819780000, 2, 1, 900, NULL, 1, 1.5),
              ('e', 1, 'other', 'q2', 1740819840000, 2, 1, 900, 'session-2', 1, -0.25),
              ('f', 1, 'course', 'q3', 1740819900000.0, 3, 1, 900, NULL, 1, NULL);
            \(more)
            """)
    }
    return db
}
