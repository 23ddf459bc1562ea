import Foundation
import StudyCore
import TerminalUI

/// A question as lines of text: the stem, the options, the feedback after an answer.
/// Shared by the lesson quiz, practice, Study today and the mock exam, so a question
/// reads the same everywhere.
enum QuestionText {
    /// The column questions are read in, even on a wide terminal.
    static let readingWidth = 78

    /// The centred reading column inside `rect`.
    static func column(in rect: Rect) -> (x: Int, width: Int) {
        let width = max(1, min(rect.width - 2, readingWidth))
        return (rect.x + max(0, (rect.width - width) / 2), width)
    }

    static func stemLines(_ q: Question, width: Int) -> [[StyledText]] {
        var lines = WordWrap.wrap(q.stem, width: width, style: .bold)
        switch q.kind {
        case .multiple where !q.stemSaysSelectAll: lines.append([StyledText("Select all that apply.", .dim)])
        case .trueFalse where !q.stemSaysTrueOrFalse: lines.append([StyledText("True or false?", .dim)])
        default: break
        }
        lines.append([])
        return lines
    }

    /// "  1  text" with a hanging indent; `marker` shows selection or correctness.
    static func optionLines(number: Int, text: String, marker: String, style: Style, width: Int) -> [[StyledText]] {
        let label = "\(marker)\(number) "
        let indent = DisplayWidth.of(label)
        let wrapped = WordWrap.wrap(text, width: max(1, width - indent), style: style)
        return wrapped.enumerated().map { i, line in
            [StyledText(i == 0 ? label : String(repeating: " ", count: indent), i == 0 ? .bold : .plain)] + line
        }
    }

    /// The question being asked, and the last line of the option under the cursor.
    static func asking(_ asked: AskedQuestion, selection: Set<Int>, cursor: Int,
                       width: Int) -> (lines: [[StyledText]], cursorLastLine: Int) {
        var lines = stemLines(asked.question, width: width)
        var cursorLastLine = 0
        let isMultiple = asked.question.kind == .multiple
        for (i, choice) in asked.shown.enumerated() {
            let pointer = i == cursor ? "› " : "  "
            let box = isMultiple ? (selection.contains(i) ? "[x] " : "[ ] ") : ""
            lines += optionLines(number: i + 1, text: choice.text, marker: pointer + box,
                                 style: i == cursor ? .reverse : .plain, width: width)
            if i == cursor { cursorLastLine = lines.count - 1 }
        }
        return (lines, cursorLastLine)
    }

    /// The scroll offset that shows the option under the cursor: the learner's own offset,
    /// moved down just far enough when the cursor is below the bottom (on a small terminal
    /// ↓ walked the highlight off the screen, and Enter answered an option nobody could
    /// see). Never moved up, so PgUp still reaches a long stem; the features reset their
    /// offset when the cursor moves, so the view follows the cursor back up too.
    static func offset(_ offset: Int, showing cursorLastLine: Int, height: Int) -> Int {
        max(offset, cursorLastLine - max(1, height) + 1)
    }

    /// The options with the right ones ticked and the learner's own marked, the notes of
    /// the options they picked, the explanation and the source, then the notes of the
    /// other options shown (what to read first stays on the first screen).
    static func answerLines(_ asked: AskedQuestion, chosen: Set<Int>?, width: Int) -> [[StyledText]] {
        var lines = stemLines(asked.question, width: width)
        for (i, choice) in asked.shown.enumerated() {
            let picked = chosen?.contains(i) ?? false
            let marker = choice.isCorrect ? "✓ " : (picked ? "✗ " : "  ")
            var style: Style = .plain
            if choice.isCorrect { style = Style(bold: true, color: .green) } else if picked { style = Style(color: .red) }
            lines += optionLines(number: i + 1, text: choice.text + (picked ? "  ← your answer" : ""), marker: marker,
                                 style: style, width: width)
        }
        func notes(picked: Bool) {
            for (i, choice) in asked.shown.enumerated() where (chosen?.contains(i) ?? false) == picked {
                guard let note = choice.feedback, !note.isEmpty else { continue }
                lines.append([])
                lines += WordWrap.wrap([StyledText("“\(choice.text)”: ", .bold), StyledText(note)], width: width)
            }
        }
        notes(picked: true)
        lines.append([])
        lines += WordWrap.wrap([StyledText("Why: ", .bold), StyledText(asked.question.explanation)], width: width)
        if !asked.question.sources.isEmpty {
            lines.append([StyledText("Source: " + citation(asked.question.sources), .dim)])
        }
        notes(picked: false)
        return lines
    }

    static func verdictLine(_ correct: Bool) -> [StyledText] {
        correct ? [StyledText("✓ Right", Style(bold: true, color: .green))]
                : [StyledText("✗ Not quite", Style(bold: true, color: .red))]
    }

    static func feedbackLines(_ outcome: AnswerOutcome, width: Int) -> [[StyledText]] {
        [verdictLine(outcome.correct), []] + answerLines(outcome.asked, chosen: outcome.chosen, width: width)
    }

    /// The status row under an answer: saved and when it comes back, or still saving.
    static func receiptLine(_ receipt: SaveReceipt?) -> [StyledText] {
        guard let receipt else { return [StyledText("Saving…", .dim)] }
        return [StyledText("Saved", Style(color: .green)), StyledText(" · returns \(receipt.returns)", .dim)]
    }
}
