import XCTest
@testable import StudyCore

final class GradingTests: XCTestCase {
    func rating(correct: Bool, responseTime: TimeInterval, questionLength: Int, override: AnswerOverride?) -> Rating {
        Grading.rating(correct: correct, responseTime: responseTime, questionLength: questionLength, override: override)
    }

    func testThresholdGrowsWithLength() {
        XCTAssertEqual(Grading.slowThreshold(questionLength: 0), 8)
        XCTAssertEqual(Grading.slowThreshold(questionLength: 260), 8 + 0.06 * 260, accuracy: 1e-12)
        XCTAssertEqual(Grading.slowThreshold(questionLength: -5), 8)
        XCTAssertEqual(Grading.questionLength(stem: "Why?", shown: ["yes", "no"]), 9)
    }

    func testPlainAnswers() {
        XCTAssertEqual(rating(correct: false, responseTime: 2, questionLength: 100, override: nil), .again)
        XCTAssertEqual(rating(correct: true, responseTime: 2, questionLength: 100, override: nil), .good)
        // 100 characters: threshold 14 s; exactly at the threshold is not slow.
        XCTAssertEqual(rating(correct: true, responseTime: 14, questionLength: 100, override: nil), .good)
        XCTAssertEqual(rating(correct: true, responseTime: 14.5, questionLength: 100, override: nil), .hard)
        // The same time is fine for a long question.
        XCTAssertEqual(rating(correct: true, responseTime: 14.5, questionLength: 300, override: nil), .good)
        XCTAssertEqual(rating(correct: false, responseTime: 60, questionLength: 10, override: nil), .again)
    }

    func testOverrides() {
        XCTAssertEqual(rating(correct: true, responseTime: 2, questionLength: 50, override: .guessed), .again)
        XCTAssertEqual(rating(correct: false, responseTime: 2, questionLength: 50, override: .guessed), .again)
        XCTAssertEqual(rating(correct: true, responseTime: 2, questionLength: 50, override: .tooEasy), .easy)
        XCTAssertEqual(rating(correct: true, responseTime: 99, questionLength: 50, override: .tooEasy), .easy)
        XCTAssertEqual(rating(correct: false, responseTime: 2, questionLength: 50, override: .tooEasy), .again)
    }

    func testMarksThatDoNotApplyAreRefusedWithTheReason() {
        XCTAssertNil(AnswerMarking.refusal(.guessed, correct: true, affectsSchedule: true))
        XCTAssertNil(AnswerMarking.refusal(.tooEasy, correct: true, affectsSchedule: true))
        XCTAssertEqual(AnswerMarking.refusal(.tooEasy, correct: false, affectsSchedule: true),
                       "“Too easy” is only for a right answer: nothing changed.")
        XCTAssertEqual(AnswerMarking.refusal(.guessed, correct: false, affectsSchedule: true),
                       "A wrong answer is already scheduled as not known: nothing changed.")
        for mark in AnswerOverride.allCases {
            for correct in [true, false] {
                XCTAssertEqual(AnswerMarking.refusal(mark, correct: correct, affectsSchedule: false),
                               "Cram leaves your schedule alone: there is nothing to mark.")
            }
        }
        XCTAssertEqual(AnswerMarking.confirmation(.guessed, returns: "again in 10 min"), "Marked “I guessed”: it returns again in 10 min.")
        XCTAssertEqual(AnswerMarking.confirmation(.tooEasy, returns: "in 12 days"), "Marked “too easy”: it returns in 12 days.")
        XCTAssertEqual(AnswerMarking.confirmation(nil, returns: "in 3 days"), "Mark removed: it returns in 3 days.")
    }

    func testMultipleAnswerNeedsExactlyTheCorrectOptions() {
        let q = Question(id: "m", kind: .multiple, themeID: "t", lessonID: "l", stem: "Pick",
                         choices: [Choice("a", isCorrect: true), Choice("b", isCorrect: true),
                                   Choice("c", isCorrect: false), Choice("d", isCorrect: false)],
                         explanation: "", shownCount: 4)
        var rng = SeededGenerator(seed: 1)
        var session = QuizSession(questions: [q, q, q], startedAt: Date(timeIntervalSince1970: 0), options: .fromGenerator, rng: &rng)
        func answer(_ texts: Set<String>) -> Bool? {
            let shown = session.current!.shown
            for i in shown.indices where texts.contains(shown[i].text) { session.toggle(i) }
            let outcome = session.submit(at: Date(timeIntervalSince1970: 1))
            session.advance(at: Date(timeIntervalSince1970: 1))
            return outcome?.correct
        }
        XCTAssertEqual(answer(["b", "a"]), true)
        XCTAssertEqual(answer(["a", "b", "c"]), false, "one wrong selection")
        XCTAssertEqual(answer(["a"]), false, "a correct option left out")
    }

