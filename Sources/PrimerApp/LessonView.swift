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
        view.draw(offset: state.scroll, in: textRect, into: &buffer)
        let atEnd = min(state.scroll, view.maxOffset(height: textRect.height)) >= view.maxOffset(height: textRect.height)
        var keys: [(String, String)] = [("↑↓", "scroll"), ("PgUp/PgDn", "page")]
        keys.append(("Enter", atEnd ? "take the quiz" : "quiz"))
        keys.append(("Esc", "back"))
        return keys
    }
}
