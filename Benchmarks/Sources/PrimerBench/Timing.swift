#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif
import Foundation

/// Nanoseconds on the monotonic clock.
@inline(__always)
func nowNanos() -> UInt64 {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return UInt64(ts.tv_sec) * 1_000_000_000 + UInt64(ts.tv_nsec)
}

/// Keeps a value alive so the optimiser cannot drop the work that produced it.
@inline(never)
func blackHole<T>(_ value: T) {
    withExtendedLifetime(value) {}
}

/// Timings of repeated runs of one piece of work.
struct Samples {
    var nanos: [UInt64]
    var sorted: [UInt64] { nanos.sorted() }
    var median: Double {
        let s = sorted
        guard !s.isEmpty else { return .nan }
        return s.count % 2 == 1 ? Double(s[s.count / 2]) : (Double(s[s.count / 2 - 1]) + Double(s[s.count / 2])) / 2
    }
    var min: Double { Double(sorted.first ?? 0) }
    var max: Double { Double(sorted.last ?? 0) }
    /// The p-th percentile (0...100), nearest rank.
    func percentile(_ p: Double) -> Double {
        let s = sorted
        guard !s.isEmpty else { return .nan }
        let rank = Int((p / 100 * Double(s.count)).rounded(.up)) - 1
        return Double(s[Swift.max(0, Swift.min(s.count - 1, rank))])
    }
    var summary: String {
        "median \(formatNanos(median)), min \(formatNanos(min)), p90 \(formatNanos(percentile(90))), n=\(nanos.count)"
    }
}

/// Runs `body` `warmup` times untimed, then `runs` times timed; each run is one sample.
/// PRIMER_BENCH_QUICK=1 runs everything once, untimed warm-ups skipped: for profiling
/// (valgrind --tool=callgrind) and smoke tests, not for figures.
let quickMode = ProcessInfo.processInfo.environment["PRIMER_BENCH_QUICK"] == "1"

func measure(warmup: Int = 3, runs: Int, _ body: () throws -> Void) rethrows -> Samples {
    let (warmup, runs) = quickMode ? (0, 1) : (warmup, runs)
    for _ in 0..<warmup { try body() }
    var nanos: [UInt64] = []
    nanos.reserveCapacity(runs)
    for _ in 0..<runs {
        let start = nowNanos()
        try body()
        nanos.append(nowNanos() - start)
    }
    return Samples(nanos: nanos)
}

func formatNanos(_ ns: Double) -> String {
    if ns.isNaN { return "n/a" }
    if ns < 1_000 { return String(format: "%.1f ns", ns) }
    if ns < 1_000_000 { return String(format: "%.2f µs", ns / 1_000) }
    if ns < 1_000_000_000 { return String(format: "%.2f ms", ns / 1_000_000) }
    return String(format: "%.2f s", ns / 1_000_000_000)
}

func formatBytes(_ bytes: Double) -> String {
    String(format: "%.1f MB", bytes / 1_000_000)
}

/// One figure of the report: the value, its reference (if any), and the target.
struct Figure {
    enum Comparison {
        /// value / reference must be at most `limit` (commit, startup).
        case ratioAtMost(Double)
        /// reference / value must be at least `limit` (speed-up over py-fsrs).
        case speedupAtLeast(Double)
        /// value must be below `limit` (absolute, same unit as value).
        case below(Double)
    }
    var name: String
    var value: Double
    var reference: Double?
    var referenceName: String?
    var comparison: Comparison
    /// How values print: nanoseconds as times, else bytes; with `unit`, as plain numbers.
    var isBytes = false
    var note: String = ""
    var unit: String? = nil

    var ratio: Double? { reference.map { value / $0 } }

    var met: Bool {
        switch comparison {
        case .ratioAtMost(let limit): return (ratio ?? .infinity) <= limit
        case .speedupAtLeast(let limit): return (reference ?? 0) / value >= limit
        case .below(let limit): return value < limit
        }
    }

    func show(_ v: Double) -> String {
        if let unit { return String(format: "%.2f %@", v, unit) }
        return isBytes ? formatBytes(v) : formatNanos(v)
    }

