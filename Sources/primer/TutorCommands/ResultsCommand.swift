import ArgumentParser
import CourseFormat
import Foundation
import LearnerStore
import StudyCore
import StudyServices

enum ResultsFormat: String, CaseIterable, ExpressibleByArgument {
    case csv, json
}

/// `primer results`: every answered question, one row each, as CSV or JSON.
struct ResultsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "results",
        abstract: "Write every answered question as CSV or JSON: one row per answer, for spreadsheets and primer report.",
        discussion: """
            Columns (CSV header, JSON keys): learner, session, kind (exam, practice, study, cram), \
            preset (the preset title the session was run from), course, question_id, theme, \
            options_shown (in the order shown), options_chosen, correct (true or false), \
            response_ms, time (ISO 8601, UTC), answered (false for a question of a handed-in \
            exam left blank: a row with no options, counted wrong), outcome (how the row's exam \
            ended: submitted, time-up, or abandoned; empty or null outside exams). In CSV the option lists hold one option per \
            line (LF) inside the field; in JSON they are arrays, and a missing session or preset \
            is null. CSV follows RFC 4180: fields with a comma, double quote, CR or LF are \
            quoted, quotes doubled, records end in CRLF, and the first record is the header. \
            Rows go learner by learner (by name), oldest answer first. Without --learner: every \
            learner in the data folder. --since takes a date (2025-03-01, from local midnight) \
            or an ISO 8601 time (2025-03-01T09:00:00Z). Themes come from the course \
            (--content, $PRIMER_CONTENT or the bundled one).
            """)

    @OptionGroup var options: GlobalOptions

    @Option(name: .long, help: ArgumentHelp("Only answers from this date or time on.", valueName: "DATE"))
    var since: String?

    @Option(name: .long, help: ArgumentHelp("csv or json.", valueName: "FORMAT"))
    var format: ResultsFormat = .csv

    func validate() throws {
        if let since { _ = try TutorDates.since(since) }
    }

    func run() throws {
        do {
            let sinceDate = try since.map(TutorDates.since)
            let courses = optionalCourse(options).map { [$0] } ?? []
            let store = try StoreCommandSupport.openStore(options)
            defer { StoreCommandSupport.close(store) }
            let learner = options.learner.flatMap { $0.isEmpty ? nil : $0 }
            guard let rows = try ResultRows.gather(store: store, learner: learner, since: sinceDate, courses: courses) else {
                throw PrimerError("no learner named '\(clean(learner ?? ""))' (see primer learners)")
            }
            switch format {
            case .csv: Streams.out(ResultsCodec.csv(rows), kind: .csv)
            case .json: Streams.out(try ResultsCodec.json(rows) + "\n", kind: .json)
            }
        }
    }
}

/// The results file formats, written by `primer results` and read by `primer report`.
enum ResultsCodec {
    static let columns = ["learner", "session", "kind", "preset", "course", "question_id", "theme",
                          "options_shown", "options_chosen", "correct", "response_ms", "time", "answered", "outcome"]

    static func csv(_ rows: [ResultRow]) -> String {
        var out = CSV.record(columns)
        for row in rows {
            out += CSV.record([row.learner, row.session ?? "", row.kind ?? "", row.preset ?? "", row.course,
                               row.questionID, row.theme ?? "", row.shown.joined(separator: "\n"),
                               row.chosen.joined(separator: "\n"), row.correct ? "true" : "false",
                               String(row.responseMilliseconds), TutorDates.iso(row.time), row.answered ? "true" : "false",
                               row.outcome ?? ""])
        }
        return out
    }

    struct Record: Codable {
        var learner: String
        var session: String?
        var kind: String?
        var preset: String?
        var course: String?
        var questionID: String
        var theme: String?
        var optionsShown: [String]?
        var optionsChosen: [String]?
        var correct: Bool
        var responseMilliseconds: Int?
        var time: String
        var answered: Bool?
        var outcome: String?

        enum CodingKeys: String, CodingKey {
            case learner, session, kind, preset, course, theme, correct, time, answered, outcome
            case questionID = "question_id"
            case optionsShown = "options_shown"
            case optionsChosen = "options_chosen"
            case responseMilliseconds = "response_ms"
        }

