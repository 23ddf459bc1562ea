import Foundation
import XCTest

/// The tutor commands as the real binary: `exam --preset`, `results`, `report`, `sheet`
/// and `hotseat`, on a small course written here and a private data folder.
final class TutorCommandTests: XCTestCase {
    var primer: String!
    var directory: URL!
    var courseFolder: URL!

    override func setUpWithError() throws {
        guard let url = Built.primer else { throw XCTSkip("the primer binary was not built") }
        primer = url.path
        directory = try Built.temporaryDirectory("tutor")
        courseFolder = directory.appendingPathComponent("course")
        try writeCourse()
    }

    override func tearDown() {
        if let directory { try? FileManager.default.removeItem(at: directory) }
    }

    // MARK: the course

    /// alpha and beta: four questions each, four options of which three are shown;
    /// gamma: one question whose options hold a comma and double quotes.
    func writeCourse() throws {
        try FileManager.default.createDirectory(at: courseFolder, withIntermediateDirectories: true)
        try """
            ---
            id: tutor-test
            title: Tutor test course
            ---

            ## Themes

            - alpha: Alpha things
            - beta: Beta things
            - gamma: Quotations
            """.write(to: courseFolder.appendingPathComponent("course.md"), atomically: true, encoding: .utf8)
        for theme in ["alpha", "beta"] {
            var lines = ["---", "id: \(theme)-lesson", "title: \(theme) lesson", "theme: \(theme)", "---", "",
                         "Some text about \(theme).", "", "## Questions", ""]
            for n in 1...4 {
                lines += ["### q: \(theme)-\(n)", "shown: 3", "Which is the right answer to \(theme) question \(n)?",
                          "- [x] Right answer \(theme) \(n)",
                          "- [ ] Wrong answer \(theme) \(n) one", "- [ ] Wrong answer \(theme) \(n) two",
                          "- [ ] Wrong answer \(theme) \(n) three",
                          "> Because it is right.", ""]
            }
            try lines.joined(separator: "\n").write(to: courseFolder.appendingPathComponent("\(theme).md"), atomically: true, encoding: .utf8)
        }
        try """
            ---
            id: gamma-lesson
            title: Quotations
            theme: gamma
            ---

            Who said what.

            ## Questions

            ### q: gamma-quote
            What did he do?
            - [x] He said "yes", then left
            - [ ] Nothing, ever
            > He said "yes", then left.
            """.write(to: courseFolder.appendingPathComponent("gamma.md"), atomically: true, encoding: .utf8)
    }

