import Foundation
import XCTest
@testable import StudyCore

/// Mastery and readiness mean what their labels say (issue 13), on constructed logs,
/// wrong answers included.
final class LearnerModelTests: XCTestCase {
    let now = utc("2026-03-01T09:00:00Z")
    /// Two themes of one lesson each, three single-answer questions per lesson.
    let course = makeCourse(themes: 2, lessonsPerTheme: 1, questionsPerLesson: 3)

    func forecast(_ records: [ReviewRecord], at: Date? = nil, examDate: Date? = nil) -> ModelForecast {
        let log = plainScheduler.replayLog(records)
        let at = at ?? now
        return ModelForecast(course: course, states: log.states, recalled: LearnerModel.recalledQuestions(in: records),
                             scheduler: plainScheduler, horizon: LearnerModel.horizon(now: at, examDate: examDate),
                             answers: records.count)
    }

    var meanGuess: Double { course.questions.map(\.guessChance).reduce(0, +) / Double(course.questions.count) }

    func testEveryQuestionOfALessonWrongLeavesMasteryAtZeroAndReadinessAtTheGuessRate() {
        let wrong = course.questions.filter { $0.themeID == "t1" }.enumerated().map { i, q in
            record("w\(i)", q.id, .again, at: now - 5 * 60 + Double(i))
        }
        for at in [now, now + 60] {   // now, and a minute later
            let f = forecast(wrong, at: at)
            XCTAssertEqual(f.themeMastery["t1"], 0, "nothing was ever recalled")
            XCTAssertEqual(f.mastery, 0)
            XCTAssertEqual(f.readiness, meanGuess, accuracy: 1e-12, "a blind guess on every question")
        }
    }

    func testOneOfThreeRightFiveMinutesAgoIsNotMastery() {
        let qs = course.questions.prefix(3).map(\.id)
        let log = [record("a", qs[0], .good, at: now - 300), record("b", qs[1], .again, at: now - 290),
                   record("c", qs[2], .again, at: now - 280)]
        let f = forecast(log)
        let t1 = f.themeMastery["t1"] ?? 1
        XCTAssertLessThan(t1, 1.0 / 3, "one of three right, recalled a week later at less than certainty")
        XCTAssertGreaterThan(t1, 0)
        XCTAssertGreaterThan(f.readiness, f.mastery, "guessing matters, so the two differ")
    }

    func testAWrongAnswerLowersMasteryAndSpacedSuccessesRaiseIt() {
        let q = course.questions[0].id
        var log = [record("r1", q, .good, at: now - 10 * day)]
        let afterOne = forecast(log).mastery
        log.append(record("r2", q, .again, at: now - 1 * day))
        let afterLapse = forecast(log).mastery
        XCTAssertLessThan(afterLapse, afterOne, "a lapse leaves a short stability")

        // Spaced right answers over simulated weeks: each review when it falls due.
        var spaced: [ReviewRecord] = []
        var at = now - 60 * day
        var states: [String: CardMemory] = [:]
        var last = 0.0
        for i in 0..<6 {
            spaced.append(record("s\(i)", q, .good, at: at))
            states = plainScheduler.replayLog(spaced).states
            let m = forecast(spaced, at: at).mastery
            XCTAssertGreaterThan(m, last, "answer \(i + 1) raises mastery")
            last = m
            at = max(at + day, states[q]!.due)
        }
    }

    func testTheHorizonIsTheExamDateWhileItIsAhead() {
        let exam = now + 30 * day
        XCTAssertEqual(LearnerModel.horizon(now: now, examDate: exam), exam)
        XCTAssertEqual(LearnerModel.horizon(now: now, examDate: now - day), now + 7 * day, "a past exam date is ignored")
        XCTAssertEqual(LearnerModel.horizon(now: now, examDate: nil), now + 7 * day)
        let log = [record("a", course.questions[0].id, .good, at: now)]
        XCTAssertLessThan(forecast(log, examDate: exam).mastery, forecast(log).mastery, "further ahead, less recalled")
    }

    func testTheRangeShowsOnlyWhileTheModelKnowsLittle() throws {
        let q = course.questions[0].id
        let few = forecast([record("a", q, .good, at: now - day)])
        let range = try XCTUnwrap(few.readinessRange)
        XCTAssertLessThan(range.lowerBound, few.readiness)
        XCTAssertGreaterThan(range.upperBound, few.readiness)
        let many = (0..<ModelForecast.rangeUntilAnswers).map { record("m\($0)", q, .good, at: now - Double(200 - $0) * hour) }
        XCTAssertNil(forecast(many).readinessRange)
    }

    func testGuessChanceAsShown() {
        var q = course.questions[0]
        q.shownCount = 4
        XCTAssertEqual(q.guessChance, 1.0 / Double(min(4, q.choices.count)))
        q.kind = .trueFalse
        XCTAssertEqual(q.guessChance, 0.5)
        q.kind = .multiple
        q.choices = (0..<4).map { Choice("o\($0)", isCorrect: $0 < 2) }
        XCTAssertEqual(q.guessChance, 1.0 / 15, "one of the 15 non-empty sets of 4 options")
    }

    func testPredictionsUseTheSameRule() {
        let log = plainScheduler.replayLog([record("a", "x", .again, at: now - 60)])
        let p = LearnerModel.predictedRight(log.states["x"], recalled: false, guessChance: 0.25, at: now, scheduler: plainScheduler)
        XCTAssertEqual(p, 0.25, "never answered right: a guess")
    }
}

final class CalibrationTests: XCTestCase {
    func testBinsLogLossAndRMSEOnAKnownLog() throws {
        // 10 answers predicted 0.25 (3 right), 10 predicted 0.85 (9 right).
        let pairs = (0..<10).map { (predicted: 0.25, correct: $0 < 3) } + (0..<10).map { (predicted: 0.85, correct: $0 < 9) }
        let c = Calibration(pairs)
        XCTAssertEqual(c.answers, 20)
        XCTAssertEqual(c.bins.map(\.lower), [0.2, 0.8])
        XCTAssertEqual(c.bins.map(\.count), [10, 10])
        XCTAssertEqual(c.bins[0].observed, 0.3, accuracy: 1e-12)
        XCTAssertEqual(c.bins[1].observed, 0.9, accuracy: 1e-12)
        let expectedLoss = -(3 * log(0.25) + 7 * log(0.75) + 9 * log(0.85) + 1 * log(0.15)) / 20
        XCTAssertEqual(try XCTUnwrap(c.logLoss), expectedLoss, accuracy: 1e-12)
        let expectedRMSE = ((10 * 0.05 * 0.05 + 10 * 0.05 * 0.05) / 20).squareRoot()
        XCTAssertEqual(try XCTUnwrap(c.rmseBins), expectedRMSE, accuracy: 1e-12)
        XCTAssertFalse(c.isEnough)
        XCTAssertTrue(c.sentence.contains("after 30 more"), c.sentence)
    }

    func testEnoughAnswersGiveTheSentenceAndNoneExplainWhy() {
        let pairs = (0..<60).map { (predicted: 0.5, correct: $0 % 2 == 0) }
        XCTAssertEqual(Calibration(pairs).sentence, "My predictions for you have been within 0 points (60 answers).")
        XCTAssertTrue(Calibration([]).sentence.hasPrefix("No predictions to check yet"))
        XCTAssertNil(Calibration([]).logLoss)
        // A model wrong in every answer is far off.
        let wrong = (0..<60).map { _ in (predicted: 0.95, correct: false) }
        XCTAssertEqual(Calibration(wrong).sentence, "My predictions for you have been within 95 points (60 answers).")
    }
}
