import StudyCore
import XCTest

/// The optional board at the end of a live quiz: ranks by right answers (ties share a
/// rank), pseudonyms instead of names (the same in every process, new for every quiz),
/// and the reader's own row found.
final class LiveBoardTests: XCTestCase {
    let scores: [(name: String, right: Int)] = [("ana", 3), ("bo", 5), ("cy", 3), ("dee", 0)]

    func testRanksByRightAnswersAndTiesShareARank() {
        let board = LiveBoard(quizID: "quiz-1", scores: scores, reader: "cy")
        XCTAssertEqual(board.rows.map(\.right), [5, 3, 3, 0])
        XCTAssertEqual(board.rows.map(\.rank), [1, 2, 2, 4])
        XCTAssertEqual(board.rows.first?.learner, "bo")
        XCTAssertEqual(board.yourRow.map { board.rows[$0].learner }, "cy")
        XCTAssertNil(LiveBoard(quizID: "quiz-1", scores: scores).yourRow, "the tutor has no row of their own")
        XCTAssertNil(LiveBoard(quizID: "quiz-1", scores: scores, reader: "eve").yourRow)
    }

    func testPseudonymsHideNamesAndAgreeBetweenProcesses() {
        let board = LiveBoard(quizID: "quiz-1", scores: scores)
        let again = LiveBoard(quizID: "quiz-1", scores: scores)
        XCTAssertEqual(board, again, "the same board in the tutor's process and every learner's")
        for row in board.rows {
            XCTAssertFalse(["ana", "bo", "cy", "dee"].contains { row.pseudonym.lowercased().contains($0 + " ") || row.pseudonym == $0 })
        }
        XCTAssertEqual(Set(board.rows.map(\.pseudonym)).count, 4, "every row told apart")
        let next = LiveBoard(quizID: "quiz-2", scores: scores)
        XCTAssertNotEqual(board.rows.map(\.pseudonym).sorted(), next.rows.map(\.pseudonym).sorted(),
                          "a new quiz, new pseudonyms: last week's board does not unmask this one")
    }

    func testAClashOfPseudonymsGetsANumber() {
        // 300 learners cannot all have one of 256 pseudonyms: clashes are numbered.
        let many = (1...300).map { (name: "learner \($0)", right: $0 % 7) }
        let names = LiveBoard(quizID: "q", scores: many).rows.map(\.pseudonym)
        XCTAssertEqual(Set(names).count, 300)
        XCTAssertTrue(names.contains { $0.hasSuffix(" 2") })
    }

    func testTheRoomShowsABoardOnlyAtTheEndAndOnlyWhenAskedFor() {
        var quiz = LiveQuiz(id: "q", courseID: "c", title: "T", preset: nil, paper: [.init(question: "a", shown: ["x", "y"])],
                            secondsPerQuestion: 20, showsBoard: true, phaseStartedAt: Date(timeIntervalSince1970: 0))
        let answers = [LiveAnswer(learner: "ana", questionIndex: 0, chosen: [0], correct: true, answeredAt: Date(timeIntervalSince1970: 1))]
        quiz.advance(at: Date(timeIntervalSince1970: 0))
        XCTAssertNil(LiveRoom(quiz: quiz, participants: [("ana", true), ("bo", true)], answers: answers).board())
        quiz.end(at: Date(timeIntervalSince1970: 2))
        let board = LiveRoom(quiz: quiz, participants: [("ana", true), ("bo", true)], answers: answers).board(reader: "bo")
        XCTAssertEqual(board?.rows.map(\.right), [1, 0])
        XCTAssertEqual(board?.yourRow, 1)
        quiz.showsBoard = false
        XCTAssertNil(LiveRoom(quiz: quiz, participants: [("ana", true)], answers: answers).board(), "off unless asked for")
    }
}