    func writeFile(_ name: String, _ text: String) throws -> String {
        let url = directory.appendingPathComponent(name)
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    // MARK: running primer

    func environment() -> [String: String] {
        ["HOME": directory.path, "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8", "TZ": "UTC", "COLUMNS": "200",
         "PRIMER_DATA_DIR": directory.appendingPathComponent("data").path, "PRIMER_LEARNER": "tester",
         "PRIMER_CONTENT": courseFolder.path]
    }

    @discardableResult
    func run(_ arguments: [String], stdin: String = "") throws -> CommandResult {
        try runCommand(primer, arguments, environment: environment(), stdin: stdin, currentDirectory: directory, timeout: 60)
    }

    @discardableResult
    func succeed(_ arguments: [String], stdin: String = "", file: StaticString = #filePath, line: UInt = #line) throws -> CommandResult {
        let result = try run(arguments, stdin: stdin)
        XCTAssertEqual(result.status, 0, "primer \(arguments.joined(separator: " ")):\n\(result.stdout)\n\(result.stderr)", file: file, line: line)
        XCTAssertFalse(result.stdout.contains("\u{1B}"), "no escape codes", file: file, line: line)
        return result
    }

    /// `primer results --format json`, decoded.
    func resultsJSON(_ extra: [String] = []) throws -> [[String: Any]] {
        let out = try succeed(["results", "--format", "json"] + extra).stdout
        return try XCTUnwrap(JSONSerialization.jsonObject(with: Data(out.utf8)) as? [[String: Any]], out)
    }

    // MARK: reading questions back

    /// A question as shown: its stem and its options in order.
    struct Shown: Equatable {
        var stem: String
        var options: [String]
    }

    /// Questions of a line-mode exam: after each "Question N of M · …" header, the stem,
    /// then options "1. text".
    func examQuestions(_ output: String) -> [Shown] {
        let lines = output.components(separatedBy: "\n")
        var shown: [Shown] = []
        var i = 0
        while i < lines.count {
            guard lines[i].hasPrefix("Question "), lines[i].contains(" · ") else { i += 1; continue }
            i += 1
            let stem = lines[i]
            i += 1
            var options: [String] = []
            while i < lines.count, let match = lines[i].firstMatch(of: /^(\d+)\. (.*)$/) {
                XCTAssertEqual(Int(match.1), options.count + 1)
                options.append(String(match.2))
                i += 1
            }
            shown.append(Shown(stem: stem, options: options))
        }
        return shown
    }

    /// Questions of a txt sheet: "N. stem" then "   a) text" options.
    func sheetQuestions(_ page: String) -> [Shown] {
        var shown: [Shown] = []
        for line in page.components(separatedBy: "\n") {
            if let match = line.firstMatch(of: /^(\d+)\. (.*)$/) {
                XCTAssertEqual(Int(match.1), shown.count + 1)
                shown.append(Shown(stem: String(match.2), options: []))
            } else if let match = line.firstMatch(of: /^   ([a-z])\) (.*)$/), !shown.isEmpty {
                XCTAssertEqual(String(match.1), String(UnicodeScalar(UInt8(97 + shown[shown.count - 1].options.count))))
                shown[shown.count - 1].options.append(String(match.2))
            }
        }
        return shown
    }

    /// The answer line that is right for a question of this course.
    func right(_ q: Shown) -> String {
        String((q.options.firstIndex { $0.hasPrefix("Right answer") || $0.hasPrefix("He said") } ?? 0) + 1)
    }

    // MARK: presets

    let presetText = """
        # Mock exam for the test class
        title: Mock, "quoted" exam
        themes: alpha*3 beta
        count: 4
        minutes: 10
        seed: 2024
        pass_mark: 50%
        feedback: after
        """

    func testBadPresetGivesFileLineColumnAndExitsOne() throws {
        let path = try writeFile("bad.preset", """
            # line 1 is a comment
            title: Bad
            themes: alpha*2 gama
            cout: 5
            feedback: durin
            """)
        let result = try run(["exam", "--plain", "--preset", path, "--learner", "Ana"], stdin: "1\n")
        XCTAssertEqual(result.status, 1, result.stdout + result.stderr)
        XCTAssertEqual(result.stderr.components(separatedBy: "\n").filter { !$0.isEmpty }, [
            "\(path):3:17: error: the course has no theme 'gama'; did you mean 'gamma'?",
            "\(path):4:1: error: unknown key 'cout'; did you mean 'count'?",
            "\(path):5:11: error: 'feedback' must be 'during' or 'after', not 'durin'; did you mean 'during'?",
        ])
        XCTAssertFalse(result.stdout.contains("Question 1"), "no exam starts")

        let sheet = try run(["sheet", "--preset", path])
        XCTAssertEqual(sheet.status, 1)
        XCTAssertTrue(sheet.stderr.hasPrefix("\(path):3:17: error:"), sheet.stderr)
        XCTAssertEqual(sheet.stdout, "")
    }

