import Foundation
import StudyCore
import XCTest
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The real binary in terminals that make life hard (tmux): no, unknown or dumb TERM;
/// a C locale; a 10x3 pane; a storm of resizes. Never a crash, the terminal always
/// restored (canonical mode and echo back on, the alternate screen gone), the app usable after.
final class HostileTerminalTests: XCTestCase {
    var directory: URL!
    var tmux: TmuxSession!
    var primer: String!
    var data: URL { directory.appendingPathComponent("data") }

    override func setUpWithError() throws {
        guard TmuxSession.isAvailable else { throw XCTSkip("tmux is not installed (.ci/run installs it)") }
        guard let url = Built.primer else { throw XCTSkip("the primer binary was not built") }
        primer = url.path
        directory = try Built.temporaryDirectory("hostile")
        tmux = TmuxSession(directory: directory)
    }

    override func tearDown() {
        tmux?.kill()
        if let directory { try? FileManager.default.removeItem(at: directory) }
    }

    /// The pane command: primer with exactly `environment` (nothing inherited), then the
    /// terminal modes it left behind ("modes: icanon echo" when restored), then its status.
    func command(_ environment: [String: String], _ arguments: String = "") -> String {
        var env = ["HOME": directory.path, "PATH": "/usr/bin:/bin", "PRIMER_DATA_DIR": data.path, "PRIMER_LEARNER": "tester"]
        env.merge(Robust.sanitizerOptions) { $1 }
        env.merge(environment) { $1 }
        let assignments = env.sorted { $0.key < $1.key }.map { "\($0.key)=\(shellQuote($0.value))" }.joined(separator: " ")
        return "cd \(shellQuote(directory.path)) && env -i \(assignments) \(shellQuote(primer)) \(arguments); st=$?; "
            + "echo \"modes: $(stty -a | tr ' ;' '\\n\\n' | grep -x -e icanon -e -icanon -e echo -e -echo | tr '\\n' ' ')\"; (exit $st)"
    }

    /// After primer exited: its status is `status`, the terminal is back in canonical mode
    /// with echo, the full-screen interface is gone, and what is typed is echoed.
    func assertEndedCleanly(status: Int = 0, leftBehind gone: String? = "Exam readiness", _ what: String,
                            file: StaticString = #filePath, line: UInt = #line) throws {
        let end = try tmux.waitFor(text: "primer-exit-status=", file: file, line: line)
        XCTAssertTrue(end.contains("primer-exit-status=\(status)\n"), "\(what): \(end)", file: file, line: line)
        XCTAssertTrue(end.components(separatedBy: "\n").contains { $0.trimmingCharacters(in: .whitespaces) == "modes: icanon echo" },
                      "\(what): terminal modes not restored:\n\(end)", file: file, line: line)
        if let gone { XCTAssertFalse(end.contains(gone), "\(what): the full-screen interface is still on screen:\n\(end)", file: file, line: line) }
        try tmux.send("-l", "echo typed-after-exit")
        try tmux.send("Enter")
        try tmux.waitFor("\(what): the typed text echoed", file: file, line: line) { $0.contains("echo typed-after-exit") }
    }

