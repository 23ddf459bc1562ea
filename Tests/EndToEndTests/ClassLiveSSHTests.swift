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
