import StudyCore
import TerminalUI
import XCTest
@testable import PrimerApp

/// After an answer, the note of every option that was shown appears, picked or not, and
/// the note of an option that was not drawn never does (the explanation stays the same
/// whichever options were drawn, so remarks on one option live in its note).
final class OptionNotesTests: XCTestCase {
    private let question = Question(
        id: "labels", kind: .single, themeID: "alliance", lessonID: "alliance", claims: ["C2"], sources: [3],
        stem: "Which title did the US give Pakistan?",
        choices: [Choice("Major non-NATO ally", isCorrect: true),
                  Choice("Frontline state", isCorrect: false, feedback: "¶9’s description of its position, not a title."),
                  Choice("Full NATO member", isCorrect: false, feedback: "“Non-NATO” says it is outside NATO."),
                  Choice("Buffer state", isCorrect: false, feedback: "The source never uses it.")],
        explanation: "¶3: the US named Pakistan a major non-NATO ally.")

    private func text(_ lines: [[StyledText]]) -> String { lines.map { $0.map(\.text).joined() }.joined(separator: "\n") }

    func testTheNotesOfTheShownOptionsAppearPickedOrNot() {
        // Drawn: the key, "Frontline state" and "Buffer state"; "Full NATO member" was not.
        let asked = AskedQuestion(question: question, shown: [question.choices[3], question.choices[0], question.choices[1]])
        for chosen: Set<Int> in [[1], [0], [2]] {   // right, wrong (no note on the key), wrong
            let outcome = AnswerOutcome(asked: asked, chosen: chosen, correct: chosen == [1], responseTime: 3, answeredAt: Date())
            let shown = text(QuestionText.feedbackLines(outcome, width: 200))
            XCTAssertTrue(shown.contains("“Buffer state”: The source never uses it."), shown)
            XCTAssertTrue(shown.contains("“Frontline state”: ¶9’s description of its position, not a title."), shown)
            XCTAssertFalse(shown.contains("outside NATO"), "an option not drawn keeps its note to itself")
            XCTAssertTrue(shown.contains("Why: ¶3: the US named Pakistan a major non-NATO ally."))
            XCTAssertEqual(outcome.shownNotes.map(\.choice), ["Buffer state", "Frontline state"], "in the order shown")
            XCTAssertEqual(outcome.shownNotes.map(\.picked), [chosen == [0], chosen == [2]])
            // The picked option's note first, then why, then the others' (the first screen
            // keeps what matters most).
            let why = shown.range(of: "Why:")!.lowerBound
            let buffer = shown.range(of: "“Buffer state”:")!.lowerBound, frontline = shown.range(of: "“Frontline state”:")!.lowerBound
            XCTAssertEqual(buffer < why, chosen == [0], "\(chosen)")
            XCTAssertEqual(frontline < why, chosen == [2], "\(chosen)")
        }
    }

    func testAnUnansweredExamQuestionStillShowsTheNotes() {
        let asked = AskedQuestion(question: question, shown: question.choices)
        let shown = text(QuestionText.answerLines(asked, chosen: nil, width: 60))
        XCTAssertTrue(shown.contains("“Full NATO member”:"), shown)
        XCTAssertTrue(shown.contains("“Frontline state”:"), shown)
    }
}
