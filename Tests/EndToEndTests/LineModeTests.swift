import CourseFormat
import Foundation
import StudyCore
import XCTest

/// Line mode driven through stdin: `study`, `quiz`, `exam`, `lesson` with `--plain`, and `stats`.
final class LineModeTests: XCTestCase {
    var primer: String!
    var directory: URL!

    override func setUpWithError() throws {
        guard let url = Built.primer else { throw XCTSkip("the primer binary was not built") }
        primer = url.path
        directory = try Built.temporaryDirectory("plain")
    }

    override func tearDown() {
        if let directory { try? FileManager.default.removeItem(at: directory) }
    }

    lazy var course: Course = {
        let folder = Built.repository.appendingPathComponent("Content/pakistan-us").path
        return CourseLoader.load(folder: folder).course!
    }()

    /// A clean environment with no terminal, a private data folder and a fixed learner.
    func environment(data: String = "data", extra: [String: String] = [:]) -> [String: String] {
        var env = ["HOME": directory.path, "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8",
                   "PRIMER_DATA_DIR": directory.appendingPathComponent(data).path, "PRIMER_LEARNER": "tester"]
        env.merge(extra) { $1 }
        return env
    }

    @discardableResult
    func run(_ arguments: [String], stdin: String = "", data: String = "data", extra: [String: String] = [:],
             file: StaticString = #filePath, line: UInt = #line) throws -> CommandResult {
        let result = try runCommand(primer, arguments, environment: environment(data: data, extra: extra),
                                    stdin: stdin, currentDirectory: directory, timeout: 60)
        XCTAssertFalse(result.stdout.contains("\u{1B}"), "no escape codes on stdout:\n\(result.stdout)", file: file, line: line)
        return result
    }

    // MARK: reading the output

    /// A question as printed: its header, the course question it is, and its options in order.
    struct Shown {
        var header: String
        var question: Question
        var options: [String]

        /// The answer line that is right ("2", or "1,3" for select-all).
        var right: String {
            options.indices.filter { i in question.choices.first { $0.text == options[i] }?.isCorrect ?? false }
                .map { String($0 + 1) }.joined(separator: ",")
        }
        /// An answer line that is wrong: the first wrong option.
        var wrong: String {
            String(options.indices.first { i in !(question.choices.first { $0.text == options[i] }?.isCorrect ?? true) }! + 1)
        }
    }

    /// Every question block in the output, in order (a question shown twice appears twice).
    func questions(in output: String, file: StaticString = #filePath, line: UInt = #line) -> [Shown] {
        let lines = output.components(separatedBy: "\n")
        var shown: [Shown] = []
        var i = 0
        func isOption(_ text: String) -> Bool {
            guard let dot = text.firstIndex(of: "."), dot > text.startIndex else { return false }
            return text[..<dot].allSatisfy(\.isNumber) && text[dot...].hasPrefix(". ")
        }
        while i < lines.count {
            let header = lines[i]
            guard header.hasPrefix("Question "), header.contains(" of "), header.contains(" · ") else { i += 1; continue }
            i += 1
            var stem: [String] = []
            while i < lines.count, !isOption(lines[i]) {
                if lines[i] != "Select all that apply (e.g. 1,3).", lines[i] != "(Several answers: type them all, e.g. 1,3.)" {
                    stem.append(lines[i])
                }
                i += 1
            }
            var options: [String] = []
            while i < lines.count {
                if isOption(lines[i]) {
                    options.append(String(lines[i][lines[i].range(of: ". ")!.upperBound...]))
                } else if lines[i].hasPrefix("   "), !options.isEmpty {
                    options[options.count - 1] += " " + lines[i].trimmingCharacters(in: .whitespaces)
                } else {
                    break
                }
                i += 1
            }
            let stemText = stem.joined(separator: " ")
            guard let question = course.questions.first(where: { $0.stem == stemText }) else {
                XCTFail("question '\(stemText)' is not in the course", file: file, line: line)
                continue
            }
            for option in options where !question.choices.contains(where: { $0.text == option }) {
                XCTFail("option '\(option)' is not an option of \(question.id)", file: file, line: line)
            }
            shown.append(Shown(header: header, question: question, options: options))
        }
        return shown
    }

    func count(_ text: String, linesEqualTo target: String) -> Int {
        text.components(separatedBy: "\n").filter { $0 == target }.count
    }

    func count(_ text: String, linesStartingWith prefix: String) -> Int {
        text.components(separatedBy: "\n").filter { $0.hasPrefix(prefix) }.count
    }

