import Foundation
import StudyCore

/// Study settings are stored per learner as key/value strings; unknown or malformed
/// values fall back to the defaults rather than stopping a learner from studying.
extension StudySettings {
    public static let keys = ["desired_retention", "new_per_day", "reviews_per_day", "day_start_hour"]
    /// The learner's own fitted weights, and the class's (`primer optimize --all-learners`):
    /// 21 numbers separated by commas. Weights primer cannot read, or out of FSRS's
    /// bounds, are ignored (the defaults apply) rather than stopping anyone studying.
    public static let parametersKey = "fsrs_parameters"
    public static let classParametersKey = "fsrs_class_parameters"

    public static func parseParameters(_ text: String) -> FSRSParameters? {
        let numbers = text.split(separator: ",").map { Double($0.trimmedOfHorizontalSpace) }
        guard numbers.count == 21, numbers.allSatisfy({ $0?.isFinite == true }) else { return nil }
        return try? FSRSParameters(numbers.map { $0! })
    }

    public static func text(_ parameters: FSRSParameters) -> String {
        parameters.values.map { String($0) }.joined(separator: ",")
    }

    public static func from(_ values: [String: String]) -> StudySettings {
        var s = StudySettings()
        if let v = values["desired_retention"].flatMap(Double.init), v > 0.5, v < 1 { s.desiredRetention = v }
        if let v = values["new_per_day"].flatMap(Int.init), v >= 0 { s.newPerDay = v }
        if let v = values["reviews_per_day"].flatMap(Int.init), v >= 0 { s.reviewsPerDay = v }
        if let v = values["day_start_hour"].flatMap(Int.init), (0..<24).contains(v) { s.dayStartHour = v }
        if let own = values[parametersKey].flatMap(parseParameters) {
            s.parameters = own
        } else if let classWide = values[classParametersKey].flatMap(parseParameters) {
            s.parameters = classWide
        }
        return s
    }

    public var storedValues: [(String, String)] {
        [("desired_retention", String(desiredRetention)), ("new_per_day", String(newPerDay)),
         ("reviews_per_day", String(reviewsPerDay)), ("day_start_hour", String(dayStartHour))]
    }
}
