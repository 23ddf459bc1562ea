import XCTest
import StudyCore

/// `Question.drawChoices`: which options a learner sees each time a question is asked.
final class DrawChoicesTests: XCTestCase {
    private func question(kind: QuestionKind = .single, correct: Int, wrong: Int, shown: Int = Question.defaultShownCount) -> Question {
        let choices = (0..<correct).map { Choice("right \($0 + 1)", isCorrect: true) }
            + (0..<wrong).map { Choice("wrong \($0 + 1)", isCorrect: false) }
        return Question(id: "q", kind: kind, themeID: "t", lessonID: "l", stem: "?", choices: choices,
                        explanation: "because", shownCount: shown)
    }

    private let seeds: [UInt64] = Array(0..<300)

    private func checkInvariants(_ q: Question, file: StaticString = #filePath, line: UInt = #line) {
        let poolTexts = q.choices.map(\.text)
        for seed in seeds {
            var rng = SeededGenerator(seed: seed)
            let drawn = q.drawChoices(using: &rng)
            XCTAssertEqual(drawn.count, min(q.shownCount, q.choices.count), "seed \(seed)", file: file, line: line)
            for c in q.correctChoices { XCTAssertTrue(drawn.contains(c), "seed \(seed) lost '\(c.text)'", file: file, line: line) }
            XCTAssertEqual(Set(drawn.map(\.text)).count, drawn.count, "seed \(seed) repeats an option", file: file, line: line)
            XCTAssertTrue(drawn.allSatisfy { poolTexts.contains($0.text) }, file: file, line: line)
        }
    }

    func testSingleAnswerInvariants() {
        checkInvariants(question(correct: 1, wrong: 6))
        checkInvariants(question(correct: 1, wrong: 3))
        checkInvariants(question(correct: 1, wrong: 1))            // pool smaller than shown
        checkInvariants(question(correct: 1, wrong: 8, shown: 2))
        checkInvariants(question(correct: 1, wrong: 8, shown: 6))
    }

    func testMultipleAnswerInvariants() {
        checkInvariants(question(kind: .multiple, correct: 3, wrong: 5))          // 3 correct + 1 wrong
        checkInvariants(question(kind: .multiple, correct: 4, wrong: 5))          // all correct, no wrong
        checkInvariants(question(kind: .multiple, correct: 2, wrong: 2, shown: 6))
        var rng = SeededGenerator(seed: 7)
        let drawn = question(kind: .multiple, correct: 3, wrong: 5).drawChoices(using: &rng)
        XCTAssertEqual(drawn.filter(\.isCorrect).count, 3)
        XCTAssertEqual(drawn.filter { !$0.isCorrect }.count, 1)
    }

    func testTrueFalseKeepsTrueFirst() {
        let q = Question(id: "tf", kind: .trueFalse, themeID: "t", lessonID: "l", stem: "?",
                         choices: [Choice("True", isCorrect: false), Choice("False", isCorrect: true)],
                         explanation: "because", shownCount: 2)
        for seed in seeds {
            var rng = SeededGenerator(seed: seed)
            XCTAssertEqual(q.drawChoices(using: &rng).map(\.text), ["True", "False"], "seed \(seed)")
        }
    }

    func testDifferentSeedsDrawDifferentOptionsFromThePool() {
        let q = question(correct: 1, wrong: 6)
        var selections = Set<[String]>(), orders = Set<[String]>(), seenWrong = Set<String>(), correctPositions = Set<Int>()
        for seed in seeds {
            var rng = SeededGenerator(seed: seed)
            let drawn = q.drawChoices(using: &rng)
            selections.insert(drawn.map(\.text).sorted())
            orders.insert(drawn.map(\.text))
            seenWrong.formUnion(drawn.filter { !$0.isCorrect }.map(\.text))
            if let i = drawn.firstIndex(where: \.isCorrect) { correctPositions.insert(i) }
        }
        XCTAssertGreaterThan(selections.count, 10, "different seeds should pick different wrong options")
        XCTAssertEqual(seenWrong.count, 6, "every wrong option in the pool is shown sometimes")
        XCTAssertGreaterThan(orders.count, selections.count, "the shown options are shuffled too")
        XCTAssertEqual(correctPositions, [0, 1, 2, 3], "the correct option appears in every position")
    }

    func testSameSeedSameDraw() {
        let q = question(kind: .multiple, correct: 2, wrong: 7, shown: 5)
        var a = SeededGenerator(seed: 42), b = SeededGenerator(seed: 42)
        XCTAssertEqual(q.drawChoices(using: &a), q.drawChoices(using: &b))
        var c = SeededGenerator(seed: 43)
        var d = SeededGenerator(seed: 42)
        let draws42 = (0..<5).map { _ in q.drawChoices(using: &d) }
        let draws43 = (0..<5).map { _ in q.drawChoices(using: &c) }
        XCTAssertNotEqual(draws42, draws43)
    }
}
