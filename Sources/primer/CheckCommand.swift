import ArgumentParser
import CourseFormat
import Foundation
import StudyCore

/// `primer check [PATH...]`: validates course folders and reports every problem.
struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check course folders and report every problem as FILE:LINE:COLUMN.",
        discussion: "Without PATH, checks the bundled course. Exits 1 if any error was found.")

    @Argument(help: "Course folders (each holding course.md). Default: the bundled course.")
    var paths: [String] = []

    @Flag(name: .long, help: "Print only errors, not warnings.")
    var quiet = false

    func run() throws {
        let folders = try paths.isEmpty
            ? [ContentLocator.courseFolder(option: nil, environment: ProcessEnvironment.values)]
            : paths
        var failed = false
        for folder in folders {
            let display = paths.isEmpty ? relativeDisplay(folder) : folder
            let result = CourseLoader.load(folder: folder, displayPath: display)
            for d in result.diagnostics where !(quiet && !d.isError) { Streams.line(d.description) }
            if !result.errors.isEmpty || result.course == nil {
                failed = true
                let n = result.errors.count
                Streams.line("\(display): \(n) error\(n == 1 ? "" : "s"), \(result.warnings.count) warning\(result.warnings.count == 1 ? "" : "s")")
            } else if let course = result.course {
                let w = result.warnings.count
                let tail = w == 0 ? "no problems found" : "\(w) warning\(w == 1 ? "" : "s")"
                Streams.line("\(display): \(plural(course.lessons.count, "lesson")), \(plural(course.questions.count, "question")), \(plural(course.themes.count, "theme")) — \(tail)")
            }
        }
        if failed { throw ExitCode(1) }
    }

    private func relativeDisplay(_ path: String) -> String {
        let cwd = FileManager.default.currentDirectoryPath
        return path.hasPrefix(cwd + "/") ? String(path.dropFirst(cwd.count + 1)) : path
    }
}
