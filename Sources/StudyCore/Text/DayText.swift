import Foundation

/// "Tue 8 Dec": a day as the figures name their horizon, in the learner's zone, in English
/// whatever the system locale (the rest of primer's text is English too).
public enum DayText {
    static let weekdays = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
    static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    public static func short(_ date: Date, zone: TimeZone) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let c = calendar.dateComponents([.weekday, .day, .month], from: date)
        let weekday = weekdays[((c.weekday ?? 1) - 1) % 7]
        let month = months[((c.month ?? 1) - 1) % 12]
        return "\(weekday) \(c.day ?? 1) \(month)"
    }

    /// `short`, with the year when it is not `now`'s ("Fri 1 Jan 2027" in December 2026):
    /// for dates that may lie in another year, such as an exam's.
    public static func short(_ date: Date, zone: TimeZone, from now: Date?) -> String {
        guard let now else { return short(date, zone: zone) }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let year = calendar.component(.year, from: date)
        return year == calendar.component(.year, from: now) ? short(date, zone: zone) : short(date, zone: zone) + " \(year)"
    }

    /// "2026-12-08" in `zone`.
    public static func iso(_ date: Date, zone: TimeZone) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let c = calendar.dateComponents([.year, .month, .day], from: date)
        return String(format: "%04d-%02d-%02d", c.year ?? 0, c.month ?? 0, c.day ?? 0)
    }
}
