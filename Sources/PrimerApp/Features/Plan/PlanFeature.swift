import Foundation
import StudyCore
import TerminalUI

/// What the Plan screen shows, computed by the run loop (`PlanForecast` for the learner).
public struct PlanFigures: Sendable, Equatable {
    public struct Day: Sendable, Equatable {
        public var date: Date
        public var reviews: Int
        public var new: Int
        public var minutes: Int
        public init(date: Date, reviews: Int, new: Int, minutes: Int) {
            self.date = date
            self.reviews = reviews
            self.new = new
            self.minutes = minutes
        }
    }
    /// The exam ahead, and the plan to it; nil with none set (or once it has passed).
    public var forecast: PlanForecast?
    /// An exam date that has passed.
    public var passed: Date?
    public var newPerDayLimit: Int
    public var now: Date
    /// New questions the plan introduces that wait for their lesson to be read.
    public var inUnreadLessons: Int

    public init(forecast: PlanForecast?, passed: Date?, newPerDayLimit: Int, now: Date, inUnreadLessons: Int = 0) {
        self.forecast = forecast
        self.passed = passed
        self.newPerDayLimit = newPerDayLimit
        self.now = now
        self.inUnreadLessons = inUnreadLessons
    }
}

public struct PlanState: Sendable, Equatable {
    public var figures: PlanFigures?
    public var scroll = 0
    public init() {}
}

/// The plan to the learner's exam: days left, the predicted score with the plan and
/// without more study, and what each day until then will ask.
enum PlanFeature: Feature {
    /// The reading column's widest (the screen's drawing and its scroll limit agree on it).
    static let columnWidth = 80
    enum Command: Sendable { case scroll(Scroll), settings, back }

    static var path: ScreenPath<PlanState> { .plan }
    static let title = "Exam plan"

    static func keymap(_ state: PlanState, _ app: AppState) -> Keymap<Command> {
        Keymap(Scroll.bindings(Command.scroll) + [
            .key(.character("e"), .settings, label: "set or change the exam date", footer: "e", short: "date"),
            KeyBinding([(.escape, .back), (.character("q"), .back), (.left, .back), (.enter, .back), (.backspace, .back)],
                       label: "back", footer: "Esc"),
        ])
    }

    static func handle(_ command: Command, _ state: inout PlanState, _ app: inout AppState, at now: Date) -> [Effect] {
        switch command {
        case .scroll(let scroll):
            let figures = state.figures, zone = app.timeZone
            state.scroll = ReadingColumn.scrolled(scroll, from: state.scroll, maxWidth: columnWidth, size: app.size) { width in
                figures.map { PlanView.lines($0, zone: zone, width: width) }
            }
        case .settings:
            var settings = SettingsState(draft: app.preferences, now: now)
            settings.cursor = SettingsState.Field.examDate.rawValue
            app.push(.settings(settings))
        case .back: return app.goBack()
        }
        return []
    }

    static func draw(_ state: PlanState, _ app: AppState, in rect: Rect, into buffer: inout CellBuffer) {
        ReadingColumn.draw(maxWidth: columnWidth, offset: state.scroll, placeholder: "Planning…", in: rect, into: &buffer) { width in
            state.figures.map { PlanView.lines($0, zone: app.timeZone, width: width) }
        }
    }
}

enum PlanView {
    static func lines(_ f: PlanFigures, zone: TimeZone, width: Int) -> [[StyledText]] {
        var lines: [[StyledText]] = []
        func wrapped(_ text: String, _ style: Style = .plain) {
            for line in WordWrap.wrapPlain(text, width: max(10, width)) { lines.append([StyledText(line, style)]) }
        }
        guard let p = f.forecast else {
            if let passed = f.passed {
                wrapped("Your exam on \(DayText.short(passed, zone: zone, from: f.now)) has passed: Study today schedules as usual.")
            } else {
                wrapped("No exam date is set.", .bold)
            }
            wrapped("Set one with e (Settings, Exam date), or: primer plan --exam-date YYYY-MM-DD. Study today then "
                    + "schedules for that day: reviews spaced longer early on, a last review of every question close "
                    + "to the exam, and the weakest questions first in the last week.", .dim)
            return lines
        }
        let left = p.daysLeft
        var head = "Exam on \(DayText.short(p.exam.date, zone: zone, from: f.now)) \(TimeText.clock(p.exam.date, zone: zone)) · "
            + (left == 0 ? "today" : "\(left) day\(left == 1 ? "" : "s") left")
        if let target = p.exam.target { head += " · target \(percentText(target))" }
        wrapped(head, .bold)   // whole on a narrow screen: the days left and the target matter most
        lines.append([])
        var note = ""
        if let onTrack = p.onTrack, let target = p.exam.target {
            note = onTrack ? "  on track" : "  \(Int(((target - p.predictedWithPlan) * 100).rounded(.up))) points short"
        }
        // Both bars in one column; on a narrow screen the bar gives way first (to 4 cells),
        // then the label, so the percentage and whether the learner is on track stay whole.
        let fixed = DisplayWidth.of(" 100%") + DisplayWidth.of(note)
        let barWidth = max(4, min(12, width - min(26, max(12, width - 18)) - fixed))
        let labelWidth = max(8, min(26, width - barWidth - fixed))
        func bar(_ label: String, _ value: Double, note: String = "", _ style: Style = .plain) {
            let shown = truncate(label, width: labelWidth - 1)
            let pad = String(repeating: " ", count: max(1, labelWidth - DisplayWidth.of(shown)))
            lines.append([StyledText(shown + pad), StyledText(ProgressBar.render(fraction: value, width: barWidth), Style(color: .green)),
                          StyledText(" " + percentText(value)), StyledText(note, style)])
        }
        bar("If you follow the plan", p.predictedWithPlan, note: note, p.onTrack == false ? Style(color: .red) : Style(color: .green))
        bar("If you stopped today", p.predictedIfStopped)
        wrapped("Predicted exam scores, guesses included.", .dim)
        let cost = Int((p.missedDayCost * 100).rounded())
        if cost > 0 { wrapped("A day without study today would cost about \(cost) point\(cost == 1 ? "" : "s").", .dim) }
        if p.paceTooSlow {
            wrapped("At \(f.newPerDayLimit) new questions a day, the last of the \(p.unseen) you have not met come too close "
                    + "to the exam to be reviewed; \(p.newPerDayNeeded) a day would leave time (Settings).", Style(color: .yellow))
        }
        if f.inUnreadLessons > 0 {
            wrapped(PlanWording.unreadLessons(f.inUnreadLessons), .dim)
        }
        lines.append([])
        lines.append([StyledText("Day          reviews   new   minutes", .bold)])
        for day in p.days {
            let date = DayText.short(day.date, zone: zone).padding(toLength: 12, withPad: " ", startingAt: 0)
            lines.append([StyledText(date + pad(day.reviews, 8) + pad(day.new, 6) + pad(day.minutes, 10))])
        }
        return lines
    }

    static func pad(_ n: Int, _ width: Int) -> String {
        let s = String(n)
        return String(repeating: " ", count: max(0, width - s.count)) + s
    }
}
