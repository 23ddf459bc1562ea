import Foundation

/// Typed values of an export's fields, read from a `JSONReader`. A value of the wrong
/// type is read to its end before the problem is thrown, so the document can be read on
/// past it (to check its grammar, and to find the learner's name for the message).
extension JSONReader {
    /// The value just begun by `token` is not what `field` holds.
    func mismatch(_ token: JSONToken, expected: String, field: String) throws -> ExportProblem {
        if token == .objectStart || token == .arrayStart { try skipRestOfContainer() }
        return ExportProblem(place: "", field: field, why: "expected \(expected), found \(Self.describe(token))")
    }

    static func describe(_ token: JSONToken) -> String {
        switch token {
        case .objectStart: "an object"
        case .arrayStart: "an array"
        case .string: "a string"
        case .number: "a number"
        case .bool: "a boolean"
        case .null: "null"
        case .objectEnd, .arrayEnd, .key, .end: "nothing"
        }
    }

    static func missing(_ field: String) -> ExportProblem {
        ExportProblem(place: "", field: field, why: "missing")
    }

    func readString(_ field: String) throws -> String {
        let token = try next()
        guard token == .string else { throw try mismatch(token, expected: "a string", field: field) }
        return string
    }

    /// nil for null, as JSONDecoder's `decodeIfPresent` reads it.
    func readOptionalString(_ field: String) throws -> String? {
        let token = try next()
        if token == .null { return nil }
        guard token == .string else { throw try mismatch(token, expected: "a string", field: field) }
        return string
    }

    func readBool(_ field: String) throws -> Bool {
        let token = try next()
        guard case let .bool(value) = token else { throw try mismatch(token, expected: "true or false", field: field) }
        return value
    }

    func readInt(_ field: String) throws -> Int {
        guard let value = try readOptionalInt(field, nullAllowed: false) else { throw Self.missing(field) }
        return value
    }

    func readOptionalInt(_ field: String, nullAllowed: Bool = true) throws -> Int? {
        let token = try next()
        if token == .null && nullAllowed { return nil }
        guard token == .number else { throw try mismatch(token, expected: "an integer", field: field) }
        guard let value = integerValue else {
            throw ExportProblem(place: "", field: field, why: "\(numberText) is not an integer this primer can hold")
        }
        return value
    }

    func readOptionalDouble(_ field: String) throws -> Double? {
        let token = try next()
        if token == .null { return nil }
        guard token == .number else { throw try mismatch(token, expected: "a number", field: field) }
        return doubleValue
    }

    func readDate(_ field: String) throws -> Date {
        guard let date = try readOptionalDate(field, nullAllowed: false) else { throw Self.missing(field) }
        return date
    }

    func readOptionalDate(_ field: String, nullAllowed: Bool = true) throws -> Date? {
        try readOptionalMillis(field, nullAllowed: nullAllowed).map { Millis.date($0) }
    }

    func readMillis(_ field: String) throws -> Int64 {
        guard let ms = try readOptionalMillis(field, nullAllowed: false) else { throw Self.missing(field) }
        return ms
    }

    /// An ISO 8601 date in milliseconds, read from the bytes where they lie (see `ISO8601Millis.millis`).
    func readOptionalMillis(_ field: String, nullAllowed: Bool = true) throws -> Int64? {
        let token = try next()
        if token == .null && nullAllowed { return nil }
        guard token == .string else { throw try mismatch(token, expected: "a date (an ISO 8601 string)", field: field) }
        guard let ms = ISO8601Millis.millis(text) else {
            throw ExportProblem(place: "", field: field, why: "not an ISO 8601 date: \(ExportValidator.show(string))")
        }
        return ms
    }

    /// An array of strings, or null; a wrong element is named as JSONDecoder named it
    /// ("paper: item 2").
    func readOptionalStrings(_ field: String) throws -> [String]? {
        let token = try next()
        if token == .null { return nil }
        guard token == .arrayStart else { throw try mismatch(token, expected: "an array of strings", field: field) }
        var list: [String] = []
        while true {
            let element = try next()
            if element == .arrayEnd { return list }
            guard element == .string else {
                throw try mismatch(element, expected: "a string", field: "item \(list.count + 1)").within(field)
            }
            list.append(string)
        }
    }
}
