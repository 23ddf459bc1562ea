import Foundation
import StudyCore

/// Reviews, sessions and lessons read one object at a time. Keys may come in any order
/// (an export's are sorted, a hand-edited file's need not be); unknown keys are skipped,
/// and a missing field is named in the order JSONDecoder named it.
extension JSONReader {
    /// `first` is the token that began the element; `n` its number, from 1 ("review 3" is
    /// made only for a message). `keepOptions` false leaves the option lists' JSON empty
    /// (the first pass only checks them).
    func readReview(_ first: JSONToken, _ n: Int, keepOptions: Bool) throws -> ImportedReview {
        guard first == .objectStart else { throw try mismatch(first, expected: "an object", field: "review \(n)") }
        var d = ReviewDraft()
        do {
            while try next() == .key { try d.read(self, keepOptions: keepOptions) }
            return try d.finish()
        } catch let problem as ExportProblem {
            throw problem.within("review \(n)")
        }
    }

    /// An array of option texts, checked where the reader holds each one (see
    /// `ExportValidator.textProblem`) and written straight into the store's JSON form.
    func readOptions(_ field: String, keep: Bool) throws -> EncodedOptions {
        let token = try next()
        guard token == .arrayStart else { throw try mismatch(token, expected: "an array of strings", field: field) }
        var options = EncodedOptions()
        var json: [UInt8] = keep ? [0x5B] : []
        var n = 0
        while true {
            let element = try next()
            if element == .arrayEnd { break }
            n += 1
            guard element == .string else { throw try mismatch(element, expected: "a string", field: "item \(n)").within(field) }
            if options.problem == nil { options.problem = ExportValidator.textProblem(text) }
            if keep {
                if n > 1 { json.append(0x2C) }
                Codecs.appendQuoted(text, to: &json)
            }
        }
        if keep {
            json.append(0x5D)
            options.json = String(decoding: json, as: UTF8.self)
        }
        return options
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

/// A review as import reads it: its date in the store's milliseconds, its option lists
/// already in the store's JSON form (`Codecs.encodeList`), checked as they were read.
struct ImportedReview {
    var id, course, question: String
    var reviewedAt: Int64
    var rating: Rating
    var shown, chosen: EncodedOptions
    var correct, affectsSchedule: Bool
    var responseMilliseconds: Int
    var session: String?
    var predicted: Double?
}

struct EncodedOptions {
    var json = ""
    /// Why one of the texts cannot be imported (the first found), or nil.
    var problem: String?
}

/// A review's fields as they are met.
private struct ReviewDraft {
    static let keys = KeySet(["id", "question", "course", "reviewedAt", "rating", "shown", "chosen", "correct",
                              "responseMilliseconds", "affectsSchedule", "session", "predicted"])

    var id, course, question: String?
    var reviewedAt: Int64?
    var rating: Rating?
    var shown, chosen: EncodedOptions?
    var correct, affectsSchedule: Bool?
    var responseMilliseconds: Int?
    var session: String?
    var predicted: Double?

    /// After a key: its value.
    mutating func read(_ r: JSONReader, keepOptions: Bool) throws {
        switch r.which(Self.keys) {
        case 0: id = try r.readString("id")
        case 1: question = try r.readString("question")
        case 2: course = try r.readString("course")
        case 3: reviewedAt = try r.readMillis("reviewedAt")
        case 4: rating = try Self.rating(r)
        case 5: shown = try r.readOptions("shown", keep: keepOptions)
        case 6: chosen = try r.readOptions("chosen", keep: keepOptions)
        case 7: correct = try r.readBool("correct")
        case 8: responseMilliseconds = try r.readInt("responseMilliseconds")
        case 9: affectsSchedule = try r.readBool("affectsSchedule")
        case 10: session = try r.readOptionalString("session")
        case 11: predicted = try r.readOptionalDouble("predicted")
        default: try r.skipValue()
        }
    }

    private static let ratings = KeySet(["again", "hard", "good", "easy"])

    private static func rating(_ r: JSONReader) throws -> Rating {
        let token = try r.next()
        guard token == .string else { throw try r.mismatch(token, expected: "a string", field: "rating") }
        // Ratings by name, in FSRS's order (1 again … 4 easy).
        guard let index = r.which(ratings), let rating = Rating(rawValue: index + 1) else {
            throw ExportProblem(place: "", field: "rating", why: "'\(ExportValidator.show(r.string))' is not again, hard, good or easy")
        }
        return rating
    }

    func finish() throws -> ImportedReview {
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
        return ImportedReview(id: id, course: course, question: question, reviewedAt: reviewedAt, rating: rating, shown: shown,
                              chosen: chosen, correct: correct, affectsSchedule: affectsSchedule,
                              responseMilliseconds: responseMilliseconds, session: session, predicted: predicted)
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
