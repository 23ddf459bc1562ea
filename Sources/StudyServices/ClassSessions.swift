import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Which of a class's learners are in primer right now: a process running exactly the
/// command of their authorized_keys line (sshd's shell runs it, or execs into it, with
/// these arguments). Read from /proc, so Linux only; elsewhere nobody is ever shown.
public enum ClassSessions {
    /// One running session of a learner's.
    public struct Session: Equatable, Sendable {
        public var pid: Int32
        /// When the process started (nil when /proc does not say).
        public var started: Date?
        /// The SSH client's address (from the session's SSH_CONNECTION; nil when not over
        /// SSH or not readable by this account).
        public var client: String?
    }

    /// How many processes run each learner's command, by learner name (absent: none).
    public static func running(_ learners: [ClassLearnerKey], proc: URL = URL(fileURLWithPath: "/proc")) -> [String: Int] {
        sessions(learners, proc: proc).mapValues(\.count)
    }

    /// Each learner's running sessions, oldest first, by learner name (absent: none).
    public static func sessions(_ learners: [ClassLearnerKey], proc: URL = URL(fileURLWithPath: "/proc")) -> [String: [Session]] {
        guard !learners.isEmpty else { return [:] }
        var byArguments: [[String]: String] = [:]
        for learner in learners { byArguments[learner.arguments] = learner.learner }
        var found: [String: [Session]] = [:]
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: proc.path)) ?? []
        let boot = bootTime(proc: proc)
        for entry in entries where entry.allSatisfy(\.isNumber) {
            let folder = proc.appendingPathComponent(entry)
            guard let pid = Int32(entry),
                  let data = FileManager.default.contents(atPath: folder.appendingPathComponent("cmdline").path),
                  let name = byArguments[arguments(cmdline: [UInt8](data))] else { continue }
            let stat = FileManager.default.contents(atPath: folder.appendingPathComponent("stat").path)
            let environ = FileManager.default.contents(atPath: folder.appendingPathComponent("environ").path)
            found[name, default: []].append(Session(pid: pid, started: stat.flatMap { started(stat: [UInt8]($0), boot: boot) },
                                                    client: environ.flatMap { client(environ: [UInt8]($0)) }))
        }
        return found.mapValues { $0.sorted { ($0.started ?? .distantPast, $0.pid) < ($1.started ?? .distantPast, $1.pid) } }
    }

    /// The arguments in a /proc/PID/cmdline: NUL-terminated strings.
    public static func arguments(cmdline: [UInt8]) -> [String] {
        var pieces = cmdline.split(separator: 0, omittingEmptySubsequences: false)
        if pieces.last?.isEmpty == true { pieces.removeLast() }
        return pieces.map { String(decoding: $0, as: UTF8.self) }
    }

    /// The start of a process from /proc/PID/stat: field 22, clock ticks after boot. The
    /// fields are counted after the last ')' because the command name (field 2) may hold
    /// spaces and parentheses.
    public static func started(stat: [UInt8], boot: Date?, ticksPerSecond: Int = Int(sysconf(Int32(_SC_CLK_TCK)))) -> Date? {
        guard let boot, ticksPerSecond > 0, let close = stat.lastIndex(of: UInt8(ascii: ")")) else { return nil }
        let fields = stat[(close + 1)...].split(separator: UInt8(ascii: " "))
        // After ')' come field 3 (state) onwards, so field 22 is the 20th.
        guard fields.count >= 20, let ticks = Double(String(decoding: fields[19], as: UTF8.self)) else { return nil }
        return boot.addingTimeInterval(ticks / Double(ticksPerSecond))
    }

    /// The SSH client's address from a process's environment (SSH_CONNECTION is
    /// "client port server port"; SSH_CLIENT, older, "client port server-port").
    public static func client(environ: [UInt8]) -> String? {
        let variables = arguments(cmdline: environ)
        for key in ["SSH_CONNECTION=", "SSH_CLIENT="] {
            if let value = variables.first(where: { $0.hasPrefix(key) })?.dropFirst(key.count),
               let address = value.split(separator: " ").first, !address.isEmpty {
                return String(address)
            }
        }
        return nil
    }

    /// When the machine booted (/proc/stat's btime).
    static func bootTime(proc: URL) -> Date? {
        guard let text = try? String(contentsOf: proc.appendingPathComponent("stat"), encoding: .utf8) else { return nil }
        for line in text.split(separator: "\n") where line.hasPrefix("btime ") {
            return Double(line.dropFirst(6).trimmingCharacters(in: .whitespaces)).map { Date(timeIntervalSince1970: $0) }
        }
        return nil
    }
}