    func testAnAnswerIsRightOnlyWithExactlyTheCorrectOptions() {
        let q = Question(id: "m", kind: .multiple, themeID: "t", lessonID: "l", stem: "Pick",
                         choices: [Choice("a", isCorrect: true), Choice("b", isCorrect: false), Choice("c", isCorrect: true)],
                         explanation: "", shownCount: 3)
        let asked = AskedQuestion(question: q, shown: q.choices)
        XCTAssertTrue(asked.isCorrect([0, 2]))
        XCTAssertFalse(asked.isCorrect([0]), "a correct option left out")
        XCTAssertFalse(asked.isCorrect([0, 1, 2]), "a wrong option chosen")
        XCTAssertFalse(asked.isCorrect([]), "nothing chosen")
        // The exam marks with the same function as the quiz.
        var rng = SeededGenerator(seed: 3)
        var exam = ExamSession(questions: [q], startedAt: Date(timeIntervalSince1970: 0), timeLimit: 600, passMark: 0.5,
                               options: .fromGenerator, rng: &rng)
        let shown = exam.items[0]
        let right = Set(shown.shown.indices.filter { shown.shown[$0].isCorrect })
        XCTAssertEqual(exam.answer(right, at: Date(timeIntervalSince1970: 1))?.correct, true)
    }

    // Defect 13: one learner sees one set of options per question, in a new order each time.
    func testALearnerSeesTheSameOptionSetEveryTimeInANewOrder() {
        let pool = (0..<8).map { Choice("option \($0)", isCorrect: $0 == 0) }
        let q = Question(id: "q", kind: .single, themeID: "t", lessonID: "l", stem: "?", choices: pool, explanation: "", shownCount: 4)
        var rng = SeededGenerator(seed: 99)
        var sets = Set<Set<String>>(), orders = Set<[String]>()
        for _ in 0..<20 {
            let shown = OptionDraw.forLearner("Ayesha").choices(for: q, using: &rng).map(\.text)
            sets.insert(Set(shown))
            orders.insert(shown)
        }
        XCTAssertEqual(sets.count, 1, "20 showings, one option set")
        XCTAssertGreaterThan(orders.count, 1, "in new orders")
        XCTAssertEqual(sets.first?.count, 4)
        XCTAssertTrue(sets.first?.contains("option 0") ?? false, "the key is always among them")
        let others = Set((0..<20).map { n in Set(OptionDraw.forLearner("learner \(n)").choices(for: q, using: &rng).map(\.text)) })
        XCTAssertGreaterThan(others.count, 1, "different learners draw different sets")
        let fromGenerator = Set((0..<20).map { _ in Set(OptionDraw.fromGenerator.choices(for: q, using: &rng).map(\.text)) })
        XCTAssertGreaterThan(fromGenerator.count, 1, "presets draw from their own generator")
    }

    func testCitationsNameEachParagraphOnce() {
        XCTAssertEqual(citation([2, 2, 3, 2]), "¶2 ¶3")
        XCTAssertEqual(citation([]), "")
    }

    func testGuessChanceAsShown() {
        func asked(_ kind: QuestionKind, options: Int, correct: Int = 1) -> AskedQuestion {
            let choices = (0..<options).map { Choice("o\($0)", isCorrect: $0 < correct) }
            let q = Question(id: "q", kind: kind, themeID: "t", lessonID: "l", stem: "?", choices: choices, explanation: "",
                             shownCount: options)
            return AskedQuestion(question: q, shown: choices)
        }
        XCTAssertEqual(asked(.single, options: 4).guessChance, 0.25)
        XCTAssertEqual(asked(.single, options: 5).guessChance, 0.2)
        XCTAssertEqual(asked(.trueFalse, options: 2).guessChance, 0.5)
        // Select all: any non-empty set of 4 options could be handed in: 15 sets.
        XCTAssertEqual(asked(.multiple, options: 4, correct: 2).guessChance, 1.0 / 15, accuracy: 1e-12)
    }
}
