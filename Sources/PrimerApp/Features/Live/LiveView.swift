import Foundation
import StudyCore
import TerminalUI

/// What a learner sees in each phase of a live quiz.
///
/// The screen has three parts: a top that stays put (the quiz's title and, during a
/// question, which one it is and the time left), the text that scrolls (the question or
/// its answer), and, while a question is open, a bottom that stays put too (what Enter
/// will do, or that the answer was sent). On a small terminal the learner scrolls the
/// question to reach the options and still sees the clock and whether their answer went.
enum LiveView {
    static func parts(_ state: LiveState, course: Course, width: Int, height: Int) -> PinnedColumn {
        let quiz = state.seat.quiz
        let gap = PinnedColumn.spacing(height: height)
        let title = wrapped("Live quiz: \(quiz.title)", .bold, width: width)   // a long title wraps, never cut
        switch quiz.phase {
        case .waiting:
            return PinnedColumn(top: title, body: [[]] + wrapped("Waiting for your tutor to start. Questions appear here on their own.", .dim, width: width))
        case .question, .revealed:
            guard let asked = quiz.asked(quiz.questionIndex, in: course) else {
                return PinnedColumn(top: title, body: wrapped("This question is not in your course.", Style(color: .yellow), width: width))
            }
            var head = "Question \(quiz.questionIndex + 1) of \(quiz.paper.count)"
            if quiz.phase == .question, let deadline = quiz.deadline {
                head += " · " + TimeText.countdown(max(0, deadline.timeIntervalSince(state.now))) + " left"
            }
            let top = title + wrapped(head, .dim, width: width) + gap
            guard quiz.phase == .question else { return PinnedColumn(top: top, body: revealLines(state, asked, width: width)) }
            return PinnedColumn(top: top, body: askingLines(state, asked, width: width), bottom: gap + wrapped(hint(state), .dim, width: width))
        case .ended:
            return PinnedColumn(top: title, body: endLines(state, course: course, width: width))
        }
    }

    /// The whole screen's text, top to bottom, as if nothing were pinned.
    static func lines(_ state: LiveState, course: Course, width: Int, height: Int = 24) -> [[StyledText]] {
        parts(state, course: course, width: width, height: height).all
    }

    static func wrapped(_ text: String, _ style: Style = .plain, width: Int) -> [[StyledText]] {
        WordWrap.wrapPlain(text, width: max(10, width)).map { [StyledText($0, style)] }
    }

    /// The open question, as every other question screen asks it (the same wrapping,
    /// markers and hints).
    static func askingLines(_ state: LiveState, _ asked: AskedQuestion, width: Int) -> [[StyledText]] {
        let picked = state.seat.answer(to: state.seat.quiz.questionIndex)?.chosen ?? state.chosen
        var lines = QuestionText.stemLines(asked.question, width: width)
        let isMultiple = asked.question.kind == .multiple
        for (i, choice) in asked.shown.enumerated() {
            let marker = isMultiple ? (picked.contains(i) ? "[x] " : "[ ] ") : (picked.contains(i) ? "› " : "  ")
            lines += QuestionText.optionLines(number: i + 1, text: choice.text, marker: marker,
                                              style: picked.contains(i) ? .bold : .plain, width: width)
        }
        return lines
    }

    /// Seconds past a question's deadline after which its staying open means the tutor's
    /// primer is gone (it shows the answer within a fraction of a second of the deadline).
    static let tutorGoneAfter: TimeInterval = 10

    /// What Enter will do now, or that the answer has gone; or, when the time ran out long
    /// ago and nothing moved, that the tutor's primer seems to have stopped.
    static func hint(_ state: LiveState) -> String {
        let quiz = state.seat.quiz
        if let deadline = quiz.deadline, state.now.timeIntervalSince(deadline) > tutorGoneAfter {
            return "Time is up, but the answer has not been shown: your tutor's primer may have stopped. Esc goes Home."
        }
        if state.seat.answer(to: state.seat.quiz.questionIndex) != nil { return "Answer sent. Waiting for the others…" }
        return state.chosen.isEmpty ? "Pick an option, then Enter to send." : "Enter sends your answer."
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
        if state.seat.tutorLeft {
            lines += wrapped("It ended early: your tutor's primer stopped.", .plain, width: width)
        }
        let missed = (0..<n).filter { state.seat.answer(to: $0)?.correct != true }
        if !missed.isEmpty {
            lines += [[]] + wrapped("To look at again:", .dim, width: width)
            for index in missed {
                guard let q = course.question(quiz.paper[index].question) else { continue }
                lines += QuestionText.optionLines(number: index + 1, text: q.stem, marker: "  ", style: .plain, width: width)
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
