import StudyCore
import TerminalUI

enum LessonView {
    /// Lessons read best in a column of moderate width, even on a wide terminal.
    static let readingWidth = 78

    static func draw(_ state: LessonState, state app: AppState, in rect: Rect, into buffer: inout CellBuffer) -> [(String, String)] {
        let width = min(rect.width - 2, readingWidth)
        let x = rect.x + max(0, (rect.width - width) / 2)
        let lines = LessonLayout.lines(for: state.lesson, width: width - 1)
        let view = TextView(lines: lines)
        let textRect = Rect(x: x, y: rect.y + 1, width: width, height: rect.height - 1)
        let base = state.anchor.map { LessonLayout.anchorLine(for: $0, in: state.lesson, width: width - 1) } ?? 0
        let offset = max(0, min(base + state.scroll, view.maxOffset(height: textRect.height)))
        view.draw(offset: offset, in: textRect, into: &buffer)
        if state.anchor != nil {
            return [("↑↓", "scroll"), ("Esc", "back to the question")]
        }
        let atEnd = offset >= view.maxOffset(height: textRect.height)
        var keys: [(String, String)] = [("↑↓", "scroll"), ("PgUp/PgDn", "page")]
        keys.append(("Enter", atEnd ? "take the quiz" : "quiz"))
        keys.append(("Esc", "back"))
        return keys
    }
}
