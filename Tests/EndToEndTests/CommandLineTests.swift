import Foundation
import XCTest

/// The binary outside a terminal: it must explain itself promptly, never draw garbage.
final class CommandLineTests: XCTestCase {
    var primer: String!

    override func setUpWithError() throws {
        guard let url = Built.primer else { throw XCTSkip("the primer binary was not built") }
        primer = url.path
    }

    func testWithoutATerminalPrimerStudiesInLineMode() throws {
        let home = try Built.temporaryDirectory("pipe")
        defer { try? FileManager.default.removeItem(at: home) }
        let result = try runCommand(primer, [], environment: ["TERM": "xterm-256color", "LANG": "C.UTF-8", "HOME": home.path,
                                                              "PRIMER_DATA_DIR": home.appendingPathComponent("data").path],
                                    stdin: "", timeout: 20)
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertFalse(result.stdout.contains("\u{1B}"), "no escape codes on stdout")
        XCTAssertTrue(result.stdout.contains("Nothing to study yet"), result.stdout)
    }

    func testVersionAndHelp() throws {
        let version = try runCommand(primer, ["--version"])
        XCTAssertEqual(version.status, 0)
        XCTAssertTrue(version.stdout.hasPrefix("0."), version.stdout)
        let help = try runCommand(primer, ["--help"])
        XCTAssertEqual(help.status, 0)
        XCTAssertTrue(help.stdout.contains("check"), help.stdout)
        let tuiHelp = try runCommand(primer, ["help", "tui"])
        XCTAssertTrue(tuiHelp.stdout.contains("--data-dir"), tuiHelp.stdout)
        XCTAssertTrue(tuiHelp.stdout.contains("--content"), tuiHelp.stdout)
    }

    // Defect 15: a mistyped command is named as such, with the nearest names and the list.
    func testAnUnknownCommandIsNamedWithTheNearestOnes() throws {
        let primer = try XCTUnwrap(Built.primer).path
        let plan = try runCommand(primer, ["schedule", "--exam-date", "2027-01-15"], environment: ["HOME": "/tmp"])
        XCTAssertEqual(plan.status, 64)
        XCTAssertTrue(plan.stderr.hasPrefix("primer: unknown command 'schedule'"), plan.stderr)
        XCTAssertTrue(plan.stderr.contains("The commands are: tui, check, "), plan.stderr)
        XCTAssertFalse(plan.stderr.contains("primer tui --help"), plan.stderr)
        let typo = try runCommand(primer, ["plna"], environment: ["HOME": "/tmp"])
        XCTAssertTrue(typo.stderr.contains("did you mean 'plan'?"), typo.stderr)
        let stat = try runCommand(primer, ["--no-color", "stat"], environment: ["HOME": "/tmp"])
        XCTAssertTrue(stat.stderr.contains("did you mean 'stats'?"), stat.stderr)
        // Options before a command are the command's.
        let data = try Built.temporaryDirectory("cmd")
        defer { try? FileManager.default.removeItem(at: data) }
        let before = try runCommand(primer, ["--data-dir", data.path, "lesson", "--plain", "allianc"], environment: ["HOME": "/tmp"])
        XCTAssertEqual(before.status, 1)
        XCTAssertEqual(before.stdout, "")
        XCTAssertTrue(before.stderr.hasPrefix("primer: no lesson 'allianc'; did you mean 'alliance'? (lessons: alliance, "), before.stderr)
    }

    /// `--count -3` read as an option named -3 ("Missing value for '--count'"); and
    /// `--minutes 0` was refused with "must be between 0 and 1440".
    func testNumbersOutOfRangeAreNamedAsSuch() throws {
        let negative = try runCommand(primer, ["quiz", "--count", "-3"], environment: ["HOME": "/tmp"])
        XCTAssertEqual(negative.status, 64)
        XCTAssertEqual(negative.stderr, "primer: --count -3: a negative number is not accepted here\n")
        let zero = try runCommand(primer, ["exam", "--plain", "--minutes", "0"], environment: ["HOME": "/tmp"])
        XCTAssertNotEqual(zero.status, 0)
        XCTAssertTrue(zero.stderr.hasPrefix("primer: --minutes must be more than 0 and at most 1440 (a day)"), zero.stderr)
    }