    var valueText: String { show(value) }
    var referenceText: String {
        guard let reference else { return "-" }
        return "\(show(reference)) (\(referenceName ?? "reference"))"
    }
    var ratioText: String {
        guard let reference else { return "-" }
        switch comparison {
        case .speedupAtLeast: return String(format: "%.0f× faster", reference / value)
        default: return String(format: "%.2f×", value / reference)
        }
    }
    var targetText: String {
        switch comparison {
        case .ratioAtMost(let limit): return String(format: "≤ %.1f× reference", limit)
        case .speedupAtLeast(let limit): return String(format: "≥ %.0f× faster", limit)
        case .below(let limit): return "< " + show(limit)
        }
    }
    var line: String {
        [name, valueText, referenceText, ratioText, targetText, met ? "met" : "MISSED"].joined(separator: " | ")
    }
}

/// Collects the figures, prints each as it is made, and appends it to a results file.
final class Report {
    let resultsFile: URL?
    private(set) var figures: [Figure] = []

    init(resultsFile: URL?) { self.resultsFile = resultsFile }

    func add(_ figure: Figure) {
        figures.append(figure)
        emit("RESULT | " + figure.line + (figure.note.isEmpty ? "" : "  [\(figure.note)]"))
        guard let resultsFile else { return }
        let row = [figure.name, figure.valueText, figure.referenceText, figure.ratioText, figure.targetText,
                   figure.met ? "met" : "missed", figure.note].joined(separator: "\t") + "\n"
        if let handle = try? FileHandle(forWritingTo: resultsFile) {
            handle.seekToEndOfFile()
            handle.write(Data(row.utf8))
            try? handle.close()
        } else {
            try? Data(row.utf8).write(to: resultsFile)
        }
    }
}

/// A line on standard output, written at once (never held in a buffer behind stderr lines).
func emit(_ line: String) {
    FileHandle.standardOutput.write(Data((line + "\n").utf8))
}

func log(_ message: String) {
    FileHandle.standardError.write(Data(("  · " + message + "\n").utf8))
}

/// Runs `command` with standard input on /dev/null, standard output into `output`, and
/// standard error into `errors` (nil: inherited), and waits for it: its exit status, -1
/// when it could not be started or was killed by a signal. Not Foundation's `Process`, which also waits for every
/// descendant holding its pipes (a tmux server outlives `new-session`).
func spawnAndWait(_ command: [String], output: String = "/dev/null", errors: String? = nil) -> Int32 {
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
    posix_spawn_file_actions_addopen(&actions, 1, output, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
    if let errors { posix_spawn_file_actions_addopen(&actions, 2, errors, O_WRONLY, 0) }
    var cArgs = command.map { strdup($0) } + [nil]
    defer { for p in cArgs { free(p) } }
    var pid: pid_t = 0
    guard posix_spawn(&pid, command[0], &actions, nil, &cArgs, environ) == 0 else { return -1 }
    var status: Int32 = 0
    while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
    return status & 0x7F == 0 ? (status >> 8) & 0xFF : -1
}

/// Runs `executable` with its output discarded and returns how long it took, in
/// nanoseconds, from spawn to exit. Foundation's `Process.waitUntilExit` polls every
/// 50 ms, which rounded every timed command up to the next 50 ms; this waits in `waitpid`.
func timedSpawn(_ executable: String, _ arguments: [String]) throws -> UInt64 {
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
    posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
    let argv = ([executable] + arguments).map { strdup($0) } + [nil]
    defer { argv.forEach { free($0) } }
    var pid: pid_t = 0
    let start = DispatchTime.now().uptimeNanoseconds
    let spawned = posix_spawn(&pid, executable, &actions, nil, argv, environ)
    guard spawned == 0 else { throw BenchError("cannot start \(executable): \(String(cString: strerror(spawned)))") }
    var status: Int32 = 0
    while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
    let elapsed = DispatchTime.now().uptimeNanoseconds - start
    guard status == 0 else { throw BenchError("\(executable) \(arguments.joined(separator: " ")) exited with status \(status)") }
    return elapsed
}
