import Foundation
import StudyCore
import XCTest

/// `primer check DIR` on hostile copies of the bundled course, through the real binary:
/// it never dies of a signal, never hangs (20 s), exits 0 or 1, and every error line it
/// prints has the FILE:LINE:COLUMN form. (The many seeded mutations run in process, in
/// CourseFormatTests/CourseFuzzTests; these are the shapes worth one process each.)
final class FuzzedCourseTests: XCTestCase {
    var primer: String!
    var directory: URL!
    let bundled = Built.repository.appendingPathComponent("Content/pakistan-us")

    override func setUpWithError() throws {
        guard let url = Built.primer else { throw XCTSkip("the primer binary was not built") }
        primer = url.path
        directory = try Built.temporaryDirectory("fuzzed-course")
    }

    override func tearDown() {
        if let directory { try? FileManager.default.removeItem(at: directory) }
    }

    /// A copy of the bundled course with `file` replaced by `bytes`.
    func course(_ name: String, replacing file: String, with bytes: (Data) -> Data) throws -> URL {
        let folder = directory.appendingPathComponent(name)
        try FileManager.default.copyItem(at: bundled, to: folder)
        let url = folder.appendingPathComponent(file)
        let original = try Data(contentsOf: url)
        try bytes(original).write(to: url)
        return folder
    }

    struct Checked {
        var status: Int32
        var errors: [String]
        var output: String
    }

    /// Runs `primer check` on `folder` and checks the process-level properties.
    @discardableResult
    func check(_ folder: URL, _ what: String, file: StaticString = #filePath, line: UInt = #line) throws -> Checked {
        let process = try LiveProcess(primer, ["check", folder.path], environment: ["LANG": "C.UTF-8", "PATH": "/usr/bin:/bin"].merging(Robust.sanitizerOptions) { $1 },
                                      currentDirectory: directory)
        process.closeInput()
        let finished = process.wait(timeout: 20)
        guard finished else {
            XCTFail("\(what): primer check hung (killed after 20 s)", file: file, line: line)
            return Checked(status: -1, errors: [], output: process.stdout)
        }
        XCTAssertEqual(process.process.terminationReason, .exit, "\(what): \(process.describedEnd)\n\(process.stderr.prefix(2000))", file: file, line: line)
        XCTAssertTrue([0, 1].contains(process.process.terminationStatus), "\(what): \(process.describedEnd)\n\(process.stderr.prefix(2000))", file: file, line: line)
        let output = process.stdout
        XCTAssertFalse(output.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x9B }, "\(what): an escape sequence reached the output", file: file, line: line)
        let lines = output.components(separatedBy: "\n").filter { !$0.isEmpty }
        let errors = lines.filter { $0.contains(": error: ") }
        let prefix = NSRegularExpression.escapedPattern(for: folder.path)
        let located = try NSRegularExpression(pattern: "^\(prefix)/[^/:]+\\.md:[1-9][0-9]*:[1-9][0-9]*: (error|warning): .+$")
        for text in lines where !text.hasPrefix("\(folder.path): ") {
            // Every line but the folder's summary is a located diagnostic.
            let range = NSRange(text.startIndex..., in: text)
            XCTAssertNotNil(located.firstMatch(in: text, range: range), "\(what): not FILE:LINE:COLUMN: \(text.prefix(300))", file: file, line: line)
        }
        if process.process.terminationStatus == 1 {
            XCTAssertFalse(errors.isEmpty, "\(what): exit 1 without a located error:\n\(output.prefix(2000))", file: file, line: line)
        }
        return Checked(status: process.process.terminationStatus, errors: errors, output: output)
    }

    func testHostileCourseFilesThroughTheBinary() throws {
        let lesson = "04-coercive-diplomacy.md"
        var rng = SeededGenerator(seed: 8)
        let newline = Data("\n".utf8)
        func lines(_ data: Data, first n: Int) -> (Data, Data) {
            var count = 0
            for (i, byte) in data.enumerated() where byte == 0x0A {
                count += 1
                if count == n { return (data.prefix(i + 1), data.dropFirst(i + 1)) }
            }
            return (data, Data())
        }
        let cases: [(String, String, (Data) -> Data, String?)] = [
            ("empty course.md", "course.md", { _ in Data() }, "course.md:1:1: error: "),
            ("empty lesson", lesson, { _ in Data() }, "\(lesson):1:1: error: "),
            ("course.md truncated mid-claims", "course.md", { Data($0.prefix($0.count * 2 / 3)) }, nil),
            ("lesson truncated inside a question", lesson, { Data($0.prefix($0.count - 700)) }, nil),
            ("random bytes in the lesson", lesson, { data in
                var d = data
                for _ in 0..<30 { d[Int.random(in: 0..<d.count, using: &rng)] = UInt8.random(in: 0...255, using: &rng) }
                return d
            }, nil),
            ("invalid UTF-8", lesson, { $0 + newline + Data([0x61, 0xC0, 0xAF]) }, ": error: invalid UTF-8"),
            ("escape sequences", lesson, { $0 + newline + Data("\u{1B}]0;pwned\u{07}\u{1B}[2J".utf8) }, ": error: an escape sequence (ESC)"),
            ("a 1 MB line", lesson, { data in
                let (head, tail) = lines(data, first: 9)
                return head + Data(repeating: UInt8(ascii: "x"), count: 1_000_000) + newline + tail
            }, nil),
            // `**` pairs on one 1 MB line: every pair is a (empty) key term to parse.
            ("a 1 MB line of '**'", lesson, { data in
                let (head, tail) = lines(data, first: 9)
                return head + Data(repeating: UInt8(ascii: "*"), count: 1_000_000) + newline + tail
            }, nil),
            ("10,000 '>' levels", lesson, { $0 + Data(repeating: UInt8(ascii: ">"), count: 10_000) + Data(" why\n".utf8) }, nil),
            ("thousands of nested list markers", lesson, { data in
                let (head, tail) = lines(data, first: 9)
                let stairs = (0..<2_000).map { String(repeating: " ", count: $0 % 400) + "- " + String(repeating: "- ", count: $0) + "x" }
                return head + Data(stairs.joined(separator: "\n").utf8) + newline + tail
            }, nil),
            ("5,000 '#' heading", lesson, { data in
                let (head, tail) = lines(data, first: 9)
                return head + Data((String(repeating: "#", count: 5_000) + " deep").utf8) + newline + tail
            }, nil),
            ("a 10 MB lesson", lesson, { Data(repeating: UInt8(ascii: "a"), count: 10 * 1024 * 1024 - $0.count) + $0 }, "\(lesson):1:1: error: file is 10485760 bytes"),
            ("a 10 MB course.md", "course.md", { $0 + Data(repeating: UInt8(ascii: "\n"), count: 10 * 1024 * 1024 - $0.count) }, "course.md:1:1: error: file is 10485760 bytes"),
        ]
        var summary: [String] = []
        for (index, (what, file, damage, expected)) in cases.enumerated() {
            let folder = try course("case-\(index)", replacing: file, with: damage)
            let started = Date()
            let result = try check(folder, what)
            if let expected {
                XCTAssertEqual(result.status, 1, "\(what):\n\(result.output.prefix(2000))")
                XCTAssertTrue(result.errors.contains { $0.contains(expected) }, "\(what): expected '\(expected)' in:\n\(result.output.prefix(2000))")
            }
            summary.append("\(what): exit \(result.status), \(result.errors.count) errors, \(Int(Date().timeIntervalSince(started) * 1000)) ms")
        }
        print("fuzzed courses through the binary:\n  " + summary.joined(separator: "\n  "))
    }
}
