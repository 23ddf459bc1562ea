#if canImport(Glibc)
import Glibc
#endif
import Foundation
import StudyCore

/// Figure: `primer import` of an export of 1,000,000 reviews into a fresh data folder,
/// the whole command (process start to exit), with its peak RSS (`wait4`'s `ru_maxrss`).
/// The export is the queue benchmark's log (80,000 items of the synthetic course, seed
/// 42) with the option texts of the 1M store, written as `primer export` writes it
/// (sorted keys, two-space indentation) to `data/export-1m.json` once and kept.
enum ImportBench {
    static func run(report: Report, primer: String, dataDir: URL, log generated: () -> DataGen.Log) throws {
        let file = try ensureExport(dataDir: dataDir, log: generated)
        let size = (try FileManager.default.attributesOfItem(atPath: file.path)[.size] as? Int) ?? 0
        var times: [UInt64] = [], peaks: [Int] = []
        for run in 0..<3 {
            let folder = dataDir.appendingPathComponent("import-store")
            try? FileManager.default.removeItem(at: folder)
            let output = dataDir.appendingPathComponent("import-output.txt")
            let (status, nanos, maxRSSKilobytes) = try measured([primer, "import", file.path, "--data-dir", folder.path],
                                                                 output: output)
            times.append(nanos)
            peaks.append(maxRSSKilobytes * 1024)
            let said = (try? String(contentsOf: output, encoding: .utf8)) ?? ""
            log("import run \(run + 1): \(formatNanos(Double(times.last ?? 0))), peak RSS \(formatBytes(Double(peaks.last ?? 0))): \(said.trimmingCharacters(in: .whitespacesAndNewlines))")
            guard status == 0, said.hasPrefix("Imported: 1,000,000 reviews added") || said.hasPrefix("Imported: 1000000 reviews added") else {
                throw BenchError("primer import exited with \(status): \(said)")
            }
        }
        let t = Samples(nanos: times)
        log("primer import, \(formatBytes(Double(size))) export of 1,000,000 reviews: \(t.summary)")
        report.add(Figure(name: "primer import, 1,000,000 reviews", value: t.median, reference: nil, comparison: .below(10_000_000_000),
                          note: "median of 3, fresh data folder each; the export is \(formatBytes(Double(size)))"))
        report.add(Figure(name: "primer import, 1,000,000 reviews: peak RSS", value: Double(peaks.max() ?? 0), reference: nil,
                          comparison: .below(200_000_000), isBytes: true, note: "wait4 ru_maxrss, largest of 3"))
    }

    /// Runs `command` under `primer-bench measure` with its standard output into `output`:
    /// its exit status, time and peak RSS (KiB). Not spawned from here directly: a child
    /// spawned by this process (which holds the generated log, hundreds of MB) inherits its
    /// peak RSS as its own (the kernel carries the old memory's high-water mark across
    /// exec), so it would report this process's memory, not primer's.
    static func measured(_ command: [String], output: URL) throws -> (Int32, UInt64, Int) {
        let result = output.path + ".measure"
        try? FileManager.default.removeItem(atPath: result)
        let me = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().path
        guard spawnAndWait([me, "measure", "--result", result, "--"] + command, output: output.path) == 0,
              let text = try? String(contentsOfFile: result, encoding: .utf8) else {
            throw BenchError("primer-bench measure failed for \(command.joined(separator: " "))")
        }
        let fields = text.split(whereSeparator: { $0 == " " || $0 == "\n" }).compactMap { Int($0) }
        guard fields.count == 3 else { throw BenchError("primer-bench measure wrote '\(text)'") }
        return (Int32(fields[0]), UInt64(fields[1]), fields[2])
    }

    /// `measure --result FILE -- PROGRAM ARGS...`: runs the program (standard input from
    /// /dev/null, output as given) and writes `exit_status nanoseconds maxrss_kb` to FILE.
    static func measure(_ args: [String]) -> Int32 {
        guard let r = args.firstIndex(of: "--result"), r + 1 < args.count, let dash = args.firstIndex(of: "--"),
              dash + 1 < args.count else {
            FileHandle.standardError.write(Data("usage: primer-bench measure --result FILE -- PROGRAM ARGS...\n".utf8))
            return 2
        }
        let start = nowNanos()
        var pid: pid_t = 0
        var cArgs = args[(dash + 1)...].map { strdup($0) } + [nil]
        defer { for p in cArgs { free(p) } }
        guard posix_spawn(&pid, args[dash + 1], nil, nil, &cArgs, environ) == 0 else { return 1 }
        var status: Int32 = 0
        var usage = rusage()
        while wait4(pid, &status, 0, &usage) == -1 && errno == EINTR {}
        let nanos = nowNanos() - start
        let line = "\((status >> 8) & 0xFF) \(nanos) \(usage.ru_maxrss)\n"
        return FileManager.default.createFile(atPath: args[r + 1], contents: Data(line.utf8)) ? 0 : 1
    }

    // MARK: the export

