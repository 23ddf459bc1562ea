import Foundation
import StudyCore

/// Figure 1: one FSRS review step (fuzz off) against py-fsrs 6.3.2's `review_card`, on the
/// same 100,000 inputs, which the Python script generates and times in the same run.
enum FSRSBench {
    static func run(report: Report, python: String, script: String, dataDir: URL) throws {
        let workloadFile = dataDir.appendingPathComponent("fsrs-workload.json")
        log("py-fsrs: timing 100,000 review_card calls (3 runs after a warm-up) …")
        let output = try runProcess(python, [script, workloadFile.path, "3"])
        guard let line = output.split(separator: "\n").last,
              let json = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
              let pyNanos = json["ns_per_review"] as? Double else {
            throw BenchError("py-fsrs script printed no result: \(output)")
        }
        log("py-fsrs \(json["fsrs"] ?? "?") on CPython \(json["python"] ?? "?"): runs \(json["runs_ns_per_review"] ?? "?") ns/call")

        let workload = try JSONSerialization.jsonObject(with: Data(contentsOf: workloadFile)) as! [String: Any]
        let cards = (workload["cards"] as! [[Any]]).map(card)
        let inputs = workload["inputs"] as! [[Any]]
        let index = inputs.map { ($0[0] as! NSNumber).intValue }
        let ratings = inputs.map { Rating(rawValue: ($0[1] as! NSNumber).intValue)! }
        let times = inputs.map { Date(timeIntervalSince1970: ($0[2] as! NSNumber).doubleValue) }
        let expected = workload["expected"] as! [[Any]]
        let n = inputs.count

        let scheduler = FSRSScheduler(SchedulerConfig(enableFuzzing: false))

        // Same answers as the reference, or the comparison means nothing.
        var mismatches = 0
        for i in 0..<n {
            let after = scheduler.review(cards[index[i]], rating: ratings[i], at: times[i])
            let e = expected[i]
            let sameState = after.state.rawValue == (e[0] as! NSNumber).intValue
                && after.step == (e[1] as? NSNumber)?.intValue
                && Int(after.due.timeIntervalSince1970) == (e[4] as! NSNumber).intValue
            let s = (e[2] as! NSNumber).doubleValue, d = (e[3] as! NSNumber).doubleValue
            let close = abs((after.stability ?? .nan) - s) <= 1e-9 * abs(s) && abs((after.difficulty ?? .nan) - d) <= 1e-9 * abs(d)
            if !(sameState && close) { mismatches += 1 }
        }
        log("Swift vs py-fsrs outputs on the \(n) inputs: \(mismatches) mismatches")
        if mismatches > 0 { throw BenchError("FSRS outputs differ from py-fsrs on \(mismatches) inputs") }

        var checksum = 0.0
        let samples = measure(warmup: 5, runs: 31) {
            var sum = 0.0
            for i in 0..<n {
                let after = scheduler.review(cards[index[i]], rating: ratings[i], at: times[i])
                sum += after.stability!
            }
            checksum += sum
        }
        blackHole(checksum)
        let perCall = samples.median / Double(n)
        log("Swift: \(n) reviews per run, \(samples.summary) per run")
        report.add(Figure(name: "FSRS review step (fuzz off)", value: perCall, reference: pyNanos,
                          referenceName: "py-fsrs 6.3.2 review_card", comparison: .speedupAtLeast(100),
                          note: "median of 31 runs × \(n) calls; reference median of 3 runs × \(n) calls; outputs identical"))
    }

    static func card(_ row: [Any]) -> CardMemory {
        CardMemory(state: CardState(rawValue: (row[0] as! NSNumber).intValue)!,
                   step: (row[1] as? NSNumber)?.intValue,
                   stability: (row[2] as? NSNumber)?.doubleValue,
                   difficulty: (row[3] as? NSNumber)?.doubleValue,
                   due: Date(timeIntervalSince1970: (row[4] as! NSNumber).doubleValue),
                   lastReview: (row[5] as? NSNumber).map { Date(timeIntervalSince1970: $0.doubleValue) })
    }
}

struct BenchError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// Runs a program to completion and returns its standard output; throws on a non-zero exit.
@discardableResult
func runProcess(_ executable: String, _ arguments: [String], environment: [String: String]? = nil,
                captureOutput: Bool = true) throws -> String {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    if let environment { process.environment = environment }
    let pipe = Pipe()
    process.standardOutput = captureOutput ? pipe : FileHandle.nullDevice
    if !captureOutput { process.standardError = FileHandle.nullDevice }
    try process.run()
    let data = captureOutput ? pipe.fileHandleForReading.readDataToEndOfFile() : Data()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else {
        throw BenchError("\(executable) \(arguments.joined(separator: " ")) exited with \(process.terminationStatus)")
    }
    return String(decoding: data, as: UTF8.self)
}
