import StudyCore
import TerminalUI

/// Home: where the learner stands today, and where to go next.
enum DashboardView {
    static func draw(_ dashboard: DashboardState, state: AppState, in rect: Rect, into buffer: inout CellBuffer) -> [(String, String)] {
        var y = rect.y + 1
        let name = state.learnerName.isEmpty ? "" : "Hello, \(state.learnerName). "
        buffer.put(state.course.title, x: rect.x, y: y, style: .bold, maxWidth: rect.width)
        y += 1
        let figures = state.figures
        if let f = figures {
            let today = "\(name)Due today: \(f.dueToday) · new: \(f.newAvailable) · streak: \(f.streakDays) day\(f.streakDays == 1 ? "" : "s")"
            buffer.put(today, x: rect.x, y: y, maxWidth: rect.width)
        } else {
            buffer.put("\(name)Loading progress…", x: rect.x, y: y, style: .dim, maxWidth: rect.width)
        }
        y += 1
        if let f = figures, f.reviewsTotal == 0, state.lessonsRead.isEmpty, y < rect.maxY - 6 {
            buffer.put("New here? Open Lessons and read one: its questions then join Study today.",
                       x: rect.x, y: y, style: Style(color: .cyan), maxWidth: rect.width)
            y += 1
        }
        for notice in state.notices.prefix(2) where y < rect.maxY - 6 {
            buffer.put("! " + notice, x: rect.x, y: y, style: Style(color: .yellow), maxWidth: rect.width)
            y += 1
        }
        if state.notices.count > 2 {
            buffer.put("! … and \(state.notices.count - 2) more: run 'primer check' for details", x: rect.x, y: y,
                       style: Style(color: .yellow), maxWidth: rect.width)
            y += 1
        }
        y += 1

        // Menu on the left; progress on the right when there is room, else below.
        let menuWidth = 26
        let sideBySide = rect.width >= 70
        let menuRect = Rect(x: rect.x, y: y, width: sideBySide ? menuWidth : rect.width, height: MenuEntry.allCases.count)
        let rows: [[StyledText]] = MenuEntry.allCases.map { entry in
            var row = [StyledText(entry.rawValue)]
            if entry == .studyToday, let f = figures { row.append(StyledText("  \(f.dueToday + f.newAvailable)", .dim)) }
            return row
        }
        ListView.draw(rows: rows, selected: dashboard.selected, in: menuRect, into: &buffer)

        // Bars stay next to their labels on a wide terminal: the panel is at most 80 wide.
        let progressRect = sideBySide
            ? Rect(x: rect.x + menuWidth + 2, y: y, width: min(80, rect.width - menuWidth - 2), height: rect.maxY - y)
            : Rect(x: rect.x, y: menuRect.maxY + 1, width: rect.width, height: rect.maxY - menuRect.maxY - 1)
        if let f = figures { drawProgress(f, in: progressRect, into: &buffer) }
        return [("↑↓", "choose"), ("Enter", "open"), ("s", "study"), ("l", "lessons"), ("p", "practice"), ("x", "exam"), ("q", "quit")]
    }

    static func percent(_ x: Double) -> String { "\(Int((x * 100).rounded()))%" }

    /// Overall mastery, exam readiness, and a bar per theme.
    static func drawProgress(_ f: DashboardFigures, in rect: Rect, into buffer: inout CellBuffer) {
        guard rect.height > 0, rect.width > 20 else { return }
        var y = rect.y
        let barWidth = max(6, min(20, rect.width - 40))
        let labelWidth = rect.width - barWidth - 6
        func bar(_ label: String, _ value: Double, style: Style = .plain) {
            guard y < rect.maxY else { return }
            buffer.put(truncate(label, width: labelWidth), x: rect.x, y: y, style: style)
            buffer.put(ProgressBar.render(fraction: value, width: barWidth), x: rect.x + labelWidth + 1, y: y, style: Style(color: .green))
            buffer.put(percent(value), x: rect.x + labelWidth + barWidth + 2, y: y, style: style)
            y += 1
        }
        bar("Mastery", f.mastery, style: .bold)
        bar("Exam readiness", f.examReadiness, style: .bold)
        y += 1
        if y < rect.maxY {
            buffer.put("By theme", x: rect.x, y: y, style: .dim)
            y += 1
        }
        for theme in f.themes { bar(theme.title, theme.mastery) }
    }
}
