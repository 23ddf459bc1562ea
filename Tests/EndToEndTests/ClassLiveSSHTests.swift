import Foundation
import XCTest

/// The live quiz over real SSH connections (issue 17): the tutor runs `primer live` in one
/// terminal, three learners log in with `ssh -t` in three more; they join, answer two
/// questions (one learner's connection is cut in the middle of the first and they log in
/// again), see the reveal and the end; the class's data holds every answer given, each
/// learner's in one exam session. Uses `ClassSSHTests`' private sshd.
extension ClassSSHTests {
    func testALiveQuizWithATutorAndThreeLearnersOverSSH() throws {
        guard TmuxSession.isAvailable else { throw XCTSkip("tmux is not installed (.ci/run installs it)") }
        for name in ["bo", "cy"] {
            try makeKey(name)
            try primerSucceeds(["class", "add", name, "--key", key(name) + ".pub",
                                "--class", classDir.path, "--authorized-keys", keysFile.path])
        }
        let preset = directory.appendingPathComponent("friday.preset")
        try "title: Friday live\ncount: 2\nseed: 11\n".write(to: preset, atomically: true, encoding: .utf8)

        var terminals: [TmuxSession] = []
        defer { for terminal in terminals { terminal.kill() } }
        func terminal(_ command: [String]) throws -> TmuxSession {
            let session = TmuxSession(directory: directory)
            terminals.append(session)
            try session.start(command: "env -i PATH=/usr/bin:/bin TERM=xterm-256color HOME=\(shellQuote(directory.path)) "
                              + command.map(shellQuote).joined(separator: " "), width: 100, height: 30)
            return session
        }
        func learner(_ keyName: String) throws -> TmuxSession {
            try terminal([Self.ssh] + sshOptions(key: keyName) + ["-t", destination])
        }

        let tutor = try terminal([primer, "live", "--class", classDir.path, "--preset", preset.path, "--seconds", "600"])
        try tutor.waitFor(text: "Learners join", timeout: 60)
        let ana = try learner("ana"), bo = try learner("bo")
        var cy = try learner("cy")
        for screen in [ana, bo, cy] { try screen.waitFor(text: "Waiting for your tutor to start", timeout: 60) }
        try tutor.waitFor(text: "3 joined, 3 connected", timeout: 30)

        // Question 1: two answer; cy's connection is cut before answering, and cy comes back.
        try tutor.send("n")
        for screen in [ana, bo, cy] { try screen.waitFor(text: "Question 1 of 2", timeout: 30) }
        try ana.send("1"); try ana.send("Enter")
        try bo.send("2"); try bo.send("Enter")
        for screen in [ana, bo] { try screen.waitFor(text: "Answer sent", timeout: 30) }
        try tutor.waitFor(text: "2 of 3 answered", timeout: 30)
        cy.kill()                                   // the connection drops
        cy = try learner("cy")                      // and cy logs in again
        try cy.waitFor(text: "Question 1 of 2", timeout: 60)
        try cy.send("1"); try cy.send("Enter")
        try cy.waitFor(text: "Answer sent", timeout: 30)
        try tutor.waitFor(text: "3 of 3 answered", timeout: 30)
        try tutor.send("r")
        for screen in [ana, bo, cy] {
            try screen.waitFor("the reveal", timeout: 30) { $0.contains("You were right.") || $0.contains("Not this time.") }
        }

        // Question 2, then the end; Ana's window shrinks to the minimum meanwhile (the new size
        // travels through ssh and sshd to her primer).
        try ana.resize(width: 40, height: 12)
        try tutor.send("n")
        try ana.waitFor("question 2 at 40x12", timeout: 30) { screen in
            // Laid out for 40 columns: the title bar's right end (the screen's name) is in view.
            screen.contains("Question 2 of 2") && (screen.components(separatedBy: "\n").first?.hasSuffix("Live quiz") ?? false)
        }
        try ana.resize(width: 100, height: 30)
        for screen in [ana, bo, cy] {
            try screen.waitFor(text: "Question 2 of 2", timeout: 30)
            try screen.send("1"); try screen.send("Enter")
        }
        try tutor.waitFor(text: "3 of 3 answered", timeout: 30)
        try tutor.send("n")                         // reveals
        try tutor.waitFor(text: "answers right", timeout: 30)
        try tutor.send("n")                         // ends
        try tutor.waitFor(text: "The quiz is over", timeout: 30)
        for screen in [ana, bo, cy] { try screen.waitFor(text: "The quiz is over: you got", timeout: 30) }

        // Every answer given is stored, each learner's in one session with the quiz's paper.
        let csv = try primerSucceeds(["results", "--class", classDir.path, "--format", "csv"])
        let rows = try XCTUnwrap(CSVRows.parse(csv))
        let header = try XCTUnwrap(rows.first)
        let column = { (name: String) in try XCTUnwrap(header.firstIndex(of: name)) }
        let (learnerColumn, sessionColumn, presetColumn, answeredColumn) =
            (try column("learner"), try column("session"), try column("preset"), try column("answered"))
        let quizRows = rows.dropFirst().filter { $0.count == header.count && $0[presetColumn] == "Friday live" }
        XCTAssertEqual(quizRows.filter { $0[answeredColumn] == "true" }.count, 6, "two answers from each of three learners")
        for name in [Self.learner, "bo", "cy"] {
            let sessions = Set(quizRows.filter { $0[learnerColumn] == name }.map { $0[sessionColumn] })
            XCTAssertEqual(sessions.count, 1, "\(name): one exam session for the quiz, across a reconnection")
        }
    }
}

