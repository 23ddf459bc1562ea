import Foundation
import StudyCore
import TerminalUI

/// The exam's pages: a question, the overview, and after the end the summary and the review.
enum ExamView {
    static func draw(_ state: ExamState, _ app: AppState, in rect: Rect, into buffer: inout CellBuffer) {
        let (x, width) = QuestionText.column(in: rect)
        let textWidth = TextView.textWidth(for: width)
        let exam = state.exam
        // A blank row above the header when there is room, as on every question screen.
        let rect = rect.height >= 16 ? Rect(x: rect.x, y: rect.y + 1, width: rect.width, height: rect.height - 1) : rect
        let textRect = Rect(x: x, y: rect.y + 2, width: width, height: rect.height - 2)

        if let result = exam.result {
            switch state.page {
            case .review(let index) where result.items.indices.contains(index):
                // Narrow: the numbers whole, the exam's title (in the title bar too) gives way.
                let position = "review · question \(index + 1) of \(result.total)"
                let header = [state.title + " · " + position, position, "review \(index + 1)/\(result.total)"]
                    .first { DisplayWidth.of($0) <= width } ?? position
                buffer.put(header, x: x, y: rect.y, style: .dim, maxWidth: width)
                TextView(lines: reviewLines(result.items[index], width: textWidth)).draw(offset: state.scroll, in: textRect, into: &buffer)
            default:
                buffer.put("\(state.title) · \(endingText(result.ending))", x: x, y: rect.y, style: .dim, maxWidth: width)
                TextView(lines: summaryLines(result, course: app.course, width: textWidth)).draw(offset: state.scroll, in: textRect, into: &buffer)
            }
            return
        }

        // The header: where the learner is, and the clock on the right.
        let left = exam.timeLeft(at: state.now)
        let timer = "⏱ " + TimeText.countdown(left)
        let timerWidth = DisplayWidth.of(timer)
        var header = state.title
        if state.page == .question, let number = exam.currentNumber { header += " · question \(number) of \(exam.items.count)" }
        header += " · answered \(exam.answeredCount)"
        if !exam.flagged.isEmpty { header += " · flagged \(exam.flagged.count)" }
        let room = max(0, width - timerWidth - 1)
        if DisplayWidth.of(header) > room {
            // Narrow: the numbers, not a title cut off in the middle of "20" ("question 1 of 2…").
            header = state.page == .question ? "Q \(exam.currentNumber ?? 0)/\(exam.items.count)" : "\(exam.items.count) questions"
            header += " · \(exam.answeredCount) answered"
            if !exam.flagged.isEmpty { header += " · \(exam.flagged.count) ⚑" }
        }
        buffer.put(header, x: x, y: rect.y, style: .dim, maxWidth: room)
        buffer.put(timer, x: x + width - timerWidth, y: rect.y, style: left < 60 ? Style(bold: true, color: .red) : .bold)

        var lines: [[StyledText]]
        var offset = state.scroll
        if let answer = state.lastAnswer {
            lines = QuestionText.feedbackLines(answer, width: textWidth)
        } else if state.page == .overview {
            drawOverview(state, in: textRect, into: &buffer)
            lines = []
        } else if let asked = exam.current {
            lines = []
            if exam.currentIsFlagged { lines.append([StyledText("⚑ flagged", Style(color: .yellow))]) }
            if exam.currentAnswer != nil && exam.allowsChanges {
                lines.append([StyledText("Answered: choose again to change the answer.", .dim)])
            }
            let asking = QuestionText.asking(asked, selection: state.selection, cursor: state.cursor, width: textWidth)
            offset = QuestionText.offset(state.scroll, showing: lines.count + asking.cursorLastLine, height: textRect.height)
            lines += asking.lines
        } else {
            lines = []
        }
        if state.confirmingHandIn {
            // The question below stays; the prompt is wrapped, never cut.
            let blank = exam.items.count - exam.answeredCount
            let prompt = "Hand in the exam now?" + (blank > 0 ? " \(plural(blank, "question")) not answered count as wrong." : "")
                + " y: hand in · x: leave without a score · any other key: back to the exam."
            let promptLines = WordWrap.wrap(prompt, width: textWidth, style: Style(bold: true, color: .yellow))
            TextView(lines: promptLines + [[]] + lines).draw(offset: 0, in: textRect, into: &buffer)
            return
        }
        if !lines.isEmpty { TextView(lines: lines).draw(offset: offset, in: textRect, into: &buffer) }
    }

