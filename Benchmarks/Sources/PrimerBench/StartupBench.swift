#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// Figure 7: the whole process. Each program runs in a 200x60 tmux pane under a small
/// launcher (`primer-bench launch`) that takes the time just before `posix_spawn` and
/// watches the child until its main thread first blocks reading the terminal: ncurses
/// has then written the whole first frame and waits for a key. The screen is then
/// checked with `capture-pane` for a known string, keys are sent, and the launcher
/// reports the child's peak RSS (`wait4`'s `ru_maxrss`) when it exits.
enum StartupBench {
    // MARK: the launcher, run inside the pane

    /// `launch --result FILE -- PROGRAM ARGS...`: writes `FILE.ttff` (nanoseconds to the
    /// first frame) and `FILE.done` (`maxrss_kb exit_status`).
    static func launch(_ args: [String]) -> Int32 {
        guard let r = args.firstIndex(of: "--result"), r + 1 < args.count, let dash = args.firstIndex(of: "--"), dash + 1 < args.count else {
            FileHandle.standardError.write(Data("usage: primer-bench launch --result FILE -- PROGRAM ARGS...\n".utf8))
            return 2
        }
        let result = args[r + 1]
        let command = Array(args[(dash + 1)...])
        var cArgs = command.map { strdup($0) } + [nil]
        defer { for p in cArgs { free(p) } }
        var pid: pid_t = 0
        let start = nowNanos()
        let rc = posix_spawn(&pid, command[0], nil, nil, &cArgs, environ)
        guard rc == 0 else {
            write(result + ".done", "spawn-failed \(rc)\n")
            return 1
        }
        write(result + ".pid", "\(pid)\n")
        var firstFrame: UInt64?
        var exitedEarly = false
        while firstFrame == nil {
            if waitsForTerminalInput(pid) { firstFrame = nowNanos() - start; break }
            if isZombie(pid) {
                // Exited without ever waiting for a key (e.g. an exit-after-first-frame mode).
                firstFrame = nowNanos() - start
                exitedEarly = true
                break
            }
            if nowNanos() - start > 600_000_000_000 { break }
            usleep(50)
        }
        write(result + ".ttff", "\(firstFrame ?? 0)\(exitedEarly ? " exited" : "")\n")
        var status: Int32 = 0
        var usage = rusage()
        _ = wait4(pid, &status, 0, &usage)
        write(result + ".done", "\(usage.ru_maxrss) \(status)\n")
        return 0
    }

    /// The main thread is blocked in read(0, …) or in a poll/select: ncurses waits for a key.
    static func waitsForTerminalInput(_ pid: pid_t) -> Bool {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/syscall", encoding: .utf8) else { return false }
        let fields = text.split(separator: " ")
        guard let first = fields.first, let nr = Int(first) else { return false }  // "running"
        switch nr {
        case 0: return fields.count > 1 && fields[1] == "0x0"   // read(0, …)
        case 7, 23, 270, 271: return true                       // poll, select, pselect6, ppoll
        default: return false
        }
    }

    /// Exited, not yet reaped (state Z in /proc/PID/stat).
    static func isZombie(_ pid: pid_t) -> Bool {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = stat.lastIndex(of: ")") else { return false }
        return stat[stat.index(after: close)...].dropFirst().first == "Z"
    }

    static func write(_ path: String, _ text: String) {
        let temp = path + ".tmp"
        FileManager.default.createFile(atPath: temp, contents: Data(text.utf8))
        rename(temp, path)
    }

    // MARK: the orchestrator

    struct Program {
        var name: String
        var command: [String]
        /// Text that must be on screen once the first frame is drawn.
        var expect: String
    }

    struct Run {
        var firstFrameNanos: UInt64
        var maxRSSKilobytes: Int
        var screenOK: Bool
    }

