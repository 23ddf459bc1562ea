import Foundation
import XCTest
@testable import CourseFormat
import StudyCore

/// The course that ships with primer: valid, complete, and covering every claim.
final class BundledCourseTests: XCTestCase {
    /// Tests/CourseFormatTests/ThisFile.swift → ../../Content/pakistan-us (symlinks resolved,
    /// so the test also finds the course when the tests folder is linked into another package).
    static let folder: String = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Content").appendingPathComponent("pakistan-us").path

    static let claimIDs = (1...23).map { "C\($0)" }

    private func load() throws -> Course {
        let result = CourseLoader.load(folder: Self.folder, displayPath: "pakistan-us")
        XCTAssertEqual(result.errors.map(\.description), [])
        XCTAssertEqual(result.warnings.map(\.description), [])
        XCTAssertEqual(result.skipped, [])
        return try XCTUnwrap(result.course, "the bundled course did not load from \(Self.folder)")
    }

    func testNoErrorsOrWarnings() throws {
        let result = CourseLoader.load(folder: Self.folder, displayPath: "pakistan-us")
        XCTAssertEqual(result.diagnostics.map(\.description), [])
        XCTAssertEqual(result.skipped, [])
        XCTAssertNotNil(result.course)
    }

    func testThemesLessonsAndQuestions() throws {
        let course = try load()
        XCTAssertEqual(course.id, "pakistan-us")
        XCTAssertEqual(course.paragraphCount, 11)
        XCTAssertEqual(course.themes.count, 10)
        XCTAssertEqual(course.themes.map(\.order), Array(1...10))
        for theme in course.themes {
            XCTAssertFalse(course.lessons(inTheme: theme.id).isEmpty, "theme '\(theme.id)' has no lesson")
        }
        XCTAssertGreaterThanOrEqual(course.questions.count, 90)
        let kinds = Set(course.questions.map(\.kind))
        XCTAssertEqual(kinds, Set(QuestionKind.allCases), "all three question kinds are used")
        for lesson in course.lessons {
            XCTAssertFalse(lesson.questions.isEmpty, "lesson '\(lesson.id)' has no questions")
            XCTAssertFalse(lesson.body.isEmpty, "lesson '\(lesson.id)' has no text")
        }
        let themeIDs = Set(course.themes.map(\.id))
        for q in course.questions { XCTAssertTrue(themeIDs.contains(q.themeID), "question '\(q.id)' has theme '\(q.themeID)'") }
    }

    func testEveryClaimIsTaughtAndTestedAtLeastThreeTimes() throws {
        let course = try load()
        XCTAssertEqual(course.claims.map(\.id), Self.claimIDs)
        let taught = Set(course.lessons.flatMap(\.claims))
        var counts: [String: Int] = [:]
        for q in course.questions { for c in Set(q.claims) { counts[c, default: 0] += 1 } }

        var table = "claim  lessons  questions\n"
        for id in Self.claimIDs {
            let lessons = course.lessons.filter { $0.claims.contains(id) }.map(\.id)
            table += id.padding(toLength: 7, withPad: " ", startingAt: 0)
                + "\(lessons.count)".padding(toLength: 9, withPad: " ", startingAt: 0)
                + "\(counts[id] ?? 0)\n"
            XCTAssertTrue(taught.contains(id), "claim \(id) is not in any lesson's claims")
            XCTAssertGreaterThanOrEqual(counts[id] ?? 0, 3, "claim \(id) is tested by \(counts[id] ?? 0) questions")
        }
        print("Bundled course coverage (\(course.questions.count) questions):\n" + table)
        for q in course.questions { XCTAssertFalse(q.claims.isEmpty, "question '\(q.id)' tests no claim") }
    }

    /// The length of the options must not give the key away: over the single-answer
    /// questions, the key is the longest option of its pool about as often as chance makes
    /// it (one in the pool size), and never 1.5 times the longest wrong one (`primer check`
    /// warns then, and `testNoErrorsOrWarnings` allows no warning).
    func testTheKeyIsNotTheLongestOptionMoreOftenThanChance() throws {
        let course = try load()
        let singles = course.questions.filter { $0.kind == .single }
        let longest = singles.filter { q in
            let key = q.choices.first(where: \.isCorrect)!.text.count
            return q.choices.filter { !$0.isCorrect }.allSatisfy { $0.text.count < key }
        }
        let chance = singles.reduce(0.0) { $0 + 1 / Double($1.choices.count) } / Double(singles.count)
        let share = Double(longest.count) / Double(singles.count)
        XCTAssertLessThanOrEqual(share, chance + 0.05, "the key is the longest in \(longest.count) of \(singles.count): \(longest.map(\.id))")
    }

