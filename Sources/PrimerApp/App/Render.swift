import StudyCore
import TerminalUI

/// The smallest terminal the screens are laid out for; below it a notice asks for more room.
public let minimumSize = Size(width: 40, height: 12)

/// Draws the whole state into `buffer`. Pure: the same state and size give the same cells.
public func render(_ state: AppState, into buffer: inout CellBuffer) {
    buffer.fill(buffer.bounds)
    if buffer.width < minimumSize.width || buffer.height < minimumSize.height {
        drawSizeNotice(into: &buffer)
        return
    }
    let (top, rest) = buffer.bounds.splitTop(1)
    let (content, footer) = rest.splitBottom(1)
    drawTitleBar(state, in: top, into: &buffer)
    let body = content.inset(dx: 1, dy: 0)
    let keys: [(String, String)]
    switch state.screen {
    case .dashboard(let dashboard): keys = DashboardView.draw(dashboard, state: state, in: body, into: &buffer)
    case .lessons(let list): keys = LessonListView.draw(list, state: state, in: body, into: &buffer)
    case .lesson(let lesson): keys = LessonView.draw(lesson, state: state, in: body, into: &buffer)
    case .quiz(let quiz): keys = QuizView.draw(quiz, in: body, into: &buffer)
    case .study(let study): keys = StudyView.draw(study, at: nil, in: body, into: &buffer)
    case .exam(let exam): keys = ExamView.draw(exam, course: state.course, in: body, into: &buffer)
    case .practiceSetup(let setup): keys = PracticeSetupView.draw(setup, state: state, in: body, into: &buffer)
    case .statistics(let stats): keys = StatsView.draw(stats, in: body, into: &buffer)
    case .settings(let settings): keys = SettingsView.draw(settings, in: body, into: &buffer)
    case .learner(let learner): keys = LearnerView.draw(learner, current: state.learnerName, in: body, into: &buffer)
    case .report(let report): keys = ReportView.draw(report, in: body, into: &buffer)
    }
    if let status = state.status {
        buffer.put(truncate(status, width: footer.width - 1), x: 1, y: footer.y, style: Style(bold: true, color: .red))
    } else {
        Footer.draw(keys + [("?", "help")], in: footer, into: &buffer)
    }
    if state.showingHelp { HelpOverlay.draw(for: state.screen, in: buffer.bounds, into: &buffer) }
}

private func drawTitleBar(_ state: AppState, in rect: Rect, into buffer: inout CellBuffer) {
    buffer.fill(rect, style: .reverse)
    let where_: String
    switch state.screen {
    case .dashboard: where_ = "Home"
    case .lessons: where_ = "Lessons"
    case .lesson: where_ = "Lesson"
    case .quiz: where_ = "Quiz"
    case .study: where_ = "Study today"
    case .exam: where_ = "Mock exam"
    case .practiceSetup: where_ = "Practice"
    case .statistics: where_ = "Statistics"
    case .settings: where_ = "Settings"
    case .learner: where_ = "Learner"
    case .report: where_ = "Class report"
    }
    let right = " \(where_) "
    let rightWidth = DisplayWidth.of(right)
    buffer.put(" primer · " + state.course.title, x: 0, y: rect.y, style: Style(bold: true, reverse: true),
               maxWidth: max(0, rect.width - rightWidth - 1))
    buffer.put(right, x: rect.maxX - rightWidth, y: rect.y, style: .reverse)
}

/// Shown instead of a screen when the terminal is too small; it recovers on the next resize.
private func drawSizeNotice(into buffer: inout CellBuffer) {
    let lines = ["Enlarge the terminal",
                 "to at least \(minimumSize.width)×\(minimumSize.height)",
                 "(now \(buffer.width)×\(buffer.height))"]
    let top = max(0, (buffer.height - lines.count) / 2)
    for (i, line) in lines.enumerated() where top + i < buffer.height {
        let w = DisplayWidth.of(line)
        buffer.put(line, x: max(0, (buffer.width - w) / 2), y: top + i, style: i == 0 ? .bold : .plain)
    }
}

/// The bottom line: the keys that work on this screen.
enum Footer {
    static func draw(_ keys: [(String, String)], in rect: Rect, into buffer: inout CellBuffer) {
        var x = rect.x + 1
        for (key, label) in keys {
            let needed = DisplayWidth.of(key) + 1 + DisplayWidth.of(label) + 2
            if x + needed > rect.maxX { break }
            x += buffer.put(key, x: x, y: rect.y, style: .bold)
            x += buffer.put(" " + label, x: x, y: rect.y, style: .dim)
            x += 2
        }
    }
}
