import Foundation
import LearnerStore
import PrimerApp
import StudyCore
import StudyServices
import TerminalUI
import XCTest

/// Whole flows through the real run loop and store, as a learner would go: keys in,
/// frames out, the store read back at the end.
final class FlowTests: XCTestCase {
    func reviews(_ h: Harness) throws -> [ReviewRecord] {
        let context = try h.context()
        return try h.store.reviews(learner: context.learnerID, course: h.course.id, since: nil)
    }

    func sessions(_ h: Harness, _ kind: SessionKind?) throws -> [SessionSummary] {
        let context = try h.context()
        return try h.store.sessions(learner: context.learnerID, kind: kind)
    }

    // Defect 2: a lesson read to its end counts as read, and its questions join Study today at once.
    func testReadingALessonToTheEndOpensItsQuestionsToStudyToday() throws {
        let h = try Harness()
        let terminal = try h.run { t in [
            t.expect(text: "Due now: 0 · new: 0"),
            .key(.character("l")), .key(.enter),
            t.expect(text: "Source: ¶2"),
            .key(.escape),
            t.expect("opened but not read to the end: not read") { $0.contains("· 0 read") },
            .key(.enter), .key(.end), .key(.escape),
            t.expect("read to the end: read") { $0.contains("· 1 read") && $0.contains("✓ ") },
            .key(.escape),
            t.expect("Home offers the lesson's questions") { $0.contains("new: 13") && $0.contains("Study today  13") },
            .key(.character("s")),
            t.expect(text: "Study today · 13 left · answered 0"),   // the 13 Home offered
            t.answer(right: true, in: h.course),
            t.expect(text: "Saved · returns"),
            .key(.character("u")),
            t.expect(text: "13 left · answered 0 · right 0"),
            t.answer(right: false, in: h.course),
            t.expect(text: "✗ Not quite"),
            t.expect(text: "Saved · returns again in a minute"),
            .key(.enter),
            t.expect(text: "Study today · 12 left · answered 1 · right 0"),   // the wrong one returns in a minute
            .key(.escape),
            t.expect(text: "Due now: 0 · later today: 1 · new: 12"),
            .key(.character("q")),
        ] }
        XCTAssertTrue(terminal.frames.count > 10)
        let log = try reviews(h)
        XCTAssertEqual(log.count, 1, "the undone answer is gone")
        XCTAssertEqual(log.first?.correct, false)
        XCTAssertNotNil(log.first?.predicted, "the model's prediction is recorded with the answer")
        let study = try sessions(h, .study)
        XCTAssertEqual(study.count, 1)
        XCTAssertEqual(study.first?.answered, 1)
        XCTAssertNotNil(study.first?.finishedAt)
        XCTAssertEqual(try h.context().lessonsRead, ["alliance"])
    }

    /// The learner reads a lesson and answers in a second terminal (another primer on the
    /// same data folder) while this one sits on Home: Home's counts follow within its
    /// next look (a wait that times out), without a key; then Study today skips what was
    /// answered there.
    func testHomeFollowsAnotherTerminalWithoutAKey() throws {
        let h = try Harness()
        let other = try LearnerStore.open(directory: h.directory, now: h.clock.now(), options: .init(automaticBackups: false))
        defer { try? other.close() }
        let theirs = try StudyContext(store: other, course: h.course, learnerName: h.learner, now: h.clock.now())
        let lesson = h.course.lessons[0]
        try h.run { t in [
            t.expect(text: "Due now: 0 · new: 0"),
            .run {
                try? theirs.markLessonRead(lesson.id, at: h.clock.now())
                let asked = AskedQuestion(question: lesson.questions[0], shown: lesson.questions[0].choices)
                let right = asked.shown.indices.filter { asked.shown[$0].isCorrect }
                _ = try? theirs.record(AnswerOutcome(asked: asked, chosen: Set(right), correct: true, responseTime: 3,
                                                     answeredAt: h.clock.now()), override: nil, sessionID: nil)
            },
            t.expect("nothing read yet: no key, no look") { $0.contains("new: 0") },
            .timeout,
            t.expect("the other terminal's lesson and answer show") {
                $0.contains("later today: 1") && $0.contains("new: \(lesson.questions.count - 1)")
            },
            .key(.character("s")),
            t.expect(text: "Study today · \(lesson.questions.count - 1) left"),
            .key(.escape), .key(.character("q")),
        ] }
    }

    // Defect 7: Home and Study today count "due now" and "later today" the same way.
    /// A screen that reads much of the store says so before it reads: the frame drawn
    /// after the key shows "Counting…", the next one the figures.
    func testTheStatisticsScreenIsDrawnLoadingBeforeItsFiguresAreRead() throws {
        let h = try Harness()
        let terminal = try h.run { t in [
            t.expect(text: "Due now: 0"),
            .key(.character("t")),
            t.expect(text: "Retention by theme"),
            .key(.character("q")),
        ] }
        let texts = terminal.frames.map(\.text)
        let loading = try XCTUnwrap(texts.firstIndex { $0.contains("Counting…") }, "no frame said it was counting")
        let loaded = try XCTUnwrap(texts.firstIndex { $0.contains("Retention by theme") })
        XCTAssertLessThan(loading, loaded)
    }

