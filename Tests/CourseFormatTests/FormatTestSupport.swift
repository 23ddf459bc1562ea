import Foundation
import XCTest
@testable import CourseFormat
import StudyCore

// Helpers for the course-format tests. Test files are built from arrays of lines so that
// every line number a test asserts can be read straight off the array (index + 1).

/// Joins lines with "\n" (no trailing newline unless the last element is "").
func text(_ lines: [String]) -> String { lines.joined(separator: "\n") }

/// The course file most tests use. 15 lines:
///  1 ---            6 (blank)        11 (blank)
///  2 id             7 ## Themes      12 ## Claims
///  3 title          8 (blank)        13 (blank)
///  4 paragraphs     9 - alpha        14 - C1 ¶2
///  5 ---           10 - beta         15 - C2 ¶3 ¶4
let standardCourseLines = [
    "---",
    "id: test-course",
    "title: Test course",
    "paragraphs: 11",
    "---",
    "",
    "## Themes",
    "",
    "- alpha: Alpha theme",
    "- beta: Beta theme",
    "",
    "## Claims",
    "",
    "- C1 ¶2: The first claim.",
    "- C2 ¶3 ¶4: The second claim.",
]

/// The first 10 lines of a valid lesson; questions start on line 11.
///  1 ---   2 id: l1   3 title   4 theme: alpha   5 ---   6 blank   7 body   8 blank   9 ## Questions   10 blank
func lessonHeader(id: String = "l1", theme: String = "alpha") -> [String] {
    [
        "---",
        "id: \(id)",
        "title: Lesson \(id)",
        "theme: \(theme)",
        "---",
        "",
        "Some lesson text.",
        "",
        "## Questions",
        "",
    ]
}

/// A valid single-answer question testing both claims (8 lines).
/// Relative lines: +0 heading, +1 claims, +2 source, +3 stem, +4..+6 options, +7 explanation.
func validQuestion(_ id: String = "q1", claims: String = "C1 C2") -> [String] {
    [
        "### q: \(id)",
        "claims: \(claims)",
        "source: ¶2",
        "Which one is right?",
        "- [x] Right",
        "- [ ] Wrong one",
        "- [ ] Wrong two",
        "> Because ¶2 says so.",
    ]
}

/// A valid lesson file: header + one valid question (lines 11-18).
func validLesson(id: String = "l1", question: String = "q1", theme: String = "alpha") -> [String] {
    lessonHeader(id: id, theme: theme) + validQuestion(question)
}

/// Assembles a course from in-memory files.
func assemble(course: [String] = standardCourseLines, lessons: [(String, [String])]) -> CourseLoadResult {
    CourseAssembler.assemble(courseFile: CourseSourceFile(name: "course.md", text: text(course)),
                             lessonFiles: lessons.map { CourseSourceFile(name: $0.0, text: text($0.1)) })
}

/// Assembles the standard course with a single lesson file `lesson.md`.
func assembleLesson(_ lines: [String]) -> CourseLoadResult {
    assemble(lessons: [("lesson.md", lines)])
}

/// What a test expects of one diagnostic: exact position and severity, and a key part of the message.
struct Expected: CustomStringConvertible {
    var file: String
    var line: Int
    var column: Int
    var severity: Diagnostic.Severity = .error
    var message: String

    init(_ file: String, _ line: Int, _ column: Int, _ severity: Diagnostic.Severity = .error, _ message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.severity = severity
        self.message = message
    }

    func matches(_ d: Diagnostic) -> Bool {
        d.file == file && d.line == line && d.column == column && d.severity == severity && d.message.contains(message)
    }
    var description: String { "\(file):\(line):\(column): \(severity.rawValue): …\(message)…" }
}

/// Asserts that the diagnostics of `severity` (default: errors) are exactly `expected`, in any order.
func assertDiagnostics(_ result: CourseLoadResult, _ expected: [Expected], severity: Diagnostic.Severity = .error,
                       file: StaticString = #filePath, line: UInt = #line) {
    assertDiagnostics(result.diagnostics, expected, severity: severity, file: file, line: line)
}

func assertDiagnostics(_ diagnostics: [Diagnostic], _ expected: [Expected], severity: Diagnostic.Severity = .error,
                       file: StaticString = #filePath, line: UInt = #line) {
    var remaining = diagnostics.filter { $0.severity == severity }
    var missing: [Expected] = []
    for e in expected {
        if let i = remaining.firstIndex(where: e.matches) { remaining.remove(at: i) } else { missing.append(e) }
    }
    let all = diagnostics.map(\.description).joined(separator: "\n  ")
    XCTAssertTrue(missing.isEmpty, "missing \(severity.rawValue)s:\n  \(missing.map(\.description).joined(separator: "\n  "))\nactual:\n  \(all)",
                  file: file, line: line)
    XCTAssertTrue(remaining.isEmpty, "unexpected \(severity.rawValue)s:\n  \(remaining.map(\.description).joined(separator: "\n  "))",
                  file: file, line: line)
}

/// A fresh empty temporary folder, removed by the caller.
func makeTemporaryFolder() throws -> URL {
    let url = FileManager.default.temporaryDirectory
        .appendingPathComponent("primer-format-tests-\(UUID().uuidString)", isDirectory: true)
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

// Line edits, 1-based like the diagnostics they set up.
extension Array where Element == String {
    /// Replaces line `n`.
    func replacing(_ n: Int, with line: String) -> [String] {
        var copy = self
        copy[n - 1] = line
        return copy
    }
    /// Inserts `lines` so that the first of them becomes line `n`.
    func inserting(_ lines: String..., at n: Int) -> [String] {
        var copy = self
        copy.insert(contentsOf: lines, at: n - 1)
        return copy
    }
    /// Removes the lines numbered `ns`.
    func removing(_ ns: Int...) -> [String] {
        enumerated().filter { !ns.contains($0.offset + 1) }.map(\.element)
    }
}
