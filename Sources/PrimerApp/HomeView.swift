import StudyCore
import TerminalUI

enum HomeView {
    static func draw(_ home: HomeState, state: AppState, in rect: Rect, into buffer: inout CellBuffer) -> [(String, String)] {
        var y = rect.y + 1
        buffer.put(state.course.title, x: rect.x, y: y, style: .bold, maxWidth: rect.width)
        y += 1
        let course = state.course
        let summary = "\(course.lessons.count) lessons · \(course.questions.count) questions · \(state.lessonsRead.count) read"
        buffer.put(summary, x: rect.x, y: y, style: .dim, maxWidth: rect.width)
        y += 1
        for notice in state.notices.prefix(3) where y < rect.maxY - 4 {
            buffer.put("! " + notice, x: rect.x, y: y, style: Style(color: .yellow), maxWidth: rect.width)
            y += 1
        }
        if state.notices.count > 3 {
            buffer.put("! … and \(state.notices.count - 3) more: run 'primer check' for details", x: rect.x, y: y,
                       style: Style(color: .yellow), maxWidth: rect.width)
            y += 1
        }
        y += 1
        let listRect = Rect(x: rect.x, y: y, width: rect.width, height: rect.maxY - y)
        let rows: [[StyledText]] = home.entries.map { entry in
            switch entry {
            case .themeHeader(let theme):
                return [StyledText(theme.title, Style(bold: true, color: .cyan))]
            case .lesson(let lesson):
                let mark = state.lessonsRead.contains(lesson.id) ? "✓ " : "  "
                let count = "  \(lesson.questions.count) q"
                return [StyledText("  " + mark, .dim), StyledText(lesson.title), StyledText(count, .dim)]
            }
        }
        if rows.isEmpty {
            buffer.put("This course has no lessons that loaded.", x: rect.x, y: y, maxWidth: rect.width)
        } else {
            ListView.draw(rows: rows, selected: home.selected, in: listRect, into: &buffer)
        }
        return [("↑↓", "choose"), ("Enter", "read"), ("t", "quiz"), ("q", "quit")]
    }
}
