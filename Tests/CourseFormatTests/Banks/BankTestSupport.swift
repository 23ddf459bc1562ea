import Foundation
import XCTest
@testable import CourseFormat
import StudyCore

// Helpers for the question-bank tests. Bank files are written as arrays of lines, so the
// line number a test expects is the array index + 1.

/// A message as the command prints it, for a bank named `bank.gift`.
func printed(_ messages: [BankMessage], file: String = "bank.gift") -> [String] {
    messages.map { $0.formatted(file: file) }
}

/// Assembles files produced by `CourseWriter` the way `primer check` would.
func assembleWritten(_ files: [CourseSourceFile]) -> CourseLoadResult {
    precondition(files.first?.name == CourseLoader.courseFileName)
    return CourseAssembler.assemble(courseFile: files[0], lessonFiles: Array(files.dropFirst()))
}

func fileText(_ file: CourseSourceFile) -> String { String(decoding: file.bytes, as: UTF8.self) }

/// The bundled course, loaded from Content/pakistan-us beside the tests.
func loadBundledCourse(file: StaticString = #filePath, line: UInt = #line) throws -> Course {
    let result = CourseLoader.load(folder: BundledCourseTests.folder, displayPath: "pakistan-us")
    XCTAssertEqual(result.errors.map(\.description), [], file: file, line: line)
    return try XCTUnwrap(result.course, "the bundled course did not load", file: file, line: line)
}

/// Asserts two question lists are equal, question by question, naming the first difference.
func assertSameQuestions(_ actual: [Question], _ expected: [Question], file: StaticString = #filePath, line: UInt = #line) {
    XCTAssertEqual(actual.map(\.id), expected.map(\.id), "question ids", file: file, line: line)
    for (a, e) in zip(actual, expected) where a != e {
        XCTAssertEqual(a.kind, e.kind, "\(e.id): kind", file: file, line: line)
        XCTAssertEqual(a.stem, e.stem, "\(e.id): stem", file: file, line: line)
        XCTAssertEqual(a.choices, e.choices, "\(e.id): choices", file: file, line: line)
        XCTAssertEqual(a.explanation, e.explanation, "\(e.id): explanation", file: file, line: line)
        XCTAssertEqual(a.themeID, e.themeID, "\(e.id): theme", file: file, line: line)
        XCTAssertEqual(a.lessonID, e.lessonID, "\(e.id): lesson", file: file, line: line)
        XCTAssertEqual(a.claims, e.claims, "\(e.id): claims", file: file, line: line)
        XCTAssertEqual(a.sources, e.sources, "\(e.id): sources", file: file, line: line)
        XCTAssertEqual(a.shownCount, e.shownCount, "\(e.id): shown", file: file, line: line)
        XCTAssertEqual(a, e, "\(e.id)", file: file, line: line)
    }
}

/// A small RFC 4180 reader (tab separated) for checking the Anki export: returns the
/// records after the `#` header lines, each as its fields.
func readTSV(_ text: String) -> [[String]] {
    var records: [[String]] = []
    var field = "", record: [String] = []
    var inQuotes = false, atFieldStart = true, atRecordStart = true
    var chars = Array(text)[...]
    while let c = chars.popFirst() {
        if atRecordStart && c == "#" && !inQuotes {
            while let d = chars.popFirst(), d != "\n" {}
            continue
        }
        atRecordStart = false
        if inQuotes {
            if c == "\"" {
                if chars.first == "\"" { field.append("\""); chars.removeFirst() } else { inQuotes = false }
            } else {
                field.append(c)
            }
            continue
        }
        switch c {
        case "\"" where atFieldStart:
            inQuotes = true
            atFieldStart = false
        case "\t":
            record.append(field); field = ""; atFieldStart = true
        case "\n":
            record.append(field); records.append(record)
            field = ""; record = []; atFieldStart = true; atRecordStart = true
        default:
            field.append(c)
            atFieldStart = false
        }
    }
    if !field.isEmpty || !record.isEmpty { record.append(field); records.append(record) }
    return records
}