    func stats() throws -> [String: Any] {
        let result = try run(["stats", "--json"])
        XCTAssertEqual(result.status, 0, result.stderr)
        let object = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8))
        return try XCTUnwrap(object as? [String: Any], result.stdout)
    }

    // MARK: quiz

    func testQuizFromAFileOfAnswersWithAnUnreadableLineThenStatsAndRestart() throws {
        let arguments = ["quiz", "--plain", "--lesson", "coercive-diplomacy", "--count", "3", "--seed", "7"]
        // A probe run on a throwaway store shows the questions the seed picks.
        let probe = try run(arguments, stdin: "1\n1\n1\n", data: "probe")
        XCTAssertEqual(probe.status, 0, probe.stderr)
        let asked = questions(in: probe.stdout)
        XCTAssertEqual(asked.count, 3, probe.stdout)
        XCTAssertEqual(asked.map { String($0.header.prefix(16)) }, ["Question 1 of 3 ", "Question 2 of 3 ", "Question 3 of 3 "])
        XCTAssertTrue(asked.allSatisfy { $0.question.lessonID == "coercive-diplomacy" })
        XCTAssertTrue(asked[0].header.hasSuffix(" · Normal and coercive diplomacy, and “do more”"), asked[0].header)

        // Right, an unreadable line, wrong, right: three answers.
        let input = [asked[0].right, "zz", asked[1].wrong, asked[2].right].joined(separator: "\n") + "\n"
        let result = try run(arguments, stdin: input)
        XCTAssertEqual(result.status, 0, result.stderr)
        let out = result.stdout
        let shown = questions(in: out)
        XCTAssertEqual(shown.map(\.question.id), [asked[0], asked[1], asked[1], asked[2]].map(\.question.id),
                       "same questions as the probe, and question 2 again after the unreadable line")
        XCTAssertEqual(shown[1].options, shown[2].options, "the same question, the same options")
        XCTAssertEqual(count(out, linesStartingWith: "Hint: "), 1, out)
        XCTAssertEqual(count(out, linesEqualTo: "Right."), 2, out)
        XCTAssertEqual(count(out, linesStartingWith: "Wrong. The answer"), 1, out)
        XCTAssertEqual(count(out, linesEqualTo: "saved"), 3, "exactly one 'saved' per answer:\n\(out)")
        XCTAssertTrue(out.contains("Source: ¶"), out)
        XCTAssertTrue(out.contains("Comes back "), out)
        XCTAssertFalse(out.contains("Answer: "), "no prompt when stdout is not a terminal")
        XCTAssertTrue(out.contains("Session over: 3 answered, 2 right, 1 wrong"), out)
        XCTAssertTrue(out.contains("\nNext: "), out)
        // "saved" closes each answer's feedback; the next question comes only after it.
        let lines = out.components(separatedBy: "\n")
        for (i, text) in lines.enumerated() where text == "saved" {
            XCTAssertTrue(lines[i - 1].hasPrefix("Comes back "), lines[i - 1])
        }
        XCTAssertEqual(out.components(separatedBy: "\nsaved\n").count, 4)

        var figures = try stats()
        XCTAssertEqual(figures["reviews_total"] as? Int, 3)

        // End of input mid-session: a clean end, exit 0, the answer given is kept.
        let partial = try run(arguments, stdin: "1\n")   // option 1 exists in every question
        XCTAssertEqual(partial.status, 0, partial.stderr)
        XCTAssertEqual(count(partial.stdout, linesEqualTo: "saved"), 1, partial.stdout)
        XCTAssertTrue(partial.stdout.contains("Input ended. Session over: 1 answered"), partial.stdout)

        // quit, after an unreadable line whose hint offers it: the same clean end, without
        // "Input ended", and nothing after it is read as an answer.
        let quit = try run(arguments, stdin: "maybe\n1\nQUIT\n1\n")
        XCTAssertEqual(quit.status, 0, quit.stderr)
        XCTAssertTrue(quit.stdout.contains("or type quit to stop here."), quit.stdout)
        XCTAssertEqual(count(quit.stdout, linesEqualTo: "saved"), 1, quit.stdout)
        XCTAssertTrue(quit.stdout.contains("\nSession over: 1 answered"), quit.stdout)
        XCTAssertFalse(quit.stdout.contains("Input ended"), quit.stdout)

        // A later run (a restart) finds everything.
        figures = try stats()
        XCTAssertEqual(figures["reviews_total"] as? Int, 5)
        let theme = (figures["themes"] as? [[String: Any]])?.first { $0["id"] as? String == "coercive-diplomacy" }
        XCTAssertGreaterThanOrEqual(theme?["seen"] as? Int ?? 0, 2)
    }

    // Defect 8: a mark that does not apply is refused, with the reason, in line mode too.
    func testAMarkOnAWrongAnswerIsRefusedWithTheReason() throws {
        let arguments = ["quiz", "--plain", "--lesson", "coercive-diplomacy", "--count", "1", "--seed", "7"]
        let asked = questions(in: try run(arguments, stdin: "1\n", data: "probe").stdout)
        let result = try run(arguments, stdin: "\(asked[0].wrong)!\n")
        XCTAssertTrue(result.stdout.contains("Mark not applied: “Too easy” is only for a right answer: nothing changed."), result.stdout)
        XCTAssertEqual(count(result.stdout, linesEqualTo: "saved"), 1)
    }

    // quiz, study, lesson and hotseat have no full-screen form: --plain is accepted for
    // scripts and changes nothing.
    func testPlainChangesNothingForCommandsThatAreAlwaysLineMode() throws {
        let quiz = ["quiz", "--lesson", "coercive-diplomacy", "--count", "2", "--seed", "7"]
        let extra = ["PRIMER_NOW": "2026-03-01T09:00:00Z"]
        let bare = try run(quiz, stdin: "1\n2\n", data: "bare", extra: extra)
        let plain = try run(quiz + ["--plain"], stdin: "1\n2\n", data: "plain", extra: extra)
        XCTAssertEqual(bare.status, 0, bare.stderr)
        XCTAssertEqual(plain.status, bare.status)
        XCTAssertEqual(count(bare.stdout, linesEqualTo: "saved"), 2, bare.stdout)
        XCTAssertEqual(plain.stdout, bare.stdout)
        XCTAssertEqual(plain.stderr, bare.stderr)

        for command in [["study"], ["lesson"], ["lesson", "coercive-diplomacy"]] {
            let without = try run(command, data: "bare-" + command.joined(separator: "-"), extra: extra)
            let with = try run(command + ["--plain"], data: "plain-" + command.joined(separator: "-"), extra: extra)
            XCTAssertEqual(without.status, 0, without.stderr)
            XCTAssertEqual(with.status, without.status, "\(command)")
            XCTAssertEqual(with.stdout, without.stdout, "\(command)")
        }
        for command in ["quiz", "study", "lesson", "hotseat"] {
            let help = try run([command, "--help"]).stdout
            XCTAssertTrue(help.contains("Changes nothing"), "\(command) --help:\n\(help)")
        }
    }

    func testQuizRejectsAnUnknownLesson() throws {
        let result = try run(["quiz", "--plain", "--lesson", "no-such-lesson"])
        XCTAssertNotEqual(result.status, 0)
        XCTAssertTrue(result.stderr.contains("no lesson 'no-such-lesson'"), result.stderr)
    }

    // MARK: study

    func testStudyWithGuessedAndTooEasyMarks() throws {
        // New questions come from read lessons: nothing to study before.
        let empty = try run(["study", "--plain"])
        XCTAssertEqual(empty.status, 0, empty.stderr)
        XCTAssertTrue(empty.stdout.contains("Nothing to study yet"), empty.stdout)
        XCTAssertTrue(empty.stdout.contains("primer lesson --plain "), empty.stdout)

        for data in ["probe", "data"] {
            XCTAssertEqual(try run(["lesson", "--plain", "coercive-diplomacy"], data: data).status, 0)
        }
        let arguments = ["study", "--plain", "--seed", "3"]
        let probe = try run(arguments, stdin: "1\n1\n1\n", data: "probe")
        let asked = questions(in: probe.stdout)
        XCTAssertGreaterThanOrEqual(asked.count, 3, probe.stdout)

        // Right but "too easy", right but "I guessed", wrong: then input ends.
        let input = "\(asked[0].right)!\n\(asked[1].right) ?\n\(asked[2].wrong)\n"
        let result = try run(arguments, stdin: input)
        XCTAssertEqual(result.status, 0, result.stderr)
        let out = result.stdout
        XCTAssertEqual(questions(in: out).prefix(3).map(\.question.id), asked.prefix(3).map(\.question.id))
        XCTAssertEqual(count(out, linesEqualTo: "saved"), 3, out)
        XCTAssertEqual(count(out, linesEqualTo: "Right."), 2, out)
        XCTAssertEqual(count(out, linesStartingWith: "Marked “too easy”: it returns in "), 1, out)
        XCTAssertEqual(count(out, linesStartingWith: "Marked “I guessed”: it returns again in "), 1, out)
        XCTAssertTrue(out.contains("Question 1 of "), out)
        XCTAssertTrue(out.contains("Session over: 3 answered, 2 right, 1 wrong"), out)
        // "Too easy" is rated Easy: the question is put off by days, the others come back within minutes.
        let returns = out.components(separatedBy: "\n").filter { $0.hasPrefix("Comes back ") }
        XCTAssertEqual(returns.count, 3, out)
        XCTAssertTrue(returns[0].hasPrefix("Comes back in ") && returns[0].contains("day"), returns[0])
        XCTAssertTrue(returns[1].hasPrefix("Comes back again in"), returns[1])
        XCTAssertTrue(returns[2].hasPrefix("Comes back again in"), returns[2])

        let figures = try stats()
        XCTAssertEqual(figures["reviews_total"] as? Int, 3)
        XCTAssertEqual(figures["lessons_read"] as? Int, 1)
    }

    // MARK: exam

    func testExamWithAFlaggedQuestionScoresAndReviewsEveryAnswer() throws {
        let arguments = ["exam", "--plain", "--count", "4", "--minutes", "5", "--seed", "11"]
        let probe = try run(arguments, stdin: "1\n1\n1\n1\n", data: "probe")
        let asked = questions(in: probe.stdout)
        XCTAssertEqual(asked.count, 4, probe.stdout)
        XCTAssertEqual(Set(asked.map(\.question.themeID)).count, 4, "drawn across themes")

        // Flag 1; 2 wrong; 3 and 4 right; then 1 (the first unanswered) comes back and is answered right.
        let input = ["flag", asked[1].wrong, asked[2].right, asked[3].right, asked[0].right].joined(separator: "\n") + "\n"
        let result = try run(arguments, stdin: input)
        XCTAssertEqual(result.status, 0, result.stderr)
        let out = result.stdout
        let shown = questions(in: out)
        XCTAssertEqual(shown.map(\.question.id), [0, 1, 2, 3, 0].map { asked[$0].question.id }, "the flagged question comes back last")
        XCTAssertTrue(shown[4].header.hasPrefix("Question 1 of 4 · "), shown[4].header)
        XCTAssertTrue(shown[4].header.contains(" · flagged"), shown[4].header)
        XCTAssertEqual(shown[4].options, shown[0].options)
        XCTAssertTrue(out.contains("Flagged: question 1; come back with go 1."), out)
        XCTAssertEqual(count(out, linesEqualTo: "saved"), 4, out)
        XCTAssertEqual(count(out, linesEqualTo: "Right."), 0, "no feedback until the end")
        XCTAssertTrue(out.contains("Every question is answered. Type submit"), out)
        XCTAssertTrue(out.contains("The exam was handed in."), out)
        XCTAssertTrue(out.contains("Score: 3 of 4 (75%): pass (pass mark 70%)."), out)
        XCTAssertTrue(out.contains("By theme:"), out)
        XCTAssertTrue(out.contains("Time per question:"), out)
        XCTAssertTrue(out.contains("Review of every answer:"), out)
        let review = String(out[out.range(of: "Review of every answer:")!.upperBound...])
        XCTAssertTrue(review.contains("Question 2 (wrong): "), review)
        XCTAssertTrue(review.contains("Question 3 (right): "), review)
        XCTAssertTrue(review.contains("  Why: "), review)
        XCTAssertTrue(review.contains("  Source: ¶"), review)
        // Within 78 columns (the closing line was 83; "Why:" lines under a deeper indent
        // ran one or two past).
        let long = out.components(separatedBy: "\n").filter { $0.count > 78 }
        XCTAssertEqual(long, [], "lines past 78 columns")

        let figures = try stats()
        XCTAssertEqual(figures["reviews_total"] as? Int, 4)
        let exams = try XCTUnwrap(figures["exams"] as? [[String: Any]])
        XCTAssertEqual(exams.count, 1)
        XCTAssertEqual(exams.first?["score"] as? Double, 0.75)
        XCTAssertEqual(exams.first?["outcome"] as? String, "submitted")
        XCTAssertEqual(exams.first?["questions"] as? Int, 4)
        // The wrongly answered question is now in a relearning or learning step: due today.
        XCTAssertGreaterThanOrEqual(figures["due_today"] as? Int ?? 0, 1)
    }

    // Issue 11, 16: go back to any question and change its answer; list the paper; submit early.
    func testExamAnswersCanBeChangedWithGoAndTheExamHandedInEarly() throws {
        let arguments = ["exam", "--plain", "--count", "3", "--minutes", "5", "--seed", "5"]
        let probe = try run(arguments, stdin: "1\n1\n1\n", data: "probe")
        let asked = questions(in: probe.stdout)
        XCTAssertEqual(asked.count, 3, probe.stdout)
        let input = [asked[0].wrong, "go 1", asked[0].right, "list", "go 7", "submit"].joined(separator: "\n") + "\n"
        let result = try run(arguments, stdin: input)
        XCTAssertEqual(result.status, 0, result.stderr)
        let out = result.stdout
        XCTAssertEqual(count(out, linesEqualTo: "saved"), 2, out)
        XCTAssertTrue(out.contains(" · answered "), "a question visited again shows its answer:\n\(out)")
        XCTAssertTrue(out.contains("Questions (✓ answered, · not yet, F flagged):"), out)
        XCTAssertTrue(out.contains("There is no question 7."), out)
        XCTAssertTrue(out.contains("Score: 1 of 3 (33%): fail"), "the changed answer counts, unanswered count as wrong:\n\(out)")
        XCTAssertTrue(out.contains("2 not answered (counted wrong)"), out)
        let figures = try stats()
        XCTAssertEqual(figures["reviews_total"] as? Int, 1, "a changed answer replaces the first in the log")
    }

    // Defect 4: an exam left half-way is abandoned: no score, never a pass, in no average.
    func testAnExamLeftHalfWayIsAbandonedNotScored() throws {
        let arguments = ["exam", "--plain", "--count", "3", "--minutes", "5", "--seed", "5"]
        let result = try run(arguments, stdin: "1\n")
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(result.stdout.contains("the exam is abandoned,\nwith no score"), result.stdout)
        XCTAssertFalse(result.stdout.contains("By theme:"), "no score, so no breakdown of one")
        XCTAssertFalse(result.stdout.contains("Score:"), result.stdout)
        let exams = try XCTUnwrap(try stats()["exams"] as? [[String: Any]])
        XCTAssertEqual(exams.count, 1)
        XCTAssertEqual(exams.first?["outcome"] as? String, "abandoned")
        XCTAssertTrue(exams.first?["score"] is NSNull, "\(exams)")
        let text = try run(["stats"]).stdout
        XCTAssertTrue(text.contains("abandoned (not scored)"), text)
    }

    /// `kill` (or a closed terminal, or Ctrl-C) mid-exam in line mode: the reader ends as
    /// the input would, the exam is abandoned with its one answer, the store is closed
    /// cleanly, and primer ends by the signal (the exit status says so).
    func testSIGTERMMidExamAbandonsItClosesTheStoreAndEndsByTheSignal() throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: primer)
        process.arguments = ["exam", "--plain", "--count", "3", "--minutes", "5", "--seed", "1"]
        process.environment = environment()
        let outURL = directory.appendingPathComponent("exam-out")
        FileManager.default.createFile(atPath: outURL.path, contents: nil)
        let out = try FileHandle(forWritingTo: outURL)
        defer { try? out.close() }
        process.standardOutput = out
        process.standardError = out
        let input = Pipe()
        process.standardInput = input
        try process.run()
        input.fileHandleForWriting.write(Data("1\n".utf8))
        // Wait for the state (the answer saved), not for a time; the deadline only stops a hang.
        let deadline = Date().addingTimeInterval(60)
        func output() -> String { (try? String(contentsOf: outURL, encoding: .utf8)) ?? "" }
        while !output().contains("Question 2 of 3"), process.isRunning, Date() < deadline { usleep(10_000) }
        XCTAssertTrue(output().contains("saved"), output())
        kill(process.processIdentifier, SIGTERM)
        while process.isRunning, Date() < deadline { usleep(10_000) }
        XCTAssertFalse(process.isRunning, "primer ended after SIGTERM")
        if process.isRunning { process.terminate(); return }
        try? input.fileHandleForWriting.close()
        XCTAssertEqual(process.terminationReason, .uncaughtSignal, output())
        XCTAssertEqual(process.terminationStatus, SIGTERM)
        XCTAssertTrue(output().contains("primer was stopped before every question was answered: the exam is abandoned"), output())
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.appendingPathComponent("data").path)
        XCTAssertTrue(names.contains("primer.sqlite.closed"), "closed cleanly: \(names)")
        XCTAssertFalse(names.contains { $0.hasPrefix("primer.sqlite.writing-") }, "no writer left open: \(names)")
        let stats = try run(["stats", "--json"]).stdout
        let exams = (try JSONSerialization.jsonObject(with: Data(stats.utf8)) as? [String: Any])?["exams"] as? [[String: Any]] ?? []
        XCTAssertEqual(exams.count, 1, stats)
        XCTAssertEqual(exams.first?["outcome"] as? String, "abandoned")
        XCTAssertEqual(exams.first?["answered"] as? Int, 1)
    }

    func testExamTimeUpHandsInWithUnansweredCountedWrong() throws {
        // stdin stays open: only the clock can end this exam.
        let result = try runKeepingInputOpen(["exam", "--plain", "--count", "3", "--minutes", "0.08", "--seed", "2"],
                                             input: "1\n", timeout: 60)
        XCTAssertEqual(result.status, 0, result.stderr)
        let out = result.stdout
        XCTAssertTrue(out.contains("Time is up: the exam was handed in."), out)
        XCTAssertEqual(count(out, linesEqualTo: "saved"), 1, out)
        XCTAssertTrue(out.contains("Answered 1 of 3 in "), out)
        XCTAssertTrue(out.contains("2 not answered (counted wrong)"), out)
        XCTAssertTrue(out.contains("Your answer: not answered"), out)
        XCTAssertTrue(out.contains(": fail (pass mark 70%)."), out)
    }

    // Defect 3: one clock. With PRIMER_NOW before (or after) the system clock, every command
    // that waits for input with a deadline reads the answers instead of looping.
    func testAClockBeforeOrAfterTheSystemClockNeverLoops() throws {
        try run(["lesson", "--plain", "coercive-diplomacy"])
        for now in ["2026-03-01T09:00:00Z", "2031-06-01T09:00:00Z"] {
            let extra = ["PRIMER_NOW": now]
            let exam = try run(["exam", "--plain", "--count", "3", "--seed", "1"], stdin: "1\n2\n1\n", extra: extra)
            XCTAssertEqual(exam.status, 0, exam.stderr)
            XCTAssertEqual(count(exam.stdout, linesEqualTo: "saved"), 3, "\(now): \(exam.stdout.prefix(2000))")
            XCTAssertLessThan(exam.stdout.utf8.count, 20_000, "\(now): the output must not repeat a question")
            let hot = try run(["hotseat", "--plain", "--players", "a,b", "--rounds", "1", "--seed", "1"], stdin: "1\n1\n", extra: extra)
            XCTAssertEqual(count(hot.stdout, linesEqualTo: "saved"), 2, "\(now): \(hot.stdout.prefix(2000))")
            let quiz = try run(["quiz", "--plain", "--count", "2", "--seed", "1"], stdin: "1\n1\n", extra: extra)
            XCTAssertEqual(count(quiz.stdout, linesEqualTo: "saved"), 2, "\(now): \(quiz.stdout.prefix(2000))")
            let study = try run(["study", "--plain", "--seed", "1"], stdin: "1\n1\n", extra: extra)
            XCTAssertEqual(count(study.stdout, linesEqualTo: "saved"), 2, "\(now): \(study.stdout.prefix(2000))")
        }
        let bad = try run(["stats"], extra: ["PRIMER_NOW": "2026-13-45T99:99:99Z"])
        XCTAssertEqual(bad.status, 2)
        XCTAssertTrue(bad.stderr.contains("PRIMER_NOW is '2026-13-45T99:99:99Z', not a time"), bad.stderr)
    }

    /// Runs primer with `input` on a stdin that stays open until the process ends.
    func runKeepingInputOpen(_ arguments: [String], input: String, timeout: TimeInterval) throws -> CommandResult {
        try EndToEndTests.runKeepingInputOpen(primer, arguments, environment: environment(), input: input, scratch: directory,
                                              guardTime: timeout, hang: "the exam did not end on its clock")
    }

    // MARK: lesson

    /// Found walking the app: the lesson list's "mastery" was recall now (100% for a
    /// lesson answered a minute ago, mostly wrong). It is Home's and stats' figure.
    func testTheLessonListShowsTheMasteryStatsShows() throws {
        let course = self.course
        let lesson = try XCTUnwrap(course.lessons.first { $0.id == "coercive-diplomacy" })
        XCTAssertTrue(lesson.questions.allSatisfy { $0.themeID == lesson.themeID }
                      && course.questions.filter { $0.themeID == lesson.themeID }.count == lesson.questions.count,
                      "this lesson is its theme's only lesson, so the two figures must agree")
        // Three answers, one right: recall now is near 100% for all three.
        let asked = questions(in: try run(["quiz", "--plain", "--lesson", lesson.id, "--count", "3", "--seed", "7"], stdin: "1\n1\n1\n", data: "probe").stdout)
        let answers = [asked[0].right, asked[1].wrong, asked[2].wrong].map { "\($0)\n" }.joined()
        XCTAssertEqual(try run(["quiz", "--plain", "--lesson", lesson.id, "--count", "3", "--seed", "7"], stdin: answers).status, 0)
        let list = try run(["lesson", "--plain"])
        let line = try XCTUnwrap(list.stdout.components(separatedBy: "\n").first { $0.hasPrefix("  \(lesson.id) (") }, list.stdout)
        let stats = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(try run(["stats", "--json"]).stdout.utf8)) as? [String: Any])
        let theme = try XCTUnwrap((stats["themes"] as? [[String: Any]])?.first { $0["id"] as? String == lesson.themeID })
        let mastery = try XCTUnwrap(theme["mastery"] as? Double)
        XCTAssertLessThan(mastery, 0.3)
        XCTAssertTrue(line.hasSuffix("mastery \(Int((mastery * 100).rounded()))%)"), "\(line) against stats' \(mastery)")
        XCTAssertTrue(list.stdout.hasPrefix("Lessons of "), list.stdout)
        XCTAssertTrue(list.stdout.contains("(mastery: what you would recall unaided on "), list.stdout)
    }

    func testLessonIsPlainWrappedTextAndIsMarkedRead() throws {
        let result = try run(["lesson", "--plain", "coercive-diplomacy"])
        XCTAssertEqual(result.status, 0, result.stderr)
        let out = result.stdout
        XCTAssertTrue(out.hasPrefix("Normal and coercive diplomacy, and “do more”\nSource: ¶6 ¶7\n"), out)
        XCTAssertTrue(out.contains("“do more”"), "curly quotes exactly as written")
        XCTAssertTrue(out.contains("\nDiplomacy and war, side by side (¶6)\n"), out)
        XCTAssertTrue(out.contains("\n- gives dictations, such as “do more”;\n"), "bullets, key terms as plain text:\n\(out)")
        XCTAssertFalse(out.contains("**"))
        XCTAssertTrue(out.components(separatedBy: "\n").allSatisfy { $0.count <= 78 }, out)
        XCTAssertTrue(out.contains("Marked as read."), out)

        let narrow = try run(["lesson", "--plain", "coercive-diplomacy"], extra: ["COLUMNS": "50"])
        XCTAssertTrue(narrow.stdout.components(separatedBy: "\n").allSatisfy { $0.count <= 50 }, narrow.stdout)

        let list = try run(["lesson", "--plain"])
        XCTAssertNotNil(list.stdout.range(of: #"  coercive-diplomacy \(read, \d+ questions"#, options: .regularExpression), list.stdout)
        XCTAssertTrue(list.stdout.contains("  alliance (unread, "), list.stdout)

        let missing = try run(["lesson", "--plain", "nope"])
        XCTAssertNotEqual(missing.status, 0)
        XCTAssertTrue(missing.stderr.contains("no lesson 'nope'"), missing.stderr)
    }

    // MARK: stats

    /// Commands that only read create neither a store in a folder that has none (a mistyped
    /// --data-dir) nor a learner for a name no one has studied under (a mistyped --learner,
    /// who would then show in every list and class report); each says what it found.
    func testCommandsThatOnlyReadCreateNeitherAStoreNorALearner() throws {
        let folder = directory.appendingPathComponent("data")
        for arguments in [["stats"], ["stats", "--json"], ["plan"], ["plan", "--json"], ["results"], ["report"], ["export"],
                          ["optimize"], ["backup"]] {
            let result = try run(arguments)
            XCTAssertEqual(result.status, 1, "\(arguments): \(result.stdout)")
            XCTAssertTrue(result.stderr.contains("no learner data in \(folder.path)"), "\(arguments): \(result.stderr)")
            XCTAssertFalse(FileManager.default.fileExists(atPath: folder.path), "\(arguments) made the folder")
        }
        XCTAssertTrue(try run(["doctor"]).stdout.contains("There is no learner data file yet"))
        let listed = try run(["learners"])
        XCTAssertEqual(listed.stdout, "No learners yet in \(folder.path).\n")
        XCTAssertFalse(FileManager.default.fileExists(atPath: folder.path), "learners made the folder")

        XCTAssertEqual(try run(["plan", "--clear"]).status, 1, "clearing a date no one set creates no one")
        XCTAssertEqual(try run(["plan", "--exam-date", "2099-01-01"]).status, 0, "setting a date creates the learner")
        for arguments in [["stats"], ["stats", "--json"], ["plan"], ["optimize"]] {
            let result = try run(arguments + ["--learner", "Tester"])
            XCTAssertEqual(result.status, 1, "\(arguments): \(result.stdout)")
            XCTAssertTrue(result.stderr.contains("no learner named 'Tester'") && result.stderr.contains("'tester'"),
                          "\(arguments): the learners there are named: \(result.stderr)")
        }
        let names = try run(["learners"]).stdout.split(separator: "\n").dropFirst().map { $0.split(separator: " ").first.map(String.init) }
        XCTAssertEqual(names, ["tester"], "no learner was added")
        XCTAssertEqual(try run(["stats"]).status, 0, "the learner's own statistics, with no answers yet")
    }

    func testStatsJSONHasTheDocumentedFieldsInSortedOrder() throws {
        XCTAssertEqual(try run(["lesson", "--plain", "alliance"], stdin: "").status, 0, "the learner, with no answers yet")
        let result = try run(["stats", "--json"])
        XCTAssertEqual(result.status, 0, result.stderr)
        let object = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        for key in ["reviews_total", "due_now", "due_later_today", "due_today", "new_available", "streak_days", "mastery", "retention",
                    "lessons_read", "exam_readiness", "forecast", "themes"] {
            XCTAssertNotNil(object[key], "missing \(key)")
        }
        XCTAssertEqual(object["reviews_total"] as? Int, 0)
        XCTAssertTrue(object["retention"] is NSNull, "null before any review")
        XCTAssertEqual((object["forecast"] as? [Int])?.count, 30)
        let themes = try XCTUnwrap(object["themes"] as? [[String: Any]])
        XCTAssertEqual(themes.map { $0["id"] as? String }, course.themes.map(\.id))
        for theme in themes {
            for key in ["id", "title", "mastery", "seen", "total", "due_today"] { XCTAssertNotNil(theme[key], key) }
        }
        XCTAssertEqual(themes.reduce(0) { $0 + ($1["total"] as? Int ?? 0) }, course.questions.count)
        // Keys come out sorted, so the text is stable.
        let topKeys = result.stdout.components(separatedBy: "\n").filter { $0.hasPrefix("  \"") }
            .map { $0.dropFirst(3).prefix { $0 != "\"" } }.map(String.init)
        XCTAssertEqual(topKeys, topKeys.sorted())

        let text = try run(["stats"])
        XCTAssertEqual(text.status, 0)
        XCTAssertTrue(text.stdout.contains("Reviews: 0 in all"), text.stdout)
        // With no answers the range is one figure (every question a blind guess): not shown as "25%–25%".
        XCTAssertNotNil(object["exam_readiness_range"] as? [Double], "the JSON keeps the range")
        XCTAssertFalse(text.stdout.contains("likely"), text.stdout)
        XCTAssertTrue(text.stdout.contains("By theme"), text.stdout)
    }

    // MARK: plan

    /// `primer plan`: set a date and target, read the plan as text and JSON (the keys the
    /// issue names), see the unread lessons counted, then the date passing and clearing.
    func testPlanSetsADateAndPrintsThePlanAsTextAndJSON() throws {
        let now = ["PRIMER_NOW": "2026-03-01T09:00:00Z", "TZ": "UTC"]
        XCTAssertEqual(try run(["plan", "--exam-date", "2026-04-01"], extra: now).status, 0, "the learner, with no answers yet")
        XCTAssertEqual(try run(["plan", "--clear"], extra: now).status, 0)
        let none = try run(["plan"], extra: now)
        XCTAssertEqual(none.status, 0, none.stderr)
        XCTAssertTrue(none.stdout.hasPrefix("No exam date is set for "), none.stdout)

        let set = try run(["plan", "--exam-date", "2026-03-15", "--target", "85"], extra: now)
        XCTAssertEqual(set.status, 0, set.stderr)
        XCTAssertTrue(set.stdout.hasPrefix("Exam on Sun 15 Mar 09:00, in 14 days; target 85%"), set.stdout)
        let total = course.questions.count
        XCTAssertTrue(set.stdout.contains("\(total) of the plan's new questions are in lessons you have not read yet"), set.stdout)

        let alliance = try XCTUnwrap(course.lessons.first { $0.id == "alliance" })
        XCTAssertEqual(try run(["lesson", "--plain", "alliance"], extra: now).status, 0)
        let json = try run(["plan", "--json"], extra: now)
        XCTAssertEqual(json.status, 0, json.stderr)
        let object = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        XCTAssertEqual(object["exam_date"] as? String, "2026-03-15T09:00:00Z")
        XCTAssertEqual(object["target"] as? Double, 0.85)
        XCTAssertEqual(object["days_left"] as? Int, 14)
        XCTAssertEqual(object["new_in_unread_lessons"] as? Int, total - alliance.questions.count, "reading a lesson unlocks its questions")
        let withPlan = try XCTUnwrap(object["predicted_score_with_plan"] as? Double)
        let stopped = try XCTUnwrap(object["predicted_score_if_stopped"] as? Double)
        XCTAssertGreaterThan(withPlan, stopped, "studying as planned beats stopping now")
        let days = try XCTUnwrap(object["days"] as? [[String: Any]])
        XCTAssertEqual(days.count, 14, "today up to the day before the exam")
        XCTAssertEqual(days.first?["date"] as? String, "2026-03-01")
        for day in days { for key in ["date", "reviews", "new", "minutes"] { XCTAssertNotNil(day[key], key) } }
        XCTAssertEqual(days.reduce(0) { $0 + ($1["new"] as? Int ?? 0) }, total, "every question is met before the exam")

        let morning = try run(["plan"], extra: ["PRIMER_NOW": "2026-03-15T08:00:00Z", "TZ": "UTC"])
        XCTAssertTrue(morning.stdout.hasPrefix("Exam on Sun 15 Mar 09:00, today; target 85%"), "not 'in 0 days': \(morning.stdout)")
        let after = try run(["plan"], extra: ["PRIMER_NOW": "2026-03-16T09:00:00Z", "TZ": "UTC"])
        XCTAssertTrue(after.stdout.hasPrefix("Your exam on Sun 15 Mar has passed"), after.stdout)
        let passedJSON = try run(["plan", "--json"], extra: ["PRIMER_NOW": "2026-03-16T09:00:00Z", "TZ": "UTC"])
        let passed = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(passedJSON.stdout.utf8)) as? [String: Any])
        XCTAssertTrue(passed["exam_date"] is NSNull && passed["new_in_unread_lessons"] is NSNull, passedJSON.stdout)

        let cleared = try run(["plan", "--clear"], extra: now)
        XCTAssertTrue(cleared.stdout.hasPrefix("Exam date cleared"), cleared.stdout)
        XCTAssertTrue(try run(["plan"], extra: now).stdout.hasPrefix("No exam date is set"))
    }

    func testADamagedStoreIsReportedAndKeptAndExitsOne() throws {
        let data = directory.appendingPathComponent("damaged")
        try FileManager.default.createDirectory(at: data, withIntermediateDirectories: true)
        let file = data.appendingPathComponent("primer.sqlite")
        let garbage = Data("this is not a database, and must be kept as it is\n".utf8)
        try garbage.write(to: file)
        for arguments in [["quiz", "--plain"], ["stats", "--json"], ["study", "--plain"]] {
            let result = try run(arguments, stdin: "1\n", data: "damaged")
            XCTAssertEqual(result.status, 1, arguments.joined(separator: " "))
            XCTAssertEqual(result.stdout, "", "nothing on stdout, above all no 'saved'")
            XCTAssertTrue(result.stderr.contains("is damaged"), result.stderr)
        }
        XCTAssertEqual(try Data(contentsOf: file), garbage, "the file is left as it was")
    }
}
