import Foundation
import StudyCore

/// A part of an export that import refuses: where it is, the field, and why. The reader
/// adds the learner in front of `place` and the file name when it reports it:
/// `FILE: learner NAME, review N: FIELD: why`.
struct ExportProblem: Error, Equatable {
    var place: String
    var field: String
    var why: String

    /// The same problem, seen from the part that holds it ("review 3" within "learner ana").
    func within(_ outer: String) -> ExportProblem {
        ExportProblem(place: place.isEmpty ? outer : "\(outer), \(place)", field: field, why: why)
    }

    func message(file: String) -> String {
        "\(file): " + (place.isEmpty ? "" : "\(place): ") + "\(field): \(why)"
    }
}

/// What an import accepts, field by field (EXPORT_FORMAT.md, "Limits"). A document with
/// any field out of range is refused whole, naming the field. Nothing reaches the store
/// that a later command cannot show. Each part is checked as the reader meets it, so a
/// document of any size is checked in bounded memory.
struct ExportValidator {
    /// Question ids of the courses primer has loaded, by course id: a review or a paper of
    /// one of these courses must name one of its questions. Other courses are not checked.
    let knownQuestions: [String: Set<String>]

    static let earliest = Date(timeIntervalSince1970: 0)
    static let latest = Date(timeIntervalSince1970: 253_402_300_800)   // 10000-01-01
    static let maximumIDLength = 200
    static let maximumTextLength = 20_000
    /// A day: an answer slower than that is not a measurement.
    static let maximumResponseMilliseconds = 86_400_000
    static let maximumCount = 10_000_000

    /// A learner's own fields; `seen` holds the names met so far in the document.
    func learner(name: String, createdAt: Date, seen: inout Set<String>) throws {
        let at = "learner \(Self.show(name))"
        if let problem = LearnerName.problem(name) { throw fail(at, "name", problem) }
        guard seen.insert(name).inserted else { throw fail(at, "name", "the document has two learners of this name") }
        try date(createdAt, at, "createdAt")
    }

    func lesson(_ lesson: ExportLesson, at where_: String) throws {
        try id(lesson.course, where_, "course")
        try id(lesson.lesson, where_, "lesson")
        try date(lesson.readAt, where_, "readAt")
    }

    func setting(key: String, value: String) throws {
        try id(key, "setting \(Self.show(key))", "key")
        try text(value, "setting \(Self.show(key))", "value")
    }

    /// `where_` is made only for a message: a million reviews need not each build one.
    func review(_ review: ImportedReview, at where_: @autoclosure () -> String) throws {
        try id(review.id, where_(), "id")
        try id(review.course, where_(), "course")
        try id(review.question, where_(), "question")
        if let known = knownQuestions[review.course], !known.contains(review.question) {
            throw fail(where_(), "question", "'\(Self.show(review.question))' is not a question of course '\(Self.show(review.course))'")
        }
        try date(Millis.date(review.reviewedAt), where_(), "reviewedAt")
        // The option texts were checked as they were read (see `JSONReader.readOptions`).
        if let why = review.shown.problem { throw fail(where_(), "shown", why) }
        if let why = review.chosen.problem { throw fail(where_(), "chosen", why) }
        guard (0...Self.maximumResponseMilliseconds).contains(review.responseMilliseconds) else {
            throw fail(where_(), "responseMilliseconds", "\(review.responseMilliseconds) is not from 0 to \(Self.maximumResponseMilliseconds) (a day)")
        }
        if let session = review.session { try id(session, where_(), "session") }
        if let p = review.predicted, !(p.isFinite && (0...1).contains(p)) {
            throw fail(where_(), "predicted", "\(p) is not a probability from 0 to 1")
        }
    }

    func session(_ session: ExportSession, at where_: String) throws {
        try id(session.id, where_, "id")
        try id(session.course, where_, "course")
        try id(session.kind, where_, "kind")
        try date(session.startedAt, where_, "startedAt")
        if let finished = session.finishedAt {
            try date(finished, where_, "finishedAt")
            guard finished >= session.startedAt else { throw fail(where_, "finishedAt", "it is before startedAt") }
        }
        if let score = session.score, !(score.isFinite && (0...1).contains(score)) {
            throw fail(where_, "score", "\(score) is not a fraction from 0 to 1")
        }
        guard (0...Self.maximumCount).contains(session.answered) else { throw fail(where_, "answered", "\(session.answered) is out of range") }
        guard (0...session.answered).contains(session.correct) else {
            throw fail(where_, "correct", "\(session.correct) is not from 0 to answered (\(session.answered))")
        }
        if let questions = session.questions, !(session.answered...Self.maximumCount).contains(questions) {
            throw fail(where_, "questions", "\(questions) is fewer than answered (\(session.answered)) or out of range")
        }
        if let outcome = session.outcome, SessionOutcome(rawValue: outcome) == nil {
            throw fail(where_, "outcome", "'\(Self.show(outcome))' is not submitted, time-up or abandoned")
        }
        if let preset = session.preset { try text(preset, where_, "preset") }
        for question in session.paper ?? [] {
            try id(question, where_, "paper")
            if let known = knownQuestions[session.course], !known.contains(question) {
                throw fail(where_, "paper", "'\(Self.show(question))' is not a question of course '\(Self.show(session.course))'")
            }
        }
    }