        // Written by hand so that a missing session or preset is an explicit null.
        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(learner, forKey: .learner)
            try c.encode(session, forKey: .session)
            try c.encode(kind, forKey: .kind)
            try c.encode(preset, forKey: .preset)
            try c.encode(course, forKey: .course)
            try c.encode(questionID, forKey: .questionID)
            try c.encode(theme, forKey: .theme)
            try c.encode(optionsShown, forKey: .optionsShown)
            try c.encode(optionsChosen, forKey: .optionsChosen)
            try c.encode(correct, forKey: .correct)
            try c.encode(responseMilliseconds, forKey: .responseMilliseconds)
            try c.encode(time, forKey: .time)
            try c.encode(answered ?? true, forKey: .answered)
            try c.encode(outcome, forKey: .outcome)
        }
    }

    static func json(_ rows: [ResultRow]) throws -> String {
        let records = rows.map { row in
            Record(learner: row.learner, session: row.session, kind: row.kind, preset: row.preset, course: row.course,
                   questionID: row.questionID, theme: row.theme, optionsShown: row.shown, optionsChosen: row.chosen,
                   correct: row.correct, responseMilliseconds: row.responseMilliseconds, time: TutorDates.iso(row.time),
                   answered: row.answered, outcome: row.outcome)
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(records), as: UTF8.self)
    }

    // MARK: reading

    /// Reads a results file written by `primer results` (CSV or JSON, told apart by the
    /// extension or, failing that, by a leading `[`). Errors name the file and line.
    static func read(path: String) throws -> [ResultRow] {
        let expanded = (path as NSString).expandingTildeInPath
        guard let data = FileManager.default.contents(atPath: expanded) else {
            throw PrimerError("cannot read results file '\(path)'")
        }
        guard var text = String(data: data, encoding: .utf8) else {
            throw PrimerError("\(path): not UTF-8 text")
        }
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
        let lower = path.lowercased()
        let isJSON = lower.hasSuffix(".json")
            || (!lower.hasSuffix(".csv") && text.drop(while: { $0.isWhitespace }).first == "[")
        return isJSON ? try readJSON(data: Data(text.utf8), path: path) : try readCSV(text, path: path)
    }

    static func readJSON(data: Data, path: String) throws -> [ResultRow] {
        let records: [Record]
        do {
            records = try JSONDecoder().decode([Record].self, from: data)
        } catch let DecodingError.keyNotFound(key, context) {
            throw PrimerError("\(path): answer \(index(context) ?? 0) has no '\(key.stringValue)'")
        } catch let DecodingError.typeMismatch(_, context), let DecodingError.valueNotFound(_, context) {
            let field = context.codingPath.last?.stringValue ?? "value"
            throw PrimerError("\(path): answer \(index(context) ?? 0): '\(field)' has the wrong type")
        } catch {
            throw PrimerError("\(path): not a JSON array of results (as primer results --format json writes)")
        }
        return try records.enumerated().map { n, r in
            guard let time = TutorDates.parseISO(r.time) else {
                throw PrimerError("\(path): answer \(n + 1): 'time' is not an ISO 8601 time: '\(clean(r.time))'")
            }
            return ResultRow(learner: r.learner, session: r.session, kind: r.kind, preset: r.preset, course: r.course ?? "",
                             questionID: r.questionID, theme: r.theme.flatMap { $0.isEmpty ? nil : $0 },
                             shown: r.optionsShown ?? [], chosen: r.optionsChosen ?? [], correct: r.correct,
                             responseMilliseconds: r.responseMilliseconds ?? 0, time: time, answered: r.answered ?? true,
                             outcome: r.outcome)
        }
    }

    private static func index(_ context: DecodingError.Context) -> Int? {
        context.codingPath.first?.intValue.map { $0 + 1 }
    }

    static func readCSV(_ text: String, path: String) throws -> [ResultRow] {
        let records: [(line: Int, fields: [String])]
        do {
            records = try CSV.parse(text)
        } catch let error as CSV.ParseError {
            throw PrimerError("\(path):\(error.line): \(error.message)")
        }
        guard let header = records.first else { return [] }
        var column: [String: Int] = [:]
        for (i, name) in header.fields.enumerated() { column[name.trimmingCharacters(in: .whitespaces)] = i }
        for required in ["learner", "question_id", "correct"] where column[required] == nil {
            throw PrimerError("\(path):\(header.line): the header has no '\(required)' column (expected the columns of primer results: \(columns.joined(separator: ",")))")
        }
        return try records.dropFirst().map { record in
            func value(_ name: String) -> String? {
                guard let i = column[name], i < record.fields.count else { return nil }
                return record.fields[i]
            }
            func optional(_ name: String) -> String? { value(name).flatMap { $0.isEmpty ? nil : $0 } }
            func list(_ name: String) -> [String] {
                guard let v = value(name), !v.isEmpty else { return [] }
                return v.components(separatedBy: "\n").map { $0.hasSuffix("\r") ? String($0.dropLast()) : $0 }
            }
            let where_ = "\(path):\(record.line)"
            guard let learner = optional("learner") else { throw PrimerError("\(where_): no learner") }
            guard let question = optional("question_id") else { throw PrimerError("\(where_): no question_id") }
            let correctText = (value("correct") ?? "").lowercased()
            guard let correct = ["true": true, "false": false, "1": true, "0": false, "yes": true, "no": false][correctText] else {
                throw PrimerError("\(where_): 'correct' must be true or false, not '\(clean(correctText))'")
            }
            var time = Date(timeIntervalSince1970: 0)
            if let t = optional("time") {
                guard let parsed = TutorDates.parseISO(t) else {
                    throw PrimerError("\(where_): 'time' is not an ISO 8601 time: '\(clean(t))'")
                }
                time = parsed
            }
            var ms = 0
            if let m = optional("response_ms") {
                guard let parsed = Int(m) else { throw PrimerError("\(where_): 'response_ms' is not a whole number: '\(clean(m))'") }
                ms = parsed
            }
            return ResultRow(learner: learner, session: optional("session"), kind: optional("kind"), preset: optional("preset"),
                             course: value("course") ?? "", questionID: question, theme: optional("theme"),
                             shown: list("options_shown"), chosen: list("options_chosen"), correct: correct,
                             responseMilliseconds: ms, time: time, answered: (value("answered") ?? "true").lowercased() != "false",
                             outcome: optional("outcome"))
        }
    }
}
