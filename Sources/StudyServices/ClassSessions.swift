import Foundation

/// Which of a class's learners are in primer right now: a process running exactly the
/// command of their authorized_keys line (sshd's shell runs it, or execs into it, with
/// these arguments). Read from /proc, so Linux only; elsewhere nobody is ever shown.
public enum ClassSessions {
    /// How many processes run each learner's command, by learner name (absent: none).
    public static func running(_ learners: [ClassLearnerKey], proc: URL = URL(fileURLWithPath: "/proc")) -> [String: Int] {
        guard !learners.isEmpty else { return [:] }
        var byArguments: [[String]: String] = [:]
        for learner in learners { byArguments[learner.arguments] = learner.learner }
        var counts: [String: Int] = [:]
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: proc.path)) ?? []
        for entry in entries where entry.allSatisfy(\.isNumber) {
            guard let data = FileManager.default.contents(atPath: proc.appendingPathComponent(entry).appendingPathComponent("cmdline").path),
                  let name = byArguments[arguments(cmdline: [UInt8](data))] else { continue }
            counts[name, default: 0] += 1
        }
        return counts
    }

    /// The arguments in a /proc/PID/cmdline: NUL-terminated strings.
    public static func arguments(cmdline: [UInt8]) -> [String] {
        var pieces = cmdline.split(separator: 0, omittingEmptySubsequences: false)
        if pieces.last?.isEmpty == true { pieces.removeLast() }
        return pieces.map { String(decoding: $0, as: UTF8.self) }
    }
}
