import ArgumentParser
import Foundation
import LearnerStore
import StudyCore
import StudyServices
import TerminalUI

/// `primer class status`: who is in the class now (their primer is running on this
/// machine), since when and from where, and how the live quiz stands if one is running.
struct ClassStatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Who is connected now, since when and from where; the live quiz, if one is running.",
        discussion: """
            Connected means a primer of theirs is running on this machine now (a session \
            sshd started for their key). FROM is the address their SSH client connected from, \
            when this account can read it. A live quiz line says which question is open and how \
            many of those who joined have answered it.
            """)

    @OptionGroup var options: ClassOptions

    func run() throws {
        let site = try options.site()
        try site.requireFolder()
        let learners = try site.learners()
        let sessions = ClassSessions.sessions(learners)
        let now = Clock.now()
        Streams.line(Self.report(learners: learners.map(\.learner), sessions: sessions, classPath: site.classPath))
        Streams.line(try Self.liveLine(folder: site.folder, now: now))
    }

    /// The connected learners as a table, then who is not connected.
    static func report(learners: [String], sessions: [String: [ClassSessions.Session]], classPath: String) -> String {
        let connected = learners.filter { sessions[$0]?.isEmpty == false }
        var lines = ["Class \(classPath): \(connected.count) of \(StoreCommandSupport.plural(learners.count, "learner")) connected."]
        if !connected.isEmpty {
            let header = ["NAME", "SINCE", "FROM", "SESSIONS"]
            let rows = connected.map { name -> [String] in
                let mine = sessions[name] ?? []
                return [name, mine.first?.started.map(StoreCommandSupport.localDateTime) ?? "?",
                        Array(Set(mine.compactMap(\.client))).sorted().joined(separator: ", ").nonEmpty ?? "-", "\(mine.count)"]
            }
            lines += table([header] + rows)
        }
        let absent = learners.filter { sessions[$0]?.isEmpty != false }
        if !absent.isEmpty { lines.append("Not connected: " + absent.joined(separator: ", ") + ".") }
        return lines.joined(separator: "\n")
    }

    /// Rows aligned by display width (names may be in any script).
    static func table(_ rows: [[String]]) -> [String] {
        let widths = (0..<(rows.first?.count ?? 0)).map { column in rows.map { DisplayWidth.of($0[column]) }.max() ?? 0 }
        return rows.map { cells in
            cells.enumerated().map { column, cell in
                column == cells.count - 1 ? cell : cell + String(repeating: " ", count: max(0, widths[column] - DisplayWidth.of(cell)))
            }.joined(separator: "  ")
        }
    }

    /// The running live quiz, read from the class store without writing to it (no backup).
    static func liveLine(folder: ClassFolder, now: Date) throws -> String {
        let data = folder.data
        guard FileManager.default.fileExists(atPath: data.appendingPathComponent("primer.sqlite").path) else {
            return "No live quiz running (no learner has started primer in this class yet)."
        }
        // Opening the store as root would leave root's files beside the learners' data.
        do { try GlobalOptions.refuseRootInAccountsClass(folder) } catch let error as PrimerError {
            return "The live quiz was not read: \(error.description)."
        }
        let store = try LearnerStore.open(directory: data, now: now, options: .init(automaticBackups: false))
        defer { StoreCommandSupport.close(store) }
        guard let quiz = try store.openLiveQuizzes().first,
              let room = try store.liveRoom(quiz: quiz.id, at: now) else { return "No live quiz running." }
        guard store.liveTutorState(quiz: quiz.id) == .gone else { return describe(room, now: now) }
        // Killed, or its connection cut: learners' primers end such a quiz when they next look.
        return describe(room, now: now) + " Its tutor's primer is no longer running: the first learner's primer to look "
            + "ends it, and 'primer live' starts a new one."
    }

    static func describe(_ room: LiveRoom, now: Date) -> String {
        let quiz = room.quiz
        let joined = room.participants.count, connected = room.participants.filter(\.connected).count
        let people = "\(joined) joined, \(connected) connected"
        switch quiz.phase {
        case .waiting:
            return "Live quiz \"\(quiz.title)\": waiting to start; \(people)."
        case .question:
            let left = quiz.deadline.map { deadline -> String in
                let seconds = max(0, Int(deadline.timeIntervalSince(now).rounded(.up)))
                return " (" + String(format: "%d:%02d", seconds / 60, seconds % 60) + " left)"
            } ?? ""
            return "Live quiz \"\(quiz.title)\": question \(quiz.questionIndex + 1) of \(quiz.paper.count) open\(left); "
                + "\(room.currentAnswers.count) of \(joined) answered; \(people)."
        case .revealed:
            return "Live quiz \"\(quiz.title)\": question \(quiz.questionIndex + 1) of \(quiz.paper.count) revealed; "
                + "\(room.currentAnswers.filter(\.correct).count) of \(room.currentAnswers.count) answers right; \(people)."
        case .ended:
            return "Live quiz \"\(quiz.title)\": ended."
        }
    }
}

private extension String {
    var nonEmpty: String? { isEmpty ? nil : self }
}