extension ClassSSHTests {
    /// The tutor's primer killed outright (SIGKILL: none of its code runs) in the middle of a
    /// question: the learner is not left looking at it forever; their primer sees the tutor
    /// is gone and ends the quiz, and their exam session is finished.
    func testALearnerIsNotLeftWaitingWhenTheTutorsPrimerIsKilled() throws {
        guard TmuxSession.isAvailable else { throw XCTSkip("tmux is not installed (.ci/run installs it)") }
        let preset = directory.appendingPathComponent("monday.preset")
        try "title: Monday live\ncount: 2\nseed: 3\n".write(to: preset, atomically: true, encoding: .utf8)
        let tutor = TmuxSession(directory: directory), ana = TmuxSession(directory: directory)
        defer { tutor.kill(); ana.kill() }
        let environment = "env -i PATH=/usr/bin:/bin TERM=xterm-256color HOME=\(shellQuote(directory.path)) "
        try tutor.start(command: environment + [primer, "live", "--class", classDir.path, "--preset", preset.path, "--seconds", "600"]
                            .map(shellQuote).joined(separator: " "), width: 100, height: 30)
        try tutor.waitFor(text: "Learners join", timeout: 60)
        try ana.start(command: environment + ([Self.ssh] + sshOptions(key: "ana") + ["-t", destination]).map(shellQuote).joined(separator: " "),
                      width: 100, height: 30)
        try ana.waitFor(text: "Waiting for your tutor to start", timeout: 60)
        try tutor.waitFor(text: "1 joined, 1 connected", timeout: 30)
        try tutor.send("n")
        try ana.waitFor(text: "Question 1 of 2", timeout: 30)
        try ana.send("1"); try ana.send("Enter")
        try ana.waitFor(text: "Answer sent", timeout: 30)
        try tutor.waitFor(text: "1 of 1 answered", timeout: 30)

        try killWithSIGKILL(primerIn: tutor)
        try ana.waitFor(text: "The quiz is over: you got", timeout: 30)
        try ana.waitFor(text: "It ended early: your tutor's primer stopped.", timeout: 30)
        // The learner's answer is kept, in an exam session for the quiz that has been finished.
        let csv = try primerSucceeds(["results", "--class", classDir.path, "--format", "csv"])
        let rows = try XCTUnwrap(CSVRows.parse(csv))
        let header = try XCTUnwrap(rows.first)
        let presetColumn = try XCTUnwrap(header.firstIndex(of: "preset")), answered = try XCTUnwrap(header.firstIndex(of: "answered"))
        let quizRows = rows.dropFirst().filter { $0.count == header.count && $0[presetColumn] == "Monday live" }
        XCTAssertEqual(quizRows.count, 2, "both questions of the quiz, in the learner's session:\n\(csv)")
        XCTAssertEqual(quizRows.filter { $0[answered] == "true" }.count, 1)
    }

