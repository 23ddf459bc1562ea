import Foundation
import XCTest
import StudyServices

/// `ClassReport.compute` on rows small enough to work out by hand.
final class ClassReportTests: XCTestCase {
    let t0 = Date(timeIntervalSince1970: 1_750_000_000)

    func row(_ learner: String, _ question: String, _ theme: String?, chosen: [String], correct: Bool,
             session: String? = nil, answered: Bool = true, outcome: String? = nil, minute: Int = 0) -> ResultRow {
        ResultRow(learner: learner, session: session, kind: session == nil ? "practice" : "exam", course: "c",
                  questionID: question, theme: theme, shown: [], chosen: chosen, correct: correct,
                  time: t0.addingTimeInterval(Double(minute) * 60), answered: answered, outcome: outcome)
    }

    /// Ana sits an exam and leaves q4 blank; Ben and Cy practise; Cy also abandons an exam,
    /// and Dee only ever abandons one.
    ///
    ///         q1 (alpha)  q2 (alpha)  q3 (beta, M+N)  q4 (no theme)   right / questions
    ///   Ana   A ✓         X ✓         M N ✓           blank ✗         3 / 4 = 0.75
    ///   Ben   C ✗         X ✓         M O ✗           T ✓             2 / 4 = 0.50
    ///   Cy    B ✗         Y ✗         O ✗             F ✗             0 / 4 = 0.00
    var classRows: [ResultRow] {
        [
            row("Ana", "q1", "alpha", chosen: ["A"], correct: true, session: "s-ana", outcome: "submitted", minute: 1),
            row("Ana", "q2", "alpha", chosen: ["X"], correct: true, session: "s-ana", outcome: "submitted", minute: 2),
            row("Ana", "q3", "beta", chosen: ["M", "N"], correct: true, session: "s-ana", outcome: "submitted", minute: 3),
            row("Ana", "q4", nil, chosen: [], correct: false, session: "s-ana", answered: false, outcome: "submitted", minute: 4),
            row("Ben", "q1", "alpha", chosen: ["C"], correct: false),
            row("Ben", "q2", "alpha", chosen: ["X"], correct: true),
            row("Ben", "q3", "beta", chosen: ["M", "O"], correct: false),
            row("Ben", "q4", nil, chosen: ["T"], correct: true),
            row("Cy", "q1", "alpha", chosen: ["B"], correct: false),
            row("Cy", "q2", "alpha", chosen: ["Y"], correct: false),
            row("Cy", "q3", "beta", chosen: ["O"], correct: false),
            row("Cy", "q4", nil, chosen: ["F"], correct: false),
            // Abandoned exams: in no figure, only counted as sessions.
            row("Cy", "q1", "alpha", chosen: ["A"], correct: true, session: "s-cy", outcome: "abandoned"),
            row("Cy", "q2", "alpha", chosen: ["X"], correct: true, session: "s-cy", outcome: "abandoned"),
            row("Dee", "q1", "alpha", chosen: ["A"], correct: true, session: "s-dee", outcome: "abandoned"),
        ]
    }

    /// The course knows the right options of q1 and q2; q3 and q4 fall back to the options
    /// chosen in right answers (M and N; T).
    func knownRightOptions(_ course: String, _ question: String) -> Set<String>? {
        XCTAssertEqual(course, "c")
        return ["q1": ["A"], "q2": ["X"]][question]
    }

    func testLearnerScoresCountBlanksAsWrongAndLeaveAbandonedExamsOut() {
        let report = ClassReport.compute(rows: classRows, passMark: 0.5, correctOptions: knownRightOptions)
        XCTAssertEqual(report.learners.map(\.learner), ["Ana", "Ben", "Cy"], "by name; Dee only abandoned, so is absent")
        XCTAssertEqual(report.learners.map(\.questions), [4, 4, 4])
        XCTAssertEqual(report.learners.map(\.answered), [3, 4, 4], "Ana's blank is a question set, not answered")
        XCTAssertEqual(report.learners.map(\.correct), [3, 2, 0], "Cy's right answers in the abandoned exam do not count")
        XCTAssertEqual(report.learners.map(\.score), [0.75, 0.5, 0])
        XCTAssertEqual(report.learners.map(\.passed), [true, true, false], "exactly at the pass mark passes")
        XCTAssertEqual(report.answerCount, 11)
        XCTAssertEqual(report.blankCount, 1)
        XCTAssertEqual(report.abandonedSessions, 2, "two abandoned exams, however many rows they have")
        XCTAssertEqual(report.passMark, 0.5)
        XCTAssertEqual(report.groupSize, 1, "three learners: thirds of one")
    }

    func testThemeAveragesAreTheMeanOfEachLearnersShareInTheGivenOrder() {
        let report = ClassReport.compute(rows: classRows, themeOrder: ["beta", "alpha"], correctOptions: knownRightOptions)
        XCTAssertEqual(report.themes.map(\.theme), ["beta", "alpha", ""], "the given order, the unknown theme last")
        let beta = report.themes[0], alpha = report.themes[1], unknown = report.themes[2]
        // alpha: Ana 2/2, Ben 1/2, Cy 0/2.
        XCTAssertEqual([alpha.learners, alpha.answers, alpha.correct], [3, 6, 3])
        XCTAssertEqual(alpha.average, (1 + 0.5 + 0) / 3, accuracy: 1e-12)
        // beta: Ana 1/1, Ben 0/1, Cy 0/1.
        XCTAssertEqual([beta.learners, beta.answers, beta.correct], [3, 3, 1])
        XCTAssertEqual(beta.average, 1.0 / 3, accuracy: 1e-12)
        // No theme: Ana's blank 0/1, Ben 1/1, Cy 0/1.
        XCTAssertEqual([unknown.learners, unknown.answers, unknown.correct], [3, 3, 1])
        XCTAssertEqual(unknown.average, 1.0 / 3, accuracy: 1e-12)
        XCTAssertNil(report.learners[0].passed, "no pass mark, no verdict")
    }

