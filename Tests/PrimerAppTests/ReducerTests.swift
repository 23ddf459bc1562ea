import StudyCore
import TerminalUI
import XCTest
@testable import PrimerApp

final class ReducerTests: XCTestCase {
    let t0 = Fixtures.t0

    func press(_ state: inout AppState, _ keys: Key..., at time: Date? = nil) -> [Effect] {
        var effects: [Effect] = []
        for key in keys { effects += state.reduce(.keyPressed(key, at: time ?? t0)) }
        return effects
    }

    func testLessonListStartsOnTheFirstLessonAndSkipsThemeHeaders() {
        var state = Fixtures.state()
        _ = press(&state, .character("l"))
        guard case .lessons(let list) = state.screen else { return XCTFail("not the lesson list") }
        XCTAssertEqual(list.selectedLesson?.id, "alliance")
        _ = press(&state, .down)
        guard case .lessons(let moved) = state.screen else { return XCTFail("not the lesson list") }
        XCTAssertEqual(moved.selectedLesson?.id, "coercive", "the theme header between them is skipped")
        _ = press(&state, .down, .down)
        guard case .lessons(let clamped) = state.screen else { return XCTFail("not the lesson list") }
        XCTAssertEqual(clamped.selectedLesson?.id, "coercive", "moving past the end stays on the last lesson")
    }

    func testDashboardMenuOpensLessonsAndStudyAndQuits() {
        var state = Fixtures.state()
        _ = press(&state, .down, .enter)
        guard case .lessons = state.screen else { return XCTFail("Enter on 'Lessons' opens the list") }
        XCTAssertEqual(press(&state, .escape), [.loadProgress], "back on the dashboard, figures are refreshed")
        XCTAssertEqual(press(&state, .character("s")), [.loadNextStudyItem(lastShown: nil)])
        guard case .study(let study) = state.screen else { return XCTFail("not studying") }
        XCTAssertEqual(study.phase, .loading)
        _ = press(&state, .escape)
        XCTAssertEqual(press(&state, .character("q")), [.quit])
    }

    func testEnterOpensTheLessonAndEscapeReturnsToTheList() {
        var state = Fixtures.state()
        _ = press(&state, .character("l"), .character("j"), .enter)
        XCTAssertEqual(state.screen, .lesson(LessonState(lesson: Fixtures.lesson)))
        XCTAssertEqual(state.backStack.count, 2)
        XCTAssertEqual(press(&state, .escape), [])
        guard case .lessons(let list) = state.screen else { return XCTFail("not the list") }
        XCTAssertEqual(list.selectedLesson?.id, "coercive", "the list keeps its selection")
    }

    func testStartingTheQuizMarksTheLessonRead() {
        var state = Fixtures.state()
        let effects = press(&state, .character("l"), .down, .enter, .enter)
        XCTAssertEqual(effects, [.markLessonRead(lessonID: "coercive", at: t0)])
        XCTAssertTrue(state.lessonsRead.contains("coercive"))
        guard case .quiz(let quiz) = state.screen else { return XCTFail("not in the quiz") }
        XCTAssertEqual(quiz.session.items.map(\.question.id), ["do-more", "normal-marks", "war-and-talks"])
        XCTAssertEqual(quiz.session.items[0].shown.count, 4)
    }