    func testPresetGivesEveryLearnerTheSameExamAndIsStoredWithTheSession() throws {
        let path = try writeFile("mock.preset", presetText)
        let ana = try succeed(["exam", "--plain", "--preset", path, "--learner", "Ana"], stdin: "1\n1\n1\n1\n")
        let bilal = try succeed(["exam", "--plain", "--preset", path, "--learner", "Bilal"], stdin: "2\n2\n2\n2\n")
        let anaQuestions = examQuestions(ana.stdout), bilalQuestions = examQuestions(bilal.stdout)
        XCTAssertEqual(anaQuestions.count, 4)
        XCTAssertEqual(anaQuestions, bilalQuestions, "same questions, order and options")
        XCTAssertEqual(anaQuestions.filter { $0.stem.contains("alpha") }.count, 3, "alpha*3 of 4")
        XCTAssertTrue(ana.stdout.hasPrefix("Mock exam: Mock, \"quoted\" exam (learner Ana)"), ana.stdout)
        XCTAssertTrue(ana.stdout.contains("4 questions, 10 min, pass mark 50%. No feedback until the end."), ana.stdout)
        XCTAssertFalse(ana.stdout.contains("Right."), "feedback: after shows nothing during the exam")

        let rows = try resultsJSON()
        XCTAssertEqual(rows.count, 8)
        XCTAssertEqual(Set(rows.compactMap { $0["learner"] as? String }), ["Ana", "Bilal"])
        XCTAssertTrue(rows.allSatisfy { $0["preset"] as? String == "Mock, \"quoted\" exam" && $0["kind"] as? String == "exam" })

        // Feedback during: right or wrong after each answer, before "saved".
        let during = try writeFile("during.preset", presetText.replacingOccurrences(of: "feedback: after", with: "feedback: during"))
        let chen = try succeed(["exam", "--plain", "--preset", during, "--learner", "Chen"],
                               stdin: anaQuestions.map { right($0) + "\n" }.joined())
        XCTAssertEqual(examQuestions(chen.stdout), anaQuestions)
        XCTAssertEqual(chen.stdout.components(separatedBy: "\nRight.\nsaved\n").count - 1, 4, chen.stdout)
        XCTAssertTrue(chen.stdout.contains("Score: 4 of 4 (100%): pass"), chen.stdout)
    }

    // MARK: results

    /// A minimal RFC 4180 reader for checking what primer writes.
    func parseCSV(_ text: String) -> [[String]] {
        var records: [[String]] = [], fields: [String] = [], field = ""
        var quoted = false
        let scalars = Array(text.unicodeScalars)
        var i = 0
        while i < scalars.count {
            let c = scalars[i]
            if quoted {
                if c == "\"" {
                    if i + 1 < scalars.count, scalars[i + 1] == "\"" { field.unicodeScalars.append("\""); i += 1 } else { quoted = false }
                } else { field.unicodeScalars.append(c) }
            } else if c == "\"" {
                quoted = true
            } else if c == "," {
                fields.append(field); field = ""
            } else if c == "\r", i + 1 < scalars.count, scalars[i + 1] == "\n" {
                fields.append(field); field = ""
                records.append(fields); fields = []
                i += 1
            } else {
                XCTAssertNotEqual(c, "\n", "a bare LF outside quotes: records end in CRLF")
                field.unicodeScalars.append(c)
            }
            i += 1
        }
        XCTAssertTrue(fields.isEmpty && field.isEmpty, "the last record ends in CRLF")
        return records
    }

