import CourseFormat
import Foundation
import StudyCore
import XCTest

/// Whole flows in a real terminal: a mock exam, a resize on every screen, and the
/// statistics after a simulated month of study.
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

    func command(_ arguments: String = "", now: String? = nil) -> String {
        let clock = now.map { "PRIMER_NOW=\($0) " } ?? ""
        return "cd '\(directory.path)' && env -i HOME='\(directory.path)' PATH=/usr/bin:/bin LANG=C.UTF-8 TERM=xterm-256color \(clock)PRIMER_DATA_DIR='\(dataDir)' '\(Built.primer!.path)' \(arguments)"
    }

    func testMockExamWithAFlaggedQuestionAndTheReviewOfWrongAnswers() throws {
        try tmux.start(command: command())
        try tmux.waitFor(text: "Exam readiness")
        try tmux.send("x")
        let first = try tmux.waitFor(text: "question 1 of 20")
        XCTAssertTrue(first.contains("⏱ 20:00") || first.contains("⏱ 19:5"), first)
        // Flag the first question: the second comes up, and the first returns at the end.
        try tmux.send("f")
        try tmux.waitFor(text: "flagged 1")
        // Answer everything with the first option; no feedback appears in between.
        for answered in 0..<19 {
            let screen = try tmux.waitFor(text: "answered \(answered)")
            XCTAssertFalse(screen.contains("Why:"), "no feedback until the end")
            try tmux.send(screen.contains("[ ]") ? "1" : "1")
            if screen.contains("[ ]") { try tmux.send("Enter") }
        }
        let flagged = try tmux.waitFor(text: "⚑ flagged earlier")
        XCTAssertTrue(flagged.contains("question 1 of 20"), "the flagged question comes back last:\n\(flagged)")
        try tmux.send("1")
        if flagged.contains("[ ]") { try tmux.send("Enter") }
        let result = try tmux.waitFor(text: "Score: ")
        XCTAssertTrue(result.contains("pass mark 70%"), result)
        XCTAssertTrue(result.contains("PASS") || result.contains("FAIL"), result)
        XCTAssertTrue(result.contains("By theme"), result)
        if result.contains("r review wrong answers") {
            try tmux.send("r")
            let review = try tmux.waitFor(text: "Wrong answer 1 of")
            XCTAssertTrue(review.contains("Why: "), review)
            XCTAssertTrue(review.contains("Source: ¶"), review)
            try tmux.send("Escape")
        }
        try tmux.send("Enter")
        try tmux.waitFor(text: "Exam readiness")
        try tmux.send("q")
        try tmux.waitFor(text: "primer-exit-status=0")
        // The exam was saved: line-mode statistics list it.
        let stats = try runCommand(Built.primer!.path, ["stats", "--json"], environment: ["PRIMER_DATA_DIR": dataDir, "HOME": directory.path])
        XCTAssertTrue(stats.stdout.contains("\"exams\""), stats.stdout)
        XCTAssertGreaterThanOrEqual(try reviewsTotal(), 20)
    }

    func reviewsTotal() throws -> Int {
        let stats = try runCommand(Built.primer!.path, ["stats", "--json"], environment: ["PRIMER_DATA_DIR": dataDir, "HOME": directory.path])
        let json = try JSONSerialization.jsonObject(with: Data(stats.stdout.utf8)) as? [String: Any]
        return (json?["reviews_total"] as? Int) ?? -1
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
        try tmux.send("t"); try tmux.waitFor(text: "Question 1 of"); try resizeCheck("Question 1 of")
        try tmux.send("1"); try tmux.waitFor(text: "Saved · returns"); try resizeCheck("Saved · returns")
        try tmux.send("Escape", "Escape", "Escape"); try tmux.waitFor(text: "Exam readiness")
        try tmux.send("s"); try tmux.waitFor(text: "Study today · answered"); try resizeCheck("Study today · answered")
        try tmux.send("Escape"); try tmux.waitFor(text: "Exam readiness")
        try tmux.send("p"); try tmux.waitFor(text: "my weakest"); try resizeCheck("my weakest")
        try tmux.send("Escape"); try tmux.waitFor(text: "Exam readiness")
        try tmux.send("t"); try tmux.waitFor(text: "Reviews, last 26 weeks"); try resizeCheck("Reviews, last 26 weeks")
        try tmux.send("Escape"); try tmux.waitFor(text: "Exam readiness")
        try tmux.send("x"); try tmux.waitFor(text: "question 1 of 20"); try resizeCheck("question 1 of 20")
        try tmux.send("s", "y"); try tmux.waitFor(text: "Score: "); try resizeCheck("Score: ")
        try tmux.send("Enter"); try tmux.waitFor(text: "Exam readiness")
        try tmux.send("?"); try tmux.waitFor(text: "any key closes"); try resizeCheck("any key closes")
        try tmux.send("q")
        try tmux.send("q")
        try tmux.waitFor(text: "primer-exit-status=0")
    }

    /// A month of study in line mode on simulated days (PRIMER_NOW), then the
    /// statistics screen on day 31 shows the activity.
    func testStatisticsAfterASimulatedMonth() throws {
        let environment = { (day: Int) -> [String: String] in
            let date = Calendar(identifier: .gregorian).date(byAdding: .day, value: day, to: Date(timeIntervalSince1970: 1_767_258_000))!
            return ["PRIMER_DATA_DIR": self.dataDir, "HOME": self.directory.path, "LANG": "C.UTF-8",
                    "PRIMER_NOW": ISO8601DateFormatter().string(from: date)]
        }
        for day in 0..<30 {
            let answers = String(repeating: "1\n", count: 25)
            let run = try runCommand(Built.primer!.path, ["study", "--plain", "--all"], environment: environment(day), stdin: answers, timeout: 60)
            XCTAssertEqual(run.status, 0, "day \(day): \(run.stderr)")
        }
        let total = try runCommand(Built.primer!.path, ["stats", "--json"], environment: environment(30)).stdout
        let json = try JSONSerialization.jsonObject(with: Data(total.utf8)) as? [String: Any]
        let reviews = json?["reviews_total"] as? Int ?? 0
        XCTAssertGreaterThan(reviews, 300, total)
        XCTAssertEqual(json?["streak_days"] as? Int, 30, "studied every day of the month: \(total)")

        let now = environment(30)["PRIMER_NOW"]!
        try tmux.start(command: command(now: now))
        try tmux.waitFor(text: "streak: 30 days")
        try tmux.send("t")
        let stats = try tmux.waitFor(text: "Reviews, last 26 weeks")
        XCTAssertTrue(stats.contains("\(reviews) in all"), stats)
        // About five weeks of columns are filled: shaded cells, not dots.
        let heatmap = stats.components(separatedBy: "\n").filter { $0.contains("Mon ") || $0.contains("Tue ") || $0.contains("Wed ") }
        let shaded = heatmap.joined().filter { "░▒▓█".contains($0) }.count
        XCTAssertGreaterThanOrEqual(shaded, 12, stats)
        try tmux.send("PageDown", "PageDown")
        let lower = try tmux.waitFor(text: "Mastery over the last 12 weeks")
        XCTAssertFalse(lower.contains("no reviews yet") && !lower.contains("%"), lower)
        try tmux.send("Escape")
        try tmux.send("q")
        try tmux.waitFor(text: "primer-exit-status=0")
    }
}