    func testAnsweringRecordsAtOnceAndAMarkAmendsTheSavedAnswer() throws {
        var state = Fixtures.state()
        _ = press(&state, .character("l"), .down, .enter, .enter)
        guard case .quiz(let quiz) = state.screen else { return XCTFail("not in the quiz") }
        let right = quiz.session.items[0].shown.firstIndex(where: \.isCorrect)!
        // A digit answers a single-answer question at once, and the answer is stored.
        let effects = press(&state, .character(Character("\(right + 1)")), at: t0.addingTimeInterval(5))
        guard case .quiz(let answered) = state.screen, case .feedback(let outcome) = answered.session.phase else {
            return XCTFail("no feedback")
        }
        XCTAssertEqual(effects, [.recordAnswer(outcome, kind: .practice)])
        XCTAssertTrue(outcome.correct)
        XCTAssertEqual(outcome.responseTime, 5)
        // Before the store answers, a mark is remembered but there is nothing to amend.
        XCTAssertEqual(press(&state, .character("g")), [])
        _ = state.reduce(.answerSaved(SaveReceipt(reviewID: "r1", returns: "in 1 day")))
        // After it, "too easy" re-rates the saved answer.
        XCTAssertEqual(press(&state, .character("e")), [.amendAnswer(reviewID: "r1", outcome, override: .tooEasy)])
        XCTAssertEqual(press(&state, .character("e")), [.amendAnswer(reviewID: "r1", outcome, override: nil)],
                       "pressing it again takes the mark back")
        XCTAssertEqual(press(&state, .enter, at: t0.addingTimeInterval(8)), [])

        // Multiple answer: toggle one correct option only, submit: wrong (no partial credit).
        guard case .quiz(let second) = state.screen else { return XCTFail() }
        let correctOption = second.session.items[1].shown.firstIndex(where: \.isCorrect)!
        let submitted = press(&state, .character(Character("\(correctOption + 1)")), .enter, at: t0.addingTimeInterval(10))
        guard case .quiz(let marked) = state.screen, case .feedback(let wrong) = marked.session.phase else { return XCTFail() }
        XCTAssertFalse(wrong.correct)
        XCTAssertEqual(wrong.chosen, [correctOption])
        XCTAssertEqual(submitted, [.recordAnswer(wrong, kind: .practice)])
    }

    func testStudyTodayAsksTheSchedulersQuestionAndWaitsForTheSaveBeforeMovingOn() {
        var state = Fixtures.state()
        _ = press(&state, .character("s"))
        _ = state.reduce(.studyItemReady(Fixtures.trueFalseQuestion, nextDue: nil, at: t0))
        let effects = press(&state, .character("1"), at: t0.addingTimeInterval(3))
        guard case .study(let study) = state.screen, let session = study.session, case .feedback(let outcome) = session.phase else {
            return XCTFail("no feedback")
        }
        XCTAssertEqual(effects, [.recordAnswer(outcome, kind: .study)])
        XCTAssertEqual(study.answered, 1)
        XCTAssertEqual(study.right, 1)
        XCTAssertEqual(press(&state, .enter), [], "not saved yet: stay on the feedback")
        _ = state.reduce(.answerSaved(SaveReceipt(reviewID: "r1", returns: "again in 10 min")))
        XCTAssertEqual(press(&state, .enter), [.loadNextStudyItem(lastShown: "war-and-talks")])
        // Nothing left: the summary, and the session is closed.
        XCTAssertEqual(state.reduce(.studyItemReady(nil, nextDue: nil, at: t0)), [.finishStudySession(answered: 1, right: 1)])
    }

    func testUndoInStudyTakesBackTheLastAnswerAndAsksAgain() {
        var state = Fixtures.state()
        _ = press(&state, .character("s"))
        _ = state.reduce(.studyItemReady(Fixtures.trueFalseQuestion, nextDue: nil, at: t0))
        _ = press(&state, .character("1"))
        _ = state.reduce(.answerSaved(SaveReceipt(reviewID: "r1", returns: "in 1 day")))
        XCTAssertEqual(press(&state, .character("u")), [.undoAnswer(reviewID: "r1")])
        _ = state.reduce(.answerUndone(reviewID: "r1", question: Fixtures.trueFalseQuestion, wasCorrect: true, at: t0))
        guard case .study(let study) = state.screen, let session = study.session, case .asking = session.phase else {
            return XCTFail("the question is asked again")
        }
        XCTAssertEqual(study.answered, 0)
        XCTAssertEqual(study.right, 0)
        XCTAssertEqual(study.history, [])
        XCTAssertEqual(press(&state, .character("u")), [], "nothing left to undo")
    }

