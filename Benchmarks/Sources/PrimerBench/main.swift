import CourseFormat
import Foundation
import StudyCore

// primer-bench: the release benchmarks of primer. See Benchmarks/run.sh and BENCHMARKS.md.
//
//   primer-bench [FIGURE...] --data DIR --content DIR [--python PY --pyscript FILE]
//                [--primer BIN --minimal BIN] [--results FILE] [--startup-runs N]
//   FIGURE: fsrs queue parse commit open render startup examsim optimizer optimize-command import settings-save (default: all)
//   primer-bench launch --result FILE -- PROGRAM ARGS...   (used by `startup`, inside tmux)
//   primer-bench measure --result FILE -- PROGRAM ARGS...  (used by `import`: time and peak RSS)

var arguments = Array(CommandLine.arguments.dropFirst())
if arguments.first == "launch" { exit(StartupBench.launch(Array(arguments.dropFirst()))) }
if arguments.first == "measure" { exit(ImportBench.measure(Array(arguments.dropFirst()))) }

var options: [String: String] = [:]
var figures: [String] = []
var index = 0
while index < arguments.count {
    let a = arguments[index]
    if a.hasPrefix("--"), index + 1 < arguments.count {
        options[String(a.dropFirst(2))] = arguments[index + 1]
        index += 2
    } else {
        figures.append(a)
        index += 1
    }
}
let all = ["fsrs", "queue", "parse", "commit", "open", "render", "startup", "examsim", "optimizer", "optimize-command", "import", "settings-save"]
if figures.isEmpty || figures == ["all"] { figures = all }
// Not figures: diagnostics for profiling (run under valgrind --tool=callgrind).
let diagnostics = ["commit-cpu", "open-fast"]
if let unknown = figures.first(where: { !all.contains($0) && !diagnostics.contains($0) }) {
    FileHandle.standardError.write(Data("primer-bench: unknown figure '\(unknown)' (known: \(all.joined(separator: " ")))\n".utf8))
    exit(2)
}

@MainActor func option(_ name: String) -> String {
    guard let value = options[name] else {
        FileHandle.standardError.write(Data("primer-bench: --\(name) is needed for the figures asked\n".utf8))
        exit(2)
    }
    return value
}

let dataDir = URL(fileURLWithPath: option("data"))
try FileManager.default.createDirectory(at: dataDir, withIntermediateDirectories: true)
let report = Report(resultsFile: options["results"].map { URL(fileURLWithPath: $0) })

var cachedDataset: QueueBench.Dataset?
@MainActor func dataset() -> QueueBench.Dataset {
    if let cachedDataset { return cachedDataset }
    let d = QueueBench.dataset()
    cachedDataset = d
    return d
}

/// The 1M-review store over the bundled course, for the startup figure: the queue
/// benchmark's log with its 80,000 virtual items mapped onto the bundled questions.
@MainActor func bundledStore() throws -> URL {
    let folder = option("content")
    guard let course = CourseLoader.load(folder: folder).course else { throw BenchError("cannot load \(folder)") }
    let questions = course.questions
    return try StoreBench.ensureLargeStore(dataDir: dataDir, name: "store-1m-bundled", courseID: course.id) {
        let log = DataGen.reviewLog(questionIDs: questions.map(\.id), seenItems: 80_000, totalReviews: 1_000_000,
                                    courseID: course.id,
                                    shown: { item in Array(questions[item % questions.count].choices.map(\.text).prefix(4)) })
        let states = FSRSScheduler(DataGen.settings.schedulerConfig()).replayLog(log.records).states
        return (log, states)
    }
}

var failures: [String] = []
for figure in figures {
    log("== \(figure)")
    do {
        switch figure {
        case "fsrs":
            try FSRSBench.run(report: report, python: option("python"), script: option("pyscript"), dataDir: dataDir)
        case "queue":
            QueueBench.run(report: report, data: dataset())
        case "parse":
            try ParseBench.run(report: report, dataDir: dataDir)
        case "commit":
            try StoreBench.runCommit(report: report, dataDir: dataDir)
        case "open":
            let store = try StoreBench.ensureLargeStore(dataDir: dataDir, name: "store-1m", courseID: "bench-course") {
                var d = dataset()
                // Realistic option texts, so rows are as long as the app's.
                for i in d.log.records.indices {
                    let item = Int(d.log.itemOfRecord[i])
                    d.log.records[i].shown = StoreBench.optionTexts(item)
                    d.log.records[i].chosen = [d.log.records[i].shown[d.log.records[i].correct ? 0 : 1]]
                }
                return (d.log, d.replayed.states)
            }
            try StoreBench.runOpen(report: report, storeDir: store, courseID: "bench-course")
        case "commit-cpu":
            log("commit on tmpfs: \(try StoreBench.commitWithoutDisk().summary)")
        case "open-fast":
            try StoreBench.openFast(storeDir: dataDir.appendingPathComponent("store-1m"), courseID: "bench-course")
        case "render":
            try RenderBench.run(report: report, contentFolder: option("content"))
        case "examsim":
            try ExamSimBench.run(report: report, contentFolder: option("content"))
        case "optimizer":
            try runOptimizerBench(report: report, dataDir: dataDir, script: options["optscript"])
        case "settings-save":
            try SettingsSaveBench.run(report: report, storeDir: try bundledStore(), content: option("content"))
        case "optimize-command":
            // fsrs-rs's fit of the same log (ms): measured just before by the optimizer figure
            // when it ran in this invocation (side by side, on the machine as it is now),
            // else given, else the figure of the run recorded in BENCHMARKS.md.
            let measured = report.figures.first { $0.name == "optimizer fit time, fast forgetter" }?.reference.map { $0 / 1_000_000 }
            try OptimizeCommandBench.run(report: report, primer: option("primer"), dataDir: dataDir,
                                         fsrsRSMilliseconds: measured ?? options["fsrsrs-ms"].flatMap(Double.init) ?? 48.46)
        case "import":
            try ImportBench.run(report: report, primer: option("primer"), dataDir: dataDir, log: { dataset().log })
        case "startup":
            let store = try bundledStore()
            try StartupBench.run(report: report, launcher: URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().path, primer: option("primer"),
                                 minimal: option("minimal"), content: option("content"), storeDir: store,
                                 dataDir: dataDir, runs: Int(options["startup-runs"] ?? "15") ?? 15)
        default:
            break
        }
    } catch {
        failures.append("\(figure): \(error)")
        emit("RESULT | \(figure) | FAILED: \(error)")
    }
}
if !failures.isEmpty {
    FileHandle.standardError.write(Data(("primer-bench: failed: " + failures.joined(separator: "; ") + "\n").utf8))
    exit(1)
}