    func testResultsCSVQuotesCommasQuotesAndNewlinesAndJSONHasEveryField() throws {
        let path = try writeFile("quote.preset", "title: Quote test\nthemes: gamma\ncount: 1\nseed: 5\n")
        let exam = try succeed(["exam", "--plain", "--preset", path, "--learner", "Ann \"A\", B"], stdin: "1\n")
        let question = try XCTUnwrap(examQuestions(exam.stdout).first)
        XCTAssertEqual(Set(question.options), ["He said \"yes\", then left", "Nothing, ever"])

        let csv = try succeed(["results", "--format", "csv"]).stdout
        XCTAssertTrue(csv.hasPrefix("learner,session,kind,preset,course,question_id,theme,options_shown,options_chosen,correct,response_ms,time,answered,outcome\r\n"), csv)
        // The shown options are one field: a comma, doubled quotes and a line feed inside quotes.
        let shownField = "\"" + question.options.joined(separator: "\n").replacingOccurrences(of: "\"", with: "\"\"") + "\""
        XCTAssertTrue(csv.contains("," + shownField + ","), csv)
        XCTAssertTrue(csv.hasPrefix("learner,") && csv.contains("\r\n\"Ann \"\"A\"\", B\","), csv)
        let records = parseCSV(csv)
        XCTAssertEqual(records.count, 2)
        XCTAssertTrue(records.allSatisfy { $0.count == 14 }, "\(records)")
        let row = Dictionary(uniqueKeysWithValues: zip(records[0], records[1]))
        XCTAssertEqual(row["learner"], "Ann \"A\", B")
        XCTAssertEqual(row["preset"], "Quote test")
        XCTAssertEqual(row["kind"], "exam")
        XCTAssertEqual(row["course"], "tutor-test")
        XCTAssertEqual(row["question_id"], "gamma-quote")
        XCTAssertEqual(row["theme"], "gamma")
        XCTAssertEqual(row["options_shown"], question.options.joined(separator: "\n"))
        XCTAssertEqual(row["options_chosen"], question.options[0])
        XCTAssertEqual(row["correct"], question.options[0].hasPrefix("He said") ? "true" : "false")
        XCTAssertNotNil(Int(row["response_ms"] ?? ""))
        XCTAssertNotNil(row["time"]?.firstMatch(of: /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/), row["time"] ?? "")
        XCTAssertFalse(row["session"]?.isEmpty ?? true)
        XCTAssertEqual(row["answered"], "true")
        XCTAssertEqual(row["outcome"], "submitted")

        let json = try resultsJSON(["--learner", "Ann \"A\", B"])
        XCTAssertEqual(json.count, 1)
        let record = json[0]
        XCTAssertEqual(Set(record.keys), ["learner", "session", "kind", "preset", "course", "question_id", "theme",
                                          "options_shown", "options_chosen", "correct", "response_ms", "time", "answered", "outcome"])
        XCTAssertEqual(record["learner"] as? String, "Ann \"A\", B")
        XCTAssertEqual(record["session"] as? String, row["session"])
        XCTAssertEqual(record["options_shown"] as? [String], question.options)
        XCTAssertEqual(record["options_chosen"] as? [String], [question.options[0]])
        XCTAssertEqual(record["correct"] as? Bool, row["correct"] == "true")
        XCTAssertEqual(record["response_ms"] as? Int, Int(row["response_ms"]!))
        XCTAssertEqual(record["time"] as? String, row["time"])

        // Filters: --since in the future leaves the header only; an unknown learner is an error.
        XCTAssertEqual(try succeed(["results", "--format", "csv", "--since", "2999-01-01"]).stdout,
                       "learner,session,kind,preset,course,question_id,theme,options_shown,options_chosen,correct,response_ms,time,answered,outcome\r\n")
        let unknown = try run(["results", "--format", "json", "--learner", "Nobody"])
        XCTAssertEqual(unknown.status, 1)
        XCTAssertTrue(unknown.stderr.hasPrefix("primer: no learner named 'Nobody'"), unknown.stderr)
    }

    // MARK: report

