import Foundation

/// One learner's object: its own fields and its parts, in whatever order they come.
extension ExportStream {
    /// What is known of the learner being read.
    private struct LearnerFields {
        var name: String?
        var createdAt: Date?
        /// A problem with the name or `createdAt`: reported before any in the parts, as
        /// the whole-document validator checked the learner's own fields first.
        var ownProblem: ExportProblem?
        /// The first problem in a review, session, lesson or setting. After it, only the
        /// name and `createdAt` are read (for the message); the rest is skipped.
        var partProblem: ExportProblem?
        var seen: Set<String> = []
    }

    /// After the learner's `{`.
    mutating func learner<V: ExportVisitor>(_ index: Int, _ visitor: inout V) throws {
        try visitor.beginLearner(index)
        let depth = reader.depth
        var fields = LearnerFields()
        while try reader.next() == .key {
            do {
                if reader.textIs("name") { fields.name = try reader.readString("name") }
                else if reader.textIs("createdAt") { fields.createdAt = try reader.readDate("createdAt") }
                else if fields.partProblem != nil { try reader.skipValue() }
                else if let part = Part(reader) {
                    fields.seen.insert(part.rawValue)
                    try read(part, &visitor)
                } else { try reader.skipValue() }
            } catch let problem as ExportProblem {
                if problem.place.isEmpty && (problem.field == "name" || problem.field == "createdAt") {
                    fields.ownProblem = fields.ownProblem ?? problem
                } else {
                    fields.partProblem = fields.partProblem ?? problem
                }
                try reader.skip(toDepth: depth)
            }
        }
        let (name, createdAt) = try finish(fields, index)
        try visitor.endLearner(index, name: name, createdAt: createdAt)
    }

    /// The learner's checks once its object has ended, in the order they were made before.
    private mutating func finish(_ fields: LearnerFields, _ index: Int) throws -> (String, Date) {
        let label = fields.name.flatMap { $0.isEmpty ? nil : "learner \(ExportValidator.show($0))" } ?? "learner \(index + 1)"
        if let problem = fields.ownProblem { throw problem.within(label) }
        guard let name = fields.name else { throw JSONReader.missing("name").within(label) }
        guard let createdAt = fields.createdAt else { throw JSONReader.missing("createdAt").within(label) }
        try validator.learner(name: name, createdAt: createdAt, seen: &names)
        if let problem = fields.partProblem { throw problem.within(label) }
        for part in Part.allCases where !fields.seen.contains(part.rawValue) {
            throw JSONReader.missing(part.rawValue).within(label)
        }
        return (name, createdAt)
    }

    /// The arrays and the object a learner holds, in the order JSONDecoder asked for them.
    private enum Part: String, CaseIterable {
        case reviews, sessions, lessonsRead, settings

        init?(_ reader: JSONReader) {
            if reader.textIs("reviews") { self = .reviews }
            else if reader.textIs("sessions") { self = .sessions }
            else if reader.textIs("lessonsRead") { self = .lessonsRead }
            else if reader.textIs("settings") { self = .settings }
            else { return nil }
        }
    }

    private func read<V: ExportVisitor>(_ part: Part, _ visitor: inout V) throws {
        switch part {
        case .reviews:
            try elements(of: "reviews") { first, n in
                let review = try reader.readReview(first, n, keepOptions: V.keepsOptionText)
                try validator.review(review, at: "review \(n)")
                try visitor.review(review)
            }
        case .sessions:
            try elements(of: "sessions") { first, n in
                let label = "session \(n)"
                let session = try reader.readSession(first, label)
                try validator.session(session, at: label)
                try visitor.session(session)
            }
        case .lessonsRead:
            try elements(of: "lessonsRead") { first, n in
                let label = "lesson read \(n)"
                let lesson = try reader.readLesson(first, label)
                try validator.lesson(lesson, at: label)
                try visitor.lesson(lesson)
            }
        case .settings:
            try settings(&visitor)
        }
    }

    /// Each element of the array `field`, by its first token and its number (from 1).
    private func elements(of field: String, _ each: (JSONToken, Int) throws -> Void) throws {
        let token = try reader.next()
        guard token == .arrayStart else { throw try reader.mismatch(token, expected: "an array", field: field) }
        var n = 0
        while true {
            let first = try reader.next()
            if first == .arrayEnd { return }
            n += 1
            try each(first, n)
        }
    }

    private func settings<V: ExportVisitor>(_ visitor: inout V) throws {
        let token = try reader.next()
        guard token == .objectStart else { throw try reader.mismatch(token, expected: "an object", field: "settings") }
        while try reader.next() == .key {
            let key = reader.string
            let value: String
            do { value = try reader.readString(ExportValidator.show(key)) } catch let problem as ExportProblem {
                throw problem.within("settings")
            }
            try validator.setting(key: key, value: value)
            try visitor.setting(key: key, value: value)
        }
    }
}
