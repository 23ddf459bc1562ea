import Foundation
import StudyCore
import TerminalUI

/// What the statistics screen shows, computed from the store by the run loop.
public struct StatsFigures: Sendable, Equatable {
    /// Reviews per day for the last 26 weeks, oldest first, ending today.
    public var reviewsPerDay: [Int]
    /// Weekday of today, 0 = Monday.
    public var todayWeekday: Int
    /// Items due on each of the next 30 study days (today first, overdue included).
    public var forecast: [Int]
    /// Per theme: title, share of review answers right over 30 days (nil: none), how many.
    public var retention: [(title: String, value: Double?, answers: Int)]
    /// Mastery at the end of each of the last 12 weeks, oldest first.
    public var masteryByWeek: [Double]
    /// Past mock exams: when, score (0...1; nil for an abandoned exam), passed.
    public var exams: [(date: Date, score: Double?, passed: Bool)]
    /// The learner model's predictions against the learner's answers.
    public var calibration: Calibration?

    public init(reviewsPerDay: [Int], todayWeekday: Int, forecast: [Int],
                retention: [(title: String, value: Double?, answers: Int)], masteryByWeek: [Double],
                exams: [(date: Date, score: Double?, passed: Bool)], calibration: Calibration? = nil) {
        self.calibration = calibration
        self.reviewsPerDay = reviewsPerDay
        self.todayWeekday = todayWeekday
        self.forecast = forecast
        self.retention = retention
        self.masteryByWeek = masteryByWeek
        self.exams = exams
    }

    public static func == (a: StatsFigures, b: StatsFigures) -> Bool {
        a.reviewsPerDay == b.reviewsPerDay && a.todayWeekday == b.todayWeekday && a.forecast == b.forecast
            && a.retention.map(\.title) == b.retention.map(\.title) && a.retention.map(\.value) == b.retention.map(\.value)
            && a.retention.map(\.answers) == b.retention.map(\.answers) && a.masteryByWeek == b.masteryByWeek
            && a.exams.map(\.date) == b.exams.map(\.date) && a.exams.map(\.score) == b.exams.map(\.score)
            && a.exams.map(\.passed) == b.exams.map(\.passed) && a.calibration == b.calibration
    }

    public static let weeks = 26
}

public struct StatsState: Sendable, Equatable {
    public var figures: StatsFigures?
    public var scroll = 0
    public init() {}
}

enum StatsFeature: Feature {
    /// The reading column's widest (the screen's drawing and its scroll limit agree on it).
    static let columnWidth = 92
    enum Command: Sendable { case scroll(Scroll), back }

    static var path: ScreenPath<StatsState> { .statistics }
    static let title = "Statistics"

    static func keymap(_ state: StatsState, _ app: AppState) -> Keymap<Command> {
        Keymap(Scroll.bindings(Command.scroll) + [
            KeyBinding([(.escape, .back), (.character("q"), .back), (.left, .back), (.enter, .back), (.backspace, .back)],
                       label: "back", footer: "Esc"),
        ])
    }

    static func handle(_ command: Command, _ state: inout StatsState, _ app: inout AppState, at now: Date) -> [Effect] {
        switch command {
        case .scroll(let scroll):
            let figures = state.figures, zone = app.timeZone
            state.scroll = ReadingColumn.scrolled(scroll, from: state.scroll, maxWidth: columnWidth, size: app.size) { width in
                figures.map { StatsView.lines($0, zone: zone, width: width) }
            }
        case .back: return app.goBack()
        }
        return []
    }

    static func draw(_ state: StatsState, _ app: AppState, in rect: Rect, into buffer: inout CellBuffer) {
        ReadingColumn.draw(maxWidth: StatsFeature.columnWidth, offset: state.scroll, placeholder: "Counting…", in: rect, into: &buffer) { width in
            state.figures.map { StatsView.lines($0, zone: app.timeZone, width: width) }
        }
    }
}

enum StatsView {
    static func percent(_ x: Double) -> String { percentText(x) }

