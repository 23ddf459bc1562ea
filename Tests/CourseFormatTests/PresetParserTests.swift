import Foundation
import XCTest
@testable import CourseFormat
import StudyCore

/// Preset files: values, defaults, framing, and every error at its exact line and column.
/// Files are arrays of lines, so a line number is the array index + 1.
final class PresetParserTests: XCTestCase {
    /// Themes alpha (2 questions), beta (1), empty (none).
    let course: Course = {
        func q(_ id: String, _ theme: String) -> Question {
            Question(id: id, kind: .single, themeID: theme, lessonID: "l-\(theme)", stem: "\(id)?",
                     choices: [Choice("yes", isCorrect: true), Choice("no", isCorrect: false)], explanation: "x")
        }
        return Course(id: "c", title: "C",
                      themes: [Theme(id: "alpha", title: "Alpha", order: 1), Theme(id: "beta", title: "Beta", order: 2),
                               Theme(id: "empty", title: "Empty", order: 3)],
                      lessons: [Lesson(id: "l-alpha", title: "A", themeID: "alpha", order: 1, questions: [q("a1", "alpha"), q("a2", "alpha")]),
                                Lesson(id: "l-beta", title: "B", themeID: "beta", order: 1, questions: [q("b1", "beta")])])
    }()

    func parse(_ lines: [String], course: Course? = nil) -> PresetParseResult {
        PresetParser.parse(text(lines), file: "exam.preset", course: course)
    }

    /// The diagnostics as `LINE:COLUMN: severity: message`, in order.
    func located(_ result: PresetParseResult) -> [String] {
        result.diagnostics.map { "\($0.line):\($0.column): \($0.severity.rawValue): \($0.message)" }
    }

    func testFullPresetReadsEveryKey() throws {
        let result = parse([
            "# Mock exam for group B",
            "title: Mock exam 1 #3",
            "themes: alpha*2 beta, empty*0.5",
            "count: 12",
            "",
            "minutes: 7.5",
            "seed: 18446744073709551615",
            "pass_mark: 60%",
            "feedback: during",
        ])
        XCTAssertEqual(result.diagnostics, [])
        let preset = try XCTUnwrap(result.preset)
        XCTAssertEqual(preset.title, "Mock exam 1 #3")
        XCTAssertEqual(preset.themes, [.init("alpha", weight: 2), .init("beta", weight: 1), .init("empty", weight: 0.5)])
        XCTAssertEqual(preset.count, 12)
        XCTAssertEqual(preset.minutes, 7.5)
        XCTAssertEqual(preset.timeLimit, 450)
        XCTAssertEqual(preset.seed, UInt64.max)
        XCTAssertEqual(preset.passMark, 0.6, accuracy: 1e-12)
        XCTAssertEqual(preset.feedback, .during)
    }

    func testDefaultsAndFraming() throws {
        let framed = parse(["", "# notes", "---", "title: Quick", "pass_mark: 55", "---", "", "# after"])
        XCTAssertEqual(framed.diagnostics, [])
        let preset = try XCTUnwrap(framed.preset)
        XCTAssertEqual(preset, ExamPreset(title: "Quick", themes: [], count: 20, minutes: 20, seed: nil, passMark: 0.55, feedback: .after))
        // CRLF line ends and a byte order mark are fine.
        let windows = PresetParser.parse("\u{FEFF}title: W\r\ncount: 3\r\n", file: "w.preset")
        XCTAssertEqual(windows.preset?.title, "W")
        XCTAssertEqual(windows.preset?.count, 3)
    }

    func testUnknownKeysSuggestTheClosest() {
        let result = parse(["title: T", "  cout: 5", "passmark: 50", "colour: red"])
        XCTAssertNil(result.preset)
        XCTAssertEqual(located(result), [
            "2:3: error: unknown key 'cout'; did you mean 'count'?",
            "3:1: error: unknown key 'passmark'; did you mean 'pass_mark'?",
            "4:1: error: unknown key 'colour'; expected one of: title, themes, count, minutes, seed, pass_mark, feedback",
        ])
    }

