import Foundation

/// primer's one source of "now". The core never reads the time: it is handed dates. Everything
/// that does read time (answer times, exam deadlines, timers, waits for input, the interface's
/// tick) asks the same clock, so a deadline computed on it is also waited for on it, and a
/// system clock that jumps cannot end an exam early or make a wait loop forever.
public protocol StudyClock: Sendable {
    func now() -> Date
}

/// A clock that moves only when told: for tests, and for simulations that step through days.
public final class ManualClock: StudyClock, @unchecked Sendable {
    private let lock = NSLock()
    private var current: Date

    public init(_ start: Date) { current = start }

    public func now() -> Date {
        lock.lock()
        defer { lock.unlock() }
        return current
    }

    public func advance(by seconds: TimeInterval) {
        lock.lock()
        current = current.addingTimeInterval(seconds)
        lock.unlock()
    }

    public func set(_ date: Date) {
        lock.lock()
        current = date
        lock.unlock()
    }
}