    /// With no learner connected to end it, `primer class status` tells the tutor that the
    /// quiz's tutor process is gone.
    func testClassStatusSaysWhenTheTutorsPrimerIsGone() throws {
        guard TmuxSession.isAvailable else { throw XCTSkip("tmux is not installed (.ci/run installs it)") }
        let preset = directory.appendingPathComponent("tuesday.preset")
        try "title: Tuesday live\ncount: 2\nseed: 5\n".write(to: preset, atomically: true, encoding: .utf8)
        let tutor = TmuxSession(directory: directory)
        defer { tutor.kill() }
        try tutor.start(command: "env -i PATH=/usr/bin:/bin TERM=xterm-256color HOME=\(shellQuote(directory.path)) "
                            + [primer, "live", "--class", classDir.path, "--preset", preset.path].map(shellQuote).joined(separator: " "),
                        width: 100, height: 30)
        try tutor.waitFor(text: "Learners join", timeout: 60)
        let running = try primerSucceeds(["class", "status", "--class", classDir.path])
        XCTAssertTrue(running.contains("Live quiz \"Tuesday live\": waiting to start"), running)
        XCTAssertFalse(running.contains("no longer running"), running)

        try killWithSIGKILL(primerIn: tutor)
        let gone = try primerSucceeds(["class", "status", "--class", classDir.path])
        XCTAssertTrue(gone.contains("Live quiz \"Tuesday live\": waiting to start"), gone)
        XCTAssertTrue(gone.contains("Its tutor's primer is no longer running"), gone)
    }

    /// SIGKILLs the primer running in `session`'s pane (none of its code runs after) and
    /// returns once the pane's shell has reaped it: the wait is for that state, the limit
    /// only guards a hang.
    func killWithSIGKILL(primerIn session: TmuxSession, file: StaticString = #filePath, line: UInt = #line) throws {
        let shell = try XCTUnwrap(Int32(try session.tmux(["display-message", "-p", "-t", session.name, "#{pane_pid}"])
                                            .trimmingCharacters(in: .whitespacesAndNewlines)), file: file, line: line)
        let primer = try XCTUnwrap(Self.children(of: shell).first, "primer runs under the pane's shell", file: file, line: line)
        XCTAssertEqual(kill(primer, SIGKILL), 0, file: file, line: line)
        let deadline = Date().addingTimeInterval(30)
        while Self.children(of: shell).contains(primer) && Date() < deadline { usleep(20_000) }
        XCTAssertFalse(Self.children(of: shell).contains(primer), "primer ended", file: file, line: line)
    }

    /// The processes whose parent is `pid` (from /proc: no procps needed on a fresh machine).
    static func children(of pid: Int32) -> [Int32] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.compactMap(Int32.init).filter { child in
            guard let stat = try? String(contentsOfFile: "/proc/\(child)/stat", encoding: .utf8),
                  let close = stat.lastIndex(of: ")") else { return false }
            // After "(name)": state, then the parent's pid.
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            return fields.count > 1 && Int32(fields[1]) == pid
        }
    }
}

/// Rows of the CSV `primer results` writes (quoted fields may hold commas and line breaks).
enum CSVRows {
    static func parse(_ text: String) -> [[String]]? {
        var rows: [[String]] = [], row: [String] = [], field = "", quoted = false
        var characters = Array(text)[...]
        while let character = characters.popFirst() {
            if quoted {
                if character == "\"" {
                    if characters.first == "\"" { field.append("\""); characters.removeFirst() } else { quoted = false }
                } else {
                    field.append(character)
                }
                continue
            }
            switch character {
            case "\"": quoted = true
            case ",": row.append(field); field = ""
            case "\n", "\r\n": row.append(field); rows.append(row); row = []; field = ""   // "\r\n" is one Character
            default: field.append(character)
            }
        }
        if quoted { return nil }
        if !field.isEmpty || !row.isEmpty { row.append(field); rows.append(row) }
        return rows
    }
}
