import Foundation
import StudyCore
import TerminalUI

enum ExamView {
    static func clock(_ seconds: TimeInterval) -> String {
        let s = max(0, Int(seconds.rounded(.up)))
        return String(format: "%d:%02d", s / 60, s % 60)
    }

    static func draw(_ state: ExamState, course: Course, in rect: Rect, into buffer: inout CellBuffer) -> [(String, String)] {
        let width = min(rect.width - 2, QuizView.readingWidth)
        let x = rect.x + max(0, (rect.width - width) / 2)
        let textRect = Rect(x: x, y: rect.y + 3, width: width, height: rect.height - 3)
        let exam = state.exam
        if let result = exam.result {
            let header = "\(state.title) · finished"
            buffer.put(header, x: x, y: rect.y + 1, style: .dim, maxWidth: width)
            if let index = state.reviewIndex, result.wrong.indices.contains(index) {
                let lines = reviewLines(result.wrong[index], position: index + 1, of: result.wrong.count, width: width - 1)
                TextView(lines: lines).draw(offset: state.scroll, in: textRect, into: &buffer)
                return [("→", "next"), ("←", "previous"), ("o", "open lesson"), ("Esc", "summary")]
            }
            TextView(lines: summaryLines(result, course: course, width: width - 1)).draw(offset: state.scroll, in: textRect, into: &buffer)
            return result.wrong.isEmpty ? [("Enter", "done")] : [("r", "review wrong answers"), ("Enter", "done")]
        }
        guard let asked = exam.current, let number = exam.currentNumber else { return [] }
        let left = exam.timeLeft(at: state.now)
        var header = "\(state.title) · question \(number) of \(exam.items.count) · answered \(exam.answeredCount)"
        if !exam.flagged.isEmpty { header += " · flagged \(exam.flagged.count)" }
        buffer.put(truncate(header, width: width - 12), x: x, y: rect.y + 1, style: .dim)
        let timer = "⏱ " + clock(left)
        buffer.put(timer, x: x + width - DisplayWidth.of(timer), y: rect.y + 1, style: left < 60 ? Style(bold: true, color: .red) : .bold)
        if let answer = state.lastAnswer {
            // Feedback during (a preset's choice): the answer just given, then on.
            var lines = QuizView.feedbackLines(answer, override: nil, receipt: nil, width: width - 1)
            lines.removeLast()   // no save receipt line in an exam: answers are saved as given
            TextView(lines: lines).draw(offset: state.scroll, in: textRect, into: &buffer)
            return [("any key", "next question")]
        }
        var lines: [[StyledText]] = []
        if exam.currentIsFlagged { lines.append([StyledText("⚑ flagged earlier", Style(color: .yellow))]) }
        lines += QuizView.stemLines(asked.question, width: width - 1)
        let isMultiple = asked.question.kind == .multiple
        for (i, choice) in asked.shown.enumerated() {
            let pointer = i == state.cursor ? "› " : "  "
            let box = isMultiple ? (state.selection.contains(i) ? "[x] " : "[ ] ") : ""
            lines += QuizView.optionLines(number: i + 1, text: choice.text, marker: pointer + box,
                                          style: i == state.cursor ? .reverse : .plain, width: width - 1)
        }
        if state.confirmingSubmit {
            lines.append([])
            let unanswered = exam.items.count - exam.answeredCount
            lines.append([StyledText("Submit the exam now? \(unanswered) unanswered count as wrong. y to submit, any other key to go on.",
                                     Style(bold: true, color: .yellow))])
        }
        TextView(lines: lines).draw(offset: state.scroll, in: textRect, into: &buffer)
        return [(isMultiple ? "1-\(asked.shown.count)" : "1-\(asked.shown.count)", isMultiple ? "toggle" : "answer"),
                ("Enter", isMultiple ? "submit answer" : "choose"), ("f", "flag, come back"), ("s", "submit exam")]
    }

    static func summaryLines(_ result: ExamResult, course: Course, width: Int) -> [[StyledText]] {
        let percent = Int((result.score * 100).rounded())
        let verdict = result.passed ? StyledText("PASS", Style(bold: true, color: .green)) : StyledText("FAIL", Style(bold: true, color: .red))
        var lines: [[StyledText]] = [
            [StyledText("Score: \(result.correctCount) of \(result.total) (\(percent)%) · ", .bold), verdict,
             StyledText(" · pass mark \(Int((result.passMark * 100).rounded()))%", .dim)],
            [StyledText("Time: \(clock(result.elapsed))" + (result.ending == .timeUp ? " (time ran out)" : ""), .dim)],
            [],
            [StyledText("By theme", .bold)],
        ]
        let barWidth = 10
        for theme in result.themes {
            let title = course.theme(theme.themeID)?.title ?? theme.themeID
            let label = truncate(title, width: max(10, width - barWidth - 10))
            let pad = String(repeating: " ", count: max(1, width - barWidth - 10 - DisplayWidth.of(label)))
            lines.append([StyledText(label + pad), StyledText(ProgressBar.render(fraction: theme.fraction, width: barWidth), Style(color: .green)),
                          StyledText(" \(theme.correct)/\(theme.total)")])
        }
        lines.append([])
        lines.append([StyledText("Time per question", .bold)])
        for item in result.items {
            let mark = item.chosen == nil ? "–" : (item.correct ? "✓" : "✗")
            let stem = item.asked.question.stem.replacingOccurrences(of: "\n", with: " ")
            let head = String(format: "%2d %@ %@  ", item.number, mark, clock(item.timeSpent))
            lines.append([StyledText(head, item.correct ? .plain : Style(color: .red)), StyledText(truncate(stem, width: max(4, width - DisplayWidth.of(head))), .dim)])
        }
        return lines
    }

    static func reviewLines(_ item: ExamResult.Item, position: Int, of count: Int, width: Int) -> [[StyledText]] {
        var lines: [[StyledText]] = [[StyledText("Wrong answer \(position) of \(count) · question \(item.number)", .dim)], []]
        lines += QuizView.stemLines(item.asked.question, width: width)
        for (i, choice) in item.asked.shown.enumerated() {
            let chosen = item.chosen?.contains(i) ?? false
            let marker = choice.isCorrect ? "✓ " : (chosen ? "✗ " : "  ")
            var style: Style = .plain
            if choice.isCorrect { style = Style(bold: true, color: .green) } else if chosen { style = Style(color: .red) }
            lines += QuizView.optionLines(number: i + 1, text: choice.text + (chosen ? "  ← your answer" : ""), marker: marker, style: style, width: width)
        }
        if item.chosen == nil { lines.append([StyledText("Not answered.", Style(color: .red))]) }
        lines.append([])
        lines += WordWrap.wrap([StyledText("Why: ", .bold), StyledText(item.asked.question.explanation)], width: width)
        if !item.asked.question.sources.isEmpty { lines.append([StyledText("Source: " + citation(item.asked.question.sources), .dim)]) }
        return lines
    }
}
