import Foundation
import StudyCore
import TerminalUI

/// The class report for tutors, as the run loop computed it from every learner's answers.
public struct ReportFigures: Sendable, Equatable {
    public struct LearnerLine: Sendable, Equatable {
        public var name: String
        public var score: Double
        public var answered: Int
        /// Questions set: those answered, and those left blank in handed-in exams.
        public var questions: Int
        public init(name: String, score: Double, answered: Int, questions: Int? = nil) {
            self.name = name
            self.score = score
            self.answered = answered
            self.questions = questions ?? answered
        }
    }
    public struct ThemeLine: Sendable, Equatable {
        public var title: String
        public var average: Double
        public var learners: Int
        public init(title: String, average: Double, learners: Int) {
            self.title = title
            self.average = average
            self.learners = learners
        }
    }
    public struct ItemLine: Sendable, Equatable {
        public var questionID: String
        public var stem: String
        public var answers: Int
        public var facility: Double
        public var discrimination: Double?
        public var mostChosenWrong: String?
        public var mostChosenWrongCount: Int
        public init(questionID: String, stem: String, answers: Int, facility: Double, discrimination: Double?,
                    mostChosenWrong: String?, mostChosenWrongCount: Int) {
            self.questionID = questionID
            self.stem = stem
            self.answers = answers
            self.facility = facility
            self.discrimination = discrimination
            self.mostChosenWrong = mostChosenWrong
            self.mostChosenWrongCount = mostChosenWrongCount
        }
    }
    public var learners: [LearnerLine]
    public var themes: [ThemeLine]
    /// Hardest first.
    public var items: [ItemLine]
    /// Exams not handed in (abandoned, or with no end recorded), whose answers count nowhere.
    public var abandonedExams: Int
    public init(learners: [LearnerLine], themes: [ThemeLine], items: [ItemLine], abandonedExams: Int = 0) {
        self.learners = learners
        self.themes = themes
        self.items = items
        self.abandonedExams = abandonedExams
    }
}

public struct ReportState: Sendable, Equatable {
    public var figures: ReportFigures?
    public var scroll = 0
    public init() {}
}

enum ReportFeature: Feature {
    enum Command: Sendable { case scroll(Scroll), back }

    static var path: ScreenPath<ReportState> { .report }
    static let title = "Class report"

    static func keymap(_ state: ReportState, _ app: AppState) -> Keymap<Command> {
        Keymap(Scroll.bindings(Command.scroll) + [
            KeyBinding([(.escape, .back), (.character("q"), .back), (.left, .back), (.enter, .back), (.backspace, .back)],
                       label: "back", footer: "Esc"),
        ])
    }

    static func handle(_ command: Command, _ state: inout ReportState, _ app: inout AppState, at now: Date) -> [Effect] {
        switch command {
        case .scroll(let scroll):
            let figures = state.figures
            state.scroll = ReadingColumn.scrolled(scroll, from: state.scroll, maxWidth: ReportView.columnWidth, size: app.size,
                                                  rowsAbove: ReportView.rowsAbove) { width in
                figures.map { ReportView.lines($0, width: width) }
            }
        case .back: return app.goBack()
        }
        return []
    }

    static func draw(_ state: ReportState, _ app: AppState, in rect: Rect, into buffer: inout CellBuffer) {
        ReportView.draw(state, in: rect, into: &buffer)
    }
}

enum ReportView {
    static func percent(_ x: Double) -> String { percentText(x) }

