import Foundation
import StudyCore

/// The export document, version 1 (see EXPORT_FORMAT.md beside this file). These
/// types are the format: changing a field means a new `version`.
struct ExportDocument: Codable, Equatable {
    static let formatName = "primer-export"
    static let currentVersion = 1

    var format: String
    var version: Int
    var learners: [ExportLearner]
}

struct ExportLearner: Codable, Equatable {
    var name: String
    var createdAt: Date
    var reviews: [ExportReview]
    var sessions: [ExportSession]
    var lessonsRead: [ExportLesson]
    var settings: [String: String]
}

struct ExportReview: Codable, Equatable {
    var id: String
    var course: String
    var question: String
    var reviewedAt: Date
    var rating: ExportRating
    var shown: [String]
    var chosen: [String]
    var correct: Bool
    var responseMilliseconds: Int
    var session: String?
    var affectsSchedule: Bool
    /// Added in 0.2 (optional, so older documents still read): the model's prediction.
    var predicted: Double?

    init(_ r: ReviewRecord) {
        id = r.id; course = r.courseID; question = r.questionID; reviewedAt = r.reviewedAt
        rating = ExportRating(r.rating); shown = r.shown; chosen = r.chosen; correct = r.correct
        responseMilliseconds = r.responseMilliseconds; session = r.sessionID; affectsSchedule = r.affectsSchedule
        predicted = r.predicted
    }

    var record: ReviewRecord {
        ReviewRecord(id: id, courseID: course, questionID: question, reviewedAt: reviewedAt, rating: rating.rating,
                     shown: shown, chosen: chosen, correct: correct, responseMilliseconds: responseMilliseconds,
                     sessionID: session, affectsSchedule: affectsSchedule, predicted: predicted)
    }
}

/// Ratings by name ("again", "hard", "good", "easy"): readable, and independent of
/// FSRS's numbering.
enum ExportRating: String, Codable, Equatable {
    case again, hard, good, easy
    init(_ rating: Rating) {
        switch rating {
        case .again: self = .again
        case .hard: self = .hard
        case .good: self = .good
        case .easy: self = .easy
        }
    }
    var rating: Rating {
        switch self {
        case .again: .again
        case .hard: .hard
        case .good: .good
        case .easy: .easy
        }
    }
}

struct ExportSession: Codable, Equatable {
    var id: String
    var course: String
    /// Kept as text: a kind from a newer primer survives a round trip through this one.
    var kind: String
    var startedAt: Date
    var finishedAt: Date?
    var score: Double?
    var answered: Int
    var correct: Int
    var preset: String?
    /// Added in 0.2 (optional): an exam's questions set, how it ended, and its paper.
    var questions: Int?
    var outcome: String?
    var paper: [String]?
}

struct ExportLesson: Codable, Equatable {
    var course: String
    var lesson: String
    var readAt: Date
}

/// ISO 8601 in UTC with exactly three fractional digits ("2025-03-01T09:30:00.250Z"):
/// the store's millisecond resolution, so dates round-trip exactly, and computed by
/// hand so the text never depends on locale or platform formatters.
enum ISO8601Millis {
    static func string(_ date: Date) -> String {
        let ms = Millis.from(date)
        let (days, msOfDay) = floorDivide(ms, 86_400_000)
        let (y, m, d) = civil(fromDays: days)
        let h = msOfDay / 3_600_000, min = msOfDay / 60_000 % 60, s = msOfDay / 1000 % 60, frac = msOfDay % 1000
        return String(format: "%04lld-%02lld-%02lldT%02lld:%02lld:%02lld.%03lldZ", y, m, d, h, min, s, frac)
    }

    /// Parses `YYYY-MM-DDTHH:MM:SS[.fff…]Z` or with a `±HH:MM` offset. Digits beyond
    /// milliseconds are rounded.
    static func date(_ text: String) -> Date? {
        var text = text
        return text.withUTF8 { millis($0) }.map { Millis.date($0) }
    }

    /// The same, from UTF-8 bytes, in milliseconds since 1970: import reads every review's
    /// date this way, without making a string (a regular expression cost more than the
    /// rest of reading a review).
    static func millis(_ b: UnsafeBufferPointer<UInt8>) -> Int64? {
        func number(_ from: Int, _ count: Int) -> Int64? {
            var value: Int64 = 0
            for i in from..<from + count {
                guard b[i] >= 0x30 && b[i] <= 0x39 else { return nil }
                value = value * 10 + Int64(b[i] - 0x30)
            }
            return value
        }
        guard b.count >= 20, b[4] == 0x2D, b[7] == 0x2D, b[10] == 0x54, b[13] == 0x3A, b[16] == 0x3A,
              let y = number(0, 4), let mo = number(5, 2), let d = number(8, 2),
              let h = number(11, 2), let mi = number(14, 2), let s = number(17, 2),
              (1...12).contains(mo), (1...31).contains(d), h < 24, mi < 60, s < 61 else { return nil }
        var i = 19
        var fraction: Int64 = 0
        if b[i] == 0x2E {
            var end = i + 1
            while end < b.count, b[end] >= 0x30 && b[end] <= 0x39 { end += 1 }
            guard end > i + 1, let ms = fractionMillis(b, i + 1, end) else { return nil }
            fraction = ms
            i = end
        }
        var zone: Int64 = 0
        if i == b.count - 1, b[i] == 0x5A {
            zone = 0
        } else if i == b.count - 6, b[i] == 0x2B || b[i] == 0x2D, b[i + 3] == 0x3A,
                  let zh = number(i + 1, 2), let zm = number(i + 4, 2) {
            zone = (b[i] == 0x2D ? -1 : 1) * (zh * 3600 + zm * 60) * 1000
        } else {
            return nil
        }
        return (days(fromCivil: y, mo, d) * 86_400 + h * 3600 + mi * 60 + s) * 1000 + fraction - zone
    }

    /// `.250` is 250 ms; other lengths are rounded to the millisecond, as before.
    private static func fractionMillis(_ b: UnsafeBufferPointer<UInt8>, _ from: Int, _ end: Int) -> Int64? {
        if end - from == 3 {
            return Int64(b[from] - 0x30) * 100 + Int64(b[from + 1] - 0x30) * 10 + Int64(b[from + 2] - 0x30)
        }
        guard let value = Double("0." + String(decoding: UnsafeBufferPointer(rebasing: b[from..<end]), as: UTF8.self)) else {
            return nil
        }
        return Int64((value * 1000).rounded())
    }

    private static func floorDivide(_ a: Int64, _ b: Int64) -> (Int64, Int64) {
        let q = a >= 0 ? a / b : -((-a + b - 1) / b)
        return (q, a - q * b)
    }

    // Howard Hinnant's days-from-civil algorithms (proleptic Gregorian calendar).
    private static func civil(fromDays z0: Int64) -> (Int64, Int64, Int64) {
        let z = z0 + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }

    private static func days(fromCivil y0: Int64, _ m: Int64, _ d: Int64) -> Int64 {
        let y = m <= 2 ? y0 - 1 : y0
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }
}

extension ExportDocument {
    static func encoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(ISO8601Millis.string(date))
        }
        return encoder
    }
}
