import Foundation

/// A moment's UTC calendar date and time of day, by arithmetic on the proleptic Gregorian
/// calendar (Howard Hinnant's `civil_from_days`). Every command opening the store names
/// today's backup with it: a Foundation `Calendar` and `String(format:)` took 0.75-0.9 ms
/// of each start (a static release program doing only that, five runs), for a value this
/// simple.
struct UTCTime: Equatable {
    var year: Int
    var month: Int
    var day: Int
    var hour: Int
    var minute: Int
    var second: Int

    init(_ date: Date) {
        let seconds = Int(date.timeIntervalSince1970.rounded(.down))
        let (days, secondOfDay) = Self.floorDivision(seconds, 86_400)
        hour = secondOfDay / 3600
        minute = secondOfDay % 3600 / 60
        second = secondOfDay % 60
        // Days since 1970-01-01 to a date: eras of 400 years from 0000-03-01.
        let z = days + 719_468
        let era = Self.floorDivision(z, 146_097).quotient
        let dayOfEra = z - era * 146_097                                                // 0 ... 146096
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)  // from 1 March
        let shiftedMonth = (5 * dayOfYear + 2) / 153                                    // 0 = March
        day = dayOfYear - (153 * shiftedMonth + 2) / 5 + 1
        month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9
        year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
    }

    private static func floorDivision(_ a: Int, _ b: Int) -> (quotient: Int, remainder: Int) {
        let q = a / b, r = a % b
        return r < 0 ? (q - 1, r + b) : (q, r)
    }
}