    func testLettersAnswerToo() {
        var state = Fixtures.state()
        _ = press(&state, .character("l"), .down, .character("t"))
        _ = press(&state, .character("b"))
        guard case .quiz(let quiz) = state.screen, case .feedback(let outcome) = quiz.session.phase else { return XCTFail() }
        XCTAssertEqual(outcome.chosen, [1])
    }

    func testFinishingShowsTheScoreAndEnterGoesBack() {
        var state = Fixtures.state()
        _ = press(&state, .character("l"), .down, .character("t"))
        _ = press(&state, .character("1"), .enter)                    // single
        _ = press(&state, .character("1"), .enter, .enter)            // multiple: toggle, submit, next
        _ = press(&state, .character("1"), .enter)                    // true/false: True is right
        guard case .quiz(let quiz) = state.screen else { return XCTFail() }
        XCTAssertTrue(quiz.session.isFinished)
        XCTAssertEqual(quiz.session.outcomes.count, 3)
        XCTAssertTrue(quiz.session.outcomes[2].correct)
        _ = press(&state, .enter)
        guard case .lessons = state.screen else { return XCTFail("Enter on the score returns to where the quiz began") }
    }

    func testCtrlCQuitsFromAnywhereAndClosesAStudySession() {
        var state = Fixtures.state()
        _ = press(&state, .character("l"), .down, .character("t"))
        XCTAssertEqual(press(&state, .control("c")), [.quit])
        var studying = Fixtures.state()
        _ = press(&studying, .character("s"))
        _ = studying.reduce(.studyItemReady(Fixtures.trueFalseQuestion, nextDue: nil, at: t0))
        _ = press(&studying, .character("2"))
        XCTAssertEqual(press(&studying, .control("c")), [.finishStudySession(answered: 1, right: 0), .quit])
    }

    func testHelpOpensWithQuestionMarkAndAnyKeyClosesIt() {
        var state = Fixtures.state()
        _ = press(&state, .character("?"))
        XCTAssertTrue(state.showingHelp)
        let before = state.screen
        _ = press(&state, .down)
        XCTAssertFalse(state.showingHelp)
        XCTAssertEqual(state.screen, before, "the key that closes help does nothing else")
    }

    func testResizeAsksForAFullRedrawAndKeepsState() {
        var state = Fixtures.state()
        _ = press(&state, .character("l"), .down, .enter, .pageDown)
        let before = state
        XCTAssertEqual(state.reduce(.terminalResized(Size(width: 100, height: 30))), [.redrawAll])
        XCTAssertEqual(state, before)
    }

    func testSaveFailureIsShownAndNotHidden() {
        var state = Fixtures.state()
        _ = state.reduce(.saveFailed("disk full"))
        XCTAssertEqual(state.status, "Not saved: disk full")
    }
}

final class ExamAndPracticeReducerTests: XCTestCase {
    let t0 = Fixtures.t0

    func press(_ state: inout AppState, _ keys: Key..., at time: Date? = nil) -> [Effect] {
        var effects: [Effect] = []
        for key in keys { effects += state.reduce(.keyPressed(key, at: time ?? t0)) }
        return effects
    }

