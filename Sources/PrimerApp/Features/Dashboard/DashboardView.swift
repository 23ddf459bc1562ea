import Foundation
import StudyCore
import TerminalUI

/// Home's layout: the course and today's counts at the top, the menu, and progress beside
/// the menu on a wide terminal (below it when there is room, else left out). The menu
/// always gets at least one row and scrolls, so its selection is visible at any size.
enum DashboardView {
    static let menuWidth = 26

    static func draw(_ state: DashboardState, _ app: AppState, in rect: Rect, into buffer: inout CellBuffer) {
        let roomy = rect.height >= 16
        var y = rect.y + (roomy ? 1 : 0)
        buffer.put(app.course.title, x: rect.x, y: y, style: .bold, maxWidth: rect.width)
        y += 1
        let entries = MenuEntry.allCases
        let sideBySide = rect.width >= 70
        // The progress panel goes beside the menu, or below it with at least 4 rows; when
        // it can have neither, the two headline figures join the header, so a small
        // terminal still shows them.
        var header = headerLines(app, width: rect.width, roomy: roomy, figuresInHeader: false)
        if !sideBySide, app.figures != nil, y + header.count + (roomy ? 1 : 0) + entries.count + 4 > rect.maxY {
            header = headerLines(app, width: rect.width, roomy: roomy, figuresInHeader: true)
        }
        for line in header where y < rect.maxY - 1 {
            buffer.put(line.text, x: rect.x, y: y, style: line.style, maxWidth: rect.width)
            y += 1
        }
        if roomy { y += 1 }

        let menuHeight = max(1, min(entries.count, rect.maxY - y))
        let menuRect = Rect(x: rect.x, y: y, width: sideBySide ? menuWidth : rect.width, height: menuHeight)
        let rows: [[StyledText]] = entries.map { entry in
            var row = [StyledText(entry.rawValue)]
            if entry == .studyToday, let f = app.figures { row.append(StyledText("  \(f.studyNow)", .dim)) }
            return row
        }
        ListView.draw(rows: rows, selected: state.selected, in: menuRect, into: &buffer)

        guard let f = app.figures else { return }
        // Bars stay next to their labels on a wide terminal: the panel is at most 80 wide.
        if sideBySide {
            drawProgress(f, zone: app.timeZone, in: Rect(x: rect.x + menuWidth + 2, y: y, width: min(80, rect.width - menuWidth - 2),
                                     height: rect.maxY - y), into: &buffer)
        } else if menuRect.maxY + 4 <= rect.maxY {
            drawProgress(f, zone: app.timeZone, in: Rect(x: rect.x, y: menuRect.maxY + 1, width: rect.width, height: rect.maxY - menuRect.maxY - 1),
                         into: &buffer)
        }
    }

    /// The greeting and today's counts, then hints and notices when there is room.
    static func headerLines(_ app: AppState, width: Int, roomy: Bool, figuresInHeader: Bool = false) -> [(text: String, style: Style)] {
        var lines: [(String, Style)] = []
        guard let f = app.figures else {
            lines.append(("Loading progress…", .dim))
            return lines
        }
        // Wrapped, not cut: every count matters (they add up to what Study today asks).
        for line in WordWrap.wrapPlain(todayLine(f, learner: app.learnerName), width: max(10, width)) { lines.append((line, .plain)) }
        let upcoming = f.exam.flatMap { f.examPassed ? nil : $0 }
        let days = f.examDaysLeft
        let countdown = days == 0 ? "today" : "in \(days) day\(days == 1 ? "" : "s")"
        // The figures are about the exam day when there is one: said once, with the countdown.
        let figuresAboutExam = figuresInHeader && upcoming != nil && f.horizonIsExam
        if figuresInHeader {
            let day: String
            if figuresAboutExam, let exam = upcoming {
                day = " on exam day (\(DayText.short(exam.date, zone: app.timeZone)), \(countdown))"
            } else {
                day = f.horizon.map { " (on " + DayText.short($0, zone: app.timeZone) + ")" } ?? ""
            }
            let figures = "Mastery \(percent(f.mastery)) · Exam readiness \(percent(f.examReadiness))" + day
            for line in WordWrap.wrapPlain(figures, width: max(10, width)) { lines.append((line, .bold)) }
        }
        if let seat = app.liveSeat, seat.quiz.phase != .ended {
            lines.append(("Live quiz running: \(seat.quiz.title) · j joins", Style(color: .magenta)))
        }
        // The exam's countdown shows at every size (exam-date mode is what Study today is
        // doing); on a small screen without what it does, which the Plan says.
        if let exam = upcoming, !figuresAboutExam || roomy {
            let when = (days == 0 ? "Exam today" : "Exam \(countdown)") + " (\(DayText.short(exam.date, zone: app.timeZone)))"
            let line = !roomy ? when
                : figuresAboutExam ? "Study today schedules for the exam · e: the plan"   // the day is said just above
                : when + ": Study today schedules for it · e: the plan"
            for part in WordWrap.wrapPlain(line, width: max(10, width)) { lines.append((part, Style(color: .cyan))) }
        }
        guard roomy else { return lines }
        if let exam = f.exam, f.examPassed {
            lines.append(("Your exam on \(DayText.short(exam.date, zone: app.timeZone)) has passed: scheduling as usual.", .dim))
        }
        if f.reviewsTotal == 0, app.lessonsRead.isEmpty {
            for line in WordWrap.wrapPlain("New here? Open Lessons and read one: its questions then join Study today.", width: max(10, width)) {
                lines.append((line, Style(color: .cyan)))
            }
        }
        for notice in app.notices.prefix(2) {
            for (i, line) in WordWrap.wrapPlain("! " + notice, width: max(10, width)).enumerated() {
                lines.append(((i == 0 ? "" : "  ") + line, Style(color: .yellow)))
            }
        }
        if app.notices.count > 2 {
            lines.append(("! … and \(app.notices.count - 2) more: run 'primer check' for details", Style(color: .yellow)))
        }
        return lines
    }