    func testItemFacilityDiscriminationAndMostChosenWrongOption() {
        let report = ClassReport.compute(rows: classRows, passMark: 0.5, correctOptions: knownRightOptions)
        // Upper third: Ana (0.75); lower third: Cy (0). Hardest first, ties by id.
        XCTAssertEqual(report.items.map(\.questionID), ["q1", "q3", "q4", "q2"])
        let items = Dictionary(uniqueKeysWithValues: report.items.map { ($0.questionID, $0) })
        func check(_ id: String, theme: String, correct: Int, facility: Double, discrimination: Double,
                   wrong: String?, wrongCount: Int, line: UInt = #line) {
            guard let item = items[id] else { return XCTFail("no item \(id)", line: line) }
            XCTAssertEqual(item.theme, theme, line: line)
            XCTAssertEqual(item.answers, 3, line: line)
            XCTAssertEqual(item.correct, correct, line: line)
            XCTAssertEqual(item.facility, facility, accuracy: 1e-12, line: line)
            XCTAssertEqual(item.discrimination ?? .nan, discrimination, accuracy: 1e-12, line: line)
            XCTAssertEqual(item.mostChosenWrong, wrong, line: line)
            XCTAssertEqual(item.mostChosenWrongCount, wrongCount, line: line)
        }
        // q1: Ana right, Ben C, Cy B. Facility 1/3; Ana 1 − Cy 0. B and C tie: the first by name.
        check("q1", theme: "alpha", correct: 1, facility: 1.0 / 3, discrimination: 1, wrong: "B", wrongCount: 1)
        // q2: Ana and Ben right, Cy Y.
        check("q2", theme: "alpha", correct: 2, facility: 2.0 / 3, discrimination: 1, wrong: "Y", wrongCount: 1)
        // q3: right options taken from Ana's right answer (M, N): Ben's M is not a wrong pick, O twice is.
        check("q3", theme: "beta", correct: 1, facility: 1.0 / 3, discrimination: 1, wrong: "O", wrongCount: 2)
        // q4: Ana's blank picks nothing; Ben's T is right; Cy's F. Ana 0 − Cy 0.
        check("q4", theme: "", correct: 1, facility: 1.0 / 3, discrimination: 0, wrong: "F", wrongCount: 1)
    }

    func testDiscriminationIsUndefinedWithoutThirdsOrWithoutAnswersInThem() {
        // Pat 2/2, Quinn 1/2, Ravi 0/2: thirds of one, Pat above, Ravi below.
        let rows = [
            row("Pat", "q1", "t", chosen: ["x"], correct: true),
            row("Pat", "q2", "t", chosen: ["x"], correct: true),
            row("Quinn", "q1", "t", chosen: ["x"], correct: true),
            row("Quinn", "q3", "t", chosen: ["p", "q"], correct: false),
            row("Ravi", "q1", "t", chosen: ["y"], correct: false),
            row("Ravi", "q2", "t", chosen: ["y"], correct: false),
        ]
        let report = ClassReport.compute(rows: rows)
        let items = Dictionary(uniqueKeysWithValues: report.items.map { ($0.questionID, $0) })
        XCTAssertEqual(report.items.map(\.questionID), ["q3", "q2", "q1"])
        XCTAssertEqual(items["q1"]?.facility ?? .nan, 2.0 / 3, accuracy: 1e-12)
        XCTAssertEqual(items["q1"]?.discrimination, 1)
        XCTAssertEqual(items["q2"]?.facility, 0.5)
        XCTAssertEqual(items["q2"]?.discrimination, 1)
        // Only Quinn (the middle third) answered q3: neither group did, so it is not defined.
        XCTAssertEqual(items["q3"]?.facility, 0)
        XCTAssertNil(items["q3"]?.discrimination)
        // Nobody answered q3 right and the course is unknown: every option chosen is a wrong pick.
        XCTAssertEqual(items["q3"]?.mostChosenWrong, "p")
        XCTAssertEqual(items["q3"]?.mostChosenWrongCount, 1)

        // Two learners: no thirds, no discrimination anywhere.
        let pair = ClassReport.compute(rows: rows.filter { $0.learner != "Quinn" })
        XCTAssertEqual(pair.groupSize, 0)
        XCTAssertEqual(pair.items.map(\.discrimination), [nil, nil])
        XCTAssertEqual(pair.learners.map(\.score), [1, 0])
    }

    func testNoRowsMakeAnEmptyReport() {
        let report = ClassReport.compute(rows: [])
        XCTAssertEqual(report.learners, [])
        XCTAssertEqual(report.themes, [])
        XCTAssertEqual(report.items, [])
        XCTAssertEqual([report.answerCount, report.blankCount, report.abandonedSessions, report.groupSize], [0, 0, 0, 0])
    }
}