    func testBadValuesPointAtTheValue() {
        let result = parse([
            "title: T",
            "count:   0",
            "minutes: soon",
            "seed: -1",
            "pass_mark: 120%",
            "feedback: durin",
        ])
        XCTAssertNil(result.preset)
        XCTAssertEqual(located(result), [
            "2:10: error: 'count' must be a whole number from 1 to 1000, not '0'",
            "3:10: error: 'minutes' must be a number of minutes above 0 and at most 1440, not 'soon'",
            "4:7: error: 'seed' must be a whole number from 0 to 18446744073709551615, not '-1'",
            "5:12: error: 'pass_mark' must be a percentage from 0 to 100, such as 60 or 60%, not '120%'",
            "6:11: error: 'feedback' must be 'during' or 'after', not 'durin'; did you mean 'during'?",
        ])
    }

    func testThemeErrorsPointAtTheThemeOrItsWeight() {
        //           1234567890123456789012345678901
        let line = "themes: alpha*2 alpa, beta*x alpha"
        let result = parse(["title: T", line], course: course)
        XCTAssertEqual(located(result), [
            "2:17: error: the course has no theme 'alpa'; did you mean 'alpha'?",
            "2:28: error: a theme's weight must be a number above 0 (at most 1000), not 'x'",
            "2:30: error: theme 'alpha' is listed twice (first at column 9); give it one weight instead",
        ])
        // Without a course only the syntax is checked.
        XCTAssertEqual(located(parse(["title: T", "themes: gama *2 a*0"])), [
            "2:14: error: expected a theme id before '*'",
            "2:19: error: a theme's weight must be a number above 0 (at most 1000), not '0'",
        ])
    }

    func testStructureErrors() {
        XCTAssertEqual(located(parse(["# c", "---", "title: T"])), [
            "2:1: error: the '---' on this line is not closed: add a line '---' after the last 'key: value' line",
        ])
        XCTAssertEqual(located(parse(["---", "title: T", "---", "count: 3"])), [
            "4:1: error: unexpected text after the closing '---' (line 3); use '#' for notes",
        ])
        XCTAssertEqual(located(parse(["title: T", "count 3", "title: U", ": 4", "minutes:"])), [
            "2:1: error: expected 'key: value'",
            "3:1: error: duplicate key 'title' (first set on line 1)",
            "4:1: error: expected 'key: value'",
            "5:9: error: 'minutes' needs a value",
        ])
        XCTAssertEqual(located(parse(["count: 3"])), [
            "1:1: error: missing required key 'title' (the name shown to learners and stored with their results)",
        ])
        // An empty title is one error, not two.
        XCTAssertEqual(located(parse(["count: 3", "title:   "])), ["2:10: error: 'title' needs a value"])
        // Control characters are refused where they are.
        XCTAssertEqual(located(parse(["title: T\u{1B}[31m"])).first, "1:9: error: an escape sequence (ESC) is not allowed in course text")
    }

    func testWarningsKeepThePreset() throws {
        let result = parse(["title: T", "themes: alpha empty", "count: 5"], course: course)
        XCTAssertEqual(located(result), [
            "2:15: warning: theme 'empty' has no questions",
            "3:8: warning: the exam asks for 5 questions but its themes have 2; it will have 2",
        ])
        XCTAssertNotNil(result.preset)
        XCTAssertEqual(result.errors, [])
    }

    func testLoadNamesTheFileAndReportsAMissingOne() throws {
        let missing = PresetParser.load(path: "/nonexistent/x.preset", file: "x.preset")
        XCTAssertEqual(missing.diagnostics.map(\.description), ["x.preset:1:1: error: no such preset file"])
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("preset-\(UUID().uuidString).preset")
        defer { try? FileManager.default.removeItem(at: url) }
        try "title: From disk\nfeedback: after\nseed: 7\n".write(to: url, atomically: true, encoding: .utf8)
        let loaded = PresetParser.load(path: url.path)
        XCTAssertEqual(loaded.preset?.title, "From disk")
        XCTAssertEqual(loaded.preset?.seed, 7)
        // With a course, the default count of 20 is more than its 3 questions: a warning, at 1:1 as count is not set.
        let checked = PresetParser.load(path: url.path, file: "shown.preset", course: course)
        XCTAssertEqual(checked.diagnostics.map(\.description),
                       ["shown.preset:1:1: warning: the exam asks for 20 questions but its themes have 3; it will have 3"])
        XCTAssertEqual(checked.preset?.feedback, .after)
    }
}