    static func lines(_ f: StatsFigures, zone: TimeZone, width: Int) -> [[StyledText]] {
        var lines: [[StyledText]] = []
        let total = f.reviewsPerDay.reduce(0, +)
        lines += ReadingColumn.heading("Reviews, last 26 weeks", "\(total) in all · busiest day \(f.reviewsPerDay.max() ?? 0)", width: width)
        let days = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
        for (i, row) in Charts.heatmap(counts: f.reviewsPerDay, weeks: StatsFigures.weeks, todayWeekday: f.todayWeekday).enumerated() {
            lines.append([StyledText(days[i] + " ", .dim), StyledText(row, Style(color: .green))])
        }
        let shades = ["· none", "░ few", "▒ some", "▓ many", "█ most"]
        let legend = shades.joined(separator: "  ")
        if width >= DisplayWidth.of(legend) {
            lines.append([StyledText((width >= 4 + DisplayWidth.of(legend) ? "    " : "") + legend, .dim)])
        } else {
            // The smallest terminal's column: on two lines rather than cut ("█ mo…").
            lines.append([StyledText(shades[..<3].joined(separator: "  "), .dim)])
            lines.append([StyledText(shades[3...].joined(separator: "  "), .dim)])
        }
        lines.append([])
        let due = f.forecast.reduce(0, +)
        lines += ReadingColumn.heading("Due, next 30 days", "\(due) in all · today \(f.forecast.first ?? 0)", width: width)
        for row in Charts.bars(f.forecast, height: 4) { lines.append([StyledText("    "), StyledText(row, Style(color: .cyan))]) }
        lines.append([StyledText("    today" + String(repeating: " ", count: max(1, f.forecast.count - 12)) + "+30 days", .dim)])
        lines.append([])
        lines += ReadingColumn.heading("Retention by theme, last 30 days", "(right, once past learning steps)", width: width)
        // The label gives way so the bar and "100% of 123" (or "none past learning yet") fit.
        let labelWidth = max(10, min(44, width - 23))
        for theme in f.retention {
            let label = truncate(theme.title, width: labelWidth)
            let pad = String(repeating: " ", count: max(1, labelWidth + 1 - DisplayWidth.of(label)))
            if let value = theme.value {
                lines.append([StyledText(label + pad), StyledText(ProgressBar.render(fraction: value, width: 10), Style(color: .green)),
                              StyledText(" \(percent(value)) of \(theme.answers)")])
            } else {
                lines.append([StyledText(label + pad), StyledText("none past learning yet", .dim)])
            }
        }
        lines.append([])
        lines += ReadingColumn.heading("Mastery over the last 12 weeks", "(recall unaided a week after each)", width: width)
        lines.append([StyledText("    "), StyledText(Charts.sparkline(f.masteryByWeek), Style(color: .green)),
                      StyledText("  now \(percent(f.masteryByWeek.last ?? 0))", .dim)])
        lines.append([])
        lines += calibrationLines(f.calibration, width: width)
        lines.append([])
        lines.append([StyledText("Mock exams", .bold)])
        if f.exams.isEmpty {
            lines.append([StyledText("    none yet: Mock exam on the home screen", .dim)])
        } else {
            // "    2026-12-01 10:00  " then the bar, " 100%  fail": on a narrow screen the bar
            // gives way, so the verdict stays.
            let barWidth = max(3, min(10, width - 33))
            for exam in f.exams.suffix(10) {
                let when = StyledText("    \(TimeText.dateTime(exam.date, zone: zone))  ")
                guard let score = exam.score else {
                    lines.append([when, StyledText(width >= 43 ? "abandoned, not scored" : "abandoned", .dim)])
                    continue
                }
                lines.append([when, StyledText(ProgressBar.render(fraction: score, width: barWidth) + " ", Style(color: .green)),
                              StyledText(percent(score) + "  "),
                              StyledText(exam.passed ? "pass" : "fail", exam.passed ? Style(color: .green) : Style(color: .red))])
            }
        }
        return lines
    }

    /// "How well primer predicts you": each answer's predicted chance of being right,
    /// against what happened, in tenths (see `Calibration`).
    static func calibrationLines(_ c: Calibration?, width: Int) -> [[StyledText]] {
        var lines: [[StyledText]] = [[StyledText("How well primer predicts you", .bold)]]
        guard let c else { return lines }
        for line in WordWrap.wrapPlain(c.sentence, width: max(10, width - 4)) { lines.append([StyledText("    " + line, .dim)]) }
        guard !c.bins.isEmpty else { return lines }
        lines.append([StyledText("    predicted   right   answers", .dim)])
        for bin in c.bins {
            let predicted = percent(bin.meanPredicted).padding(toLength: 12, withPad: " ", startingAt: 0)
            let observed = percent(bin.observed).padding(toLength: 8, withPad: " ", startingAt: 0)
            lines.append([StyledText("    " + predicted), StyledText(observed, Style(color: .green)), StyledText("\(bin.count)")])
        }
        // Before enough answers the sentence says primer cannot yet say how close it is, so no
        // summary figure contradicts it ("gap over bins 58.2 points" from 25 answers).
        if let loss = c.logLoss, c.isEnough {
            let (lossText, gapText) = (String(format: "log loss %.3f", loss), String(format: "gap over bins %.1f points", (c.rmseBins ?? 0) * 100))
            if 4 + DisplayWidth.of(lossText + " · " + gapText) <= width {
                lines.append([StyledText("    " + lossText + " · " + gapText, .dim)])
            } else {   // a narrow column: one figure a line rather than the second cut
                lines.append([StyledText("    " + lossText, .dim)])
                lines.append([StyledText("    " + gapText, .dim)])
            }
        }
        return lines
    }
}
