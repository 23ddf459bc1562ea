import Foundation
import StudyCore
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The clock primer runs on: the wall-clock time when primer started (or the moment
/// `PRIMER_NOW` names), moved on by a monotonic counter. After the start the system clock
/// is never read again, so setting it back or forward (by hand, by NTP, across a suspend)
/// cannot end an exam early or stretch a wait: every deadline and every wait is measured
/// on this one clock.
public struct SystemClock: StudyClock {
    private let origin: Date
    private let originTicks: Double

    /// Starts at `start`, or at the current wall-clock time.
    public init(start: Date? = nil) {
        origin = start ?? Date()
        originTicks = Self.ticks()
    }

    public func now() -> Date {
        origin.addingTimeInterval(Self.ticks() - originTicks)
    }

    /// Seconds from an arbitrary fixed point, never going back. On Linux CLOCK_BOOTTIME
    /// also counts time asleep, so a laptop closed during an exam still runs the clock.
    static func ticks() -> Double {
        var spec = timespec()
        #if os(Linux)
        clock_gettime(CLOCK_BOOTTIME, &spec)
        #else
        clock_gettime(CLOCK_MONOTONIC, &spec)
        #endif
        return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
    }

    /// The clock for a process: starting at `PRIMER_NOW` when it is set (for tests and
    /// demos), else at the system time. A malformed or out-of-range `PRIMER_NOW` is an
    /// error, never silently ignored.
    public static func fromEnvironment(_ environment: [String: String]) throws -> SystemClock {
        guard let text = environment["PRIMER_NOW"], !text.isEmpty else { return SystemClock() }
        return SystemClock(start: try parseMoment(text, name: "PRIMER_NOW"))
    }

    /// Parses `YYYY-MM-DDTHH:MM:SS[.fff]Z` (or with a ±HH:MM offset) strictly: every field
    /// in range, a year from 1970 to 9999 (what the store and its export can hold).
    public static func parseMoment(_ text: String, name: String) throws -> Date {
        guard let date = ISO8601Moment.parse(text) else {
            throw ClockError(message: "\(name) is '\(text)', not a time such as 2026-03-01T09:00:00Z (UTC, or with an offset like +05:00)")
        }
        guard date >= ISO8601Moment.earliest, date < ISO8601Moment.latest else {
            throw ClockError(message: "\(name) is '\(text)', outside the years 1970 to 9999 that primer can store")
        }
        return date
    }
}

public struct ClockError: Error, CustomStringConvertible, Sendable {
    public var message: String
    public var description: String { message }
}

/// A strict ISO 8601 date-time parser: calendar dates that exist, times within the day.
enum ISO8601Moment {
    /// "2026-03-01T09:00:00.000Z": what `parse` reads back exactly (to the millisecond).
    static func string(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let ms = Int64((date.timeIntervalSince1970 * 1000).rounded())
        let seconds = ms >= 0 ? ms / 1000 : (ms - 999) / 1000   // floored
        let millis = ms - seconds * 1000
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second],
                                        from: Date(timeIntervalSince1970: Double(seconds)))
        return String(format: "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", c.year ?? 0, c.month ?? 0, c.day ?? 0,
                      c.hour ?? 0, c.minute ?? 0, c.second ?? 0, Int(millis))
    }

    static let earliest = Date(timeIntervalSince1970: 0)
    static let latest = Date(timeIntervalSince1970: 253_402_300_800)   // 10000-01-01T00:00:00Z

    static func parse(_ text: String) -> Date? {
        let bytes = Array(text.utf8)
        func digits(_ from: Int, _ count: Int) -> Int? {
            guard from + count <= bytes.count else { return nil }
            var value = 0
            for b in bytes[from..<from + count] {
                guard b >= 48 && b <= 57 else { return nil }
                value = value * 10 + Int(b - 48)
            }
            return value
        }
        func byte(_ i: Int, is c: Character) -> Bool { i < bytes.count && bytes[i] == c.asciiValue! }
        guard let year = digits(0, 4), byte(4, is: "-"), let month = digits(5, 2), byte(7, is: "-"),
              let day = digits(8, 2), byte(10, is: "T") || byte(10, is: "t") || byte(10, is: " "),
              let hour = digits(11, 2), byte(13, is: ":"), let minute = digits(14, 2), byte(16, is: ":"),
              let second = digits(17, 2) else { return nil }
        var i = 19
        var fraction = 0.0
        if byte(i, is: ".") {
            i += 1
            var scale = 0.1
            let start = i
            while i < bytes.count, bytes[i] >= 48 && bytes[i] <= 57 {
                fraction += Double(bytes[i] - 48) * scale
                scale /= 10
                i += 1
            }
            if i == start { return nil }
        }
        var offsetSeconds = 0
        if byte(i, is: "Z") || byte(i, is: "z") {
            i += 1
        } else if byte(i, is: "+") || byte(i, is: "-") {
            let sign = byte(i, is: "-") ? -1 : 1
            guard let oh = digits(i + 1, 2), byte(i + 3, is: ":"), let om = digits(i + 4, 2), oh < 24, om < 60 else { return nil }
            offsetSeconds = sign * (oh * 3600 + om * 60)
            i += 6
        } else {
            return nil
        }
        guard i == bytes.count else { return nil }
        guard (1...12).contains(month), day >= 1, day <= daysIn(month: month, year: year),
              hour < 24, minute < 60, second < 60 else { return nil }
        let days = daysFromCivil(year: year, month: month, day: day)
        let seconds = Double(days * 86_400 + hour * 3600 + minute * 60 + second - offsetSeconds) + fraction
        return Date(timeIntervalSince1970: seconds)
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Howard Hinnant's days-from-civil (proleptic Gregorian calendar).
    static func daysFromCivil(year y0: Int, month m: Int, day d: Int) -> Int {
        let y = m <= 2 ? y0 - 1 : y0
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }
}
