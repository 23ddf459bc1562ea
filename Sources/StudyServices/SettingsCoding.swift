import Foundation
import StudyCore

/// Study settings are stored per learner as key/value strings; unknown or malformed
/// values fall back to the defaults rather than stopping a learner from studying.
extension StudySettings {
    public static let keys = ["desired_retention", "new_per_day", "reviews_per_day", "day_start_hour"]

    public static func from(_ values: [String: String]) -> StudySettings {
        var s = StudySettings()
        if let v = values["desired_retention"].flatMap(Double.init), v > 0.5, v < 1 { s.desiredRetention = v }
        if let v = values["new_per_day"].flatMap(Int.init), v >= 0 { s.newPerDay = v }
        if let v = values["reviews_per_day"].flatMap(Int.init), v >= 0 { s.reviewsPerDay = v }
        if let v = values["day_start_hour"].flatMap(Int.init), (0..<24).contains(v) { s.dayStartHour = v }
        return s
    }

    public var storedValues: [(String, String)] {
        [("desired_retention", String(desiredRetention)), ("new_per_day", String(newPerDay)),
         ("reviews_per_day", String(reviewsPerDay)), ("day_start_hour", String(dayStartHour))]
    }
}
