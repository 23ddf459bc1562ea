import StudyCore
import TerminalUI

enum QuizView {
    static let readingWidth = 78

    static func draw(_ quiz: QuizState, in rect: Rect, into buffer: inout CellBuffer) -> [(String, String)] {
        draw(title: quiz.title, session: quiz.session, scroll: quiz.scroll, override: quiz.override,
             receipt: quiz.receipt, counter: nil, in: rect, into: &buffer)
    }

    /// Shared by the lesson quiz and Study today (which shows its own counter line).
    static func draw(title: String, session: QuizSession, scroll: Int, override: AnswerOverride?, receipt: SaveReceipt?,
                     counter: String?, in rect: Rect, into buffer: inout CellBuffer) -> [(String, String)] {
        let width = min(rect.width - 2, readingWidth)
        let x = rect.x + max(0, (rect.width - width) / 2)
        let header = counter ?? (session.isFinished
            ? title
            : "Question \(min(session.index + 1, session.items.count)) of \(session.items.count) · \(title)")
        buffer.put(truncate(header, width: width), x: x, y: rect.y + 1, style: .dim)
        let textRect = Rect(x: x, y: rect.y + 3, width: width, height: rect.height - 3)
        let lines: [[StyledText]]
        let keys: [(String, String)]
        switch session.phase {
        case .asking(let selection, let cursor, _):
            guard let asked = session.current else { return [] }
            lines = askingLines(asked, selection: selection, cursor: cursor, width: width - 1)
            let count = asked.shown.count
            if asked.question.kind == .multiple {
                keys = [("1-\(count)", "toggle"), ("Space", "toggle"), ("Enter", "submit"), ("Esc", "back")]
            } else {
                keys = [("1-\(count)/a-\(letter(count - 1))", "answer"), ("↑↓", "move"), ("Enter", "choose"), ("Esc", "back")]
            }
        case .feedback(let outcome):
            lines = feedbackLines(outcome, override: override, receipt: receipt, width: width - 1)
            keys = [("Enter", "next"), ("g", "I guessed"), ("e", "too easy"), ("o", "open lesson"), ("Esc", "stop")]
        case .finished:
            lines = summaryLines(session, width: width - 1)
            keys = [("Enter", "done"), ("r", "again")]
        }
        TextView(lines: lines).draw(offset: scroll, in: textRect, into: &buffer)
        return keys
    }

    static func letter(_ index: Int) -> String { String(UnicodeScalar(UInt8(97 + index))) }

    static func stemLines(_ q: Question, width: Int) -> [[StyledText]] {
        var lines = WordWrap.wrap(q.stem, width: width, style: .bold)
        switch q.kind {
        case .multiple where !q.stem.lowercased().contains("select all"):
            lines.append([StyledText("Select all that apply.", .dim)])
        case .multiple: break
        case .trueFalse where !q.stem.lowercased().contains("true or false"):
            lines.append([StyledText("True or false?", .dim)])
        case .trueFalse: break
        case .single: break
        }
        lines.append([])
        return lines
    }

    /// "  1  text" with a hanging indent; `prefix` marks selection or correctness.
    static func optionLines(number: Int, text: String, marker: String, style: Style, width: Int) -> [[StyledText]] {
        let label = "\(marker)\(number) "
        let indent = DisplayWidth.of(label)
        let wrapped = WordWrap.wrap(text, width: max(1, width - indent), style: style)
        return wrapped.enumerated().map { i, line in
            [StyledText(i == 0 ? label : String(repeating: " ", count: indent), i == 0 ? .bold : .plain)] + line
        }
    }

    static func askingLines(_ asked: AskedQuestion, selection: Set<Int>, cursor: Int, width: Int) -> [[StyledText]] {
        var lines = stemLines(asked.question, width: width)
        let isMultiple = asked.question.kind == .multiple
        for (i, choice) in asked.shown.enumerated() {
            let pointer = i == cursor ? "› " : "  "
            let box = isMultiple ? (selection.contains(i) ? "[x] " : "[ ] ") : ""
            let style: Style = i == cursor ? .reverse : .plain
            lines += optionLines(number: i + 1, text: choice.text, marker: pointer + box, style: style, width: width)
        }
        return lines
    }

    static func feedbackLines(_ outcome: AnswerOutcome, override: AnswerOverride?, receipt: SaveReceipt?, width: Int) -> [[StyledText]] {
        var lines: [[StyledText]] = []
        if outcome.correct {
            lines.append([StyledText("✓ Right", Style(bold: true, color: .green))])
        } else {
            lines.append([StyledText("✗ Not quite", Style(bold: true, color: .red))])
        }
        lines.append([])
        lines += stemLines(outcome.asked.question, width: width)
        for (i, choice) in outcome.asked.shown.enumerated() {
            let chosen = outcome.chosen.contains(i)
            let marker = choice.isCorrect ? "✓ " : (chosen ? "✗ " : "  ")
            var style: Style = .plain
            if choice.isCorrect { style = Style(bold: true, color: .green) } else if chosen { style = Style(color: .red) }
            var text = choice.text
            if chosen { text += "  ← your answer" }
            lines += optionLines(number: i + 1, text: text, marker: marker, style: style, width: width)
        }
        for picked in outcome.pickedFeedback {
            lines.append([])
            lines += WordWrap.wrap([StyledText("“\(picked.choice)”: ", .bold), StyledText(picked.feedback)], width: width)
        }
        lines.append([])
        lines += WordWrap.wrap([StyledText("Why: ", .bold), StyledText(outcome.asked.question.explanation)], width: width)
        if !outcome.asked.question.sources.isEmpty {
            lines.append([StyledText("Source: " + citation(outcome.asked.question.sources), .dim)])
        }
        lines.append([])
        switch override {
        case .guessed: lines.append([StyledText("Marked: I guessed — it will come back soon.", Style(color: .yellow))])
        case .tooEasy: lines.append([StyledText("Marked: too easy — it will come back later.", Style(color: .yellow))])
        case nil: break
        }
        if let receipt {
            lines.append([StyledText("Saved · returns \(receipt.returns)", .dim)])
        } else {
            lines.append([StyledText("Saving…", .dim)])
        }
        return lines
    }

    static func summaryLines(_ session: QuizSession, width: Int) -> [[StyledText]] {
        let total = session.outcomes.count
        let right = session.correctCount
        let percent = total == 0 ? 0 : Int((Double(right) / Double(total) * 100).rounded())
        var lines: [[StyledText]] = [[StyledText("Score: \(right) of \(total) right (\(percent)%)", .bold)], []]
        for outcome in session.outcomes {
            let mark = outcome.correct ? StyledText("✓ ", Style(color: .green)) : StyledText("✗ ", Style(color: .red))
            let stem = outcome.asked.question.stem.replacingOccurrences(of: "\n", with: " ")
            lines.append([mark, StyledText(truncate(stem, width: width - 2))])
        }
        if total < session.items.count {
            lines.append([])
            lines.append([StyledText("\(session.items.count - total) question(s) not answered.", .dim)])
        }
        return lines
    }
}