    /// Six learners, four single-answer questions (q1 q2 alpha, q3 q4 beta), split over a
    /// CSV file (the first three learners) and a JSON file (the rest).
    ///
    ///                 q1 q2 q3 q4  score
    ///     Ahmed, Ali   1  1  1  0  3/4
    ///     Bea          1  1  0  0  2/4
    ///     Chen         1  0  1  0  2/4
    ///     Dana         0  1  0  0  1/4
    ///     Eve          1  0  0  1  2/4
    ///     Femi         0  0  0  1  1/4
    ///
    /// Ranked (ties by name): Ahmed 0.75, Bea, Chen, Eve 0.5, Dana, Femi 0.25. Thirds of 2:
    /// upper {Ahmed, Bea}, lower {Dana, Femi}.
    ///
    ///     q1: facility 4/6 = 0.6667; upper 2/2 = 1, lower 0/2 = 0   → D = +1.00
    ///     q2: facility 3/6 = 0.5;    upper 2/2 = 1, lower 1/2       → D = +0.50
    ///     q3: facility 2/6 = 0.3333; upper 1/2,     lower 0/2       → D = +0.50
    ///     q4: facility 2/6 = 0.3333; upper 0/2,     lower 1/2       → D = −0.50
    ///
    /// Most chosen wrong: q1 B (2), q2 Y (2), q3 N (3), q4 R (3).
    /// Theme averages: alpha (1 + 1 + ½ + ½ + ½ + 0) / 6 = 0.5833; beta (½ + 0 + ½ + 0 + ½ + ½) / 6 = 0.3333.
    func handMadeResults() throws -> (csv: String, json: String) {
        let correctOption = ["q1": "A", "q2": "X", "q3": "M", "q4": "P"]
        let theme = ["q1": "alpha", "q2": "alpha", "q3": "beta", "q4": "beta"]
        // Right (nil) or the wrong option chosen, per learner and question.
        let answers: [(String, [String?])] = [
            ("Ahmed, Ali", [nil, nil, nil, "R"]),
            ("Bea", [nil, nil, "N", "R"]),
            ("Chen", [nil, "Y", nil, "R"]),
            ("Dana", ["B", nil, "N", "Q"]),
            ("Eve", [nil, "Y", "N", nil]),
            ("Femi", ["B", "Z", "O", nil]),
        ]
        var csv = "learner,session,kind,preset,course,question_id,theme,options_shown,options_chosen,correct,response_ms,time,answered,outcome\r\n"
        var json: [[String: Any]] = []
        for (n, (learner, picks)) in answers.enumerated() {
            for (k, pick) in picks.enumerated() {
                let q = "q\(k + 1)"
                let chosen = pick ?? correctOption[q]!
                let time = "2025-03-0\(k + 1)T09:00:00Z"
                if n < 3 {
                    let name = learner.contains(",") ? "\"\(learner)\"" : learner
                    csv += "\(name),s\(n),exam,Mock,hand-made,\(q),\(theme[q]!),\"A\nB\",\(chosen),\(pick == nil),1000,\(time)\r\n"
                } else {
                    json.append(["learner": learner, "session": "s\(n)", "kind": "exam", "preset": "Mock", "course": "hand-made",
                                 "question_id": q, "theme": theme[q]!, "options_shown": ["A", "B"], "options_chosen": [chosen],
                                 "correct": pick == nil, "response_ms": 1000, "time": time])
                }
            }
        }
        let data = try JSONSerialization.data(withJSONObject: json)
        return (csv, String(decoding: data, as: UTF8.self))
    }