    func testHomeAndStudyTodayAgreeAboutWhatIsDue() throws {
        let h = try Harness()
        // Answer a lesson's quiz: its questions go into their learning steps (back within minutes).
        try h.run { t in
            var steps: [MemoryTerminal.Step] = [.key(.character("l")), .key(.character("t"))]
            for _ in 0..<13 { steps += [t.answer(right: true, in: h.course), .key(.enter)] }
            return steps + [t.expect(text: "Done: 13 of 13 right"), .key(.escape), .key(.escape),
                            t.expect(text: "Due now: 0 · later today: 13"),
                            .key(.character("s")), t.expect(text: "comes back in"), .key(.escape), .key(.character("q"))]
        }
        h.clock.advance(by: 15 * 60)
        try h.run { t in [
            t.expect(text: "Due now: 13 · new: 0"),
            t.expect(text: "Study today  13"),
            .key(.character("s")),
            t.expect(text: "Study today · 13 left · answered 0"),
            .key(.escape), .key(.character("q")),
        ] }
    }

    func testAMockExamWithAFlagAChangedAnswerAndTheReviewOfEveryAnswer() throws {
        let h = try Harness()
        try h.run(seed: 3) { t in
            var steps: [MemoryTerminal.Step] = [
                t.expect(text: "Exam readiness"), .key(.character("x")),
                t.expect(text: "question 1 of 20"), t.expect(text: "⏱ 20:00"),
                .key(.character("f")), t.expect(text: "flagged 1"), t.expect(text: "question 2 of 20"),
                t.answer(right: false, in: h.course),           // question 2: wrong for now
            ]
            for _ in 3...20 { steps += [t.expect("no feedback in an exam") { !$0.contains("Why:") }, t.answer(right: true, in: h.course)] }
            steps += [
                t.expect(text: "question 1 of 20"), t.expect(text: "⚑ flagged"),
                t.answer(right: true, in: h.course),
                t.expect(text: "Every question is answered"),
                // Back to question 2 from the overview, and change the answer.
                .key(.home), .key(.down), .key(.enter),
                t.expect(text: "Answered: choose again to change the answer."),
                .run { [unowned t] in
                    // Untick the saved answer of a select-all question before choosing again.
                    if t.screen.contains("[x]") {
                        for option in ScreenReader.options(on: t.screen) where t.screen.contains("[x] \(option.number) ") {
                            t.insertNext([.key(.character(Character("\(option.number)")))])
                        }
                    }
                },
                t.answer(right: true, in: h.course),
                t.expect(text: "Every question is answered"),
                .key(.character("s")), t.expect(text: "Hand in the exam now?"), .key(.character("y")),
                t.expect(text: "Score: 20 of 20 (100%) · PASS"),
                .key(.character("r")), t.expect(text: "review · question 1 of 20"), t.expect(text: "✓ Right"),
                .key(.right), t.expect(text: "review · question 2 of 20"),
                .key(.escape), .key(.enter), t.expect(text: "Exam readiness"), .key(.character("q")),
            ]
            return steps
        }
        let exams = try sessions(h, .exam)
        XCTAssertEqual(exams.count, 1)
        XCTAssertEqual(exams.first?.outcome, .submitted)
        XCTAssertEqual(exams.first?.questionCount, 20)
        XCTAssertEqual(exams.first?.answered, 20)
        XCTAssertEqual(exams.first?.correct, 20)
        XCTAssertEqual(exams.first?.score, 1)
        let log = try reviews(h)
        XCTAssertEqual(log.count, 20, "the changed answer replaced the first, it was not added")
        XCTAssertTrue(log.allSatisfy(\.correct))
    }

    // Defect 4: Ctrl-C after 3 of 20 answers: abandoned, not a finished exam at 100%.
    func testQuittingMidExamRecordsItAsAbandoned() throws {
        let h = try Harness()
        try h.run { t in [
            .key(.character("x")), t.expect(text: "question 1 of 20"),
            t.answer(right: true, in: h.course), t.answer(right: true, in: h.course), t.answer(right: true, in: h.course),
            t.expect(text: "answered 3"),
            .key(.control("c")),
        ] }
        let exam = try XCTUnwrap(try sessions(h, .exam).first)
        XCTAssertEqual(exam.outcome, .abandoned)
        XCTAssertNil(exam.score)
        XCTAssertFalse(exam.isScoredExam)
        XCTAssertEqual(exam.answered, 3)
        XCTAssertEqual(exam.questionCount, 20)
        // Statistics say so, and count it in no average.
        try h.run { t in [.key(.character("t")), .key(.end), t.expect(text: "abandoned, not scored"), .key(.escape), .key(.character("q"))] }
    }

