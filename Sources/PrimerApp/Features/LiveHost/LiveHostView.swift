import Foundation
import StudyCore
import TerminalUI

/// The tutor's screen in each phase of a live quiz.
enum LiveHostView {
    static func lines(_ state: LiveHostState, course: Course, width: Int) -> [[StyledText]] {
        let room = state.room, quiz = room.quiz
        var lines: [[StyledText]] = [[StyledText("Live quiz: \(quiz.title)", .bold)]]
        func wrapped(_ text: String, _ style: Style = .plain) {
            for line in WordWrap.wrapPlain(text, width: max(10, width)) { lines.append([StyledText(line, style)]) }
        }
        if state.confirmingEnd {
            wrapped("End the quiz for everyone? q ends it, Esc goes on.", Style(color: .yellow).adding(.bold))
        }
        let connected = room.participants.filter(\.connected).count
        let dropped = room.participants.filter { !$0.connected }.map(\.name)
        if quiz.phase == .waiting {
            // Everyone by name while the class arrives; after that only counts, so that a
            // class of sixty still leaves room for the question.
            wrapped("\(room.participants.count) joined, \(connected) connected: "
                    + room.participants.map { ($0.connected ? "" : "(") + $0.name + ($0.connected ? "" : ")") }.joined(separator: ", "), .dim)
        } else {
            wrapped("\(room.participants.count) joined, \(connected) connected"
                    + (dropped.isEmpty ? "" : " · dropped: " + dropped.joined(separator: ", ")), .dim)
        }
        lines.append([])
        switch quiz.phase {
        case .waiting:
            wrapped("Learners join by starting primer with this class. n starts the first of \(quiz.paper.count) questions.")
        case .question, .revealed:
            guard let asked = quiz.asked(quiz.questionIndex, in: course) else { return lines }
            var head = "Question \(quiz.questionIndex + 1) of \(quiz.paper.count)"
            if quiz.phase == .question, let deadline = quiz.deadline {
                head += " · " + TimeText.countdown(max(0, deadline.timeIntervalSince(state.now))) + " left"
            }
            head += " · \(room.currentAnswers.count) of \(room.participants.count) answered"
            lines.append([StyledText(head, .dim)])
            wrapped(asked.question.stem, .bold)
            lines.append([])
            let counts = room.optionCounts()
            let most = max(1, counts.max() ?? 1)
            for (i, choice) in asked.shown.enumerated() {
                let n = i < counts.count ? counts[i] : 0
                let mark = quiz.phase == .revealed && choice.isCorrect ? "✓" : " "
                let style: Style = quiz.phase == .revealed && choice.isCorrect ? Style(color: .green) : .plain
                let prefix = [StyledText(" \(mark) \(i + 1). ", style),
                              StyledText(ProgressBar.render(fraction: Double(n) / Double(most), width: 12) + " ", Style(color: .cyan)),
                              StyledText(String(format: "%3d  ", n))]
                // The whole option, wrapped under itself: the tutor reads what each bar counts.
                let indent = prefix.reduce(0) { $0 + DisplayWidth.of($1.text) }
                for (row, line) in WordWrap.wrap(choice.text, width: max(10, width - indent), style: style).enumerated() {
                    lines.append((row == 0 ? prefix : [StyledText(String(repeating: " ", count: indent))]) + line)
                }
            }
            let waitingFor = room.participants.filter { p in p.connected && !room.currentAnswers.contains { $0.learner == p.name } }
            if quiz.phase == .question, !waitingFor.isEmpty, waitingFor.count <= 10 {
                lines.append([])
                wrapped("Not answered yet: " + waitingFor.map(\.name).joined(separator: ", "), .dim)
            }
            if quiz.phase == .revealed {
                lines.append([])
                let right = room.currentAnswers.filter(\.correct).count
                wrapped("\(right) of \(room.currentAnswers.count) answers right.", .dim)
            }
        case .ended:
            wrapped("The quiz is over. Right answers out of \(quiz.paper.count):", .bold)
            for (name, right) in room.scores().sorted(by: { $0.name.lowercased() < $1.name.lowercased() }) {
                // Padded by display width: a name in Urdu or Japanese keeps the scores in one column.
                let column = max(12, min(30, width - 10))
                let shown = truncate(name, width: column)
                lines.append([StyledText("  " + shown + String(repeating: " ", count: max(1, column - DisplayWidth.of(shown) + 1))),
                              StyledText("\(right)")])
            }
            if let board = room.board() { lines += LiveView.boardLines(board, width: width) }
            lines.append([])
            wrapped("Each learner's answers are saved as a mock exam ('primer results', 'primer report').", .dim)
        }
        return lines
    }
}