    func testCheckFindsTheBundledCourseFromAnyDirectory() throws {
        let result = try runCommand(primer, ["check"], currentDirectory: URL(fileURLWithPath: "/"))
        XCTAssertEqual(result.status, 0, result.stdout + result.stderr)
        XCTAssertTrue(result.stdout.contains("10 lessons"), result.stdout)
        XCTAssertTrue(result.stdout.contains("no problems found"), result.stdout)
    }

    /// Installed as the README says (the binary in bin/, the course in share/primer/Content)
    /// and run by name from PATH, where argv[0] is only "primer": the course beside the
    /// binary is found, not the source tree's it was built from.
    func testAnInstalledPrimerRunFromThePathFindsTheCourseBesideIt() throws {
        let root = try Built.temporaryDirectory("installed")
        defer { try? FileManager.default.removeItem(at: root) }
        let bin = root.appendingPathComponent("bin"), share = root.appendingPathComponent("share/primer")
        try FileManager.default.createDirectory(at: bin, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: share, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: URL(fileURLWithPath: primer), to: bin.appendingPathComponent("primer"))
        try FileManager.default.copyItem(at: Built.repository.appendingPathComponent("Content"), to: share.appendingPathComponent("Content"))
        let result = try runCommand("/bin/sh", ["-c", "cd / && primer check"],
                                    environment: ["PATH": "\(bin.path):/usr/bin:/bin", "HOME": root.path])
        XCTAssertEqual(result.status, 0, result.stdout + result.stderr)
        XCTAssertTrue(result.stdout.hasPrefix(share.appendingPathComponent("Content/pakistan-us").path + ":"), result.stdout)
    }

    func testCheckReportsErrorsWithLocationsAndExitsOne() throws {
        let dir = try Built.temporaryDirectory("check")
        defer { try? FileManager.default.removeItem(at: dir) }
        try "---\nid: c\ntitle: C\n---\n## Themes\n- t: T\n".write(to: dir.appendingPathComponent("course.md"), atomically: true, encoding: .utf8)
        try "---\nid: l\ntitle: L\ntheme: x\nordr: 1\n---\nText.\n".write(to: dir.appendingPathComponent("a.md"), atomically: true, encoding: .utf8)
        let result = try runCommand(primer, ["check", dir.path])
        XCTAssertEqual(result.status, 1)
        XCTAssertTrue(result.stdout.contains("\(dir.path)/a.md:4:8: error: unknown theme 'x'"), result.stdout)
        XCTAssertTrue(result.stdout.contains("\(dir.path)/a.md:5:1: error: unknown key 'ordr'; did you mean 'order'?"), result.stdout)
    }

    func testUnknownAndDumbTerminalsFallBackToLineModeWithAReason() throws {
        let dir = try Built.temporaryDirectory("term")
        defer { try? FileManager.default.removeItem(at: dir) }
        guard TmuxSession.isAvailable else { throw XCTSkip("tmux is not installed") }
        for (term, expected) in [("dumb", "cannot move the cursor"), ("no-such-terminal", "not a terminal type"), ("", "TERM is not set")] {
            let tmux = TmuxSession(directory: dir)
            let termSetting = term.isEmpty ? "" : "TERM=\(term)"
            try tmux.start(command: "env -i HOME='\(dir.path)' LANG=C.UTF-8 \(termSetting) PRIMER_DATA_DIR='\(dir.path)/data' '\(primer!)'")
            let screen = try tmux.waitFor(text: "primer-exit-status=")
            XCTAssertTrue(screen.contains(expected), "TERM=\(term):\n\(screen)")
            XCTAssertTrue(screen.contains("continuing in line mode"), screen)
            XCTAssertTrue(screen.contains("Nothing to study yet"), "line mode ran:\n\(screen)")
            XCTAssertTrue(screen.contains("primer-exit-status=0"), screen)
            XCTAssertFalse(screen.contains("\u{1B}"), screen)
            tmux.kill()
        }
    }
}
