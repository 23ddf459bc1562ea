import Foundation
import StudyCore
import StudyServices

/// The process's one clock (see `SystemClock`): started at `PRIMER_NOW` when it is set,
/// else at the system time, and moved on by a monotonic counter. Everything that reads
/// the time (answers, deadlines, the interface's tick, waits for input) reads this one.
enum Clock {
    nonisolated(unsafe) private(set) static var shared = SystemClock()

    /// Called once, first thing: a malformed `PRIMER_NOW` stops primer with a clear message.
    static func configure(environment: [String: String]) throws {
        shared = try SystemClock.fromEnvironment(environment)
    }

    static func now() -> Date { shared.now() }
}
