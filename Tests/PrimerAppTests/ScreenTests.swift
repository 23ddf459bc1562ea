import StudyCore
import TerminalUI
import XCTest
@testable import PrimerApp

/// Screens rendered at 80x24 and compared with the expected text, line by line.
final class ScreenTests: XCTestCase {
    func screen(_ state: AppState, width: Int = 80, height: Int = 24) -> [String] {
        var buffer = CellBuffer(width: width, height: height)
        render(state, into: &buffer)
        return buffer.lines
    }

    func assertScreen(_ state: AppState, _ expected: [String], width: Int = 80, height: Int = 24,
                      file: StaticString = #filePath, line: UInt = #line) {
        let actual = screen(state, width: width, height: height)
        XCTAssertEqual(actual.count, expected.count, "row count", file: file, line: line)
        for (i, (a, e)) in zip(actual, expected).enumerated() where a != e {
            XCTFail("row \(i):\n  actual:   '\(a)'\n  expected: '\(e)'", file: file, line: line)
        }
    }

    func press(_ state: inout AppState, _ keys: Key...) {
        for key in keys { _ = state.reduce(.keyPressed(key, at: Fixtures.t0)) }
    }

    func testDashboardShowsTodayMasteryAndTheMenu() {
        var state = Fixtures.state()
        state.figures = Fixtures.figures
        assertScreen(state, [
            " primer · Pakistan-US relations                                            Home",
            "",
            " Pakistan-US relations",
            " Hello, Ayesha. Due now: 3 · new: 2 · streak: 4 days",
            "",
            " › Study today  5            Mastery                            ████▎░░░░░ 42%",
            "   Lessons                   Exam readiness                     ███▊░░░░░░ 38%",
            "   Practice",
            "   Mock exam                 By theme",
            "   Exam plan                 The alliance                       █████░░░░░ 50%",
            "   Statistics                Coercive diplomacy                 ██▌░░░░░░░ 25%",
            "   Settings",
            "   Learner",
            "   Class report",
            "   Help",
            "   Quit",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            " ↑↓ choose  Enter open  s study  l lessons  p practice  x exam  q quit  ? help",
        ])
    }

    // Defect 7: Home shows "later today" beside "due now" when they differ.
    func testDashboardShowsDueNowAndLaterTodaySeparately() {
        var state = Fixtures.state()
        state.figures = DashboardFigures(dueNow: 0, laterToday: 13, newAvailable: 0, streakDays: 1, mastery: 0, examReadiness: 0,
                                         reviewsTotal: 13, themes: [])
        XCTAssertEqual(screen(state)[3], " Hello, Ayesha. Due now: 0 · later today: 13 · new: 0 · streak: 1 day")
        XCTAssertTrue(screen(state)[5].hasPrefix(" › Study today  0 "), "Study today counts what it asks now")
    }

    func testDashboardGuidesANewLearner() {
        var state = Fixtures.state()
        state.figures = DashboardFigures(dueNow: 0, newAvailable: 0, streakDays: 0, mastery: 0, examReadiness: 0,
                                         reviewsTotal: 0, themes: [])
        XCTAssertTrue(screen(state)[4].contains("New here? Open Lessons and read one: its questions then join Study today."), screen(state)[4])
    }

    func testLessonListGroupsLessonsByThemeWithMastery() {
        var state = Fixtures.state()
        state.figures = Fixtures.figures
        press(&state, .character("l"))
        assertScreen(state, [
            " primer · Pakistan-US relations                                         Lessons",
            "",
            " Lessons",
            " 2 lessons · 3 questions · 0 read",
            "",
            "   The alliance",
            " ›     █████░░░░░ The post-9/11 alliance  0 q",
            "   Coercive diplomacy",
            "       ██▌░░░░░░░ Normal and coercive diplomacy  3 q",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            " ↑↓ choose  Enter read  t quiz  Esc back  ? help",
        ])
    }