    static func runOnce(_ program: Program, launcher: String, dataDir: URL, tag: String, keys: [[String]]) throws -> Run {
        let socket = dataDir.appendingPathComponent("tmux.sock").path
        let result = dataDir.appendingPathComponent("launch-\(tag)").path
        for suffix in [".ttff", ".done", ".pid"] { unlink(result + suffix) }
        // Only capture-pane's output is read: a new tmux server keeps the client's stdout
        // open, so reading it to the end would wait for the server to exit.
        @discardableResult
        func tmux(_ args: [String]) throws -> String {
            if args.first == "capture-pane" { return try runProcess("/usr/bin/tmux", ["-S", socket] + args) }
            // Not Foundation's Process: it waits until every descendant that inherited its
            // status socket has exited, and `new-session` leaves a tmux server running.
            let status = spawnAndWait(["/usr/bin/tmux", "-S", socket] + args, errors: "/dev/null")
            if status != 0 && args.first != "kill-server" {
                throw BenchError("tmux \(args.joined(separator: " ")) exited with \(status)")
            }
            return ""
        }
        _ = try? tmux(["kill-server"])
        let shellCommand = ([launcher, "launch", "--result", result, "--"] + program.command).map(shellQuote).joined(separator: " ")
        try tmux(["-f", "/dev/null", "new-session", "-d", "-s", "bench", "-x", "200", "-y", "60",
                  "env LANG=C.UTF-8 LC_ALL=C.UTF-8 " + shellCommand])
        defer { _ = try? tmux(["kill-server"]) }
        guard let ttff = waitForFile(result + ".ttff", seconds: 610) else { throw BenchError("\(program.name): no first frame") }
        let nanos = UInt64(ttff.split(whereSeparator: { $0 == " " || $0 == "\n" }).first ?? "") ?? 0
        guard nanos > 0 else { throw BenchError("\(program.name): no first frame within 600 s") }
        // The frame is in the pty; give tmux a moment to take it in before reading the screen.
        var screenOK = false
        for _ in 0..<100 {
            if (try? tmux(["capture-pane", "-p", "-t", "bench"]))?.contains(program.expect) == true { screenOK = true; break }
            usleep(10_000)
        }
        for group in keys {
            _ = try? tmux(["send-keys", "-t", "bench"] + group)   // the program may already have quit
            usleep(150_000)
        }
        var done = waitForFile(result + ".done", seconds: 3)
        if done == nil {
            _ = try? tmux(["send-keys", "-t", "bench", "C-c"])
            done = waitForFile(result + ".done", seconds: 5)
        }
        if done == nil, let pidText = try? String(contentsOfFile: result + ".pid", encoding: .utf8),
           let pid = pid_t(pidText.trimmingCharacters(in: .whitespacesAndNewlines)) {
            kill(pid, SIGTERM)   // primer restores the terminal and exits on SIGTERM
            done = waitForFile(result + ".done", seconds: 30)
        }
        guard let done else { throw BenchError("\(program.name) did not exit") }
        let rss = Int(done.split(whereSeparator: { $0 == " " || $0 == "\n" }).first ?? "") ?? 0
        return Run(firstFrameNanos: nanos, maxRSSKilobytes: rss, screenOK: screenOK)
    }

