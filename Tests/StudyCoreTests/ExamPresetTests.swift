import Foundation
import XCTest
@testable import StudyCore

/// Presets make the same exam for every learner with a fixed seed, and weights decide
/// how many questions each theme gives.
final class ExamPresetTests: XCTestCase {
    /// Three themes of 12 questions, each with six options of which four are shown, so
    /// option draws and orders really vary with the seed.
    let course: Course = {
        var themes: [Theme] = []
        var lessons: [Lesson] = []
        for t in 1...3 {
            let themeID = "t\(t)"
            themes.append(Theme(id: themeID, title: "Theme \(t)", order: t))
            let questions = (1...12).map { q in
                Question(id: "\(themeID)-q\(q)", kind: .single, themeID: themeID, lessonID: "\(themeID)-l",
                         stem: "Question \(q) of \(themeID)?",
                         choices: [Choice("right \(q)", isCorrect: true)] + (1...5).map { Choice("wrong \(q).\($0)", isCorrect: false) },
                         explanation: "")
            }
            lessons.append(Lesson(id: "\(themeID)-l", title: "Lesson", themeID: themeID, order: 1, questions: questions))
        }
        return Course(id: "course", title: "Course", themes: themes, lessons: lessons)
    }()

    /// What a learner sees: question ids in order, and each question's options in order.
    func seen(_ session: ExamSession) -> [String] {
        session.items.map { "\($0.question.id): " + $0.shown.map(\.text).joined(separator: " | ") }
    }

    func themeCount(_ session: ExamSession) -> [String: Int] {
        session.items.reduce(into: [:]) { $0[$1.question.themeID, default: 0] += 1 }
    }

    func testSameSeedGivesEveryLearnerTheSameExam() {
        let preset = ExamPreset(title: "Mock", themes: [.init("t1", weight: 2), .init("t3")], count: 9, minutes: 15,
                                seed: 42, passMark: 0.6, feedback: .after)
        // Two learners sit it at different times: the same questions, order and options.
        let ayesha = preset.makeSession(course: course, startedAt: Date(timeIntervalSince1970: 1_700_000_000))
        let bilal = preset.makeSession(course: course, startedAt: Date(timeIntervalSince1970: 1_700_086_400))
        XCTAssertEqual(ayesha.items.count, 9)
        XCTAssertEqual(seen(ayesha), seen(bilal))
        XCTAssertEqual(ayesha.items, bilal.items)
        XCTAssertEqual(ayesha.timeLimit, 15 * 60)
        XCTAssertEqual(ayesha.passMark, 0.6)
        XCTAssertEqual(bilal.startedAt, Date(timeIntervalSince1970: 1_700_086_400))
        // Options are drawn, not left in file order: some question does not start with its right option.
        XCTAssertTrue(ayesha.items.contains { !$0.shown[0].isCorrect })
        XCTAssertEqual(Set(ayesha.items.map(\.question.id)).count, 9, "no question twice")

        // Another seed gives another exam, with the same theme counts.
        var other = preset
        other.seed = 43
        let third = other.makeSession(course: course, startedAt: ayesha.startedAt)
        XCTAssertNotEqual(seen(third), seen(ayesha))
        XCTAssertEqual(themeCount(third), themeCount(ayesha))
        // The explicit-seed form is the same function.
        XCTAssertEqual(seen(preset.makeSession(course: course, startedAt: ayesha.startedAt, seed: 42)), seen(ayesha))
    }

    func testWithoutASeedTheTitleFixesTheDraw() {
        let a = ExamPreset(title: "Unseeded", count: 6)
        XCTAssertEqual(seen(a.makeSession(course: course, startedAt: Date())), seen(a.makeSession(course: course, startedAt: Date())))
        XCTAssertEqual(ExamPreset.stableSeed(for: ""), 0xcbf2_9ce4_8422_2325)
        XCTAssertEqual(ExamPreset.stableSeed(for: "a"), 0xaf63_dc4c_8601_ec8c)   // FNV-1a reference value
    }

    func testWeightsShiftThemeCounts() {
        let even = ExamPreset(title: "Even", themes: [.init("t1"), .init("t2")], count: 8, seed: 1)
        XCTAssertEqual(themeCount(even.makeSession(course: course, startedAt: Date())), ["t1": 4, "t2": 4])

        let weighted = ExamPreset(title: "Weighted", themes: [.init("t1", weight: 3), .init("t2")], count: 8, seed: 1)
        XCTAssertEqual(themeCount(weighted.makeSession(course: course, startedAt: Date())), ["t1": 6, "t2": 2])

        // 10 × 2/4 = 5, 10 × 1/4 = 2.5 twice: the remainder goes to one of the two, by the seed.
        var counts = Set<[String: Int]>()
        for seed in 0..<20 as Range<UInt64> {
            let p = ExamPreset(title: "Split", themes: [.init("t1", weight: 2), .init("t2"), .init("t3")], count: 10, seed: seed)
            let c = themeCount(p.makeSession(course: course, startedAt: Date()))
            XCTAssertEqual(c["t1"], 5)
            XCTAssertEqual(c.values.reduce(0, +), 10)
            counts.insert(c)
        }
        XCTAssertEqual(counts, [["t1": 5, "t2": 3, "t3": 2], ["t1": 5, "t2": 2, "t3": 3]])

        // Weights need not be whole numbers.
        let half = ExamPreset(title: "Half", themes: [.init("t1"), .init("t2", weight: 0.5)], count: 9, seed: 5)
        XCTAssertEqual(themeCount(half.makeSession(course: course, startedAt: Date())), ["t1": 6, "t2": 3])
    }

    func testAThemeThatRunsOutPassesItsShareOn() {
        // t1 would get 20 of 24, but has only 12: the other 8 come from t2.
        let heavy = ExamPreset(title: "Heavy", themes: [.init("t1", weight: 5), .init("t2")], count: 24, seed: 9)
        var rng = SeededGenerator(seed: 9)
        let split = heavy.themeCounts(for: course, using: &rng)
        XCTAssertEqual(split.map(\.themeID), ["t1", "t2"])
        XCTAssertEqual(split.map(\.count), [12, 12])
        // More than the themes hold: all of them, once each.
        let all = ExamPreset(title: "All", themes: [.init("t2"), .init("t3")], count: 100, seed: 9)
        let session = all.makeSession(course: course, startedAt: Date())
        XCTAssertEqual(session.items.count, 24)
        XCTAssertEqual(Set(session.items.map(\.question.id)).count, 24)
        // A theme the course does not have gives nothing; the rest still fills the count.
        let ghost = ExamPreset(title: "Ghost", themes: [.init("nope", weight: 4), .init("t1")], count: 5, seed: 2)
        XCTAssertEqual(themeCount(ghost.makeSession(course: course, startedAt: Date())), ["t1": 5])
    }

    func testNoThemesMeansEveryThemeEqually() {
        let preset = ExamPreset(title: "Everything", count: 12, seed: 3)
        XCTAssertEqual(preset.effectiveThemes(for: course).map(\.themeID), ["t1", "t2", "t3"])
        XCTAssertEqual(themeCount(preset.makeSession(course: course, startedAt: Date())), ["t1": 4, "t2": 4, "t3": 4])
        let empty = ExamPreset(title: "Nothing", count: 5, seed: 3).makeSession(course: Course(id: "e", title: "E"), startedAt: Date())
        XCTAssertTrue(empty.items.isEmpty)
        XCTAssertNil(empty.current, "an exam of no questions has nothing to ask")
    }
}
