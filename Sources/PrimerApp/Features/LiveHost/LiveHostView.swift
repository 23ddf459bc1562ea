import Foundation
import StudyCore
import TerminalUI

/// The tutor's screen in each phase of a live quiz. The title, a question to confirm, who
/// is connected and, during a question, its clock and count of answers stay at the top
/// while the question and its bars scroll (`PinnedColumn`).
enum LiveHostView {
    static func parts(_ state: LiveHostState, course: Course, width: Int, height: Int) -> PinnedColumn {
        let room = state.room, quiz = room.quiz
        var top = wrapped("Live quiz: \(quiz.title)", .bold, width: width)   // a long title wraps, never cut
        if state.confirmingEnd {
            top += wrapped("End the quiz for everyone? q ends it, Esc goes on.", Style(color: .yellow).adding(.bold), width: width)
        }
        top += roomLines(room, width: width)
        switch quiz.phase {
        case .waiting:
            return PinnedColumn(top: top, body: [[]] + wrapped("Learners join by starting primer with this class. n starts the first of "
                                                            + "\(quiz.paper.count) questions.", width: width))
        case .question, .revealed:
            guard let asked = quiz.asked(quiz.questionIndex, in: course) else { return PinnedColumn(top: top, body: []) }
            top += PinnedColumn.spacing(height: height) + wrapped(head(room, now: state.now), .dim, width: width)
            return PinnedColumn(top: top, body: questionLines(room, asked, width: width))
        case .ended:
            return PinnedColumn(top: top, body: [[]] + endLines(room, width: width))
        }
    }

    /// The whole screen's text, top to bottom, as if nothing were pinned.
    static func lines(_ state: LiveHostState, course: Course, width: Int, height: Int = 24) -> [[StyledText]] {
        parts(state, course: course, width: width, height: height).all
    }

    static func wrapped(_ text: String, _ style: Style = .plain, width: Int) -> [[StyledText]] {
        WordWrap.wrapPlain(text, width: max(10, width)).map { [StyledText($0, style)] }
    }

    /// Who joined: everyone by name while the class arrives; after that only counts and
    /// who dropped, so that a class of sixty still leaves room for the question.
    static func roomLines(_ room: LiveRoom, width: Int) -> [[StyledText]] {
        let connected = room.participants.filter(\.connected).count
        let dropped = room.participants.filter { !$0.connected }.map(\.name)
        if room.quiz.phase == .waiting {
            return wrapped("\(room.participants.count) joined, \(connected) connected: "
                           + room.participants.map { ($0.connected ? "" : "(") + $0.name + ($0.connected ? "" : ")") }
                               .joined(separator: ", "), .dim, width: width)
        }
        return wrapped("\(room.participants.count) joined, \(connected) connected"
                       + (dropped.isEmpty ? "" : " · dropped: " + dropped.joined(separator: ", ")), .dim, width: width)
    }

    /// Which question, the time left and how many have answered.
    static func head(_ room: LiveRoom, now: Date) -> String {
        let quiz = room.quiz
        var head = "Question \(quiz.questionIndex + 1) of \(quiz.paper.count)"
        if quiz.phase == .question, let deadline = quiz.deadline {
            head += " · " + TimeText.countdown(max(0, deadline.timeIntervalSince(now))) + " left"
        }
        return head + " · \(room.currentAnswers.count) of \(room.participants.count) answered"
    }

    /// The open or revealed question: how many answered, a bar per option, who has not
    /// answered yet (when few are left), and after the reveal how many were right.
    static func questionLines(_ room: LiveRoom, _ asked: AskedQuestion, width: Int) -> [[StyledText]] {
        let quiz = room.quiz
        var lines = wrapped(asked.question.stem, .bold, width: width) + [[]]
        let barWidth = width >= 60 ? 12 : 6
        let counts = room.optionCounts()
        let most = max(1, counts.max() ?? 1)
        for (i, choice) in asked.shown.enumerated() {
            let n = i < counts.count ? counts[i] : 0
            let shownRight = quiz.phase == .revealed && choice.isCorrect
            let style: Style = shownRight ? Style(color: .green) : .plain
            let prefix = [StyledText(" \(shownRight ? "✓" : " ") \(i + 1). ", style),
                          StyledText(ProgressBar.render(fraction: Double(n) / Double(most), width: barWidth) + " ", Style(color: .cyan)),
                          StyledText(String(format: "%3d  ", n))]
            // The whole option, wrapped under itself: the tutor reads what each bar counts.
            let indent = prefix.reduce(0) { $0 + DisplayWidth.of($1.text) }
            for (row, line) in WordWrap.wrap(choice.text, width: max(10, width - indent), style: style).enumerated() {
                lines.append((row == 0 ? prefix : [StyledText(String(repeating: " ", count: indent))]) + line)
            }
        }
        let waitingFor = room.participants.filter { p in p.connected && !room.currentAnswers.contains { $0.learner == p.name } }
        if quiz.phase == .question, !waitingFor.isEmpty, waitingFor.count <= 10 {
            lines += [[]] + wrapped("Not answered yet: " + waitingFor.map(\.name).joined(separator: ", "), .dim, width: width)
        }
        if quiz.phase == .revealed {
            let right = room.currentAnswers.filter(\.correct).count
            lines += [[]] + wrapped("\(right) of \(room.currentAnswers.count) answers right.", .dim, width: width)
        }
        return lines
    }

    /// The end: each learner's right answers by name, then the board if the tutor asked.
    static func endLines(_ room: LiveRoom, width: Int) -> [[StyledText]] {
        var lines = wrapped("The quiz is over. Right answers out of \(room.quiz.paper.count):", .bold, width: width)
        for (name, right) in room.scores().sorted(by: { $0.name.lowercased() < $1.name.lowercased() }) {
            // Padded by display width: a name in Urdu or Japanese keeps the scores in one column.
            let column = max(12, min(30, width - 10))
            let shown = truncate(name, width: column)
            lines.append([StyledText("  " + shown + String(repeating: " ", count: max(1, column - DisplayWidth.of(shown) + 1))),
                          StyledText("\(right)")])
        }
        if let board = room.board() { lines += LiveView.boardLines(board, width: width) }
        return lines + [[]] + wrapped("Each learner's answers are saved as a mock exam ('primer results', 'primer report').", .dim,
                                      width: width)
    }
}