    func testLessonShowsWrappedTextWithHeadingsBulletsAndWideCharacters() {
        var state = Fixtures.state()
        press(&state, .character("l"), .down, .enter)
        assertScreen(state, [
            " primer · Pakistan-US relations                                          Lesson",
            "",
            "  Normal and coercive diplomacy",
            "  Source: ¶6 ¶7",
            "",
            "  Diplomacy has two styles: normal and coercive.",
            "",
            "  The coercive style ¶6",
            "",
            "  • dictations such as “do more”",
            "  • a timeline — پاکستان 日本",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            " ↑↓ scroll  Enter quiz  Esc back  ? help",
        ])
        // Key terms are marked: bold and coloured, not only in the text.
        var buffer = CellBuffer(width: 80, height: 24)
        render(state, into: &buffer)
        let normalColumn = buffer.lines[5].distance(from: buffer.lines[5].startIndex, to: buffer.lines[5].range(of: "normal")!.lowerBound)
        XCTAssertTrue(buffer[normalColumn, 5].style.bold)
        XCTAssertFalse(buffer[2, 5].style.bold)
    }

    func testQuizAsksOneQuestionWithShuffledOptions() {
        var state = Fixtures.state()
        press(&state, .character("l"), .down, .enter, .enter)
        assertScreen(state, [
            " primer · Pakistan-US relations                                            Quiz",
            "",
            "  Question 1 of 3 · Normal and coercive diplomacy",
            "",
            "  Which phrase sums up the dictating side of coercive diplomacy?",
            "",
            "  › 1 Concessions",
            "    2 Mutual trust",
            "    3 “Do more”",
            "    4 Bilateral agreements",
        ] + Array(repeating: "", count: 13) + [
            " 1-4/a-d answer  ↑↓ move  Enter choose  Esc stop  ? help",
        ])
    }

    // Defect 9: the save receipt is in a fixed row above the footer, whatever the scroll.
    func testFeedbackShowsRightAnswerExplanationCitationAndTheReceiptInAFixedRow() {
        var state = Fixtures.state()
        press(&state, .character("l"), .down, .enter, .enter, .character("2"))
        let feedback = [
            " primer · Pakistan-US relations                                            Quiz",
            "",
            "  Question 1 of 3 · Normal and coercive diplomacy",
            "",
            "  ✗ Not quite",
            "",
            "  Which phrase sums up the dictating side of coercive diplomacy?",
            "",
            "    1 Concessions",
            "  ✗ 2 Mutual trust ← your answer",
            "  ✓ 3 “Do more”",
            "    4 Bilateral agreements",
            "",
            "  “Mutual trust”: Mutual trust belongs to normal diplomacy.",
            "",
            "  Why: A powerful country dictates: “do more” (¶6).",
            "  Source: ¶6",
            "", "", "", "", "",
        ]
        // A wrong answer: "I guessed" and "too easy" do not apply, so the footer does not offer them.
        assertScreen(state, feedback + ["  Saving…", " Enter next  o lesson  Esc stop  ? help"])
        _ = state.reduce(.answerSaved(SaveReceipt(reviewID: "r1", returns: "again in a minute")))
        assertScreen(state, feedback + ["  Saved · returns again in a minute", " Enter next  o lesson  Esc stop  ? help"])
        // At the smallest size the feedback scrolls, and the receipt stays on screen.
        XCTAssertEqual(screen(state, width: 40, height: 12)[10], "  Saved · returns again in a minute")
        press(&state, .down, .down, .down)
        XCTAssertEqual(screen(state, width: 40, height: 12)[10], "  Saved · returns again in a minute")
    }

    func testTheMarksAreOfferedAfterARightAnswerOnly() {
        var state = Fixtures.state()
        press(&state, .character("l"), .down, .enter, .enter, .character("3"))
        XCTAssertEqual(screen(state, width: 80, height: 24)[23], " Enter next  g guessed  e too easy  o lesson  Esc stop  ? help")
        var wrong = Fixtures.state()
        press(&wrong, .character("l"), .down, .enter, .enter, .character("2"))
        press(&wrong, .character("g"))
        XCTAssertTrue(screen(wrong, width: 80, height: 24).joined(separator: "\n").contains("A wrong answer is already scheduled as not known"),
                      "the key still answers, with the reason")
    }

    func testWrongOptionFeedbackIsShownWhenPicked() {
        var state = Fixtures.state()
        press(&state, .character("l"), .down, .enter, .enter, .character("2"))    // "Mutual trust" in this draw
        let text = screen(state).joined(separator: "\n")
        XCTAssertTrue(text.contains("“Mutual trust”: Mutual trust belongs to normal diplomacy."), text)
    }