    func testReportOnHandMadeResultsFiles() throws {
        let files = try handMadeResults()
        let csvPath = try writeFile("class a.csv", files.csv)
        let jsonPath = try writeFile("class b.json", files.json)

        let csv = try succeed(["report", "--format", "csv", csvPath, jsonPath]).stdout
        let lines = csv.components(separatedBy: "\r\n")
        XCTAssertEqual(lines.first, "section,learner,theme,question_id,questions,answers,correct,score,passed,learners,average,facility,discrimination,most_chosen_wrong,most_chosen_wrong_count")
        XCTAssertEqual(Array(lines.dropFirst()), [
            "learner,\"Ahmed, Ali\",,,4,4,3,0.7500,,,,,,,",
            "learner,Bea,,,4,4,2,0.5000,,,,,,,",
            "learner,Chen,,,4,4,2,0.5000,,,,,,,",
            "learner,Dana,,,4,4,1,0.2500,,,,,,,",
            "learner,Eve,,,4,4,2,0.5000,,,,,,,",
            "learner,Femi,,,4,4,1,0.2500,,,,,,,",
            "theme,,alpha,,,12,7,,,6,0.5833,,,,",
            "theme,,beta,,,12,4,,,6,0.3333,,,,",
            "question,,beta,q3,,6,2,,,,,0.3333,0.5000,N,3",
            "question,,beta,q4,,6,2,,,,,0.3333,-0.5000,R,3",
            "question,,alpha,q2,,6,3,,,,,0.5000,0.5000,Y,2",
            "question,,alpha,q1,,6,4,,,,,0.6667,1.0000,B,2",
            "",
        ])

        let table = try succeed(["report", csvPath, jsonPath]).stdout
        XCTAssertTrue(table.hasPrefix("Class report: all answers in the files · 6 learners · 24 answers\n"), table)
        let tableLines = table.components(separatedBy: "\n")
        // Columns are aligned: every row of the question table is as wide as its header.
        let header = try XCTUnwrap(tableLines.firstIndex { $0.hasPrefix("QUESTION") })
        XCTAssertEqual(tableLines[header], "QUESTION  THEME  N  FACILITY  DISCRIMINATION  MOST CHOSEN WRONG OPTION")
        XCTAssertEqual(Array(tableLines[(header + 1)...(header + 4)]), [
            "q3        beta   6       33%           +0.50  “N” (3)",
            "q4        beta   6       33%           -0.50  “R” (3)",
            "q2        alpha  6       50%           +0.50  “Y” (2)",
            "q1        alpha  6       67%           +1.00  “B” (2)",
        ])
        XCTAssertTrue(table.contains("Ahmed, Ali          4         4      3    75%"), table)
        XCTAssertTrue(table.contains("alpha         6       12      58%"), table)

        // --preset keeps only that preset's sessions and adds pass or fail by its pass mark.
        let mock = try writeFile("mock.preset", "title: Mock\npass_mark: 50\ncount: 4\n")
        let judged = try succeed(["report", "--preset", mock, csvPath, jsonPath]).stdout
        XCTAssertTrue(judged.contains("pass mark 50%"), judged)
        XCTAssertTrue(judged.contains("4 of 6 passed."), judged)
        let other = try writeFile("other.preset", "title: Another exam\n")
        XCTAssertTrue(try succeed(["report", "--preset", other, csvPath]).stdout.contains("No answers to report."))
        // --since drops the answers to q1 and q2 (1 and 2 March).
        let late = try succeed(["report", "--format", "csv", "--since", "2025-03-03T00:00:00Z", csvPath, jsonPath]).stdout
        XCTAssertFalse(late.contains(",q1,") || late.contains(",q2,"), late)
        XCTAssertTrue(late.contains(",q3,"), late)

        // A broken results file names itself and the line.
        let broken = try writeFile("broken.csv", "learner,question_id,correct\r\nAna,q1,maybe\r\n")
        let failed = try run(["report", broken])
        XCTAssertEqual(failed.status, 1)
        XCTAssertTrue(failed.stderr.hasPrefix("primer: \(broken):2: 'correct' must be true or false"), failed.stderr)
    }