    /// One row per question: number, answered or blank, flag, the start of the stem.
    static func drawOverview(_ state: ExamState, in rect: Rect, into buffer: inout CellBuffer) {
        let exam = state.exam
        var top = rect.y
        // Wrapped, not cut: on a narrow terminal "s hands in" is the part that fell off,
        // and the footer has no room for it either.
        let note = exam.allAnswered ? "Every question is answered. s hands in; Enter goes back to a question."
            : "\(exam.unanswered.count) not answered yet · Enter goes to a question · s hands in"
        top += buffer.putWrapped(note, x: rect.x, y: top, width: rect.width, style: exam.allAnswered ? Style(color: .green) : .dim)
        // Answered, not right: nothing is marked until the exam is handed in, and a green
        // tick here read as "correct" (it was on a wrong answer).
        buffer.put("● answered  · not yet  ⚑ flagged", x: rect.x, y: top, style: .dim, maxWidth: rect.width)
        top += 2
        let rows: [[StyledText]] = exam.items.indices.map { i in
            let answered = exam.status(of: i) == .answered
            let mark = answered ? StyledText("● ") : StyledText("· ", .dim)
            let flag = exam.flagged.contains(i) ? StyledText("⚑ ", Style(color: .yellow)) : StyledText("  ")
            let stem = exam.items[i].question.stem.replacingOccurrences(of: "\n", with: " ")
            return [StyledText(String(format: "%2d ", i + 1), .bold), mark, flag, StyledText(stem, answered ? .plain : .dim)]
        }
        ListView.draw(rows: rows, selected: state.overviewCursor, in: Rect(x: rect.x, y: top, width: rect.width, height: rect.maxY - top),
                      into: &buffer)
    }

    static func endingText(_ ending: ExamSession.Ending) -> String {
        switch ending {
        case .submitted: return "handed in"
        case .timeUp: return "time is up: handed in"
        case .abandoned: return "abandoned: not scored"
        }
    }

    static func summaryLines(_ result: ExamResult, course: Course, width: Int) -> [[StyledText]] {
        var lines: [[StyledText]]
        if let score = result.score {
            let verdict = result.passed ? StyledText("PASS", Style(bold: true, color: .green)) : StyledText("FAIL", Style(bold: true, color: .red))
            let scoreText = StyledText("Score: \(result.correctCount) of \(result.total) (\(percentText(score))) · ", .bold)
            let passMark = "pass mark \(percentText(result.passMark))"
            // The pass mark on a line of its own when the three do not fit on one.
            lines = DisplayWidth.of(scoreText.text + verdict.text + " · " + passMark) <= width
                ? [[scoreText, verdict, StyledText(" · " + passMark, .dim)]]
                : [[scoreText, verdict], [StyledText(passMark, .dim)]]
        } else {
            lines = WordWrap.wrap("Abandoned: this exam is not scored and counts in no average. "
                                  + "The \(plural(result.answeredCount, "answer")) you gave are kept for study.", width: width, style: .bold)
        }
        let blank = result.total - result.answeredCount
        var time = "Time: \(TimeText.countdown(result.elapsed))" + (result.ending == .timeUp ? " (time ran out)" : "")
        if blank > 0 && result.ending.isScored { time += " · \(plural(blank, "question")) not answered (counted wrong)" }
        lines += WordWrap.wrap(time, width: width, style: .dim)
        // An abandoned exam has no score, so no breakdown of one (its bars read as 0/2).
        if result.ending.isScored {
            lines += [[], [StyledText("By theme", .bold)]]
        }
        let barWidth = 10
        // In the course's order, as Home lists themes (the paper's order is random).
        let rank = Dictionary(course.themes.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { first, _ in first })
        let themes = result.ending.isScored ? result.themes.sorted { (rank[$0.themeID] ?? .max) < (rank[$1.themeID] ?? .max) } : []
        for theme in themes {
            let title = course.theme(theme.themeID)?.title ?? theme.themeID
            // A column of labels, the bars after it: the longest title leaves one space too.
            let labelWidth = max(10, width - barWidth - 10)
            let label = truncate(title, width: labelWidth - 1)
            let pad = String(repeating: " ", count: max(1, labelWidth - DisplayWidth.of(label)))
            lines.append([StyledText(label + pad), StyledText(ProgressBar.render(fraction: theme.fraction, width: barWidth), Style(color: .green)),
                          StyledText(" \(theme.correct)/\(theme.total)")])
        }
        lines += [[], [StyledText("Time per question", .bold)]]
        for item in result.items {
            let mark = item.chosen == nil ? "–" : (item.correct ? "✓" : "✗")
            let stem = item.asked.question.stem.replacingOccurrences(of: "\n", with: " ")
            let head = String(format: "%2d %@ %@  ", item.number, mark, TimeText.countdown(item.timeSpent))
            lines.append([StyledText(head, item.correct ? .plain : Style(color: .red)),
                          StyledText(truncate(stem, width: max(4, width - DisplayWidth.of(head))), .dim)])
        }
        return lines
    }

    static func reviewLines(_ item: ExamResult.Item, width: Int) -> [[StyledText]] {
        let verdict: [StyledText] = item.chosen == nil
            ? [StyledText("– Not answered", Style(bold: true, color: .red))]
            : QuestionText.verdictLine(item.correct)
        return [verdict, []] + QuestionText.answerLines(item.asked, chosen: item.chosen, width: width)
    }
}