    static func ensureExport(dataDir: URL, log generated: () -> DataGen.Log) throws -> URL {
        let file = dataDir.appendingPathComponent("export-1m.json")
        if FileManager.default.fileExists(atPath: file.path) { return file }
        let start = nowNanos()
        var records = generated().records
        compressEarlyDates(&records)
        // An export lists a learner's reviews oldest first, ties by id.
        records.sort { ($0.reviewedAt, $0.id) < ($1.reviewedAt, $1.id) }
        let partial = dataDir.appendingPathComponent("export-1m.json.partial")
        FileManager.default.createFile(atPath: partial.path, contents: nil)
        let handle = try FileHandle(forWritingTo: partial)
        var out = ExportWriter(handle: handle)
        out.text("{\n  \"format\" : \"primer-export\",\n  \"learners\" : [\n    {\n")
        out.text("      \"createdAt\" : \"2020-09-13T12:26:40.000Z\",\n      \"lessonsRead\" : [\n\n      ],\n")
        out.text("      \"name\" : \"bench\",\n      \"reviews\" : [\n")
        for (index, record) in records.enumerated() {
            try out.review(record, last: index == records.count - 1)
        }
        out.text("      ],\n      \"sessions\" : [\n        {\n          \"answered\" : 0,\n          \"correct\" : 0,\n")
        out.text("          \"course\" : \"bench-course\",\n          \"id\" : \"bench-session\",\n          \"kind\" : \"study\",\n")
        out.text("          \"startedAt\" : \"2020-09-13T12:26:40.000Z\"\n        }\n      ],\n      \"settings\" : {\n\n      }\n")
        out.text("    }\n  ],\n  \"version\" : 1\n}\n")
        try out.flush()
        try handle.close()
        try FileManager.default.moveItem(at: partial, to: file)
        log("wrote \(file.path) (\(records.count) reviews) in \(formatNanos(Double(nowNanos() - start)))")
        return file
    }
}

extension ImportBench {
    /// The generated histories run back before 1970 (a long one spans centuries of
    /// growing intervals), which import refuses: times before 1980 are mapped, in order,
    /// onto 1970-01-02…1980. Import recomputes every state from the log, so the figure
    /// measures the same work; the export only has to be valid.
    static func compressEarlyDates(_ records: inout [ReviewRecord]) {
        let floor = 315_532_800.0   // 1980-01-01
        guard let earliest = records.map({ $0.reviewedAt.timeIntervalSince1970 }).min(), earliest < floor else { return }
        let day = 86_400.0
        var moved = 0
        for i in records.indices where records[i].reviewedAt.timeIntervalSince1970 < floor {
            let t = records[i].reviewedAt.timeIntervalSince1970
            let mapped = day + (t - earliest) / (floor - earliest) * (floor - day)
            records[i].reviewedAt = Date(timeIntervalSince1970: (mapped * 1000).rounded() / 1000)
            moved += 1
        }
        log("\(moved) generated reviews dated before 1980 mapped onto 1970-01-02…1980")
    }
}

/// The export's text, buffered: written a megabyte at a time.
private struct ExportWriter {
    let handle: FileHandle
    var buffer: [UInt8] = []

    mutating func text(_ s: String) { buffer.append(contentsOf: s.utf8) }

    mutating func flush() throws {
        try handle.write(contentsOf: buffer)
        buffer.removeAll(keepingCapacity: true)
    }

    /// One review as `primer export` writes it. The option texts need no escaping.
    mutating func review(_ r: ReviewRecord, last: Bool) throws {
        let item = Int(r.questionID.dropFirst()) ?? 0
        let shown = StoreBench.optionTexts(item)
        let chosen = shown[r.correct ? 0 : 1]
        let rating = ["again", "hard", "good", "easy"][r.rating.rawValue - 1]
        text("        {\n          \"affectsSchedule\" : \(r.affectsSchedule),\n          \"chosen\" : [\n            \"\(chosen)\"\n          ],\n")
        text("          \"correct\" : \(r.correct),\n          \"course\" : \"\(r.courseID)\",\n          \"id\" : \"\(r.id)\",\n")
        text("          \"question\" : \"\(r.questionID)\",\n          \"rating\" : \"\(rating)\",\n")
        text("          \"responseMilliseconds\" : \(r.responseMilliseconds),\n          \"reviewedAt\" : \"\(iso(r.reviewedAt))\",\n")
        text("          \"session\" : \"bench-session\",\n          \"shown\" : [\n")
        text(shown.map { "            \"\($0)\"" }.joined(separator: ",\n"))
        text("\n          ]\n        }" + (last ? "\n" : ",\n"))
        if buffer.count > 1 << 20 { try flush() }
    }

    /// `2025-03-01T09:01:15.250Z`, as ISO8601Millis writes it (UTC, milliseconds).
    func iso(_ date: Date) -> String {
        let ms = Int64((date.timeIntervalSince1970 * 1000).rounded())
        var seconds = time_t(ms / 1000)
        var parts = tm()
        gmtime_r(&seconds, &parts)
        return String(format: "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", parts.tm_year + 1900, parts.tm_mon + 1, parts.tm_mday,
                      parts.tm_hour, parts.tm_min, parts.tm_sec, Int32(ms % 1000))
    }
}