    static func lines(_ f: ReportFigures, width: Int) -> [[StyledText]] {
        var lines: [[StyledText]] = []
        // "3 of 4 answered": one question was left blank in a handed-in exam.
        let learnerNotes = f.learners.map { learner in
            learner.questions > learner.answered ? "\(learner.answered) of \(learner.questions) answered" : "\(learner.answered) answered"
        }
        let themeNotes = f.themes.map { plural($0.learners, "learner") }
        // One column of bars for both lists; on a narrow screen the label gives way, then
        // the bar, so the percentage and its count stay whole.
        let fixed = DisplayWidth.of(" 100%") + 2 + ((learnerNotes + themeNotes).map(DisplayWidth.of).max() ?? 0)
        let labelWidth = max(8, min(40, width - 1 - 10 - fixed))
        let barWidth = max(4, min(10, width - labelWidth - 1 - fixed))
        func row(_ label: String, _ value: Double, _ note: String) {
            let shown = truncate(label, width: labelWidth)
            let pad = String(repeating: " ", count: max(1, labelWidth + 1 - DisplayWidth.of(shown)))
            let bar: [StyledText] = [StyledText(shown + pad), StyledText(ProgressBar.render(fraction: value, width: barWidth), Style(color: .green)),
                                     StyledText(" " + percent(value))]
            // A column too narrow for the note beside the bar ("101 of 105 answered" at 40
            // columns) gets it on the line below rather than cut.
            if DisplayWidth.of((bar.map(\.text) + ["  " + note]).joined()) <= width {
                lines.append(bar + [StyledText("  " + note, .dim)])
            } else {
                lines.append(bar)
                lines.append([StyledText("    " + note, .dim)])
            }
        }
        // The same score as `primer report`: a question left blank in a handed-in exam counts as wrong.
        lines += ReadingColumn.heading("Learners", "right answers over questions set", width: width)
        if f.learners.isEmpty { lines.append([StyledText("No answers yet.", .dim)]) }
        for (learner, note) in zip(f.learners, learnerNotes) { row(learner.name, learner.score, note) }
        if f.abandonedExams > 0 {
            // As `primer report` says it: these answers are in no figure below.
            lines += WordWrap.wrap("\(plural(f.abandonedExams, "abandoned exam")) left out (left before the end: no score)",
                                   width: width, style: .dim)
        }
        lines.append([])
        lines += ReadingColumn.heading("Themes", "mean of each learner's share right", width: width)
        for (theme, note) in zip(f.themes, themeNotes) { row(theme.title, theme.average, note) }
        lines.append([])
        lines.append([StyledText("Questions, hardest first", .bold)])
        lines += WordWrap.wrap("facility = share right · discrimination = upper third minus lower third", width: width, style: .dim)
        for item in f.items {
            lines.append([])
            lines += WordWrap.wrap([StyledText(item.stem)], width: width)
            var detail = "\(item.questionID) · \(plural(item.answers, "answer")) · facility \(percent(item.facility))"
            detail += " · discrimination " + (item.discrimination.map { String(format: "%.2f", $0) } ?? "–")
            lines += WordWrap.wrap(detail, width: width, style: .dim)
            if let wrong = item.mostChosenWrong {
                lines += WordWrap.wrap([StyledText("most chosen wrong: ", .dim), StyledText("“\(wrong)”", Style(color: .red)),
                                        StyledText(" (\(item.mostChosenWrongCount))", .dim)], width: width)
            }
        }
        return lines
    }

    static let columnWidth = 92
    /// The title and a blank row above the scrolling text.
    static let rowsAbove = 2

    static func draw(_ state: ReportState, in rect: Rect, into buffer: inout CellBuffer) {
        let column = ReadingColumn.rect(maxWidth: columnWidth, in: rect)
        // The whole title, or the words that fit whole ("Class report" on a narrow terminal).
        let title = "Class report · every learner in this data folder"
        buffer.put(DisplayWidth.of(title) <= column.width ? title : "Class report", x: column.x, y: rect.y, style: .bold,
                   maxWidth: column.width)
        let below = Rect(x: rect.x, y: rect.y + rowsAbove, width: rect.width, height: max(0, rect.height - rowsAbove))
        ReadingColumn.draw(maxWidth: columnWidth, offset: state.scroll, placeholder: "Counting…", in: below, into: &buffer) { width in
            state.figures.map { lines($0, width: width) }
        }
    }
}
