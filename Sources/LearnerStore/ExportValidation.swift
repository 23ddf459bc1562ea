import Foundation
import StudyCore

/// What an import accepts, field by field (EXPORT_FORMAT.md, "Limits"). A document with
/// any field out of range is refused whole, naming the field: `FILE: learner NAME,
/// review N: FIELD: why`. Nothing reaches the store that a later command cannot show.
struct ExportValidator {
    /// Question ids of the courses primer has loaded, by course id: a review or a paper of
    /// one of these courses must name one of its questions. Other courses are not checked.
    let knownQuestions: [String: Set<String>]
    let file: String

    static let earliest = Date(timeIntervalSince1970: 0)
    static let latest = Date(timeIntervalSince1970: 253_402_300_800)   // 10000-01-01
    static let maximumIDLength = 200
    static let maximumTextLength = 20_000
    /// A day: an answer slower than that is not a measurement.
    static let maximumResponseMilliseconds = 86_400_000
    static let maximumCount = 10_000_000

    func validate(_ document: ExportDocument) throws {
        var seenLearners = Set<String>()
        for learner in document.learners {
            let name = learner.name
            let at = "learner \(Self.show(name))"
            if let problem = LearnerName.problem(name) { throw fail(at, "name", problem) }
            guard seenLearners.insert(name).inserted else { throw fail(at, "name", "the document has two learners of this name") }
            try date(learner.createdAt, at, "createdAt")
            for (index, review) in learner.reviews.enumerated() {
                try validate(review, at: "\(at), review \(index + 1)")
            }
            for (index, session) in learner.sessions.enumerated() {
                try validate(session, at: "\(at), session \(index + 1)")
            }
            for (index, lesson) in learner.lessonsRead.enumerated() {
                let where_ = "\(at), lesson read \(index + 1)"
                try id(lesson.course, where_, "course")
                try id(lesson.lesson, where_, "lesson")
                try date(lesson.readAt, where_, "readAt")
            }
            for (key, value) in learner.settings {
                try id(key, "\(at), setting \(Self.show(key))", "key")
                try text(value, "\(at), setting \(Self.show(key))", "value")
            }
        }
    }

    private func validate(_ review: ExportReview, at where_: String) throws {
        try id(review.id, where_, "id")
        try id(review.course, where_, "course")
        try id(review.question, where_, "question")
        if let known = knownQuestions[review.course], !known.contains(review.question) {
            throw fail(where_, "question", "'\(Self.show(review.question))' is not a question of course '\(Self.show(review.course))'")
        }
        try date(review.reviewedAt, where_, "reviewedAt")
        for option in review.shown { try text(option, where_, "shown") }
        for option in review.chosen { try text(option, where_, "chosen") }
        guard (0...Self.maximumResponseMilliseconds).contains(review.responseMilliseconds) else {
            throw fail(where_, "responseMilliseconds", "\(review.responseMilliseconds) is not from 0 to \(Self.maximumResponseMilliseconds) (a day)")
        }
        if let session = review.session { try id(session, where_, "session") }
        if let p = review.predicted, !(p.isFinite && (0...1).contains(p)) {
            throw fail(where_, "predicted", "\(p) is not a probability from 0 to 1")
        }
    }

    private func validate(_ session: ExportSession, at where_: String) throws {
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

    private func id(_ value: String, _ where_: String, _ field: String) throws {
        if value.isEmpty { throw fail(where_, field, "it is empty") }
        if value.count > Self.maximumIDLength { throw fail(where_, field, "it is longer than \(Self.maximumIDLength) characters") }
        if value.unicodeScalars.contains(where: Self.isUnsafe) { throw fail(where_, field, "it holds control characters") }
    }

    private func text(_ value: String, _ where_: String, _ field: String) throws {
        if value.count > Self.maximumTextLength { throw fail(where_, field, "it is longer than \(Self.maximumTextLength) characters") }
        if value.unicodeScalars.contains(where: { Self.isUnsafe($0) && $0 != "\n" && $0 != "\t" }) {
            throw fail(where_, field, "it holds control characters")
        }
    }

    private func date(_ value: Date, _ where_: String, _ field: String) throws {
        guard value >= Self.earliest, value < Self.latest else {
            throw fail(where_, field, "\(ISO8601Millis.string(value)) is outside the years 1970 to 9999")
        }
    }

    private func fail(_ where_: String, _ field: String, _ why: String) -> StoreError {
        .invalidExport(detail: "\(file): \(where_): \(field): \(why)")
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
        if name.trimmingCharacters(in: .whitespaces).isEmpty { return "a learner's name cannot be empty" }
        if name.count > maximumLength { return "a learner's name can have at most \(maximumLength) characters" }
        if name.unicodeScalars.contains(where: ExportValidator.isUnsafe) {
            return "a learner's name cannot hold line breaks, tabs or other control characters"
        }
        return nil
    }
}
