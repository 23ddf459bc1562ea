import Foundation
import LearnerStore
import StudyCore
import XCTest
@testable import StudyServices

/// Home, Study today and `primer stats` read the store's running summary instead of
/// replaying the log (issue 15). This drives a real store through a seeded random mix of
/// answers, cram answers, undos, amends, an export imported into a fresh store, and a
/// restore of a backup, and after every step compares every figure with the same figure
/// computed from a full replay of the log.
final class RunningSummaryTests: XCTestCase {
    var root: URL!
    let t0 = Date(timeIntervalSince1970: 1_750_000_000)

    override func setUpWithError() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("primer-summary-\(UUID().uuidString)")
    }

    override func tearDown() { try? FileManager.default.removeItem(at: root) }

    /// Three themes of two lessons, eight questions each (four options, one right): enough
    /// questions that items keep meeting their first right answer all through the run.
    static let course: Course = {
        var lessons: [Lesson] = []
        for t in 1...3 {
            for l in 1...2 {
                let id = "t\(t)-l\(l)"
                let questions = (1...8).map { q in
                    Question(id: "\(id)-q\(q)", kind: .single, themeID: "t\(t)", lessonID: id, stem: "Q \(q)?",
                             choices: (0..<4).map { Choice("o\($0)", isCorrect: $0 == 0) }, explanation: "E.")
                }
                lessons.append(Lesson(id: id, title: id, themeID: "t\(t)", order: l, questions: questions))
            }
        }
        return Course(id: "c", title: "C", themes: (1...3).map { Theme(id: "t\($0)", title: "T\($0)", order: $0) },
                      lessons: lessons)
    }()

    func open(_ folder: URL) throws -> (LearnerStore, StudyContext) {
        let store = try LearnerStore.open(directory: folder, now: t0, options: .init(automaticBackups: false))
        let context = try StudyContext(store: store, course: Self.course, learnerName: "ana", now: t0)
        return (store, context)
    }

    func outcome(_ question: Question, right: Bool, at: Date, seconds: Double) -> AnswerOutcome {
        let asked = AskedQuestion(question: question, shown: question.choices)
        return AnswerOutcome(asked: asked, chosen: [right ? 0 : 1], correct: right, responseTime: seconds, answeredAt: at)
    }

    func testEveryFigureFromTheSummaryEqualsAFullReplay() throws {
        var folder = root.appendingPathComponent("a")
        var (store, context) = try open(folder)
        for lesson in Self.course.lessons { try context.markLessonRead(lesson.id, at: t0) }
        var rng = SeededGenerator(seed: 15)
        var now = t0
        var saved: [SavedAnswer] = []
        let backup = root.appendingPathComponent("backup.sqlite")
        for step in 0..<160 {
            now = now.addingTimeInterval([30, 300, 3_600, 20_000, 86_400, 3 * 86_400][Int.random(in: 0..<6, using: &rng)])
            let roll = Int.random(in: 0..<100, using: &rng)
            let question = Self.course.questions[Int.random(in: 0..<Self.course.questions.count, using: &rng)]
            let right = Bool.random(using: &rng)
            switch roll {
            case 0..<65:
                saved.append(try context.record(outcome(question, right: right, at: now, seconds: Double.random(in: 2...30, using: &rng)),
                                                override: nil, sessionID: nil))
            case 65..<72:
                try context.record(outcome(question, right: right, at: now, seconds: 5), override: nil, sessionID: nil, affectsSchedule: false)
            case 72..<82 where !saved.isEmpty:
                try context.undo(saved.removeLast())
            case 82..<92 where !saved.isEmpty:
                let last = saved.removeLast()
                saved.append(try context.amend(last, outcome: outcome(last.record.questionID == question.id ? question
                                                                      : Self.course.question(last.record.questionID)!,
                                                                      right: !last.record.correct, at: last.record.reviewedAt,
                                                                      seconds: 4), override: nil))
            case 92..<94:
                // Everything through export and import, into a fresh folder.
                let data = try store.exportJSON(learner: "ana")
                try store.close()
                folder = root.appendingPathComponent("import-\(step)")
                let fresh = try LearnerStore.open(directory: folder, now: now, options: .init(automaticBackups: false))
                try fresh.importJSON(data, replay: StudyContext.replayFunction())
                try fresh.close()
                (store, context) = try open(folder)
                saved = []
            case 94..<97:
                try? FileManager.default.removeItem(at: backup)
                try store.backup(to: backup, now: now)
            case 97..<99 where FileManager.default.fileExists(atPath: backup.path):
                try store.close()
                try LearnerStore.restore(from: backup, into: folder, now: now)
                (store, context) = try open(folder)
                saved = []
            default:
                break
            }
            try compare(store, context, now: now, step: step)
        }
        try store.close()
    }

    func compare(_ store: LearnerStore, _ context: StudyContext, now: Date, step: Int) throws {
        let learner = context.learnerID
        let records = try store.reviewsForScheduling(learner: learner, course: Self.course.id, since: nil)
        let log = context.scheduler.replayLog(records)
        let summary = try context.summary(now: now)
        let reference = StudyProgress(course: Self.course, states: log.states, reviews: log.reviews,
                                      readLessons: context.lessonsRead, settings: context.settings, scheduler: context.scheduler,
                                      now: now, horizon: summary.horizon)
        let at = "step \(step)"
        XCTAssertEqual(summary.reviewsTotal, records.count, at)
        XCTAssertEqual(summary.streakDays, reference.streakDays, at)
        XCTAssertEqual(summary.mastery, reference.overall.mastery, accuracy: 1e-12, at)
        XCTAssertEqual(summary.retention, reference.overall.retention, at)
        XCTAssertEqual(summary.themes.map(\.mastery), reference.themes.map(\.figures.mastery), at)
        XCTAssertEqual(summary.themes.map(\.retention), reference.themes.map(\.figures.retention), at)
        XCTAssertEqual(try context.recalledQuestions(), LearnerModel.recalledQuestions(in: records), at)
        let queue = DailyQueue(course: Self.course, states: log.states, readLessons: context.lessonsRead, todayReviews: log.reviews,
                               settings: context.settings, scheduler: context.scheduler, now: now, lastShown: nil)
        XCTAssertEqual(try context.queue(now: now, lastShown: nil), queue, at)
        let forecast = ModelForecast(course: Self.course, states: log.states, recalled: LearnerModel.recalledQuestions(in: records),
                                     scheduler: context.scheduler, horizon: summary.horizon, answers: records.count)
        XCTAssertEqual(summary.examReadiness, forecast.readiness, accuracy: 1e-12, at)
        let fromLog = Calibration(records.compactMap { r in r.predicted.map { (predicted: $0, correct: r.correct) } })
        let stored = try store.calibration(learner: learner, course: Self.course.id)
        XCTAssertEqual(stored.answers, fromLog.answers, at)
        XCTAssertEqual(stored.bins.map(\.count), fromLog.bins.map(\.count), at)
        XCTAssertEqual(stored.logLoss ?? -1, fromLog.logLoss ?? -1, accuracy: 1e-9, at)
        let exam = try LearnerStore.examine(directory: store.directory, replayWithSettings: StudyContext.settingsReplayFunction())
        XCTAssertEqual(exam.summaryProblems, [], at)
        XCTAssertEqual(try store.itemStatesAndRecalled(learner: learner, course: Self.course.id).recalled,
                       LearnerModel.recalledQuestions(in: records), at)
        // The class report's one pass over the store gives the report that every answer read
        // as a row gives.
        let themeOf = Dictionary(Self.course.questions.map { ($0.id, $0.themeID) }) { first, _ in first }
        let rows = try ResultRows.gather(store: store, learner: nil, since: nil, courses: [Self.course]) ?? []
        let rightOptions: (String, String) -> Set<String>? = { _, question in
            Self.course.question(question).map { Set($0.correctChoices.map(\.text)) }
        }
        XCTAssertEqual(ClassReport.compute(tally: try store.tallyAnswers(.init(), theme: { _, q in themeOf[q] }),
                                           correctOptions: rightOptions),
                       ClassReport.compute(rows: rows, correctOptions: rightOptions), at)
        XCTAssertEqual(rows.filter(\.answered).count, records.count, at)
        // The Statistics screen's streamed pass reads the same log, and its weekly mastery
        // ends at today's.
        var streamed: [ReviewRecord] = []
        try store.forEachReviewForScheduling(learner: learner, course: Self.course.id) { streamed.append($0) }
        XCTAssertEqual(streamed.sorted { ($0.reviewedAt, $0.id) < ($1.reviewedAt, $1.id) }, records, at)
        let stats = try context.statsData(now: now)
        let today = LearnerModel.horizon(now: now, examDate: nil)
        XCTAssertEqual(stats.masteryByWeek.last ?? -1,
                       ModelForecast(course: Self.course, states: log.states, recalled: LearnerModel.recalledQuestions(in: records),
                                     scheduler: context.scheduler, horizon: today, answers: records.count).mastery,
                       accuracy: 1e-12, at)
    }
}