    func testMockExamGivesNoFeedbackFlagsComeBackAndTheClockSubmits() {
        var state = Fixtures.state()
        XCTAssertEqual(press(&state, .character("x")), [.examStarted(at: t0, preset: nil)])
        guard case .exam(let started) = state.screen else { return XCTFail("not in the exam") }
        XCTAssertEqual(started.exam.items.count, 3, "the whole (small) course")
        let first = started.exam.currentIndex
        // Flag the first question: it comes back after the others.
        _ = press(&state, .character("f"))
        guard case .exam(let flagged) = state.screen else { return XCTFail() }
        XCTAssertNotEqual(flagged.exam.currentIndex, first)
        XCTAssertEqual(flagged.exam.pending.last, first)
        // An answer is recorded but no feedback is shown: the next question is up at once.
        let asked = flagged.exam.current!
        let effects = press(&state, .character(asked.question.kind == .multiple ? "1" : "1"), at: t0.addingTimeInterval(4))
        if asked.question.kind != .multiple {
            guard case .recordAnswer(let outcome, .exam)? = effects.first else { return XCTFail("\(effects)") }
            XCTAssertEqual(outcome.asked.question.id, asked.question.id)
        }
        // Twenty minutes later the clock submits the exam.
        let ended = state.reduce(.tick(t0.addingTimeInterval(20 * 60 + 1)))
        guard case .examFinished(_, _, let score, _)? = ended.first else { return XCTFail("\(ended)") }
        XCTAssertLessThan(score, 1)
        guard case .exam(let finished) = state.screen, let result = finished.exam.result else { return XCTFail() }
        XCTAssertEqual(result.ending, .timeUp)
        // The review walks through the wrong answers, then Enter leaves.
        _ = press(&state, .character("r"))
        guard case .exam(let reviewing) = state.screen else { return XCTFail() }
        XCTAssertEqual(reviewing.reviewIndex, 0)
        XCTAssertEqual(press(&state, .enter), [.loadProgress])
    }

    func testSubmittingAnExamAsksForConfirmation() {
        var state = Fixtures.state()
        _ = press(&state, .character("x"), .character("s"))
        guard case .exam(let confirming) = state.screen else { return XCTFail() }
        XCTAssertTrue(confirming.confirmingSubmit)
        XCTAssertEqual(press(&state, .character("n")), [], "any other key goes on")
        _ = press(&state, .character("s"))
        let effects = press(&state, .character("y"))
        XCTAssertEqual(effects, [.examFinished(answered: 0, correct: 0, score: 0, at: t0)])
    }

    func testPracticeWithCramLeavesTheScheduleAlone() {
        var state = Fixtures.state()
        _ = press(&state, .character("p"))
        guard case .practiceSetup(let setup) = state.screen else { return XCTFail("not practice setup") }
        XCTAssertEqual(setup.themes.map(\.id), ["coercion"], "themes without questions are not offered")
        XCTAssertEqual(press(&state, .character(" "), .character("c"), .enter), [.loadPractice(themeIDs: ["coercion"], cram: true)])
        _ = state.reduce(.practiceReady([Fixtures.trueFalseQuestion], cram: true, at: t0))
        guard case .quiz(let quiz) = state.screen else { return XCTFail("not in the quiz") }
        XCTAssertEqual(quiz.kind, .cram)
        let effects = press(&state, .character("1"))
        guard case .recordAnswer(_, .cram)? = effects.first else { return XCTFail("\(effects)") }
    }

    func testStatisticsScreenShowsChartsOnceLoaded() {
        var state = Fixtures.state()
        XCTAssertEqual(press(&state, .character("t")), [.loadStats])
        var reviews = Array(repeating: 0, count: 182)
        reviews[181] = 5
        _ = state.reduce(.statsLoaded(StatsFigures(reviewsPerDay: reviews, todayWeekday: 2, forecast: [3] + Array(repeating: 0, count: 29),
                                                   retention: [("Coercive diplomacy", 0.8, 5)], masteryByWeek: Array(repeating: 0.5, count: 12),
                                                   exams: [(t0, 0.75, true)])))
        var buffer = CellBuffer(width: 80, height: 24)
        render(state, into: &buffer)
        let text = buffer.text
        XCTAssertTrue(text.contains("Reviews, last 26 weeks  5 in all"), text)
        XCTAssertTrue(text.contains("Wed ·························█"), text)
        XCTAssertTrue(text.contains("Due, next 30 days  3 in all · today 3"), text)
        _ = press(&state, .pageDown, .pageDown)
        render(state, into: &buffer)
        XCTAssertTrue(buffer.text.contains("75%  pass"), buffer.text)
    }
}

final class SettingsAndLearnerReducerTests: XCTestCase {
    let t0 = Fixtures.t0

    func press(_ state: inout AppState, _ keys: Key...) -> [Effect] {
        var effects: [Effect] = []
        for key in keys { effects += state.reduce(.keyPressed(key, at: t0)) }
        return effects
    }

