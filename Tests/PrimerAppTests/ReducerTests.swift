import StudyCore
import TerminalUI
import XCTest
@testable import PrimerApp

final class ReducerTests: XCTestCase {
    let t0 = Fixtures.t0

    func press(_ state: inout AppState, _ keys: Key..., at time: Date? = nil) -> [Effect] {
        Fixtures.press(&state, keys, at: time ?? t0)
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

    /// Esc goes back everywhere; on Home there is nothing behind, and one Esc too many
    /// must not leave primer (q does).
    func testEscapeOnHomeStaysAndSaysHowToQuit() {
        var state = Fixtures.state()
        _ = press(&state, .character("l"))
        XCTAssertEqual(press(&state, .escape), [.loadProgress], "back on Home")
        XCTAssertEqual(press(&state, .escape), [], "a second Esc does not quit")
        guard case .dashboard = state.screen else { return XCTFail("still on Home") }
        XCTAssertEqual(state.notice, "Home: nothing to go back to; q quits.")
        XCTAssertEqual(press(&state, .down), [])
        XCTAssertNil(state.notice, "the notice goes at the next key")
        XCTAssertEqual(press(&state, .character("q")), [.quit])
    }

    func testEscapeReturnsToTheListWhichKeepsItsSelection() {
        var state = Fixtures.state()
        _ = press(&state, .character("l"), .character("j"), .enter)
        guard case .lesson(let lesson) = state.screen else { return XCTFail("not the lesson") }
        XCTAssertEqual(lesson.lesson.id, "coercive")
        XCTAssertEqual(state.backStack.count, 2)
        _ = press(&state, .escape)
        guard case .lessons(let list) = state.screen else { return XCTFail("not the list") }
        XCTAssertEqual(list.selectedLesson?.id, "coercive", "the list keeps its selection")
    }

    // Defect 2: reading a lesson to its last line marks it read (and only that does).
    func testALessonIsReadOnceItsLastLineHasBeenOnScreen() {
        var state = AppState(course: Fixtures.courseWithLongLesson(), learnerName: "Ayesha", seed: 42,
                             size: Size(width: 80, height: 24))
        XCTAssertEqual(press(&state, .character("l"), .down, .enter), [], "the start of a long lesson is not the end")
        XCTAssertFalse(state.lessonsRead.contains("coercive"))
        var effects: [Effect] = []
        for _ in 0..<10 { effects += press(&state, .down) }
        XCTAssertEqual(effects, [], "ten lines down the end is still below")
        effects = press(&state, .pageDown, .pageDown, .pageDown, .pageDown)
        XCTAssertEqual(effects, [.markLessonRead(lessonID: "coercive", at: t0)], "marked once, when the end shows")
        XCTAssertTrue(state.lessonsRead.contains("coercive"))
        XCTAssertEqual(press(&state, .pageUp, .pageDown, .end), [], "read once is enough")
    }

    func testAShortLessonIsReadWhenItOpensAndALongOneWhenAResizeRevealsItsEnd() {
        var state = Fixtures.state()
        XCTAssertEqual(press(&state, .character("l"), .down, .enter), [.markLessonRead(lessonID: "coercive", at: t0)],
                       "the whole lesson fits on one screen")
        var long = AppState(course: Fixtures.courseWithLongLesson(), seed: 1, size: Size(width: 80, height: 24))
        _ = press(&long, .character("l"), .down, .enter)
        XCTAssertEqual(long.reduce(.terminalResized(Size(width: 120, height: 90), at: t0)),
                       [.markLessonRead(lessonID: "coercive", at: t0), .redrawAll])
    }

    func testStartingTheQuizDoesNotCountAsReading() {
        var state = AppState(course: Fixtures.courseWithLongLesson(), seed: 42, size: Size(width: 80, height: 24))
        let effects = press(&state, .character("l"), .down, .character("t"))
        XCTAssertEqual(effects, [])
        XCTAssertFalse(state.lessonsRead.contains("coercive"))
        guard case .quiz(let quiz) = state.screen else { return XCTFail("not in the quiz") }
        XCTAssertEqual(quiz.session.items.map(\.question.id), ["do-more", "normal-marks", "war-and-talks"])
        XCTAssertEqual(quiz.session.items[0].shown.count, 4)
    }

    func testAnsweringRecordsAtOnceAndAMarkAmendsTheSavedAnswer() throws {
        var state = Fixtures.state()
        _ = press(&state, .character("l"), .down, .character("t"))
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
        // Before the store answers, a mark waits for the save, and says so.
        XCTAssertEqual(press(&state, .character("g")), [])
        XCTAssertEqual(quizNote(state), "Wait a moment: the answer is still being saved.")
        _ = state.reduce(.answerSaved(SaveReceipt(reviewID: "r1", returns: "in 1 day")))
        // After it, "too easy" re-rates the saved answer, and the new receipt says what it did.
        XCTAssertEqual(press(&state, .character("e")), [.amendAnswer(reviewID: "r1", outcome, override: .tooEasy)])
        _ = state.reduce(.answerSaved(SaveReceipt(reviewID: "r1", returns: "in 9 days")))
        XCTAssertEqual(quizNote(state), "Marked “too easy”: it returns in 9 days.")
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

    // Defect 8: a mark that does not apply is refused, with the reason, and changes nothing.
    func testMarksOnAWrongAnswerAreRefusedWithTheReason() {
        var state = Fixtures.state()
        _ = press(&state, .character("l"), .down, .character("t"))
        guard case .quiz(let quiz) = state.screen else { return XCTFail() }
        let wrong = quiz.session.items[0].shown.firstIndex { !$0.isCorrect }!
        _ = press(&state, .character(Character("\(wrong + 1)")))
        _ = state.reduce(.answerSaved(SaveReceipt(reviewID: "r1", returns: "again in a minute")))
        XCTAssertEqual(press(&state, .character("e")), [])
        XCTAssertEqual(quizNote(state), "“Too easy” is only for a right answer: nothing changed.")
        XCTAssertEqual(press(&state, .character("g")), [])
        XCTAssertEqual(quizNote(state), "A wrong answer is already scheduled as not known: nothing changed.")
        guard case .quiz(let after) = state.screen else { return XCTFail() }
        XCTAssertNil(after.override)
    }

    func quizNote(_ state: AppState) -> String? {
        if case .quiz(let quiz) = state.screen { return quiz.note }
        if case .study(let study) = state.screen { return study.note }
        return nil
    }

    func testStudyTodayAsksTheSchedulersQuestionAndWaitsForTheSaveBeforeMovingOn() {
        var state = Fixtures.state()
        _ = press(&state, .character("s"))
        _ = state.reduce(.studyItemReady(Fixtures.trueFalseQuestion, nextDue: nil, left: 5, at: t0))
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
        XCTAssertEqual(state.reduce(.studyItemReady(nil, nextDue: nil, left: 0, at: t0)), [.finishStudySession(answered: 1, right: 1)])
        XCTAssertEqual(press(&state, .enter), [.loadProgress], "and nothing closes it twice")
    }

    func testUndoInStudyTakesBackTheLastAnswerAndAsksAgain() {
        var state = Fixtures.state()
        _ = press(&state, .character("s"))
        _ = state.reduce(.studyItemReady(Fixtures.trueFalseQuestion, nextDue: nil, left: 5, at: t0))
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
        XCTAssertEqual(study.left, 5, "taken back from its own feedback: the same place in the queue")
        XCTAssertEqual(press(&state, .character("u")), [], "nothing left to undo")
    }

    /// The header counts what is left in today's queue, the question on screen included;
    /// an answer taken back from the next question puts one back.
    func testStudyTodaySaysHowManyQuestionsAreLeft() {
        var state = Fixtures.state()
        _ = press(&state, .character("s"))
        _ = state.reduce(.studyItemReady(Fixtures.trueFalseQuestion, nextDue: nil, left: 3, at: t0))
        var buffer = CellBuffer(width: 80, height: 24)
        render(state, into: &buffer)
        XCTAssertTrue(buffer.text.contains("Study today · 3 left · answered 0 · right 0"), buffer.text)
        _ = press(&state, .character("1"))
        _ = state.reduce(.answerSaved(SaveReceipt(reviewID: "r1", returns: "in 1 day")))
        render(state, into: &buffer)
        XCTAssertTrue(buffer.text.contains("Study today · 3 left · answered 1"), "on the feedback, still the same question\n\(buffer.text)")
        _ = press(&state, .enter)
        _ = state.reduce(.studyItemReady(Fixtures.trueFalseQuestion, nextDue: nil, left: 2, at: t0))
        XCTAssertEqual(press(&state, .character("u")), [.undoAnswer(reviewID: "r1")])
        _ = state.reduce(.answerUndone(reviewID: "r1", question: Fixtures.trueFalseQuestion, wasCorrect: true, at: t0))
        render(state, into: &buffer)
        XCTAssertTrue(buffer.text.contains("Study today · 3 left · answered 0 · right 0"), buffer.text)
    }

    func testLettersAnswerToo() {
        var state = Fixtures.state()
        _ = press(&state, .character("l"), .down, .character("t"))
        _ = press(&state, .character("b"))
        guard case .quiz(let quiz) = state.screen, case .feedback(let outcome) = quiz.session.phase else { return XCTFail() }
        XCTAssertEqual(outcome.chosen, [1])
    }

    // Issue 11, 16: the end-of-quiz summary opens a missed question's explanation.
    func testTheSummaryOpensAMissedQuestionsExplanation() {
        var state = Fixtures.state()
        _ = press(&state, .character("l"), .down, .character("t"))
        guard case .quiz(let quiz) = state.screen else { return XCTFail() }
        let right = quiz.session.items[0].shown.firstIndex(where: \.isCorrect)!
        _ = press(&state, .character(Character("\(right + 1)")), .enter)    // single: right
        _ = press(&state, .character("1"), .enter, .enter)                    // multiple: one option, wrong
        let effects = press(&state, .character("1"), .enter)                  // True: right; the round ends
        XCTAssertEqual(effects.last, .finishPracticeSession(answered: 3, right: 2))
        guard case .quiz(let done) = state.screen else { return XCTFail() }
        XCTAssertTrue(done.session.isFinished)
        XCTAssertEqual(done.missed, [1])
        _ = press(&state, .enter)
        guard case .quiz(let reviewing) = state.screen else { return XCTFail() }
        XCTAssertEqual(reviewing.reviewing, 0)
        var buffer = CellBuffer(width: 80, height: 24)
        render(state, into: &buffer)
        XCTAssertTrue(buffer.text.contains("Missed question 1 of 1"), buffer.text)
        XCTAssertTrue(buffer.text.contains("Why: Normal diplomacy rests on agreements"), buffer.text)
        _ = press(&state, .escape)
        _ = press(&state, .escape)
        guard case .lessons = state.screen else { return XCTFail("Esc on the summary returns to where the quiz began") }
    }

    func testCtrlCQuitsFromAnywhereAndClosesAStudySession() {
        var state = Fixtures.state()
        _ = press(&state, .character("l"), .down, .character("t"))
        XCTAssertEqual(press(&state, .control("c")), [.quit])
        var studying = Fixtures.state()
        _ = press(&studying, .character("s"))
        _ = studying.reduce(.studyItemReady(Fixtures.trueFalseQuestion, nextDue: nil, left: 5, at: t0))
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

    func testResizeAsksForAFullRedrawAndKeepsTheScreen() {
        var state = AppState(course: Fixtures.courseWithLongLesson(), seed: 42)
        _ = press(&state, .character("l"), .down, .enter, .pageDown)
        let before = state.screen
        XCTAssertEqual(state.reduce(.terminalResized(Size(width: 100, height: 30), at: t0)), [.redrawAll])
        XCTAssertEqual(state.screen, before)
        XCTAssertEqual(state.size, Size(width: 100, height: 30))
    }

    func testSaveFailureIsShownAndNotHidden() {
        var state = Fixtures.state()
        _ = state.reduce(.saveFailed("disk full"))
        XCTAssertEqual(state.status, "Not saved: disk full")
    }
}

final class PracticeReducerTests: XCTestCase {
    let t0 = Fixtures.t0

    func press(_ state: inout AppState, _ keys: Key...) -> [Effect] { Fixtures.press(&state, keys) }

    func testPracticeWithCramLeavesTheScheduleAloneAndRestartingKeepsItCram() {
        var state = Fixtures.state()
        _ = press(&state, .character("p"))
        guard case .practiceSetup(let setup) = state.screen else { return XCTFail("not practice setup") }
        XCTAssertEqual(setup.themes.map(\.id), ["coercion"], "themes without questions are not offered")
        XCTAssertEqual(press(&state, .character(" "), .character("c"), .enter), [.loadPractice(themeIDs: ["coercion"], kind: .cram)])
        _ = state.reduce(.practiceReady([Fixtures.trueFalseQuestion], kind: .cram, at: t0))
        guard case .quiz(let quiz) = state.screen else { return XCTFail("not in the quiz") }
        XCTAssertEqual(quiz.kind, .cram)
        let effects = press(&state, .character("1"))
        guard case .recordAnswer(_, .cram)? = effects.first else { return XCTFail("\(effects)") }
        // Marks do nothing in cram, and say why.
        _ = state.reduce(.answerSaved(SaveReceipt(reviewID: "r1", returns: "on its own schedule")))
        XCTAssertEqual(press(&state, .character("g")), [])
        guard case .quiz(let marked) = state.screen else { return XCTFail() }
        XCTAssertEqual(marked.note, "Cram leaves your schedule alone: there is nothing to mark.")
        // Defect 5: `r` on the summary starts the round again as cram.
        _ = press(&state, .enter, .character("r"))
        guard case .quiz(let again) = state.screen else { return XCTFail() }
        XCTAssertEqual(again.kind, .cram)
        XCTAssertEqual(again.title, "Cram (schedule untouched)")
        guard case .recordAnswer(_, .cram)? = press(&state, .character("1")).first else { return XCTFail("not cram") }
    }

    // Defect 6: two themes with one title.
    func testThemesWithTheSameTitleAreKeptApart() {
        let q1 = Question(id: "a1", kind: .trueFalse, themeID: "a", lessonID: "la", stem: "A?",
                          choices: [Choice("True", isCorrect: true), Choice("False", isCorrect: false)], explanation: "")
        var q2 = q1
        q2.id = "b1"; q2.themeID = "b"; q2.lessonID = "lb"
        let course = Course(id: "c", title: "C", themes: [Theme(id: "a", title: "Same", order: 1), Theme(id: "b", title: "Same", order: 2)],
                            lessons: [Lesson(id: "la", title: "LA", themeID: "a", order: 1, questions: [q1]),
                                      Lesson(id: "lb", title: "LB", themeID: "b", order: 1, questions: [q2])])
        var state = AppState(course: course, seed: 1)
        _ = state.reduce(.progressLoaded(DashboardFigures(
            dueNow: 0, newAvailable: 0, streakDays: 0, mastery: 0, examReadiness: 0, reviewsTotal: 0,
            themes: [.init(id: "a", title: "Same", mastery: 0.9, seen: 1, total: 1), .init(id: "b", title: "Same", mastery: 0.1, seen: 1, total: 1)])))
        _ = press(&state, .character("p"))
        var buffer = CellBuffer(width: 80, height: 24)
        render(state, into: &buffer)
        XCTAssertEqual(buffer.text.components(separatedBy: "Same").count - 1, 2, buffer.text)
        XCTAssertEqual(press(&state, .character("w"), .enter), [.loadPractice(themeIDs: ["a", "b"], kind: .practice)])
        XCTAssertEqual(PracticeSetupFeature.weakestThemes(course.themes, state.figures, count: 1), ["b"],
                       "mastery is looked up by theme id, not by title")
    }
}

final class ExamReducerTests: XCTestCase {
    let t0 = Fixtures.t0

    func press(_ state: inout AppState, _ keys: Key..., at time: Date? = nil) -> [Effect] {
        Fixtures.press(&state, keys, at: time ?? t0)
    }

    func exam(_ state: AppState) -> ExamState? {
        if case .exam(let exam) = state.screen { return exam }
        return nil
    }

    /// The key that answers the current question right (or wrong).
    func answerKey(_ state: AppState, right: Bool) -> Key {
        let asked = exam(state)!.exam.current!
        let index = asked.shown.indices.first { asked.shown[$0].isCorrect == right }!
        return .character(Character("\(index + 1)"))
    }

    func testAnswersAreSavedWithoutFeedbackAndCanBeChangedUntilHandedIn() {
        var state = Fixtures.state()
        let started = press(&state, .character("x"))
        XCTAssertEqual(started, [.startExam(paper: exam(state)!.exam.items.map(\.question.id), at: t0, preset: nil)])
        XCTAssertEqual(exam(state)?.exam.items.count, 3, "the whole (small) course")
        // Flag the first question and move on.
        _ = press(&state, .character("f"))
        XCTAssertEqual(exam(state)?.exam.currentIndex, 1)
        XCTAssertEqual(exam(state)?.exam.flagged, [0])
        // Answer the rest; single-answer keys save at once, multiple needs Enter.
        func answerCurrent(right: Bool) -> [Effect] {
            let asked = exam(state)!.exam.current!
            if asked.question.kind == .multiple {
                for ticked in exam(state)!.selection { _ = press(&state, .character(Character("\(ticked + 1)"))) }
                let options = asked.shown.indices.filter { asked.shown[$0].isCorrect == right }
                for o in options { _ = press(&state, .character(Character("\(o + 1)"))) }
                return press(&state, .enter)
            }
            return press(&state, answerKey(state, right: right))
        }
        var effects = answerCurrent(right: false)
        guard case .recordExamAnswer(let first, item: 1)? = effects.first else { return XCTFail("\(effects)") }
        XCTAssertFalse(first.correct)
        effects = answerCurrent(right: true)
        guard case .recordExamAnswer(_, item: 2)? = effects.first else { return XCTFail("\(effects)") }
        // Back to the flagged one (the first unanswered); answering it clears the flag.
        XCTAssertEqual(exam(state)?.exam.currentIndex, 0)
        _ = answerCurrent(right: true)
        XCTAssertEqual(exam(state)?.exam.flagged, [])
        XCTAssertEqual(exam(state)?.page, .overview, "every question answered: the overview, to check and hand in")
        var overview = CellBuffer(width: 80, height: 24)
        render(state, into: &overview)
        XCTAssertFalse(overview.text.contains("✓"), "question 2 was answered wrong: nothing may look like a tick before hand-in\n\(overview.text)")
        XCTAssertTrue(overview.text.contains("● answered"), overview.text)
        XCTAssertEqual(overview.text.components(separatedBy: "● ").count - 1, 4, "the legend and three answered rows\n\(overview.text)")
        // Home and End reach the first and last rows, as on every other list.
        _ = press(&state, .end)
        XCTAssertEqual(exam(state)?.overviewCursor, 2)
        _ = press(&state, .home)
        XCTAssertEqual(exam(state)?.overviewCursor, 0)
        // Go back to question 2 and change the wrong answer: the same item is saved again.
        _ = press(&state, .down)
        XCTAssertEqual(exam(state)?.overviewCursor, 1)
        _ = press(&state, .enter)
        XCTAssertEqual(exam(state)?.page, .question)
        XCTAssertEqual(exam(state)?.selection, first.chosen, "the saved answer is ticked")
        effects = answerCurrent(right: true)
        guard case .recordExamAnswer(let changed, item: 1)? = effects.first else { return XCTFail("\(effects)") }
        XCTAssertTrue(changed.correct)
        // Hand in: asked to confirm, then scored 3 of 3.
        XCTAssertEqual(press(&state, .character("s")), [])
        XCTAssertEqual(exam(state)?.confirmingHandIn, true)
        effects = press(&state, .character("y"))
        guard case .finishExam(let result, _)? = effects.first else { return XCTFail("\(effects)") }
        XCTAssertEqual(result.ending, .submitted)
        XCTAssertEqual(result.score, 1)
        XCTAssertEqual(exam(state)?.page, .summary)
        // The theme bars form one column, also when the longest title exactly fills its space.
        var twoThemes = result
        for id in ["alliance", "coercion"] where !twoThemes.themes.contains(where: { $0.themeID == id }) {
            var score = result.themes[0]
            score.themeID = id
            twoThemes.themes.append(score)
        }
        let longest = Fixtures.course.themes.map { DisplayWidth.of($0.title) }.max() ?? 0
        for width in [longest + 20, longest + 19, longest + 30] {
            let lines = ExamView.summaryLines(twoThemes, course: Fixtures.course, width: width)
            let bars = lines.compactMap { line in line.count == 3 && line[2].text.contains("/") ? DisplayWidth.of(line[0].text) : nil }
            XCTAssertEqual(bars.count, 2)
            XCTAssertEqual(Set(bars).count, 1, "width \(width): bars start at columns \(bars)")
            let labels = lines.filter { $0.count == 3 && $0[2].text.contains("/") }.map { $0[0].text.trimmingCharacters(in: .whitespaces) }
            XCTAssertEqual(labels.map { $0.prefix(5) }, Fixtures.course.themes.map { $0.title.prefix(5) }, "in the course's order, not the paper's")
        }
        XCTAssertEqual(twoThemes.themes.first?.themeID, "coercion", "the paper's order differs from the course's here")
        // The review walks through every answer, not only wrong ones.
        _ = press(&state, .character("r"))
        XCTAssertEqual(exam(state)?.page, .review(0))
        _ = press(&state, .right, .right)
        XCTAssertEqual(exam(state)?.page, .review(2))
        _ = press(&state, .escape)
        XCTAssertEqual(press(&state, .enter), [.loadProgress])
    }

    func testTheClockHandsTheExamInAndUnansweredCountAsWrong() {
        var state = Fixtures.state()
        _ = press(&state, .character("x"))
        _ = press(&state, answerKey(state, right: true), at: t0.addingTimeInterval(4))
        let ended = state.reduce(.tick(t0.addingTimeInterval(20 * 60 + 1)))
        guard case .finishExam(let result, let at)? = ended.first else { return XCTFail("\(ended)") }
        XCTAssertEqual(result.ending, .timeUp)
        XCTAssertEqual(result.score ?? -1, 1.0 / 3, accuracy: 1e-9)
        XCTAssertEqual(at, t0.addingTimeInterval(20 * 60))
        XCTAssertEqual(state.reduce(.tick(t0.addingTimeInterval(20 * 60 + 2))), [], "it ends once")
    }

    /// At 40 columns the header said "question 1 of 2…" for an exam of 20; it gives the
    /// numbers whole instead.
    func testANarrowExamHeaderKeepsItsNumbersWhole() {
        var state = Fixtures.state()
        _ = press(&state, .character("x"))
        state.size = Size(width: 40, height: 12)
        var buffer = CellBuffer(width: 40, height: 12)
        render(state, into: &buffer)
        let count = exam(state)?.exam.items.count ?? 0
        XCTAssertTrue(buffer.text.contains("Q 1/\(count) · 0 answered"), buffer.text)
        XCTAssertFalse(buffer.text.contains("question 1 of"), buffer.text)
        var wide = CellBuffer(width: 80, height: 24)
        state.size = Size(width: 80, height: 24)
        render(state, into: &wide)
        XCTAssertTrue(wide.text.contains("Mock exam · question 1 of \(count) · answered 0"), wide.text)
    }

    /// Moves to the first select-all question and ticks its right options without Enter.
    func tickRightOptionsOfTheSelectAllQuestion(_ state: inout AppState) -> (index: Int, ticked: Set<Int>)? {
        for _ in 0..<3 {
            guard let e = exam(state), let asked = e.exam.current, let index = e.exam.currentIndex else { return nil }
            if asked.question.kind == .multiple {
                let right = Set(asked.shown.indices.filter { asked.shown[$0].isCorrect })
                for option in right.sorted() { _ = press(&state, .character(Character("\(option + 1)"))) }
                return (index, right)
            }
            _ = press(&state, .right)
        }
        return nil
    }

    /// Found walking the app: ticks on a select-all question were dropped unless Enter was
    /// pressed: moving on, handing in or the clock running out lost the answer.
    func testTicksOnASelectAllQuestionAreKeptWhenTheLearnerMovesOn() throws {
        var state = Fixtures.state()
        _ = press(&state, .character("x"))
        let (index, ticked) = try XCTUnwrap(tickRightOptionsOfTheSelectAllQuestion(&state), "the fixture has a select-all question")
        let effects = press(&state, .right, at: t0.addingTimeInterval(5))
        guard case .recordExamAnswer(let kept, item: index)? = effects.first else { return XCTFail("\(effects)") }
        XCTAssertEqual(kept.chosen, ticked)
        XCTAssertTrue(kept.correct)
        XCTAssertEqual(exam(state)?.exam.answeredCount, 1)
        // Coming back shows them ticked; moving away again saves nothing new.
        _ = press(&state, .left)
        XCTAssertEqual(exam(state)?.selection, ticked)
        XCTAssertEqual(press(&state, .right), [])
    }

    func testTicksCountWhenTheExamIsHandedInOrTheTimeRunsOut() throws {
        // Handed in with the ticks on screen: the prompt already counts them.
        var state = Fixtures.state()
        _ = press(&state, .character("x"))
        let (index, _) = try XCTUnwrap(tickRightOptionsOfTheSelectAllQuestion(&state))
        let prompt = press(&state, .character("s"), at: t0.addingTimeInterval(5))
        guard case .recordExamAnswer(_, item: index)? = prompt.first else { return XCTFail("\(prompt)") }
        let handedIn = press(&state, .character("y"), at: t0.addingTimeInterval(6))
        guard case .finishExam(let result, _)? = handedIn.first else { return XCTFail("\(handedIn)") }
        XCTAssertEqual(result.answeredCount, 1)
        XCTAssertEqual(result.correctCount, 1)

        // The clock runs out with ticks on screen: kept as of the deadline, then handed in.
        var timed = Fixtures.state()
        _ = press(&timed, .character("x"))
        let (timedIndex, ticked) = try XCTUnwrap(tickRightOptionsOfTheSelectAllQuestion(&timed))
        let deadline = try XCTUnwrap(exam(timed)?.exam.deadline)
        let ended = timed.reduce(.tick(deadline.addingTimeInterval(3)))
        guard ended.count == 2, case .recordExamAnswer(let kept, item: timedIndex) = ended[0],
              case .finishExam(let timeUp, _) = ended[1] else { return XCTFail("\(ended)") }
        XCTAssertEqual(kept.chosen, ticked)
        XCTAssertEqual(kept.answeredAt, deadline)
        XCTAssertEqual(timeUp.ending, .timeUp)
        XCTAssertEqual(timeUp.answeredCount, 1)
    }

    /// Found walking the app: `primer exam` on a terminal ended on Home after its summary;
    /// started on an exam, primer ends when the learner is done with it.
    func testAnExamPrimerWasStartedOnEndsPrimerWhenDone() {
        var state = Fixtures.state()
        var rng = SeededGenerator(seed: 1)
        let exam = ExamSession(questions: Fixtures.course.questions, startedAt: t0, timeLimit: 600, options: state.optionDraw, rng: &rng)
        _ = state.beginExam(exam, title: "Class exam", feedbackDuring: false, preset: "p", at: t0, quitsWhenDone: true)
        _ = press(&state, .character("s"))
        _ = press(&state, .character("y"))
        XCTAssertEqual(self.exam(state)?.page, .summary)
        XCTAssertEqual(press(&state, .enter), [.quit])
        // A mock exam opened from Home goes back there.
        var home = Fixtures.state()
        _ = press(&home, .character("x"), .character("s"), .character("y"))
        XCTAssertEqual(press(&home, .enter), [.loadProgress])
    }

    // Defect 4: leaving an exam before the end records it as abandoned, never as finished.
    func testCtrlCAbandonsARunningExam() {
        var state = Fixtures.state()
        _ = press(&state, .character("x"))
        _ = press(&state, answerKey(state, right: true), at: t0.addingTimeInterval(4))
        let effects = press(&state, .control("c"), at: t0.addingTimeInterval(9))
        guard case .finishExam(let result, let at)? = effects.first else { return XCTFail("\(effects)") }
        XCTAssertEqual(effects.last, .quit)
        XCTAssertEqual(result.ending, .abandoned)
        XCTAssertNil(result.score)
        XCTAssertFalse(result.passed)
        XCTAssertEqual(result.answeredCount, 1)
        XCTAssertEqual(at, t0.addingTimeInterval(9))
        let summary = ExamView.summaryLines(result, course: Fixtures.course, width: 76).map { $0.map(\.text).joined() }
        XCTAssertFalse(summary.contains("By theme"), "no score, so no breakdown of one: \(summary)")
        XCTAssertTrue(summary.contains { $0.hasPrefix("Abandoned: this exam is not scored") }, "\(summary)")
    }

    func testAnExamUnderAnOpenedLessonIsAbandonedTooOnQuit() {
        var state = Fixtures.state()
        _ = press(&state, .character("x"))
        _ = press(&state, .escape)                      // overview
        XCTAssertEqual(exam(state)?.page, .overview)
        XCTAssertEqual(state.reduce(.terminalClosed(at: t0)).count, 2, "finishExam and quit")
    }

    func testLeavingAsksToHandInOrAbandonAndAnyOtherKeyGoesBack() {
        var state = Fixtures.state()
        _ = press(&state, .character("x"), .escape, .escape)
        XCTAssertEqual(exam(state)?.confirmingHandIn, true)
        XCTAssertEqual(press(&state, .character("n")), [], "any other key goes on")
        XCTAssertEqual(exam(state)?.confirmingHandIn, false)
        _ = press(&state, .character("s"))
        let effects = press(&state, .character("x"))
        guard case .finishExam(let result, _)? = effects.first else { return XCTFail("\(effects)") }
        XCTAssertEqual(result.ending, .abandoned)
    }

    func testThePromptIsWrappedNotCutAt80Columns() {
        var state = Fixtures.state()
        _ = press(&state, .character("x"), .character("s"))
        var buffer = CellBuffer(width: 80, height: 24)
        render(state, into: &buffer)
        XCTAssertTrue(buffer.text.contains("any other key: back to the exam."), buffer.text)
    }
}

final class StatisticsReducerTests: XCTestCase {
    let t0 = Fixtures.t0

    /// With too few answers the sentence says primer cannot tell yet; no summary figure
    /// may contradict it.
    func testCalibrationGivesItsSummaryFiguresOnlyOnceItCanSayHowCloseItIs() {
        func text(_ answers: Int) -> String {
            let pairs = (0..<answers).map { (predicted: 0.6, correct: $0 % 2 == 0) }
            return StatsView.calibrationLines(Calibration(pairs), width: 80).map { $0.map(\.text).joined() }.joined(separator: "\n")
        }
        XCTAssertTrue(text(25).contains("after 25 more"), text(25))
        XCTAssertFalse(text(25).contains("log loss"), text(25))
        XCTAssertTrue(text(60).contains("log loss"), text(60))
    }

    func testStatisticsScreenShowsChartsAndAbandonedExamsOnceLoaded() {
        var state = Fixtures.state()
        XCTAssertEqual(Fixtures.press(&state, [.character("t")]), [.loadStats])
        var reviews = Array(repeating: 0, count: 182)
        reviews[181] = 5
        _ = state.reduce(.statsLoaded(StatsFigures(reviewsPerDay: reviews, todayWeekday: 2, forecast: [3] + Array(repeating: 0, count: 29),
                                                   retention: [("Coercive diplomacy", 0.8, 5), ("Clientelism", nil, 0)], masteryByWeek: Array(repeating: 0.5, count: 12),
                                                   exams: [(t0, 0.75, true), (t0.addingTimeInterval(60), nil, false)])))
        var buffer = CellBuffer(width: 80, height: 24)
        render(state, into: &buffer)
        let text = buffer.text
        XCTAssertTrue(text.contains("Reviews, last 26 weeks  5 in all"), text)
        XCTAssertTrue(text.contains("Wed ·························█"), text)
        XCTAssertTrue(text.contains("Due, next 30 days  3 in all · today 3"), text)
        // Retention counts only answers to questions past their learning steps, so the
        // label says so, and a theme with none says that rather than "no reviews".
        XCTAssertTrue(text.contains("Retention by theme, last 30 days  (right, once past learning steps)"), text)
        XCTAssertTrue(text.contains("80% of 5"), text)
        XCTAssertTrue(text.contains("Clientelism") && text.contains("none past learning yet"), text)
        _ = Fixtures.press(&state, [.end])
        render(state, into: &buffer)
        XCTAssertTrue(buffer.text.contains("75%  pass"), buffer.text)
        // Found walking the app: ↓ past the end piled up presses that ↑ had to undo one by
        // one; the offset stops at the end, so one ↑ moves the view.
        guard case .statistics(let atEnd) = state.screen else { return XCTFail("statistics") }
        _ = Fixtures.press(&state, Array(repeating: .down, count: 40))
        guard case .statistics(let pressedOn) = state.screen else { return XCTFail() }
        XCTAssertEqual(pressedOn.scroll, atEnd.scroll, "already at the end")
        _ = Fixtures.press(&state, [.up])
        guard case .statistics(let up) = state.screen else { return XCTFail() }
        XCTAssertEqual(up.scroll, atEnd.scroll - 1)
        XCTAssertTrue(buffer.text.contains("abandoned, not scored"), buffer.text)
    }
}

final class SettingsAndLearnerReducerTests: XCTestCase {
    let t0 = Fixtures.t0

    func press(_ state: inout AppState, _ keys: Key...) -> [Effect] { Fixtures.press(&state, keys) }

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
        _ = press(&state, .down, .down, .down, .down, .right)  // past the exam date and target: vi keys off
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
        // And help no longer lists them.
        let help = HelpOverlay.entries(state)
        XCTAssertTrue(help.contains { $0.0 == "↑ ↓ Tab" && $0.1 == "choose" }, "\(help)")
        XCTAssertFalse(help.contains { $0.0.contains("k j") })
        state.preferences.viKeys = true
        XCTAssertTrue(HelpOverlay.entries(state).contains { $0.0 == "↑ ↓ Tab  or  k j" }, "\(HelpOverlay.entries(state))")
    }

    /// Found walking the app: Home said "Due now: 0" long after a question's learning step
    /// fell due; it reads its figures again when the step is due.
    func testHomeRefreshesWhenALearningStepFallsDue() {
        var state = Fixtures.state()
        var figures = Fixtures.figures
        figures.dueNow = 0
        figures.nextLearningDue = t0.addingTimeInterval(60)
        _ = state.reduce(.progressLoaded(figures))
        XCTAssertTrue(state.wantsTick, "Home wants the clock while a step is pending")
        XCTAssertEqual(state.reduce(.tick(t0.addingTimeInterval(30))), [])
        XCTAssertEqual(state.reduce(.tick(t0.addingTimeInterval(61))), [.loadProgress])
        XCTAssertEqual(state.reduce(.tick(t0.addingTimeInterval(62))), [], "once")
        XCTAssertFalse(state.wantsTick)
    }

    /// Found walking the app: stopping part-way said nothing of how it went; the screen
    /// the learner returns to says it once, until the next key.
    func testStoppingPartWaySaysHowItWent() {
        var state = Fixtures.state()
        _ = press(&state, .character("l"))
        _ = press(&state, .down, .character("t"))   // the lesson with questions
        guard case .quiz(let quiz) = state.screen, let asked = quiz.session.current else { return XCTFail("a quiz: \(state.screen)") }
        let wrong = asked.shown.indices.first { !asked.shown[$0].isCorrect }!
        _ = press(&state, .character(Character("\(wrong + 1)")))
        _ = state.reduce(.answerSaved(SaveReceipt(reviewID: "r1", returns: "again in a minute")))
        _ = press(&state, .enter)
        _ = press(&state, .escape)
        XCTAssertEqual(state.notice, "Stopped after 1 answer: 0 right (0%), all saved.")
        var buffer = CellBuffer(width: 80, height: 24)
        render(state, into: &buffer)
        XCTAssertTrue(buffer.text.contains("Stopped after 1 answer: 0 right (0%), all saved."), buffer.text)
        _ = press(&state, .down)
        XCTAssertNil(state.notice, "gone at the next key")
        // A lesson with no questions says so instead of opening an empty quiz.
        _ = press(&state, .up, .character("t"))
        guard case .lessons = state.screen else { return XCTFail("still on the lesson list") }
        XCTAssertEqual(state.notice, "“The post-9/11 alliance” has no questions: it is for reading.")
        _ = press(&state, .down)
        // Stopping before any answer says nothing.
        _ = press(&state, .character("t"))
        _ = press(&state, .escape)
        XCTAssertNil(state.notice)
    }

    /// Found walking the app: after a lesson's quiz the lesson list (and Practice) kept the
    /// mastery bars from before it until reopened; coming back refreshes the figures.
    func testComingBackToTheLessonListOrPracticeRefreshesTheirFigures() {
        var state = Fixtures.state()
        _ = press(&state, .character("l"))
        guard case .lessons = state.screen else { return XCTFail("the lesson list") }
        _ = press(&state, .down, .character("t"))   // the lesson with questions
        guard case .quiz = state.screen else { return XCTFail("its quiz") }
        XCTAssertEqual(press(&state, .escape), [.loadProgress])
        guard case .lessons = state.screen else { return XCTFail("back on the lesson list") }
        _ = press(&state, .escape)
        _ = press(&state, .character("p"))
        guard case .practiceSetup = state.screen else { return XCTFail("practice") }
        _ = press(&state, .character("a"))
        _ = press(&state, .enter)
        _ = state.reduce(.practiceReady(Fixtures.course.questions, kind: .practice, at: t0))
        guard case .quiz = state.screen else { return XCTFail("a practice round") }
        XCTAssertEqual(press(&state, .escape).last, .loadProgress)
    }

    /// Found walking the app: an exam date set from the Plan (e, then Enter in Settings)
    /// came back to the old "No exam date is set" until the Plan was opened again.
    func testSavingSettingsOpenedFromThePlanPlansAgain() {
        var state = Fixtures.state()
        XCTAssertEqual(press(&state, .character("e")), [.loadPlan])
        _ = state.reduce(.planLoaded(PlanFigures(forecast: nil, passed: nil, newPerDayLimit: 20, now: t0)))
        var buffer = CellBuffer(width: 80, height: 24)
        render(state, into: &buffer)
        XCTAssertTrue(buffer.text.contains("No exam date is set."), buffer.text)

        _ = press(&state, .character("e"))
        guard case .settings(let settings) = state.screen else { return XCTFail("e opens Settings at the exam date") }
        XCTAssertEqual(settings.field, .examDate)
        _ = press(&state, .right)                       // sets a date
        let effects = press(&state, .enter)
        guard case .savePreferences(let saved) = effects.first else { return XCTFail("\(effects)") }
        XCTAssertNotNil(saved.exam)
        XCTAssertEqual(Array(effects.dropFirst()), [.loadPlan], "saved first, then planned again")
        guard case .plan(let plan) = state.screen else { return XCTFail("back on the plan") }
        XCTAssertNil(plan.figures, "the old plan is not shown while the new one is made")
        render(state, into: &buffer)
        XCTAssertFalse(buffer.text.contains("No exam date is set."), buffer.text)

        // Cancelling changes nothing, and plans again all the same (cheap, and always right).
        _ = press(&state, .character("e"))
        XCTAssertEqual(press(&state, .escape), [.loadPlan])
    }

    func testTheTargetScoreStartsMidScaleAndStepsByFive() {
        var state = Fixtures.state()
        openMenu(.settings, &state)
        func target() -> Double?? {
            guard case .settings(let s) = state.screen else { return nil }
            return .some(s.draft.exam?.target)
        }
        while case .settings(let s) = state.screen, s.field != .examTarget { _ = press(&state, .down) }
        _ = press(&state, .right)
        XCTAssertEqual(target(), .some(nil), "no target without an exam date")
        _ = press(&state, .up, .right, .down)          // a date first
        _ = press(&state, .left)
        XCTAssertEqual(target(), .some(nil), "← from none leaves it unset")
        _ = press(&state, .right)
        XCTAssertEqual(target(), .some(0.5))
        _ = press(&state, .right, .right)
        XCTAssertEqual(target(), .some(0.6))
        for _ in 0..<11 { _ = press(&state, .left) }
        XCTAssertEqual(target(), .some(0.05))
        _ = press(&state, .left)
        XCTAssertEqual(target(), .some(nil), "below 5% it clears")
        for _ in 0..<12 { _ = press(&state, .right) }
        XCTAssertEqual(target(), .some(1.0), "at most 100%")
    }

    /// Found walking the app: a name was cut at 40 characters and an empty one ignored,
    /// both without a word.
    func testTypingALearnersNameSaysWhyAKeyDidNothing() {
        var state = Fixtures.state()
        openMenu(.learner, &state)
        _ = press(&state, .character("n"))
        XCTAssertEqual(press(&state, .enter), [], "no name, nothing created")
        guard case .learner(let empty) = state.screen else { return XCTFail("still typing") }
        XCTAssertEqual(empty.typing, "")
        XCTAssertEqual(empty.note, "Type a name first (Esc cancels).")
        for c in String(repeating: "x", count: 45) { _ = press(&state, .character(c)) }
        guard case .learner(let full) = state.screen else { return XCTFail() }
        XCTAssertEqual(full.typing?.count, LearnerState.maximumNameLength)
        XCTAssertEqual(full.note, "A name has at most 40 characters.")
        var buffer = CellBuffer(width: 80, height: 24)
        render(state, into: &buffer)
        XCTAssertTrue(buffer.text.contains("A name has at most 40 characters."), buffer.text)
        _ = press(&state, .backspace)
        render(state, into: &buffer)
        XCTAssertTrue(buffer.text.contains("39 of at most 40 characters"), buffer.text)
        let effects = press(&state, .enter)
        XCTAssertEqual(effects.first, .switchLearner(String(repeating: "x", count: 39)))
    }

    /// At 40x12 help showed the first keys and "more keys: enlarge the window"; Space now
    /// turns the page, and every key can be read.
    func testHelpTurnsItsPagesOnASmallTerminal() {
        var state = Fixtures.state()
        state.size = Size(width: 40, height: 12)
        _ = press(&state, .character("?"))
        let keys = HelpOverlay.entries(state)
        let pages = HelpOverlay.pageCount(state)
        XCTAssertGreaterThan(pages, 1, "Home has more keys than 8 rows hold")
        var seen: [String] = []
        for page in 0..<pages {
            XCTAssertTrue(state.showingHelp, "page \(page + 1)")
            var buffer = CellBuffer(width: 40, height: 12)
            render(state, into: &buffer)
            XCTAssertTrue(buffer.text.contains("\(page + 1)/\(pages) · "), buffer.text)
            seen += keys.filter { buffer.text.contains($0.1.prefix(12)) }.map(\.1)
            _ = press(&state, .character(" "))
        }
        XCTAssertFalse(state.showingHelp, "Space on the last page closes help")
        XCTAssertEqual(Set(seen), Set(keys.map(\.1)), "every key shown on some page")
        // At 80x24 it all fits on one page, and any key closes it.
        state.size = Size(width: 80, height: 24)
        _ = press(&state, .character("?"))
        XCTAssertEqual(HelpOverlay.pageCount(state), 1)
        _ = press(&state, .character(" "))
        XCTAssertFalse(state.showingHelp)
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
        for c in "Zoë j?" { _ = press(&state, .character(c)) }   // letters (and ?) are text here, vi keys or not
        XCTAssertFalse(state.showingHelp)
        _ = press(&state, .backspace, .backspace, .backspace)
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
        var state = AppState(course: Fixtures.courseWithLongLesson(), seed: 42, size: Size(width: 80, height: 12))
        let t0 = Fixtures.t0
        _ = Fixtures.press(&state, [.character("l"), .down, .character("t"), .character("1")])
        let before = state.screen
        _ = state.reduce(.keyPressed(.character("o"), at: t0))
        guard case .lesson(let lesson) = state.screen else { return XCTFail("the lesson did not open") }
        XCTAssertEqual(lesson.lesson.id, "coercive")
        XCTAssertEqual(lesson.anchor, [6])
        // The view starts at the heading citing ¶6, not at the top.
        var buffer = CellBuffer(width: 80, height: 12)
        render(state, into: &buffer)
        XCTAssertTrue(buffer.lines[2].hasPrefix("  The coercive style ¶6"), buffer.lines[2])
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
            learners: [.init(name: "Ayesha", score: 0.75, answered: 4), .init(name: "Bilal", score: 0.5, answered: 3, questions: 4)],
            themes: [.init(title: "Coercive diplomacy", average: 0.625, learners: 2)],
            items: [.init(questionID: "do-more", stem: "Which phrase sums up coercion?", answers: 6, facility: 1.0 / 3,
                          discrimination: 0.5, mostChosenWrong: "Mutual trust", mostChosenWrongCount: 3)],
            abandonedExams: 2)))
        var buffer = CellBuffer(width: 80, height: 24)
        render(state, into: &buffer)
        let text = buffer.text
        XCTAssertTrue(text.contains("Learners  right answers over questions set"), text)
        XCTAssertTrue(text.contains("Ayesha                                   ███████▌░░ 75%  4 answered"), text)
        XCTAssertTrue(text.contains("Bilal                                    █████░░░░░ 50%  3 of 4 answered"), text)
        XCTAssertTrue(text.contains("2 abandoned exams left out (left before the end: no score)"), "as primer report says: \(text)")
        XCTAssertTrue(text.contains("Coercive diplomacy                       ██████▎░░░ 63%  2 learners"), text)
        XCTAssertTrue(text.contains("do-more · 6 answers · facility 33% · discrimination 0.50"), text)
        XCTAssertTrue(text.contains("most chosen wrong: “Mutual trust” (3)"), text)
    }
}