    func testReportOverTheStore() throws {
        let path = try writeFile("mock.preset", presetText)
        let first = try succeed(["exam", "--plain", "--preset", path, "--learner", "Ana"], stdin: "1\n1\n1\n1\n")
        let questions = examQuestions(first.stdout)
        try succeed(["exam", "--plain", "--preset", path, "--learner", "Bilal"], stdin: questions.map { right($0) + "\n" }.joined())
        // Chen hands in after two answers: the two blanks count as wrong, in the score and the themes.
        try succeed(["exam", "--plain", "--preset", path, "--learner", "Chen"],
                    stdin: questions.prefix(2).map { right($0) + "\n" }.joined() + "submit\n")
        // Dana leaves after one answer: abandoned, in no figure.
        try succeed(["exam", "--plain", "--preset", path, "--learner", "Dana"], stdin: right(questions[0]) + "\n")
        let table = try succeed(["report", "--preset", path]).stdout
        XCTAssertTrue(table.hasPrefix("Class report: “Mock, \"quoted\" exam” · 3 learners · 10 answers · 2 left blank · pass mark 50% · 1 abandoned exam left out"), table)
        XCTAssertTrue(table.contains("Bilal            4         4      4   100%  pass"), table)
        XCTAssertTrue(table.contains("Chen             4         2      2    50%  pass"), table)
        XCTAssertFalse(table.contains("Dana"), table)
        XCTAssertEqual(table.components(separatedBy: "Score and averages: right answers over questions set").count, 2,
                       "the note is there, once")
        // Themes count the blanks as wrong too: 12 questions set over the 3 learners.
        let csv = try succeed(["report", "--preset", path, "--format", "csv"]).stdout
        let themeRows = csv.components(separatedBy: "\r\n").filter { $0.hasPrefix("theme,") }
        let questionsInThemes = themeRows.map { Int($0.components(separatedBy: ",")[5]) ?? 0 }.reduce(0, +)
        XCTAssertEqual(questionsInThemes, 12, csv)
        // Results list the blanks and the abandoned exam, marked as such.
        let rows = try resultsJSON()
        XCTAssertEqual(rows.filter { $0["answered"] as? Bool == false }.count, 2)
        XCTAssertTrue(rows.filter { $0["learner"] as? String == "Dana" }.allSatisfy { $0["outcome"] as? String == "abandoned" })
        XCTAssertTrue(rows.filter { $0["learner"] as? String == "Bilal" }.allSatisfy { $0["outcome"] as? String == "submitted" })
    }

    // MARK: sheet

    func testSheetMatchesTheExamAndHasTheKeyOnItsOwnPage() throws {
        let path = try writeFile("mock.preset", presetText)
        let exam = try succeed(["exam", "--plain", "--preset", path, "--learner", "Ana"], stdin: "1\n1\n1\n1\n")
        let examQs = examQuestions(exam.stdout)
        XCTAssertEqual(examQs.count, 4)

        let txt = try succeed(["sheet", "--preset", path]).stdout
        let pages = txt.components(separatedBy: "\u{0C}")
        XCTAssertEqual(pages.count, 2, "one form feed")
        XCTAssertFalse(pages[0].contains("Answer key"))
        XCTAssertTrue(pages[1].hasPrefix("Answer key: Mock, \"quoted\" exam\n"), pages[1])
        XCTAssertTrue(pages[0].hasPrefix("Mock, \"quoted\" exam\nTutor test course\n4 questions · 10 minutes · pass mark 50%\n"), pages[0])
        let sheetQs = sheetQuestions(pages[0])
        XCTAssertEqual(sheetQs, examQs, "the same questions with the same options in the same order")

        // The key gives each question's right letter.
        for (n, q) in sheetQs.enumerated() {
            let index = q.options.firstIndex { $0.hasPrefix("Right answer") }!
            let letter = String(UnicodeScalar(UInt8(97 + index)))
            XCTAssertTrue(pages[1].contains("\n\(n + 1). \(letter) — \(q.options[index])\n"), pages[1])
        }
        XCTAssertTrue(pages[1].contains("Seed 2024 (from the preset)."))

        let md = try succeed(["sheet", "--preset", path, "--format", "md"]).stdout
        XCTAssertTrue(md.hasPrefix("# Mock, \"quoted\" exam\n"), md)
        let parts = md.components(separatedBy: "\n\n---\n\n## Answer key\n\n")
        XCTAssertEqual(parts.count, 2, md)
        XCTAssertFalse(parts[0].contains("Answer key"))
        for (n, q) in examQs.enumerated() {
            XCTAssertTrue(parts[0].contains("**\(n + 1).** \(q.stem)\n\n" + q.options.enumerated().map {
                "- \(String(UnicodeScalar(UInt8(97 + $0.offset))))) \($0.element)"
            }.joined(separator: "\n")), md)
            let index = q.options.firstIndex { $0.hasPrefix("Right answer") }!
            XCTAssertTrue(parts[1].contains("\(n + 1). \(String(UnicodeScalar(UInt8(97 + index)))) — "), parts[1])
        }

        // Without a seed in the preset the key names the one used, and --seed fixes it.
        let unseeded = try writeFile("unseeded.preset", presetText.replacingOccurrences(of: "seed: 2024\n", with: ""))
        let a = try succeed(["sheet", "--preset", unseeded, "--seed", "2024"]).stdout
        XCTAssertEqual(sheetQuestions(a.components(separatedBy: "\u{0C}")[0]), sheetQs)
        XCTAssertTrue(a.contains("Seed 2024: add the line 'seed: 2024' to the preset"), a)
    }

