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

    /// Just the identifying fields, decoded first so a document from a newer primer
    /// gets a clear "update primer" instead of a decoding error about some field.
    struct Header: Decodable {
        var format: String?
        var version: Int?
    }
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
        let pattern = #"^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d+)?(Z|[+-]\d{2}:\d{2})$"#
        guard let match = try? NSRegularExpression(pattern: pattern).firstMatch(
            in: text, range: NSRange(text.startIndex..., in: text)) else { return nil }
        func group(_ i: Int) -> String? {
            guard let range = Range(match.range(at: i), in: text) else { return nil }
            return String(text[range])
        }
        guard let y = Int64(group(1)!), let mo = Int64(group(2)!), let d = Int64(group(3)!),
              let h = Int64(group(4)!), let mi = Int64(group(5)!), let s = Int64(group(6)!),
              (1...12).contains(mo), (1...31).contains(d), h < 24, mi < 60, s < 61 else { return nil }
        var ms = (days(fromCivil: y, mo, d) * 86_400 + h * 3600 + mi * 60 + s) * 1000
        if let fraction = group(7), let value = Double("0" + fraction) { ms += Int64((value * 1000).rounded()) }
        let zone = group(8)!
        if zone != "Z" {
            let sign: Int64 = zone.hasPrefix("-") ? -1 : 1
            let parts = zone.dropFirst().split(separator: ":")
            ms -= sign * ((Int64(parts[0]) ?? 0) * 3600 + (Int64(parts[1]) ?? 0) * 60) * 1000
        }
        return Millis.date(ms)
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

    static func decoder() -> JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .custom { decoder in
            let container = try decoder.singleValueContainer()
            let text = try container.decode(String.self)
            guard let date = ISO8601Millis.date(text) else {
                throw DecodingError.dataCorruptedError(in: container, debugDescription: "not an ISO 8601 date: \(text)")
            }
            return date
        }
        return decoder
    }
}