final class LearningStepReturnTests: XCTestCase {
    func testAnItemInLearningComesBackWithinTheSessionWhenDue() {
        var state = Fixtures.state()
        state.preferences.study.timeZone = TimeZone(identifier: "Asia/Karachi")!
        let t0 = Fixtures.t0
        _ = state.reduce(.keyPressed(.character("s"), at: t0))
        _ = state.reduce(.studyItemReady(nil, nextDue: t0.addingTimeInterval(120), left: 0, at: t0))
        XCTAssertTrue(state.wantsTick)
        var buffer = CellBuffer(width: 80, height: 24)
        render(state, into: &buffer)
        // 1_700_000_120 is 22:15 UTC, 03:15 in Karachi: the time is shown in the learner's zone.
        XCTAssertTrue(buffer.text.contains("comes back in 2:00 (at 03:15)"), buffer.text)
        XCTAssertEqual(state.reduce(.tick(t0.addingTimeInterval(60))), [], "not yet")
        XCTAssertEqual(state.reduce(.tick(t0.addingTimeInterval(121))), [.loadNextStudyItem(lastShown: nil)])
        guard case .study(let study) = state.screen else { return XCTFail() }
        XCTAssertEqual(study.phase, .loading)
    }

    /// Found walking the app: a session reopened after the "comes back in" wait recorded
    /// the visit's running totals (24 answered for 4 answers of its own).
    func testASessionReopenedAfterTheWaitRecordsOnlyItsOwnAnswers() {
        var state = Fixtures.state()
        let t0 = Fixtures.t0
        func answer(right: Bool, at time: Date) {
            _ = state.reduce(.studyItemReady(Fixtures.trueFalseQuestion, nextDue: nil, left: 1, at: time))
            guard case .study(let study) = state.screen, let asked = study.session?.current else { return XCTFail("a question") }
            let option = asked.shown.indices.first { asked.shown[$0].isCorrect == right }!
            _ = state.reduce(.keyPressed(.character(Character("\(option + 1)")), at: time))
            _ = state.reduce(.answerSaved(SaveReceipt(reviewID: "r\(time.timeIntervalSince1970)", returns: "again in a minute")))
            _ = state.reduce(.keyPressed(.enter, at: time))
        }
        _ = state.reduce(.keyPressed(.character("s"), at: t0))
        answer(right: true, at: t0)
        answer(right: true, at: t0 + 1)
        XCTAssertEqual(state.reduce(.studyItemReady(nil, nextDue: t0 + 120, left: 0, at: t0 + 2)),
                       [.finishStudySession(answered: 2, right: 2)])
        XCTAssertEqual(state.reduce(.tick(t0 + 121)), [.loadNextStudyItem(lastShown: Fixtures.trueFalseQuestion.id)])
        answer(right: false, at: t0 + 122)
        XCTAssertEqual(state.reduce(.studyItemReady(nil, nextDue: nil, left: 0, at: t0 + 123)),
                       [.finishStudySession(answered: 1, right: 0)], "the second record holds its own answer only")
    }
}

