import StudyCore
import TerminalUI

/// The lessons grouped by theme, with read marks and mastery.
enum LessonListView {
    static func draw(_ list: LessonListState, state: AppState, in rect: Rect, into buffer: inout CellBuffer) -> [(String, String)] {
        var y = rect.y + 1
        buffer.put("Lessons", x: rect.x, y: y, style: .bold, maxWidth: rect.width)
        y += 1
        let course = state.course
        let summary = "\(course.lessons.count) lessons · \(course.questions.count) questions · \(state.lessonsRead.count) read"
        buffer.put(summary, x: rect.x, y: y, style: .dim, maxWidth: rect.width)
        y += 2
        let listRect = Rect(x: rect.x, y: y, width: rect.width, height: rect.maxY - y)
        let barWidth = rect.width >= 70 ? 10 : 0
        let rows: [[StyledText]] = list.entries.map { entry in
            switch entry {
            case .themeHeader(let theme):
                return [StyledText(theme.title, Style(bold: true, color: .cyan))]
            case .lesson(let lesson):
                let mark = state.lessonsRead.contains(lesson.id) ? "✓ " : "  "
                var row = [StyledText("  " + mark, .dim)]
                if barWidth > 0 {
                    let mastery = state.figures?.lessonMastery[lesson.id] ?? 0
                    row.append(StyledText(ProgressBar.render(fraction: mastery, width: barWidth) + " ", .dim))
                }
                row += [StyledText(lesson.title), StyledText("  \(lesson.questions.count) q", .dim)]
                return row
            }
        }
        if rows.isEmpty {
            buffer.put("This course has no lessons that loaded.", x: rect.x, y: y, maxWidth: rect.width)
        } else {
            ListView.draw(rows: rows, selected: list.selected, in: listRect, into: &buffer)
        }
        return [("↑↓", "choose"), ("Enter", "read"), ("t", "quiz"), ("Esc", "back")]
    }
}