    /// "Hello, ayesha. Due now: 4 · later today: 2 · new: 9 · streak: 1 day": "later today"
    /// and "over today's limit" appear only when there are some, so the counts always add
    /// up to what Study today will ask now and later.
    static func todayLine(_ f: DashboardFigures, learner: String) -> String {
        var parts = ["Due now: \(f.dueNow)"]
        if f.laterToday > 0 { parts.append("later today: \(f.laterToday)") }
        parts.append("new: \(f.newAvailable)")
        if f.beyondLimit > 0 { parts.append("over today's limit: \(f.beyondLimit)") }
        parts.append("streak: \(plural(f.streakDays, "day"))")
        let greeting = learner.isEmpty ? "" : "Hello, \(learner). "
        return greeting + parts.joined(separator: " · ")
    }

    static func percent(_ x: Double) -> String { percentText(x) }

    /// Overall mastery, exam readiness, what they mean, and a bar per theme.
    static func drawProgress(_ f: DashboardFigures, zone: TimeZone, in rect: Rect, into buffer: inout CellBuffer) {
        guard rect.height > 0, rect.width > 20 else { return }
        var y = rect.y
        let barWidth = max(6, min(20, rect.width - 40))
        let labelWidth = rect.width - barWidth - 6
        func bar(_ label: String, _ value: Double, style: Style = .plain) {
            guard y < rect.maxY else { return }
            buffer.put(label, x: rect.x, y: y, style: style, maxWidth: labelWidth)
            buffer.put(ProgressBar.render(fraction: value, width: barWidth), x: rect.x + labelWidth + 1, y: y, style: Style(color: .green))
            buffer.put(percent(value), x: rect.x + labelWidth + barWidth + 2, y: y, style: style)
            y += 1
        }
        let day = f.horizon.map { " on " + DayText.short($0, zone: zone) } ?? ""
        bar("Mastery" + day, f.mastery, style: .bold)
        bar("Exam readiness" + day, f.examReadiness, style: .bold)
        // What the figures mean, when the theme bars leave the rows for it (`primer stats` says it too).
        var spare = rect.maxY - y - 3 - f.themes.count
        func note(_ lines: [String]) {
            guard !lines.isEmpty, lines.count <= spare else { return }
            for line in lines {
                buffer.put("  " + line, x: rect.x, y: y, style: .dim, maxWidth: rect.width)
                y += 1
            }
            spare -= lines.count
        }
        if let range = f.readinessRange, percent(range.lowerBound) != percent(range.upperBound) {
            note(["likely \(percent(range.lowerBound))–\(percent(range.upperBound)): little data on you yet"])
        }
        if f.horizon != nil {
            let when = f.horizonIsExam ? "on your exam day" : "a week from now"
            note(WordWrap.wrapPlain("Mastery: what you would recall unaided \(when); readiness: your predicted "
                                    + "score then, guesses included. Both assume no more study.", width: rect.width - 2))
        }
        y += 1
        if y < rect.maxY {
            buffer.put("By theme", x: rect.x, y: y, style: .dim)
            y += 1
        }
        for theme in f.themes { bar(theme.title, theme.mastery) }
    }
}
