import Foundation

/// Reviews, sessions and lessons read one object at a time. Keys may come in any order
/// (an export's are sorted, a hand-edited file's need not be); unknown keys are skipped,
/// and a missing field is named in the order JSONDecoder named it.
extension JSONReader {
    /// `first` is the token that began the element; `label` names it ("review 3").
    func readReview(_ first: JSONToken, _ label: String) throws -> ExportReview {
        guard first == .objectStart else { throw try mismatch(first, expected: "an object", field: label) }
        var d = ReviewDraft()
        do {
            while try next() == .key { try d.read(self) }
            return try d.finish()
        } catch let problem as ExportProblem {
            throw problem.within(label)
        }
    }

    func readSession(_ first: JSONToken, _ label: String) throws -> ExportSession {
        guard first == .objectStart else { throw try mismatch(first, expected: "an object", field: label) }
        var d = SessionDraft()
        do {
            while try next() == .key { try d.read(self) }
            return try d.finish()
        } catch let problem as ExportProblem {
            throw problem.within(label)
        }
    }

    func readLesson(_ first: JSONToken, _ label: String) throws -> ExportLesson {
        guard first == .objectStart else { throw try mismatch(first, expected: "an object", field: label) }
        var course: String?, lesson: String?, readAt: Date?
        do {
            while try next() == .key {
                if textIs("course") { course = try readString("course") }
                else if textIs("lesson") { lesson = try readString("lesson") }
                else if textIs("readAt") { readAt = try readDate("readAt") }
                else { try skipValue() }
            }
            guard let course else { throw Self.missing("course") }
            guard let lesson else { throw Self.missing("lesson") }
            guard let readAt else { throw Self.missing("readAt") }
            return ExportLesson(course: course, lesson: lesson, readAt: readAt)
        } catch let problem as ExportProblem {
            throw problem.within(label)
        }
    }
}

/// A review's fields as they are met.
private struct ReviewDraft {
    var id, course, question: String?
    var reviewedAt: Date?
    var rating: ExportRating?
    var shown, chosen: [String]?
    var correct, affectsSchedule: Bool?
    var responseMilliseconds: Int?
    var session: String?
    var predicted: Double?

    /// After a key: its value. The common keys are tried first.
    mutating func read(_ r: JSONReader) throws {
        if r.textIs("id") { id = try r.readString("id") }
        else if r.textIs("question") { question = try r.readString("question") }
        else if r.textIs("course") { course = try r.readString("course") }
        else if r.textIs("reviewedAt") { reviewedAt = try r.readDate("reviewedAt") }
        else if r.textIs("rating") { rating = try Self.rating(r) }
        else if r.textIs("shown") { shown = try r.readStrings("shown") }
        else if r.textIs("chosen") { chosen = try r.readStrings("chosen") }
        else if r.textIs("correct") { correct = try r.readBool("correct") }
        else if r.textIs("responseMilliseconds") { responseMilliseconds = try r.readInt("responseMilliseconds") }
        else if r.textIs("affectsSchedule") { affectsSchedule = try r.readBool("affectsSchedule") }
        else if r.textIs("session") { session = try r.readOptionalString("session") }
        else if r.textIs("predicted") { predicted = try r.readOptionalDouble("predicted") }
        else { try r.skipValue() }
    }

    private static func rating(_ r: JSONReader) throws -> ExportRating {
        let token = try r.next()
        guard token == .string else { throw try r.mismatch(token, expected: "a string", field: "rating") }
        if r.textIs("good") { return .good }
        if r.textIs("again") { return .again }
        if r.textIs("hard") { return .hard }
        if r.textIs("easy") { return .easy }
        throw ExportProblem(place: "", field: "rating", why: "'\(ExportValidator.show(r.string))' is not again, hard, good or easy")
    }

    func finish() throws -> ExportReview {
        typealias R = JSONReader
        guard let id else { throw R.missing("id") }
        guard let course else { throw R.missing("course") }
        guard let question else { throw R.missing("question") }
        guard let reviewedAt else { throw R.missing("reviewedAt") }
        guard let rating else { throw R.missing("rating") }
        guard let shown else { throw R.missing("shown") }
        guard let chosen else { throw R.missing("chosen") }
        guard let correct else { throw R.missing("correct") }
        guard let responseMilliseconds else { throw R.missing("responseMilliseconds") }
        guard let affectsSchedule else { throw R.missing("affectsSchedule") }
        return ExportReview(id: id, course: course, question: question, reviewedAt: reviewedAt, rating: rating, shown: shown,
                            chosen: chosen, correct: correct, responseMilliseconds: responseMilliseconds, session: session,
                            affectsSchedule: affectsSchedule, predicted: predicted)
    }
}

/// A session's fields as they are met.
private struct SessionDraft {
    var id, course, kind: String?
    var startedAt, finishedAt: Date?
    var score: Double?
    var answered, correct, questions: Int?
    var preset, outcome: String?
    var paper: [String]?

    mutating func read(_ r: JSONReader) throws {
        if r.textIs("id") { id = try r.readString("id") }
        else if r.textIs("course") { course = try r.readString("course") }
        else if r.textIs("kind") { kind = try r.readString("kind") }
        else if r.textIs("startedAt") { startedAt = try r.readDate("startedAt") }
        else if r.textIs("finishedAt") { finishedAt = try r.readOptionalDate("finishedAt") }
        else if r.textIs("score") { score = try r.readOptionalDouble("score") }
        else if r.textIs("answered") { answered = try r.readInt("answered") }
        else if r.textIs("correct") { correct = try r.readInt("correct") }
        else if r.textIs("preset") { preset = try r.readOptionalString("preset") }
        else if r.textIs("questions") { questions = try r.readOptionalInt("questions") }
        else if r.textIs("outcome") { outcome = try r.readOptionalString("outcome") }
        else if r.textIs("paper") { paper = try r.readOptionalStrings("paper") }
        else { try r.skipValue() }
    }

    func finish() throws -> ExportSession {
        typealias R = JSONReader
        guard let id else { throw R.missing("id") }
        guard let course else { throw R.missing("course") }
        guard let kind else { throw R.missing("kind") }
        guard let startedAt else { throw R.missing("startedAt") }
        guard let answered else { throw R.missing("answered") }
        guard let correct else { throw R.missing("correct") }
        return ExportSession(id: id, course: course, kind: kind, startedAt: startedAt, finishedAt: finishedAt, score: score,
                             answered: answered, correct: correct, preset: preset, questions: questions, outcome: outcome,
                             paper: paper)
    }
}