    func testTheSummaryListsTheMissedQuestions() {
        var state = Fixtures.state()
        press(&state, .character("l"), .down, .character("t"), .character("3"), .enter)   // right
        press(&state, .character("1"), .enter, .enter)                                     // multiple, wrong
        press(&state, .character("2"), .enter)                                             // False: wrong
        let lines = screen(state)
        XCTAssertEqual(lines[4], "  Done: 1 of 3 right (33%)")
        XCTAssertEqual(lines[6], "  Missed (Enter opens the explanation):")
        XCTAssertEqual(lines[7], "  › Which mark normal diplomacy?")
        XCTAssertEqual(lines[8], "    Diplomacy and war go side by side.")
        XCTAssertEqual(lines[23], " ↑↓ choose  Enter open  r again  Esc done  ? help")
    }

    func testHelpOverlayListsTheKeysOfTheScreen() {
        var state = Fixtures.state()
        press(&state, .character("?"))
        let text = screen(state).joined(separator: "\n")
        XCTAssertTrue(text.contains("┌─ Keys "))
        XCTAssertTrue(text.contains("study today"))
        XCTAssertTrue(text.contains("↑ ↓ Tab  or  k j   choose"), text)
        XCTAssertTrue(text.contains("quit anywhere"), text)
        XCTAssertTrue(text.contains(" any key closes "))
    }

    func testTooSmallTerminalShowsANoticeAndRecovers() {
        var state = Fixtures.state()
        press(&state, .character("l"), .down, .enter)
        assertScreen(state, ["", "", "     Enlarge the terminal", "      to at least 40×12", "          (now 30×8)", "", "", ""],
                     width: 30, height: 8)
        XCTAssertEqual(screen(state)[2], "  Normal and coercive diplomacy", "the same state renders normally at 80x24")
    }

    func testWideTerminalKeepsAReadableColumn() {
        var state = Fixtures.state()
        press(&state, .character("l"), .down, .enter)
        let lines = screen(state, width: 200, height: 60)
        XCTAssertEqual(lines.count, 60)
        let title = lines[2]
        XCTAssertTrue(title.hasSuffix("Normal and coercive diplomacy"))
        XCTAssertGreaterThan(title.prefix(while: { $0 == " " }).count, 50, "the text column is centred, not stretched to 200")
        XCTAssertTrue(lines[59].contains("Esc back"))
    }
}
/// Settings at any width: a value is never cut (the exam date goes under its label when
/// the row is too narrow), and a note that does not fit beside its value is shown whole
/// under the list for the selected setting ("c clears" was cut off at 80 columns).
final class SettingsScreenTests: XCTestCase {
    func testTheExamDateAndItsKeysAreWholeAtEveryWidth() {
        let utc = TimeZone(identifier: "UTC")!
        let now = Date(timeIntervalSince1970: 1_764_583_200)   // 2025-12-01 10:00 UTC
        var state = SettingsState(draft: Preferences(exam: ExamPlan(date: Date(timeIntervalSince1970: 1_768_467_600))), now: now)
        state.cursor = SettingsState.Field.examDate.rawValue
        let value = "‹ " + SettingsView.rows(state.draft, zone: utc, now: now)[state.cursor].1 + " ›"
        XCTAssertEqual(value, "‹ Thu 15 Jan 2026 09:00 ›")
        for (width, height) in [(40, 10), (41, 11), (60, 14), (80, 22), (200, 58)] {
            var buffer = CellBuffer(width: width, height: height)
            SettingsView.draw(state, zone: utc, in: Rect(x: 0, y: 0, width: width, height: height), into: &buffer)
            let text = buffer.lines.joined(separator: "\n")
            XCTAssertTrue(text.contains(value), "\(width)x\(height): the whole date\n\(text)")
            XCTAssertTrue(text.contains("PgUp/PgDn a week · c clears"), "\(width)x\(height): the whole note\n\(text)")
            XCTAssertFalse(text.contains("…"), "\(width)x\(height): nothing cut\n\(text)")
        }
        // Where every note fits (200 columns), each stands beside its value.
        var wide = CellBuffer(width: 200, height: 58)
        state.cursor = 0
        SettingsView.draw(state, zone: utc, in: Rect(x: 0, y: 0, width: 200, height: 58), into: &wide)
        XCTAssertTrue(wide.lines.contains { $0.contains("‹ Thu 15 Jan 2026 09:00 ›  PgUp/PgDn a week · c clears") }, wide.lines.joined(separator: "\n"))
    }
}