    /// The pane's size as tmux reports it ("10x3").
    func paneSize() throws -> String {
        try tmux.tmux(["display-message", "-p", "-t", tmux.name, "#{pane_width}x#{pane_height}"]).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    // MARK: TERM

    /// TERM unset, unknown or dumb: a note on stderr, then study in line mode in the same
    /// terminal: a question, an answer typed, `saved`, then Ctrl-D ends it with status 0.
    func testUnsetUnknownAndDumbTERMStudyInLineModeAndExitCleanly() throws {
        let read = try runCommand(primer, ["lesson", "--plain", "alliance"],
                                  environment: Robust.environment(home: directory, data: data), timeout: 30)
        XCTAssertEqual(read.status, 0, read.stderr)   // a read lesson gives study something to ask
        for (term, reason) in [(nil, "TERM is not set"), ("no-such-terminal", "not a terminal type this system knows"),
                               ("dumb", "cannot move the cursor")] {
            let what = "TERM=\(term ?? "(unset)")"
            var env = ["LANG": "C.UTF-8"]
            if let term { env["TERM"] = term }
            try tmux.start(command: command(env))
            // (tmux drops trailing blanks: the prompt "Answer: " reads "Answer:")
            let first = try tmux.waitFor("\(what): a question in line mode") { $0.contains("Question 1 of") && $0.contains("\nAnswer:") }
            let unwrapped = first.replacingOccurrences(of: "\n", with: "")   // the note wraps at the pane's edge
            XCTAssertTrue(unwrapped.contains(reason), "\(what): \(first)")
            XCTAssertTrue(unwrapped.contains("continuing in line mode"), "\(what): \(first)")
            try tmux.send("1", "Enter")
            try tmux.waitFor("\(what): the answer saved") { $0.contains("\nsaved\n") }
            try tmux.send("C-d")
            try tmux.waitFor(text: "Input ended")
            try assertEndedCleanly(leftBehind: nil, what)
            tmux.kill()
        }
    }

    // MARK: locale

    /// LANG=C, LC_ALL=C, and no locale at all: primer falls back to C.UTF-8 and renders
    /// “curly quotes” in the lesson list, or, where no UTF-8 locale exists, exits 1 saying
    /// what to set. Either way no crash, and the terminal is restored.
    func testCLocaleStillRendersUTF8OrSaysWhatToSet() throws {
        let cases: [(String, [String: String])] = [("LANG=C", ["LANG": "C"]), ("LC_ALL=C", ["LANG": "C.UTF-8", "LC_ALL": "C"]),
                                                   ("no locale variables", [:])]
        for (what, locale) in cases {
            try tmux.start(command: command(locale.merging(["TERM": "xterm-256color"]) { $1 }))
            let screen = try tmux.waitFor("\(what): the dashboard or a message") {
                $0.contains("Exam readiness") || $0.contains("primer-exit-status=")
            }
            if screen.contains("primer-exit-status=") {
                XCTAssertTrue(screen.contains("LANG=C.UTF-8"), "\(what): the message should say what to set:\n\(screen)")
                try assertEndedCleanly(status: 1, what)
            } else {
                try tmux.send("l")
                let lessons = try tmux.waitFor(text: "Enter read")
                XCTAssertTrue(lessons.contains("Normal and coercive diplomacy, and “do more”"),
                              "\(what): UTF-8 text should render as written:\n\(lessons)")
                try tmux.send("Escape")
                try tmux.waitFor(text: "Exam readiness")
                try tmux.send("q")
                try assertEndedCleanly(what)
            }
            tmux.kill()
        }
    }

    /// Whether primer (the pane shell's child) is still running: a state, read from the
    /// process table, instead of waiting a while and hoping.
    func primerIsRunning() throws -> Bool {
        let shell = try tmux.tmux(["display-message", "-p", "-t", tmux.name, "#{pane_pid}"]).trimmingCharacters(in: .whitespacesAndNewlines)
        let children = try runCommand("/usr/bin/pgrep", ["-P", shell]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let screen = try tmux.capture()
        return !children.isEmpty && !screen.contains("primer-exit-status=")
    }

    // MARK: sizes

    /// A 10x3 pane: the enlarge notice, no crash; at 80x24 the dashboard; q quits with 0.
    func testTenByThreeShowsTheEnlargeNoticeThenTheDashboard() throws {
        try tmux.start(command: command(["LANG": "C.UTF-8", "TERM": "xterm-256color"]), width: 10, height: 3)
        XCTAssertEqual(try paneSize(), "10x3")
        let small = try tmux.waitFor(text: "Enlarge")
        XCTAssertTrue(small.contains("10×3"), "the notice gives the size:\n\(small)")
        XCTAssertTrue(try primerIsRunning(), "primer ended at 10x3")
        try tmux.resize(width: 80, height: 24)
        let dashboard = try tmux.waitFor(text: "Exam readiness")
        XCTAssertFalse(dashboard.contains("Enlarge"), dashboard)
        try tmux.send("q")
        try assertEndedCleanly("10x3 then 80x24")
    }

    /// 100 random resizes (2x2 to 200x60) about 10 ms apart (1-2 s in all),
    /// then 80x24: the dashboard comes back, `l` opens the Lessons, q quits with status 0,
    /// and the terminal is restored.
    func testAStormOfResizesLeavesTheAppUsableAndTheTerminalRestored() throws {
        try tmux.start(command: command(["LANG": "C.UTF-8", "TERM": "xterm-256color"]))
        try tmux.waitFor(text: "Exam readiness")
        var rng = SeededGenerator(seed: 100)
        let tmuxCommand = "TERM=xterm-256color \(shellQuote(TmuxSession.tmuxPath)) -S \(shellQuote(tmux.socket))"
        let resizes = (0..<100).map { _ in
            "\(tmuxCommand) resize-window -t \(tmux.name) -x \(Int.random(in: 2...200, using: &rng)) -y \(Int.random(in: 2...60, using: &rng))"
        }
        let script = directory.appendingPathComponent("storm.sh")
        // About 10 ms apart, so primer is redrawing when the next one lands.
        try (resizes.joined(separator: " </dev/null >/dev/null 2>&1 || exit 1\nsleep 0.01\n") + " </dev/null >/dev/null 2>&1\n")
            .write(to: script, atomically: true, encoding: .utf8)
        let status = system("/bin/sh \(shellQuote(script.path))")
        XCTAssertEqual(status, 0, "a resize-window failed")
        XCTAssertTrue(try primerIsRunning(), "primer ended during the storm")

        try tmux.resize(width: 80, height: 24)
        XCTAssertEqual(try paneSize(), "80x24")
        // tmux passes a window's new size on to its pane after a short timer, so during a
        // storm primer may first draw at a size from the middle of it: wait for a frame
        // that fills the 80x24 pane, its footer on the last row.
        try tmux.waitFor("the dashboard at 80x24") { screen in
            let rows = screen.components(separatedBy: "\n")
            return screen.contains("Exam readiness") && !screen.contains("Enlarge") && rows.count >= 24 && rows[23].contains("? help")
        }
        try tmux.send("l")
        let lessons = try tmux.waitFor(text: "Enter read")
        XCTAssertTrue(lessons.components(separatedBy: "\n").first?.hasSuffix(" Lessons") ?? false, "the Lessons title bar:\n\(lessons)")
        XCTAssertGreaterThan(lessons.components(separatedBy: "\n").first?.count ?? 0, 70, "a full-width title bar:\n\(lessons)")
        try tmux.send("Escape")
        try tmux.waitFor(text: "Exam readiness")
        try tmux.send("q")
        try assertEndedCleanly("after the resize storm")
    }
}