final class LessonScrollTests: XCTestCase {
    func testScrollingUpStopsAtTheTopOfALessonOpenedFromTheList() {
        var state = AppState(course: Fixtures.courseWithLongLesson(), seed: 42)
        _ = Fixtures.press(&state, [.character("l"), .down, .enter, .up, .up, .down])
        guard case .lesson(let lesson) = state.screen else { return XCTFail("not in the lesson") }
        XCTAssertEqual(lesson.scroll, 1, "up at the top does nothing, so one down scrolls one line")
    }

    func testScrollingDownStopsAtTheEnd() {
        var state = AppState(course: Fixtures.courseWithLongLesson(), seed: 42)
        _ = Fixtures.press(&state, [.character("l"), .down, .enter] + Array(repeating: Key.pageDown, count: 20) + [.up])
        var buffer = CellBuffer(width: 80, height: 24)
        render(state, into: &buffer)
        XCTAssertFalse(buffer.text.contains("Filler paragraph 12 of the lesson."), "one line up from the end")
        _ = Fixtures.press(&state, [.down])
        render(state, into: &buffer)
        XCTAssertTrue(buffer.text.contains("Filler paragraph 12 of the lesson."),
                      "one line down shows the end again: the pages past the end were not counted\n\(buffer.text)")
    }
}
