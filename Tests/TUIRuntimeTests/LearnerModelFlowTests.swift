import Foundation
import LearnerStore
import PrimerApp
import StudyCore
import StudyServices
import TerminalUI
import XCTest

/// The learner model on the bundled course, through the store and the screens (issue 13's
/// "done when"): a lesson answered all wrong leaves its theme's mastery at zero and the
/// readiness at the guess rate, a minute later too; spaced right answers raise both; the
/// two figures differ; Home says what day they are about.
final class LearnerModelFlowTests: XCTestCase {
    func answer(_ context: StudyContext, _ question: Question, right: Bool, at: Date) throws {
        let shown = Array(question.choices.prefix(question.shownCount))
        let asked = AskedQuestion(question: question, shown: shown)
        let chosen: Set<Int> = right ? asked.correctIndices : [shown.firstIndex { !$0.isCorrect } ?? 0]
        try context.record(AnswerOutcome(asked: asked, chosen: chosen, correct: right, responseTime: 6, answeredAt: at),
                           override: nil, sessionID: nil)
    }

    func testALessonAnsweredAllWrongThenSpacedRightAnswers() throws {
        let harness = try Harness()
        let context = try harness.context()
        let lesson = harness.course.lessons[0]
        let start = harness.clock.now()
        for (i, q) in lesson.questions.enumerated() { try answer(context, q, right: false, at: start + Double(i)) }

        let guess = harness.course.questions.map(\.guessChance).reduce(0, +) / Double(harness.course.questions.count)
        for later in [0.0, 60.0] {
            let summary = try context.summary(now: start + 60 + later)
            let theme = try XCTUnwrap(summary.themes.first { $0.id == lesson.themeID })
            XCTAssertEqual(theme.mastery, 0, "nothing recalled")
            XCTAssertLessThan(summary.examReadiness, 0.3)
            XCTAssertEqual(summary.examReadiness, guess, accuracy: 1e-9, "readiness is the guess rate")
            XCTAssertEqual(summary.mastery, 0)
        }

        // Right answers, each when the question falls due, over simulated weeks.
        var at = start + 600
        var readiness = try context.summary(now: at).examReadiness
        var mastery = 0.0
        for round in 0..<4 {
            for q in lesson.questions { try answer(context, q, right: true, at: at) }
            let summary = try context.summary(now: at + 60)
            XCTAssertGreaterThan(summary.mastery, mastery, "round \(round)")
            XCTAssertGreaterThan(summary.examReadiness, readiness, "round \(round)")
            XCTAssertGreaterThan(summary.examReadiness, summary.mastery, "guessing matters: readiness is above mastery")
            mastery = summary.mastery
            readiness = summary.examReadiness
            at = lesson.questions.compactMap { context.states[$0.id]?.due }.max().map { max($0, at + 86_400) } ?? at + 86_400
        }
    }

    func testHomeNamesTheDayAndWhatTheFiguresMean() throws {
        let harness = try Harness()
        let terminal = try harness.run(size: Size(width: 100, height: 32)) { _ in [] }
        let screen = terminal.frames.last?.text ?? ""
        let day = DayText.short(harness.clock.now() + 7 * 86_400, zone: TimeZone(identifier: "UTC")!)
        XCTAssertTrue(screen.contains("Mastery on \(day)"), screen)
        XCTAssertTrue(screen.contains("Exam readiness on \(day)"), screen)
        XCTAssertTrue(screen.contains("recall unaided"), screen)
    }
}
