import Foundation
import StudyServices
import TerminalUI

/// A class's learners as its keys file and the running processes show them: what
/// `primer class list` prints, kept apart so other class commands can use it.
struct ClassRoster {
    struct Member {
        let key: ClassLearnerKey
        /// How many primer sessions of theirs are running now (0: not connected).
        let sessions: Int
    }

    let members: [Member]

    static func load(_ site: ClassSite) throws -> ClassRoster {
        let learners = try site.learners()
        let running = ClassSessions.running(learners)
        return ClassRoster(members: learners.map { Member(key: $0, sessions: running[$0.learner] ?? 0) })
    }

    /// NAME, KEY, FINGERPRINT, CONNECTED: a plain-text table aligned by display width.
    var table: String {
        let header = ["NAME", "KEY", "FINGERPRINT", "CONNECTED"]
        let rows = members.map { member in
            [member.key.learner, member.key.key.type, member.key.key.fingerprint,
             member.sessions == 0 ? "no" : member.sessions == 1 ? "yes" : "yes (\(member.sessions) sessions)"]
        }
        let widths = (0..<header.count).map { column in ([header] + rows).map { DisplayWidth.of($0[column]) }.max() ?? 0 }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { column, cell in
                column == cells.count - 1 ? cell : cell + String(repeating: " ", count: max(0, widths[column] - DisplayWidth.of(cell)))
            }.joined(separator: "  ")
        }
        return ([line(header)] + rows.map(line)).joined(separator: "\n")
    }
}