    // MARK: hot seat

    func testHotSeatRecordsAnswersForEachPlayer() throws {
        // Names from the first input line, then one answer each.
        let game = try succeed(["hotseat", "--plain", "--rounds", "1", "--seed", "11"], stdin: "Ayesha, Bilal\n1\n2\n")
        XCTAssertTrue(game.stdout.contains("Round 1 of 1 · Ayesha's turn · "), game.stdout)
        XCTAssertTrue(game.stdout.contains("Round 1 of 1 · Bilal's turn · "), game.stdout)
        XCTAssertTrue(game.stdout.contains("Scoreboard after round 1 of 1:"), game.stdout)
        XCTAssertEqual(game.stdout.components(separatedBy: "\nsaved\n").count - 1, 2)
        let ayeshaFirst = try XCTUnwrap(game.stdout.range(of: "Ayesha's turn")), bilalNext = try XCTUnwrap(game.stdout.range(of: "Bilal's turn"))
        XCTAssertLessThan(ayeshaFirst.lowerBound, bilalNext.lowerBound)

        let rows = try resultsJSON()
        XCTAssertEqual(rows.count, 2)
        XCTAssertEqual(rows.compactMap { $0["learner"] as? String }, ["Ayesha", "Bilal"])
        XCTAssertTrue(rows.allSatisfy { $0["preset"] as? String == "hot-seat" && $0["kind"] as? String == "practice" })
        XCTAssertNotEqual(rows[0]["question_id"] as? String, rows[1]["question_id"] as? String, "each gets a question of their own")
        XCTAssertEqual((rows[0]["options_chosen"] as? [String])?.count, 1)
        let sessions = Set(rows.compactMap { $0["session"] as? String })
        XCTAssertEqual(sessions.count, 2, "a session per player")

        // --players, and no answer at all: input stays open, so only the timer (1 s) can end
        // the turn; it is recorded as wrong with nothing chosen, and the game ends.
        let late = try runKeepingInputOpen(["hotseat", "--plain", "--players", "Chen", "--rounds", "1", "--seconds", "1"])
        XCTAssertTrue(late.stdout.contains("Time is up: counted as wrong."), late.stdout)
        XCTAssertEqual(late.status, 0, late.stderr)
        let chen = try resultsJSON(["--learner", "Chen"])
        XCTAssertEqual(chen.count, 1)
        XCTAssertEqual(chen.first?["correct"] as? Bool, false)
        XCTAssertEqual(chen.first?["options_chosen"] as? [String], [])

        // Input that ends before any answer: nothing is claimed to be saved.
        let none = try succeed(["hotseat", "--plain", "--players", "Ayesha,Bilal"], stdin: "")
        XCTAssertTrue(none.stdout.contains("No answers were given, so nothing was saved."), none.stdout)
        XCTAssertFalse(none.stdout.contains("Answers saved"), none.stdout)
    }

    /// Runs primer with stdin open and empty until it exits by itself.
    func runKeepingInputOpen(_ arguments: [String]) throws -> CommandResult {
        try EndToEndTests.runKeepingInputOpen(primer, arguments, environment: environment(), scratch: directory)
    }
}
