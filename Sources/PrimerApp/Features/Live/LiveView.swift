import Foundation
import StudyCore
import TerminalUI

/// What a learner sees in each phase of a live quiz.
enum LiveView {
    static func lines(_ state: LiveState, course: Course, width: Int) -> [[StyledText]] {
        let quiz = state.seat.quiz
        var lines: [[StyledText]] = [[StyledText("Live quiz: \(quiz.title)", .bold)]]
        func wrapped(_ text: String, _ style: Style = .plain, indent: String = "") {
            for line in WordWrap.wrapPlain(text, width: max(10, width - indent.count)) { lines.append([StyledText(indent + line, style)]) }
        }
        switch quiz.phase {
        case .waiting:
            lines.append([])
            wrapped("Waiting for your tutor to start. Questions appear here on their own.", .dim)
        case .question, .revealed:
            guard let asked = quiz.asked(quiz.questionIndex, in: course) else {
                wrapped("This question is not in your course.", Style(color: .yellow))
                return lines
            }
            let mine = state.seat.answer(to: quiz.questionIndex)
            var head = "Question \(quiz.questionIndex + 1) of \(quiz.paper.count)"
            if quiz.phase == .question, let deadline = quiz.deadline {
                head += " · " + TimeText.countdown(max(0, deadline.timeIntervalSince(state.now))) + " left"
            }
            lines.append([StyledText(head, .dim)])
            lines.append([])
            if quiz.phase == .question {
                // As every other question screen asks it (the same wrapping, markers and hints).
                lines += QuestionText.stemLines(asked.question, width: width)
                let isMultiple = asked.question.kind == .multiple
                let picked = mine?.chosen ?? state.chosen
                for (i, choice) in asked.shown.enumerated() {
                    let marker = isMultiple ? (picked.contains(i) ? "[x] " : "[ ] ") : (picked.contains(i) ? "› " : "  ")
                    lines += QuestionText.optionLines(number: i + 1, text: choice.text, marker: marker,
                                                      style: picked.contains(i) ? .bold : .plain, width: width)
                }
                lines.append([])
                wrapped(mine == nil ? (state.chosen.isEmpty ? "Pick an option, then Enter to send." : "Enter sends your answer.")
                        : "Answer sent. Waiting for the others…", .dim)
            } else {
                if let mine {
                    wrapped(mine.correct ? "You were right." : "Not this time.", mine.correct ? Style(color: .green) : Style(color: .red))
                } else {
                    wrapped("No answer from you.", Style(color: .yellow))
                }
                lines.append([])
                // The answer as a mock exam's review shows it: right options ticked, the
                // learner's own marked, feedback on a wrong pick, the explanation, the source.
                lines += QuestionText.answerLines(asked, chosen: mine?.chosen, width: width)
            }
        case .ended:
            lines.append([])
            let n = quiz.paper.count
            wrapped("The quiz is over: you got \(state.seat.right) of \(n) right.", .bold)
            let missed = (0..<n).filter { state.seat.answer(to: $0)?.correct != true }
            if !missed.isEmpty {
                lines.append([])
                wrapped("To look at again:", .dim)
                for index in missed {
                    guard let q = course.question(quiz.paper[index].question) else { continue }
                    wrapped("\(index + 1). \(q.stem)", indent: "  ")
                }
            }
            if let board = state.seat.board { lines += boardLines(board, width: width) }
            lines.append([])
            wrapped("Your answers are saved with your mock exams. Esc goes Home.", .dim)
        }
        return lines
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