    func openMenu(_ entry: MenuEntry, _ state: inout AppState) {
        let index = MenuEntry.allCases.firstIndex(of: entry)!
        for _ in 0..<index { _ = press(&state, .down) }
        _ = press(&state, .enter)
    }

    func testSettingsChangeWithinRangeAndSaveOnEnter() {
        var state = Fixtures.state()
        openMenu(.settings, &state)
        guard case .settings = state.screen else { return XCTFail("not settings") }
        _ = press(&state, .right, .right)                      // retention 90% → 92%
        _ = press(&state, .down, .left)                        // new per day 20 → 15
        _ = press(&state, .down, .down, .left, .left, .left, .left, .left)   // day start 4 → 23 (wraps)
        _ = press(&state, .down, .down, .right)                // vi keys off
        var expected = Preferences()
        expected.study.desiredRetention = 0.92
        expected.study.newPerDay = 15
        expected.study.dayStartHour = 23
        expected.viKeys = false
        let effects = press(&state, .enter)
        XCTAssertEqual(effects.first, .savePreferences(expected))
        XCTAssertEqual(state.preferences, expected)
        // With vi keys off, j no longer moves the menu; arrows still do.
        guard case .dashboard(let before) = state.screen else { return XCTFail() }
        _ = press(&state, .character("j"))
        guard case .dashboard(let after) = state.screen else { return XCTFail() }
        XCTAssertEqual(before.selected, after.selected)
        _ = press(&state, .down)
        guard case .dashboard(let moved) = state.screen else { return XCTFail() }
        XCTAssertEqual(moved.selected, before.selected + 1)
    }

    func testEscapeLeavesSettingsUnchanged() {
        var state = Fixtures.state()
        openMenu(.settings, &state)
        _ = press(&state, .right)
        XCTAssertEqual(press(&state, .escape), [.loadProgress])
        XCTAssertEqual(state.preferences, Preferences())
    }

    func testCreatingALearnerByTypingTheirName() {
        var state = Fixtures.state()
        state.learnerNames = ["Ayesha", "Bilal"]
        openMenu(.learner, &state)
        guard case .learner(let learner) = state.screen else { return XCTFail("not the learner screen") }
        XCTAssertEqual(learner.cursor, 0)
        _ = press(&state, .character("n"))
        for c in "Zoë j" { _ = press(&state, .character(c)) }   // letters are text here, vi keys or not
        _ = press(&state, .backspace, .backspace)
        let effects = press(&state, .enter)
        XCTAssertEqual(effects.first, .switchLearner("Zoë"))
        _ = state.reduce(.learnerChanged(name: "Zoë", lessonsRead: [], preferences: Preferences()))
        XCTAssertEqual(state.learnerName, "Zoë")
        XCTAssertTrue(state.learnerNames.contains("Zoë"))
    }

    func testSwitchingToAnExistingLearner() {
        var state = Fixtures.state()
        state.learnerNames = ["Ayesha", "Bilal"]
        openMenu(.learner, &state)
        XCTAssertEqual(press(&state, .down, .enter).first, .switchLearner("Bilal"))
    }
}

