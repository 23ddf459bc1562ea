import XCTest
@testable import CourseFormat
import StudyCore

/// `export-bank --format anki-tsv`: a text file Anki imports (docs.ankiweb.net, Importing › Text Files).
final class AnkiTSVWriterTests: XCTestCase {
    private func course(_ questions: [Question]) -> Course {
        Course(id: "c", title: "C", themes: [Theme(id: "t1", title: "T", order: 1)],
               lessons: [Lesson(id: "l1", title: "L", themeID: "t1", order: 1, questions: questions)])
    }

    func testHeaders() {
        let tsv = AnkiTSVWriter.write(course([]))
        XCTAssertEqual(tsv, "#separator:tab\n#html:false\n#notetype:Basic\n#tags column:3\n#columns:Front\tBack\tTags\n")
    }

    func testFieldEscaping() {
        XCTAssertEqual(AnkiTSVWriter.field("plain text, with; punctuation & <b>"), "plain text, with; punctuation & <b>")
        XCTAssertEqual(AnkiTSVWriter.field("a\tb"), "\"a\tb\"")
        XCTAssertEqual(AnkiTSVWriter.field("line one\nline two"), "\"line one\nline two\"")
        XCTAssertEqual(AnkiTSVWriter.field("say \"hi\""), "\"say \"\"hi\"\"\"")
        XCTAssertEqual(AnkiTSVWriter.field("#1 is not a comment"), "\"#1 is not a comment\"")
        XCTAssertEqual(AnkiTSVWriter.field("C# is fine inside"), "C# is fine inside")
    }

    func testOneNotePerQuestion() {
        let single = Question(id: "q1", kind: .single, themeID: "t1", lessonID: "l1", sources: [6, 7],
                              stem: "Which \"one\"?\n\tIndented\tline", choices: [
                                Choice("Wrong", isCorrect: false, feedback: "no"), Choice("Right", isCorrect: true)],
                              explanation: "Because.")
        let multiple = Question(id: "q2", kind: .multiple, themeID: "t1", lessonID: "l1",
                                stem: "#hashtag first", choices: [Choice("a", isCorrect: true), Choice("b", isCorrect: false), Choice("c", isCorrect: true)],
                                explanation: "A and C.")
        let trueFalse = Question(id: "q3", kind: .trueFalse, themeID: "t2", lessonID: "l1", stem: "Sky is blue.",
                                 choices: [Choice("True", isCorrect: true), Choice("False", isCorrect: false)], explanation: "It is.")
        let tsv = AnkiTSVWriter.write(course([single, multiple, trueFalse]))
        let records = readTSV(tsv)
        // Options come in a per-card order fixed by the question id; the back follows it.
        func lettered(_ q: Question) -> [String] { AnkiTSVWriter.order(q).enumerated().map { "\(AnkiTSVWriter.letter($0.offset))) \($0.element.text)" } }
        func keys(_ q: Question) -> String { AnkiTSVWriter.order(q).enumerated().filter { $0.element.isCorrect }
            .map { "\(AnkiTSVWriter.letter($0.offset))) \($0.element.text)" }.joined(separator: "\n") }
        XCTAssertEqual(records, [
            ["Which \"one\"?\n\tIndented\tline\n\n" + lettered(single).joined(separator: "\n"), keys(single) + "\n\nBecause.\n\nSource: ¶6 ¶7", "t1 l1"],
            ["#hashtag first\n(Select all that apply.)\n\n" + lettered(multiple).joined(separator: "\n"), keys(multiple) + "\n\nA and C.", "t1 l1"],
            ["Sky is blue.\n\nTrue or false?", "True\n\nIt is.", "t2 l1"],
        ])
        XCTAssertEqual(AnkiTSVWriter.write(course([single, multiple, trueFalse])), tsv, "the same export every time")
        // Header lines, then exactly one record per question (quoted newlines do not split records).
        XCTAssertEqual(tsv.split(separator: "\n").filter { $0.hasPrefix("#") }.count, 5)
        XCTAssertTrue(tsv.contains("\"Which \"\"one\"\"?\n\tIndented\tline\n\n"))
    }

    // Defect 12: the back does not give the answer away by always starting "A)".
    func testTheKeyIsNotAlwaysTheFirstOption() throws {
        let course = try loadBundledCourse()
        let records = readTSV(AnkiTSVWriter.write(course))
        let lettered = zip(course.questions, records).filter { $0.0.kind != .trueFalse }.map(\.1)
        let keyIsA = lettered.filter { $0[1].hasPrefix("A)") }.count
        XCTAssertLessThan(Double(keyIsA) / Double(lettered.count), 0.5, "\(keyIsA) of \(lettered.count) backs start with A)")
        XCTAssertFalse(records.contains { $0[0].contains("Select all that apply.\n(Select all that apply.)") },
                       "never said twice")
    }

    func testTagsNameThemeAndLessonOnce() {
        let q = Question(id: "q", kind: .single, themeID: "same", lessonID: "same", stem: "S",
                         choices: [Choice("a", isCorrect: true), Choice("b", isCorrect: false)], explanation: "E")
        XCTAssertEqual(AnkiTSVWriter.tags(q, lesson: Lesson(id: "same", title: "L", themeID: "same", order: 1)), "same")
    }

    func testBundledCourseExportsOneRecordOfThreeFieldsPerQuestion() throws {
        let course = try loadBundledCourse()
        let records = readTSV(AnkiTSVWriter.write(course))
        XCTAssertEqual(records.count, course.questions.count)
        XCTAssertTrue(records.allSatisfy { $0.count == 3 })
        XCTAssertEqual(records.map { $0[2] }, course.lessons.flatMap { lesson in
            lesson.questions.map { $0.themeID == lesson.id ? $0.themeID : "\($0.themeID) \(lesson.id)" }
        })
    }
}
