import Foundation
import LearnerStore
import StudyCore
import XCTest
@testable import StudyServices

/// `primer report` and the Class report screen count the store's answers in one pass
/// (`LearnerStore.tallyAnswers`) instead of reading every answer as a row. This builds
/// seeded random class stores (practice answers, exams handed in with blanks, exams timed
/// out and abandoned, two presets, a second course, answers in a session of another
/// learner) and checks that the report from the pass equals the report from the rows, for
/// every scope a tutor can ask for.
final class AnswerTallyStoreTests: XCTestCase {
    var folder: URL!
    let t0 = Date(timeIntervalSince1970: 1_750_000_000)

    override func setUpWithError() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("primer-tally-\(UUID().uuidString)")
    }

    override func tearDown() { try? FileManager.default.removeItem(at: folder) }

    let questions = (1...9).map { "q\($0)" }
    let options = ["alpha", "beta", "gamma", "delta"]
    func theme(_ course: String, _ question: String) -> String? {
        course == "c" ? ["t1", "t2", "t3"][(Int(question.dropFirst()) ?? 0) % 3] : nil
    }
    func right(_ course: String, _ question: String) -> Set<String>? { course == "c" ? ["alpha"] : nil }

    /// A seeded class: five learners, each with practice answers and exams of every ending.
    func fillStore(_ store: LearnerStore, seed: UInt64) throws {
        var rng = SeededGenerator(seed: seed)
        var clock = t0
        var ids = 0
        func next() -> String { ids += 1; return "r\(ids)" }
        func answer(_ learner: Int64, course: String, question: String, session: String?) throws {
            clock = clock.addingTimeInterval(Double.random(in: 10...5_000, using: &rng))
            let correct = Int.random(in: 0..<3, using: &rng) > 0
            var chosen = correct ? ["alpha"] : [options[Int.random(in: 1..<4, using: &rng)]]
            if Int.random(in: 0..<5, using: &rng) == 0 { chosen.append(options[Int.random(in: 0..<4, using: &rng)]) }
            try store.record(ReviewRecord(id: next(), courseID: course, questionID: question, reviewedAt: clock,
                                          rating: correct ? .good : .again, shown: options, chosen: chosen, correct: correct,
                                          responseMilliseconds: 4_000, sessionID: session), learner: learner, newState: nil)
        }
        var learners: [Int64] = []
        for name in ["ana", "ben", "cy", "dee", "eli"] { learners.append(try store.learner(named: name, now: t0)) }
        var sessions = 0
        for _ in 0..<60 {
            let learner = learners[Int.random(in: 0..<learners.count, using: &rng)]
            switch Int.random(in: 0..<10, using: &rng) {
            case 0..<4:   // practice, outside any session
                try answer(learner, course: Int.random(in: 0..<6, using: &rng) == 0 ? "other" : "c",
                           question: questions[Int.random(in: 0..<questions.count, using: &rng)], session: nil)
            case 4:       // an answer filed under another learner's session: no session of its own
                let other = learners[Int.random(in: 0..<learners.count, using: &rng)]
                if other != learner, sessions > 0 {
                    try answer(learner, course: "c", question: "q1", session: "s\(Int.random(in: 1...sessions, using: &rng))")
                }
            default:      // an exam of one preset or the other, ended in one of four ways
                sessions += 1
                let id = "s\(sessions)"
                let paper = Array(questions.shuffled(using: &rng).prefix(4))
                let preset = Bool.random(using: &rng) ? "Mock A" : "Mock B"
                try store.startSession(id: id, learner: learner, course: "c", kind: .exam, at: clock, preset: preset, paper: paper)
                let answeredCount = Int.random(in: 1...4, using: &rng)
                for question in paper.prefix(answeredCount) { try answer(learner, course: "c", question: question, session: id) }
                // The report never reads a session's own score or counts, only that it has one.
                let ending = Int.random(in: 0..<4, using: &rng)
                clock = clock.addingTimeInterval(60)
                switch ending {
                case 0: try store.finishSession(id: id, at: clock, score: 0.5, answered: answeredCount, correct: 0,
                                                questionCount: 4, outcome: .submitted)
                case 1: try store.finishSession(id: id, at: clock, score: 0.5, answered: answeredCount, correct: 0,
                                                questionCount: 4, outcome: .timeUp)
                case 2: try store.finishSession(id: id, at: clock, score: nil, answered: answeredCount, correct: 0,
                                                questionCount: 4, outcome: .abandoned)
                default: break   // still running (or primer stopped): no score, no blanks
                }
            }
        }
    }

    func rowsReport(_ store: LearnerStore, _ scope: LearnerStore.TallyScope) throws -> ClassReport {
        let course = Course(id: "c", title: "C", themes: [], lessons: [])
        var rows = try ResultRows.gather(store: store, learner: scope.learner, since: scope.since, courses: [course]) ?? []
        rows = rows.map { row in
            var row = row
            row.theme = theme(row.course, row.questionID)
            return row
        }
        if let preset = scope.preset { rows = rows.filter { $0.preset == preset } }
        return ClassReport.compute(rows: rows, passMark: 0.5, themeOrder: ["t2"], correctOptions: right)
    }

    func testTheOnePassReportEqualsTheReportFromEveryRow() throws {
        for seed in [1, 2, 3, 4] as [UInt64] {
            try? FileManager.default.removeItem(at: folder)
            let store = try LearnerStore.open(directory: folder, now: t0, options: .init(automaticBackups: false))
            try fillStore(store, seed: seed)
            let middle = try store.reviews(learner: try XCTUnwrap(store.existingLearner(named: "ana")), course: nil, since: nil)
                .map(\.reviewedAt).sorted().dropFirst(3).first ?? t0
            let scopes: [LearnerStore.TallyScope] = [
                .init(), .init(preset: "Mock A"), .init(preset: "Mock B"), .init(preset: "None such"),
                .init(since: middle), .init(learner: "ana"), .init(learner: "ben", preset: "Mock A"),
                .init(learner: "nobody"), .init(learner: "cy", since: middle, preset: "Mock B"),
            ]
            for scope in scopes {
                let fromRows = try rowsReport(store, scope)
                let fromPass = ClassReport.compute(tally: try store.tallyAnswers(scope, theme: theme), passMark: 0.5,
                                                   themeOrder: ["t2"], correctOptions: right)
                XCTAssertEqual(fromPass, fromRows, "seed \(seed), scope \(scope)")
            }
            // The random class really has what the comparison is about.
            let all = try rowsReport(store, .init())
            XCTAssertGreaterThan(all.blankCount, 0, "seed \(seed): blanks of handed-in exams")
            XCTAssertGreaterThan(all.abandonedSessions, 0, "seed \(seed): abandoned exams")
            XCTAssertEqual(all.learners.count, 5)
            XCTAssertTrue(all.items.contains { $0.mostChosenWrong != nil })
            try store.close()
        }
    }

    /// The pass on a constructed store, figure by figure, so that a mistake shared by both
    /// paths cannot hide: one exam handed in with a blank, one abandoned, one practice answer.
    func testAConstructedStoreGivesTheFiguresWorkedOutByHand() throws {
        let store = try LearnerStore.open(directory: folder, now: t0, options: .init(automaticBackups: false))
        defer { try? store.close() }
        let ana = try store.learner(named: "ana", now: t0), ben = try store.learner(named: "ben", now: t0)
        func record(_ id: String, _ learner: Int64, _ question: String, _ chosen: [String], _ correct: Bool, _ session: String?, _ minute: Double) throws {
            try store.record(ReviewRecord(id: id, courseID: "c", questionID: question, reviewedAt: t0.addingTimeInterval(minute * 60),
                                          rating: correct ? .good : .again, shown: options, chosen: chosen, correct: correct,
                                          responseMilliseconds: 1_000, sessionID: session), learner: learner, newState: nil)
        }
        try store.startSession(id: "e1", learner: ana, course: "c", kind: .exam, at: t0, preset: "Mock A", paper: ["q1", "q2", "q3"])
        try record("a1", ana, "q1", ["alpha"], true, "e1", 1)
        try record("a2", ana, "q2", ["beta"], false, "e1", 2)
        try store.finishSession(id: "e1", at: t0.addingTimeInterval(300), score: 1.0 / 3, answered: 2, correct: 1,
                                questionCount: 3, outcome: .submitted)
        try store.startSession(id: "e2", learner: ben, course: "c", kind: .exam, at: t0, preset: "Mock A", paper: ["q1"])
        try record("b1", ben, "q1", ["alpha"], true, "e2", 1)
        try store.finishSession(id: "e2", at: t0.addingTimeInterval(120), score: nil, answered: 1, correct: 1,
                                questionCount: 1, outcome: .abandoned)
        try record("b2", ben, "q2", ["beta", "gamma"], false, nil, 10)

        let report = ClassReport.compute(tally: try store.tallyAnswers(.init(), theme: theme), correctOptions: right)
        XCTAssertEqual(report.learners.map(\.learner), ["ana", "ben"])
        XCTAssertEqual(report.learners.map(\.questions), [3, 1], "ana's blank q3 is set; ben's abandoned exam is not counted")
        XCTAssertEqual(report.learners.map(\.correct), [1, 0])
        XCTAssertEqual(report.answerCount, 3)
        XCTAssertEqual(report.blankCount, 1)
        XCTAssertEqual(report.abandonedSessions, 1)
        let q2 = try XCTUnwrap(report.items.first { $0.questionID == "q2" })
        XCTAssertEqual([q2.answers, q2.correct], [2, 0])
        XCTAssertEqual(q2.mostChosenWrong, "beta", "chosen in both wrong answers")
        XCTAssertEqual(q2.mostChosenWrongCount, 2)
        XCTAssertEqual(report.items.first { $0.questionID == "q3" }?.answers, 1, "the blank")

        let mockA = ClassReport.compute(tally: try store.tallyAnswers(.init(preset: "Mock A"), theme: theme), correctOptions: right)
        XCTAssertEqual(mockA.learners.map(\.learner), ["ana"], "ben's only Mock A exam was abandoned; his practice is not in it")
        XCTAssertEqual(mockA.abandonedSessions, 1)
        let later = ClassReport.compute(tally: try store.tallyAnswers(.init(since: t0.addingTimeInterval(5 * 60)), theme: theme),
                                        correctOptions: right)
        XCTAssertEqual(later.learners.map(\.learner), ["ana", "ben"])
        XCTAssertEqual(later.learners.map(\.questions), [1, 1],
                       "ana's answers came before; her exam was handed in at 5 min, so its blank q3 counts, and only q3")
        XCTAssertEqual(later.blankCount, 1)
    }

    /// Found walking the app: an exam whose terminal was closed (or whose process was
    /// killed) has no end recorded, and the report scored its answers as if handed in.
    func testAnExamWithNoEndRecordedIsLeftOutLikeAnAbandonedOne() throws {
        let store = try LearnerStore.open(directory: folder, now: t0, options: .init(automaticBackups: false))
        defer { try? store.close() }
        let hana = try store.learner(named: "hana", now: t0)
        try store.startSession(id: "open", learner: hana, course: "c", kind: .exam, at: t0, preset: "Mock A", paper: ["q1", "q2"])
        for (id, question) in [("h1", "q1"), ("h2", "q2")] {
            try store.record(ReviewRecord(id: id, courseID: "c", questionID: question, reviewedAt: t0.addingTimeInterval(60),
                                          rating: .good, shown: options, chosen: ["alpha"], correct: true,
                                          responseMilliseconds: 1_000, sessionID: "open"), learner: hana, newState: nil)
        }
        let report = ClassReport.compute(tally: try store.tallyAnswers(.init(), theme: theme), correctOptions: right)
        XCTAssertEqual(report.learners.map(\.learner), [], "nothing of hana's counts: her exam was never handed in")
        XCTAssertEqual(report.abandonedSessions, 1)
        let fromRows = try rowsReport(store, .init())
        XCTAssertEqual(fromRows.learners, report.learners, "results files say the same")
        XCTAssertEqual(fromRows.abandonedSessions, 1)
    }
}