final class OpenLessonFromFeedbackTests: XCTestCase {
    func testFeedbackOpensTheLessonAtThePartTheQuestionComesFromAndReturns() {
        // A lesson long enough that the ¶6 part is below the first screen.
        var lesson = Fixtures.lesson
        let filler = (1...12).map { LessonBlock.paragraph(InlineText(stringLiteral: "Filler paragraph \($0).")) }
        lesson.body = filler + lesson.body + filler
        var course = Fixtures.course
        course.lessons[1] = lesson
        var state = AppState(course: course, seed: 42)
        let t0 = Fixtures.t0
        for key: Key in [.character("l"), .down, .character("t"), .character("1")] { _ = state.reduce(.keyPressed(key, at: t0)) }
        let before = state.screen
        _ = state.reduce(.keyPressed(.character("o"), at: t0))
        guard case .lesson(let lesson) = state.screen else { return XCTFail("the lesson did not open") }
        XCTAssertEqual(lesson.lesson.id, "coercive")
        XCTAssertEqual(lesson.anchor, [6])
        // The view starts at the heading citing ¶6, not at the top.
        var buffer = CellBuffer(width: 80, height: 12)
        render(state, into: &buffer)
        XCTAssertTrue(buffer.lines[2].hasPrefix("  The coercive style ¶6   "), buffer.lines[2])
        XCTAssertTrue(buffer.lines[2].hasSuffix("▲"), "there is more above")
        XCTAssertTrue(buffer.lines[11].contains("Esc back to the question"), buffer.lines[11])
        XCTAssertEqual(state.reduce(.keyPressed(.enter, at: t0)), [], "Enter does not start another quiz from here")
        _ = state.reduce(.keyPressed(.escape, at: t0))
        XCTAssertEqual(state.screen, before, "back on the same feedback")
    }
}

final class ReportScreenTests: XCTestCase {
    func testClassReportShowsLearnersThemesAndItemAnalysis() {
        var state = Fixtures.state()
        let index = MenuEntry.allCases.firstIndex(of: .classReport)!
        for _ in 0..<index { _ = state.reduce(.keyPressed(.down, at: Fixtures.t0)) }
        XCTAssertEqual(state.reduce(.keyPressed(.enter, at: Fixtures.t0)), [.loadReport])
        _ = state.reduce(.reportLoaded(ReportFigures(
            learners: [.init(name: "Ayesha", score: 0.75, answered: 4), .init(name: "Bilal", score: 0.5, answered: 4)],
            themes: [.init(title: "Coercive diplomacy", average: 0.625, learners: 2)],
            items: [.init(questionID: "do-more", stem: "Which phrase sums up coercion?", answers: 6, facility: 1.0 / 3,
                          discrimination: 0.5, mostChosenWrong: "Mutual trust", mostChosenWrongCount: 3)])))
        var buffer = CellBuffer(width: 80, height: 24)
        render(state, into: &buffer)
        let text = buffer.text
        XCTAssertTrue(text.contains("Ayesha                                   ███████▌░░ 75%  4 answered"), text)
        XCTAssertTrue(text.contains("do-more · 6 answers · facility 33% · discrimination 0.50"), text)
        XCTAssertTrue(text.contains("most chosen wrong: “Mutual trust” (3)"), text)
    }
}

final class LearningStepReturnTests: XCTestCase {
    func testAnItemInLearningComesBackWithinTheSessionWhenDue() {
        var state = Fixtures.state()
        let t0 = Fixtures.t0
        _ = state.reduce(.keyPressed(.character("s"), at: t0))
        _ = state.reduce(.studyItemReady(nil, nextDue: t0.addingTimeInterval(120), at: t0))
        var buffer = CellBuffer(width: 80, height: 24)
        render(state, into: &buffer)
        XCTAssertTrue(buffer.text.contains("comes back in 2:00"), buffer.text)
        XCTAssertEqual(state.reduce(.tick(t0.addingTimeInterval(60))), [], "not yet")
        XCTAssertEqual(state.reduce(.tick(t0.addingTimeInterval(121))), [.loadNextStudyItem(lastShown: nil)])
        guard case .study(let study) = state.screen else { return XCTFail() }
        XCTAssertEqual(study.phase, .loading)
    }
}

final class LessonScrollTests: XCTestCase {
    func testScrollingUpStopsAtTheTopOfALessonOpenedFromTheList() {
        var state = Fixtures.state()
        for key: Key in [.character("l"), .down, .enter, .up, .up, .down] { _ = state.reduce(.keyPressed(key, at: Fixtures.t0)) }
        guard case .lesson(let lesson) = state.screen else { return XCTFail("not in the lesson") }
        XCTAssertEqual(lesson.scroll, 1, "up at the top does nothing, so one down scrolls one line")
    }
}