    static func waitForFile(_ path: String, seconds: Double) -> String? {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if let text = try? String(contentsOfFile: path, encoding: .utf8) { return text }
            usleep(2_000)
        }
        return nil
    }

    static func shellQuote(_ s: String) -> String {
        "'" + s.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }

    static func run(report: Report, launcher: String, primer: String, minimal: String, content: String,
                    storeDir: URL, dataDir: URL, runs: Int) throws {
        // A data folder of its own for the fresh-start and memory runs (answers go into it).
        let freshDir = dataDir.appendingPathComponent("fresh-data")
        try? FileManager.default.removeItem(at: freshDir)
        func app(_ data: URL) -> Program {
            Program(name: "primer", command: [primer, "--content", content, "--data-dir", data.path, "--learner", StoreBench.learnerName],
                    expect: "primer ·")
        }
        let big = app(storeDir), fresh = app(freshDir)
        let reference = Program(name: "minimal-ncurses", command: [minimal], expect: "minimal frame ready")
        let quit = [["q"]]

        // The fresh store and the minimal program: many alternating runs, the first two of
        // each as warm-up (the first also creates the store).
        var freshRuns: [Run] = [], referenceRuns: [Run] = []
        for i in 0..<(runs + 2) {
            let a = try runOnce(fresh, launcher: launcher, dataDir: dataDir, tag: "primer-fresh", keys: quit)
            let r = try runOnce(reference, launcher: launcher, dataDir: dataDir, tag: "minimal", keys: quit)
            guard a.screenOK, r.screenOK else {
                throw BenchError("first frame not on screen (primer \(a.screenOK), minimal \(r.screenOK))")
            }
            if i >= 2 { freshRuns.append(a); referenceRuns.append(r) }
        }
        // The million-review store: one warm-up (it may make the day's backup), then as many
        // runs as fit in about two minutes.
        let first = try runOnce(big, launcher: launcher, dataDir: dataDir, tag: "primer-1m", keys: quit)
        log("primer with the 1M-review store, first (warm-up) run: \(formatNanos(Double(first.firstFrameNanos))), max RSS \(first.maxRSSKilobytes) KiB, screen \(first.screenOK ? "ok" : "NOT SEEN")")
        let bigRunCount = first.firstFrameNanos > 10_000_000_000 ? 3 : first.firstFrameNanos > 1_000_000_000 ? 5 : runs
        var bigRuns: [Run] = []
        for _ in 0..<bigRunCount {
            bigRuns.append(try runOnce(big, launcher: launcher, dataDir: dataDir, tag: "primer-1m", keys: quit))
            _ = try runOnce(reference, launcher: launcher, dataDir: dataDir, tag: "minimal", keys: quit)
        }
        let refSamples = Samples(nanos: referenceRuns.map(\.firstFrameNanos))
        let freshSamples = Samples(nanos: freshRuns.map(\.firstFrameNanos))
        let bigSamples = Samples(nanos: bigRuns.map(\.firstFrameNanos))
        log("minimal-ncurses to first frame: \(refSamples.summary)")
        log("primer (fresh data folder) to first frame: \(freshSamples.summary)")
        log("primer (1M-review store) to first frame: \(bigSamples.summary)")
        report.add(Figure(name: "Startup to first frame, 1M-review store", value: bigSamples.median, reference: refSamples.median,
                          referenceName: "minimal Swift ncurses program", comparison: .ratioAtMost(1.5),
                          note: "release binary, bundled course, 200x60 tmux; median of \(bigRuns.count) runs; reference median of \(referenceRuns.count)"))
        report.add(Figure(name: "Startup to first frame, fresh data folder", value: freshSamples.median, reference: refSamples.median,
                          referenceName: "minimal Swift ncurses program", comparison: .ratioAtMost(1.5),
                          note: "same, with a new learner's store (for context); median of \(freshRuns.count) alternating runs"))

        // Peak memory over a short session on the fresh store: start studying, answer three
        // questions, go back and quit.
        let session: [[String]] = [["Enter"], ["1"], ["Enter"], ["Enter"], ["1"], ["Enter"], ["Enter"], ["1"], ["Enter"], ["Enter"],
                                   ["Escape"], ["Escape"], ["Escape"], ["q"]]
        var appPeak = 0, refPeak = 0
        for _ in 0..<3 {
            appPeak = max(appPeak, try runOnce(fresh, launcher: launcher, dataDir: dataDir, tag: "primer-mem", keys: session).maxRSSKilobytes)
            refPeak = max(refPeak, try runOnce(reference, launcher: launcher, dataDir: dataDir, tag: "minimal-mem", keys: quit).maxRSSKilobytes)
        }
        let bigPeak = (bigRuns + [first]).map(\.maxRSSKilobytes).max() ?? 0
        log("peak RSS: primer \(appPeak) KiB (short session, fresh store), \(bigPeak) KiB (start with the 1M-review store); minimal-ncurses \(refPeak) KiB")
        report.add(Figure(name: "Peak memory of the TUI, bundled course", value: Double(appPeak) * 1024, reference: Double(refPeak) * 1024,
                          referenceName: "minimal Swift ncurses program", comparison: .below(30_000_000), isBytes: true,
                          note: "max RSS (wait4) over a short session: study, 3 answers; fresh store; largest of 3 runs"))
        report.add(Figure(name: "Peak memory of the TUI, 1M-review store", value: Double(bigPeak) * 1024, reference: Double(refPeak) * 1024,
                          referenceName: "minimal Swift ncurses program", comparison: .below(40_000_000), isBytes: true,
                          note: "max RSS from start to first frame and quit, with the million-review store"))
    }
}