    func testEveryParagraphRefExists() throws {
        let course = try load()
        let valid = 1...11
        for claim in course.claims {
            XCTAssertFalse(claim.paragraphs.isEmpty, "claim \(claim.id) cites no paragraph")
            for p in claim.paragraphs { XCTAssertTrue(valid.contains(p), "claim \(claim.id) cites ¶\(p)") }
        }
        for lesson in course.lessons {
            for p in lesson.sources { XCTAssertTrue(valid.contains(p), "lesson '\(lesson.id)' cites ¶\(p)") }
            for block in lesson.body {
                if case .heading(let title, let sources) = block {
                    for p in sources { XCTAssertTrue(valid.contains(p), "heading '\(title.plain)' in '\(lesson.id)' cites ¶\(p)") }
                }
            }
            for q in lesson.questions {
                XCTAssertFalse(q.sources.isEmpty, "question '\(q.id)' cites no source")
                for p in q.sources { XCTAssertTrue(valid.contains(p), "question '\(q.id)' cites ¶\(p)") }
            }
        }
        // ¶ mentions in any text a learner reads (body, stems, options, feedback, explanations).
        func mentions(_ s: String) -> [Int] {
            var out: [Int] = []
            var rest = Substring(s)
            while let mark = rest.firstIndex(of: "¶") {
                let digits = rest[rest.index(after: mark)...].prefix(while: { $0.isASCII && $0.isNumber })
                if let n = Int(digits) { out.append(n) }
                rest = rest[rest.index(after: mark)...]
            }
            return out
        }
        for lesson in course.lessons {
            var texts = lesson.body.map { block -> String in
                switch block {
                case .heading(let t, _), .paragraph(let t), .bullet(let t): return t.plain
                }
            }
            for q in lesson.questions {
                texts += [q.stem, q.explanation] + q.choices.map(\.text) + q.choices.compactMap(\.feedback)
            }
            for t in texts { for n in mentions(t) { XCTAssertTrue(valid.contains(n), "'\(lesson.id)' mentions ¶\(n): \(t)") } }
        }
    }

    func testQuestionIDsAreUnique() throws {
        let course = try load()
        let ids = course.questions.map(\.id)
        XCTAssertEqual(Set(ids).count, ids.count, "duplicates: \(Dictionary(grouping: ids, by: { $0 }).filter { $1.count > 1 }.keys.sorted())")
        let lessonIDs = course.lessons.map(\.id)
        XCTAssertEqual(Set(lessonIDs).count, lessonIDs.count)
    }

    func testExplanationsAreNonEmptyAndCiteAParagraph() throws {
        let course = try load()
        for q in course.questions {
            XCTAssertFalse(q.explanation.trimmingCharacters(in: .whitespaces).isEmpty, "question '\(q.id)' has no explanation")
            XCTAssertTrue(q.explanation.contains("¶"), "the explanation of '\(q.id)' cites no ¶")
            XCTAssertFalse(q.stem.isEmpty, "question '\(q.id)' has no stem")
        }
    }

    func testOptionPoolsAreWellFormed() throws {
        let course = try load()
        for q in course.questions {
            let wrong = q.choices.filter { !$0.isCorrect }.count
            let correct = q.correctChoices.count
            switch q.kind {
            case .single:
                XCTAssertEqual(correct, 1, "'\(q.id)'")
                XCTAssertGreaterThanOrEqual(wrong, 3, "single-answer '\(q.id)' has only \(wrong) wrong options, so every draw is the same")
            case .multiple:
                XCTAssertGreaterThanOrEqual(correct, 1, "'\(q.id)'")
                XCTAssertGreaterThanOrEqual(wrong, 1, "multiple-answer '\(q.id)' has no wrong option")
                XCTAssertGreaterThanOrEqual(q.shownCount, correct, "'\(q.id)'")
            case .trueFalse:
                XCTAssertEqual(q.choices.map(\.text), ["True", "False"], "'\(q.id)'")
                XCTAssertEqual(correct, 1, "'\(q.id)'")
            }
            let texts = q.choices.map { $0.text.lowercased() }
            XCTAssertEqual(Set(texts).count, texts.count, "'\(q.id)' repeats an option")
        }
    }
}
