import Foundation

/// The executable's one source of the current time. `PRIMER_NOW` (an ISO 8601 time,
/// e.g. 2026-03-01T09:00:00Z) starts the clock at that moment and lets it run on from
/// there: tests and demos can sit a learner on any day without touching the system clock.
enum Clock {
    private static let started = Date()
    private static let base: Date? = {
        guard let text = ProcessInfo.processInfo.environment["PRIMER_NOW"], !text.isEmpty else { return nil }
        let formatter = ISO8601DateFormatter()
        if let date = formatter.date(from: text) { return date }
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.date(from: text)
    }()

    static func now() -> Date {
        guard let base else { return Date() }
        return base.addingTimeInterval(Date().timeIntervalSince(started))
    }
}
