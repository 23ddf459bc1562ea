import Foundation
import StudyCore
import TerminalUI

/// What a learner sees in each phase of a live quiz.
enum LiveView {
    static func lines(_ state: LiveState, course: Course, width: Int) -> [[StyledText]] {
        let quiz = state.seat.quiz
        var lines = wrapped("Live quiz: \(quiz.title)", .bold, width: width)   // a long title wraps, never cut
        switch quiz.phase {
        case .waiting:
            lines += [[]] + wrapped("Waiting for your tutor to start. Questions appear here on their own.", .dim, width: width)
        case .question, .revealed:
            guard let asked = quiz.asked(quiz.questionIndex, in: course) else {
                return lines + wrapped("This question is not in your course.", Style(color: .yellow), width: width)
            }
            var head = "Question \(quiz.questionIndex + 1) of \(quiz.paper.count)"
            if quiz.phase == .question, let deadline = quiz.deadline {
                head += " · " + TimeText.countdown(max(0, deadline.timeIntervalSince(state.now))) + " left"
            }
            lines += [[StyledText(head, .dim)], []]
            lines += quiz.phase == .question ? askingLines(state, asked, width: width) : revealLines(state, asked, width: width)
        case .ended:
            lines += endLines(state, course: course, width: width)
        }
        return lines
    }

    static func wrapped(_ text: String, _ style: Style = .plain, indent: String = "", width: Int) -> [[StyledText]] {
        WordWrap.wrapPlain(text, width: max(10, width - indent.count)).map { [StyledText(indent + $0, style)] }
    }

    /// The open question, as every other question screen asks it (the same wrapping,
    /// markers and hints), with what Enter will do.
    static func askingLines(_ state: LiveState, _ asked: AskedQuestion, width: Int) -> [[StyledText]] {
        let mine = state.seat.answer(to: state.seat.quiz.questionIndex)
        var lines = QuestionText.stemLines(asked.question, width: width)
        let isMultiple = asked.question.kind == .multiple
        let picked = mine?.chosen ?? state.chosen
        for (i, choice) in asked.shown.enumerated() {
            let marker = isMultiple ? (picked.contains(i) ? "[x] " : "[ ] ") : (picked.contains(i) ? "› " : "  ")
            lines += QuestionText.optionLines(number: i + 1, text: choice.text, marker: marker,
                                              style: picked.contains(i) ? .bold : .plain, width: width)
        }
        let hint = mine == nil ? (state.chosen.isEmpty ? "Pick an option, then Enter to send." : "Enter sends your answer.")
            : "Answer sent. Waiting for the others…"
        return lines + [[]] + wrapped(hint, .dim, width: width)
    }

    /// The revealed question: whether the learner was right, then the answer as a mock
    /// exam's review shows it (right options ticked, their own marked, feedback on a wrong
    /// pick, the explanation, the source).
    static func revealLines(_ state: LiveState, _ asked: AskedQuestion, width: Int) -> [[StyledText]] {
        let verdict: [[StyledText]]
        if let mine = state.seat.answer(to: state.seat.quiz.questionIndex) {
            verdict = wrapped(mine.correct ? "You were right." : "Not this time.", mine.correct ? Style(color: .green) : Style(color: .red),
                              width: width)
        } else {
            verdict = wrapped("No answer from you.", Style(color: .yellow), width: width)
        }
        return verdict + [[]] + QuestionText.answerLines(asked, chosen: state.seat.answer(to: state.seat.quiz.questionIndex)?.chosen,
                                                         width: width)
    }

    /// The end: the learner's score, the questions to look at again, the board if shown.
    static func endLines(_ state: LiveState, course: Course, width: Int) -> [[StyledText]] {
        let quiz = state.seat.quiz, n = quiz.paper.count
        var lines = [[]] + wrapped("The quiz is over: you got \(state.seat.right) of \(n) right.", .bold, width: width)
        let missed = (0..<n).filter { state.seat.answer(to: $0)?.correct != true }
        if !missed.isEmpty {
            lines += [[]] + wrapped("To look at again:", .dim, width: width)
            for index in missed {
                guard let q = course.question(quiz.paper[index].question) else { continue }
                lines += wrapped("\(index + 1). \(q.stem)", indent: "  ", width: width)
            }
        }
        if let board = state.seat.board { lines += boardLines(board, width: width) }
        return lines + [[]] + wrapped("Your answers are saved with your mock exams. Esc goes Home.", .dim, width: width)
    }

    /// The ranked board: pseudonyms only, the reader's row marked.
    static func boardLines(_ board: LiveBoard, width: Int) -> [[StyledText]] {
        var lines: [[StyledText]] = [[], [StyledText("The board (names hidden):", .dim)]]
        for (index, row) in board.rows.enumerated() {
            let you = index == board.yourRow
            let name = row.pseudonym.padding(toLength: max(18, row.pseudonym.count), withPad: " ", startingAt: 0)  // ASCII
            let text = String(format: "%3d. ", row.rank) + name + " \(row.right)" + (you ? "  ← you" : "")
            lines.append([StyledText(String(text.prefix(max(1, width))), you ? .bold : .plain)])
        }
        return lines
    }
}
