import CourseFormat
import Foundation
import StudyCore
import XCTest

/// What only a real terminal shows: every screen survives resizes, down to the notice and
/// back, with nothing lost. (The flows themselves run in-process: Tests/TUIRuntimeTests.)
final class TUIFlowTests: XCTestCase {
    var directory: URL!
    var tmux: TmuxSession!

    override func setUpWithError() throws {
        guard TmuxSession.isAvailable else { throw XCTSkip("tmux is not installed (.ci/run installs it)") }
        guard Built.primer != nil else { throw XCTSkip("the primer binary was not built") }
        directory = try Built.temporaryDirectory("flow")
        tmux = TmuxSession(directory: directory)
    }

    override func tearDown() {
        tmux?.kill()
        if let directory { try? FileManager.default.removeItem(at: directory) }
    }

    var dataDir: String { directory.appendingPathComponent("data").path }

    /// PRIMER_SEED fixes every random choice (option order, the exam's questions), so the
    /// screens are the same on every run.
    func command(_ arguments: String = "") -> String {
        "cd '\(directory.path)' && env -i HOME='\(directory.path)' PATH=/usr/bin:/bin LANG=C.UTF-8 TERM=xterm-256color PRIMER_SEED=7 PRIMER_DATA_DIR='\(dataDir)' '\(Built.primer!.path)' \(arguments)"
    }

    /// Each screen, then a resize to 100x30, down to 30x8 (the notice) and back: the
    /// screen is redrawn at each size and nothing is lost.
    func testResizeOnEveryScreen() throws {
        try tmux.start(command: command())
        try tmux.waitFor(text: "Exam readiness")
        func resizeCheck(_ marker: String, file: StaticString = #filePath, line: UInt = #line) throws {
            try tmux.resize(width: 100, height: 30)
            try tmux.waitFor("\(marker) at 100x30", file: file, line: line) { screen in
                screen.contains(marker) && (screen.components(separatedBy: "\n").first?.count ?? 0) > 90
            }
            try tmux.resize(width: 30, height: 8)
            try tmux.waitFor(text: "Enlarge the terminal", file: file, line: line)
            try tmux.resize(width: 80, height: 24)
            try tmux.waitFor("\(marker) at 80x24", file: file, line: line) { $0.contains(marker) && !$0.contains("Enlarge") }
        }
        try resizeCheck("Exam readiness")                                   // dashboard
        try tmux.send("l"); try tmux.waitFor(text: "Enter read"); try resizeCheck("Enter read")
        try tmux.send("Enter"); try tmux.waitFor(text: "Source: ¶2"); try resizeCheck("Source: ¶2")
        try tmux.send("Enter"); try tmux.waitFor(text: "Question 1 of"); try resizeCheck("Question 1 of")
        try tmux.send("1"); try tmux.waitFor(text: "Saved · returns"); try resizeCheck("Saved · returns")
        try tmux.send("Escape", "Escape", "Escape"); try tmux.waitFor(text: "Exam readiness")
        try tmux.send("s"); try tmux.waitFor(text: "Done for now"); try resizeCheck("Done for now")
        try tmux.send("Escape"); try tmux.waitFor(text: "Exam readiness")
        try tmux.send("p"); try tmux.waitFor(text: "Choose themes"); try resizeCheck("Choose themes")
        try tmux.send("Escape"); try tmux.waitFor(text: "Exam readiness")
        try tmux.send("t"); try tmux.waitFor(text: "Reviews, last 26 weeks"); try resizeCheck("Reviews, last 26 weeks")
        try tmux.send("Escape"); try tmux.waitFor(text: "Exam readiness")
        try tmux.send("x"); try tmux.waitFor(text: "question 1 of 20"); try resizeCheck("question 1 of 20")
        try tmux.send("v"); try tmux.waitFor(text: "not answered yet"); try resizeCheck("not answered yet")
        try tmux.send("s", "y"); try tmux.waitFor(text: "Score: "); try resizeCheck("Score: ")
        try tmux.send("Enter"); try tmux.waitFor(text: "Exam readiness")
        try tmux.send("?"); try tmux.waitFor(text: "any key closes"); try resizeCheck("any key closes")
        try tmux.send("q")
        try tmux.send("q")
        try tmux.waitFor(text: "primer-exit-status=0")
    }
}