    private func id(_ value: String, _ where_: @autoclosure () -> String, _ field: String) throws {
        var value = value
        if let why = value.withUTF8(Self.idProblem) { throw fail(where_(), field, why) }
    }

    private func text(_ value: String, _ where_: @autoclosure () -> String, _ field: String) throws {
        var value = value
        if let why = value.withUTF8(Self.textProblem) { throw fail(where_(), field, why) }
    }

    // The checks read UTF-8 bytes, so import can check an option's text where the reader
    // holds it, without making a string. Characters are counted only when the bytes could
    // exceed the limit.

    /// Why `bytes` cannot be an id, or nil.
    static func idProblem(_ bytes: UnsafeBufferPointer<UInt8>) -> String? {
        if bytes.isEmpty { return "it is empty" }
        if bytes.count > maximumIDLength, String(decoding: bytes, as: UTF8.self).count > maximumIDLength {
            return "it is longer than \(maximumIDLength) characters"
        }
        return holdsUnsafe(bytes, textual: false) ? "it holds control characters" : nil
    }

    /// Why `bytes` cannot be a text (an option, a preset, a setting's value), or nil.
    static func textProblem(_ bytes: UnsafeBufferPointer<UInt8>) -> String? {
        if bytes.count > maximumTextLength, String(decoding: bytes, as: UTF8.self).count > maximumTextLength {
            return "it is longer than \(maximumTextLength) characters"
        }
        return holdsUnsafe(bytes, textual: true) ? "it holds control characters" : nil
    }

    /// Whether the UTF-8 `bytes` hold a character `isUnsafe` names (`textual` allows line
    /// breaks and tabs). Past ASCII, only U+0080…U+009F (C2 80…9F), U+2028…U+202E
    /// (E2 80 A8…AE) and U+2066…U+2069 (E2 81 A6…A9) are unsafe, so the lead bytes say it.
    static func holdsUnsafe(_ bytes: UnsafeBufferPointer<UInt8>, textual: Bool) -> Bool {
        let n = bytes.count
        var i = 0
        while i < n {
            let b = bytes[i]
            if b < 0x80 {
                if (b < 0x20 && !(textual && (b == 0x0A || b == 0x09))) || b == 0x7F { return true }
            } else if b == 0xC2, i + 1 < n, bytes[i + 1] < 0xA0 {
                return true
            } else if b == 0xE2, i + 2 < n {
                let (b1, b2) = (bytes[i + 1], bytes[i + 2])
                if (b1 == 0x80 && (0xA8...0xAE).contains(b2)) || (b1 == 0x81 && (0xA6...0xA9).contains(b2)) { return true }
            }
            i += 1
        }
        return false
    }

    private func date(_ value: Date, _ where_: @autoclosure () -> String, _ field: String) throws {
        guard value >= Self.earliest, value < Self.latest else {
            throw fail(where_(), field, "\(ISO8601Millis.string(value)) is outside the years 1970 to 9999")
        }
    }

    private func fail(_ where_: String, _ field: String, _ why: String) -> ExportProblem {
        ExportProblem(place: where_, field: field, why: why)
    }

    static func isUnsafe(_ s: Unicode.Scalar) -> Bool {
        s.value < 0x20 || (0x7F..<0xA0).contains(s.value) || (0x202A...0x202E).contains(s.value)
            || (0x2066...0x2069).contains(s.value) || s.value == 0x2028 || s.value == 0x2029
    }

    /// A value in a message: its first 40 characters, controls shown as `\u{…}`.
    static func show(_ value: String) -> String {
        var out = ""
        for scalar in value.unicodeScalars.prefix(40) {
            out += isUnsafe(scalar) ? String(format: "\\u{%X}", scalar.value) : String(scalar)
        }
        return value.unicodeScalars.count > 40 ? out + "…" : out
    }
}

/// What makes a learner's name usable: it is shown on every screen and in every report.
public enum LearnerName {
    public static let maximumLength = 100

    /// Why `name` cannot name a learner, or nil when it can.
    public static func problem(_ name: String) -> String? {
        if name.isBlank { return "a learner's name cannot be empty" }
        if name.count > maximumLength { return "a learner's name can have at most \(maximumLength) characters" }
        if name.unicodeScalars.contains(where: ExportValidator.isUnsafe) {
            return "a learner's name cannot hold line breaks, tabs or other control characters"
        }
        return nil
    }
}