    func testTheClockHandsTheExamInAtZero() throws {
        let h = try Harness()
        try h.run { t in [
            .key(.character("x")), t.expect(text: "⏱ 20:00"),
            t.answer(right: true, in: h.course),
            .run { h.clock.advance(by: 10 * 60) }, .timeout,
            t.expect(text: "⏱ 10:00"),
            .run { h.clock.advance(by: 10 * 60) }, .timeout,
            t.expect(text: "time is up: handed in"),
            t.expect(text: "Score: 1 of 20 (5%) · FAIL"),
            .key(.enter), .key(.character("q")),
        ] }
        let exam = try XCTUnwrap(try sessions(h, .exam).first)
        XCTAssertEqual(exam.outcome, .timeUp)
        XCTAssertEqual(exam.score ?? -1, 0.05, accuracy: 1e-9)
    }

    // Defect 5: cram stays cram when the round starts again, and never moves the schedule.
    func testCramRestartedStaysCram() throws {
        let h = try Harness()
        try h.run { t in
            var steps: [MemoryTerminal.Step] = [.key(.character("p")), .key(.character(" ")), .key(.character("c")), .key(.enter),
                                                t.expect(text: "Cram (schedule untouched)")]
            for _ in 0..<13 { steps += [t.answer(right: true, in: h.course), .key(.enter)] }
            steps += [t.expect(text: "Done: 13 of 13"), .key(.character("r")), t.expect(text: "Cram (schedule untouched)"),
                      t.answer(right: true, in: h.course), t.expect(text: "on its own schedule"),
                      .key(.character("g")), t.expect(text: "Cram leaves your schedule alone"),
                      .key(.escape), .key(.escape), .key(.character("q"))]
            return steps
        }
        let log = try reviews(h)
        XCTAssertEqual(log.count, 14)
        XCTAssertTrue(log.allSatisfy { !$0.affectsSchedule })
        XCTAssertEqual(try h.context().states, [:], "cram never moved the schedule")
        let cram = try sessions(h, .cram)
        XCTAssertEqual(cram.map(\.answered).sorted(), [1, 13], "one session per round, each closed")
        XCTAssertTrue(cram.allSatisfy { $0.finishedAt != nil })
    }

    func testSettingsAreSavedForTheLearnerAndViKeysFollow() throws {
        let h = try Harness()
        try h.run { t in [
            .key(.end), .key(.up), .key(.up), .key(.up), .key(.up), .key(.enter),
            t.expect(text: "Desired retention"),
            .key(.right), .key(.right), .key(.end), .key(.enter),
            t.expect(text: "Exam readiness"),
            .key(.character("q")),
        ] }
        XCTAssertEqual(try h.context().settings.desiredRetention, 0.92, accuracy: 1e-9)
    }

    func testStatisticsAfterAMonthOfStudy() throws {
        let h = try Harness()
        // Thirty days of answers, one a day at the same hour, through the study workflow.
        let context = try h.context()
        try context.markLessonRead("alliance", at: h.clock.now())
        for day in 0..<30 {
            let now = h.clock.now()
            let queue = try context.queue(now: now, lastShown: nil)
            guard let entry = queue.next, let question = h.course.question(entry.questionID) else { continue }
            var rng = SeededGenerator(seed: UInt64(day))
            var session = QuizSession(questions: [question], startedAt: now, options: context.optionDraw, rng: &rng)
            session.toggle(session.current!.correctIndices.min()!)
            try context.record(session.submit(at: now.addingTimeInterval(5))!, override: nil, sessionID: nil)
            h.clock.advance(by: 86_400)
        }
        h.clock.advance(by: -86_400 + 3600)
        try h.run { t in [
            t.expect(text: "streak: 30 days"),
            .key(.character("t")),
            t.expect(text: "Reviews, last 26 weeks  30 in all"),
            .key(.end), t.expect(text: "Mock exams"),
            .key(.escape), .key(.character("q")),
        ] }
    }

    // Defect 1: the smallest terminals never trap and never crash, whatever is pressed.
    func testTheSmallestTerminalsSurviveEveryMenuEntry() throws {
        let h = try Harness()
        for height in [12, 13, 14] {
            let last = MenuEntry.allCases.count - 1
            try h.run(size: Size(width: 80, height: height)) { _ in Array(repeating: .key(.down), count: last) + [.key(.up), .key(.character("q"))] }
            try h.run(size: Size(width: 60, height: height)) { t in
                Array(repeating: .key(.down), count: last) + [t.expect("the last entry is on screen, selected") { screen in
                    screen.components(separatedBy: "\n").contains { $0.contains("› Quit") }
                }, .key(.character("q"))]
            }
        }
    }
}
