import Foundation
import StudyCore
import TerminalUI

/// The lessons, grouped by theme; `selected` indexes `entries`.
public struct LessonListState: Sendable, Equatable {
    public enum Entry: Sendable, Equatable {
        case themeHeader(Theme)
        case lesson(Lesson)
    }
    public var entries: [Entry]
    public var selected: Int

    public init(course: Course) {
        var entries: [Entry] = []
        for theme in course.themes.sorted(by: { $0.order < $1.order }) {
            let lessons = course.lessons(inTheme: theme.id)
            guard !lessons.isEmpty else { continue }
            entries.append(.themeHeader(theme))
            entries += lessons.map(Entry.lesson)
        }
        self.entries = entries
        selected = entries.firstIndex(where: { if case .lesson = $0 { return true } else { return false } }) ?? 0
    }

    public var selectedLesson: Lesson? {
        guard entries.indices.contains(selected), case .lesson(let lesson) = entries[selected] else { return nil }
        return lesson
    }

    /// Moves to the next selectable entry in `direction` (theme headers are skipped).
    mutating func move(_ direction: Int, by steps: Int = 1) {
        var index = selected
        for _ in 0..<steps {
            var probe = index + direction
            while entries.indices.contains(probe), case .themeHeader = entries[probe] { probe += direction }
            guard entries.indices.contains(probe) else { break }
            index = probe
        }
        selected = index
    }
}

enum LessonListFeature: Feature {
    enum Command: Sendable { case up, down, pageUp, pageDown, first, last, read, quiz, back }

    static var path: ScreenPath<LessonListState> { .lessons }
    static let title = "Lessons"

    static func keymap(_ state: LessonListState, _ app: AppState) -> Keymap<Command> {
        Keymap([
            KeyBinding([(.up, .up), (.down, .down)], vi: [(.character("k"), .up), (.character("j"), .down)],
                       label: "move between lessons", footer: "↑↓", short: "choose"),
            KeyBinding([(.pageUp, .pageUp), (.pageDown, .pageDown)], label: "move ten at a time"),
            KeyBinding([(.home, .first), (.end, .last)], vi: [(.character("g"), .first), (.character("G"), .last)],
                       label: "first, last"),
            KeyBinding([(.enter, .read), (.right, .read)], vi: [(.character("l"), .read)], label: "read the lesson", footer: "Enter", short: "read"),
            .key(.character("t"), .quiz, label: "take the lesson's quiz", footer: "t", short: "quiz"),
            KeyBinding([(.escape, .back), (.character("q"), .back), (.left, .back), (.backspace, .back)],
                       vi: [(.character("h"), .back)], label: "back", footer: "Esc"),
        ])
    }

    static func handle(_ command: Command, _ list: inout LessonListState, _ app: inout AppState, at now: Date) -> [Effect] {
        switch command {
        case .up: list.move(-1)
        case .down: list.move(1)
        case .pageUp: list.move(-1, by: 10)
        case .pageDown: list.move(1, by: 10)
        case .first: list.selected = 0; list.move(1); list.move(-1)
        case .last: list.selected = list.entries.count - 1; list.move(-1); list.move(1)
        case .read:
            if let lesson = list.selectedLesson { return LessonFeature.open(lesson, &app, at: now) }
        case .quiz:
            if let lesson = list.selectedLesson { QuizFeature.startLessonQuiz(lesson, &app, at: now) }
        case .back:
            return app.goBack()
        }
        return []
    }

    static func draw(_ list: LessonListState, _ app: AppState, in rect: Rect, into buffer: inout CellBuffer) {
        let roomy = rect.height >= 14
        var y = rect.y + (roomy ? 1 : 0)
        buffer.put("Lessons", x: rect.x, y: y, style: .bold, maxWidth: rect.width)
        y += 1
        let course = app.course
        let summary = "\(plural(course.lessons.count, "lesson")) · \(plural(course.questions.count, "question")) · \(app.lessonsRead.count) read"
        buffer.put(summary, x: rect.x, y: y, style: .dim, maxWidth: rect.width)
        y += roomy ? 2 : 1
        let listRect = Rect(x: rect.x, y: y, width: rect.width, height: rect.maxY - y)
        let barWidth = rect.width >= 70 ? 10 : 0
        let rows: [[StyledText]] = list.entries.map { entry in
            switch entry {
            case .themeHeader(let theme):
                return [StyledText(theme.title, Style(bold: true, color: .cyan))]
            case .lesson(let lesson):
                let mark = app.lessonsRead.contains(lesson.id) ? "✓ " : "  "
                var row = [StyledText("  " + mark, .dim)]
                if barWidth > 0 {
                    let mastery = app.figures?.lessonMastery[lesson.id] ?? 0
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
    }
}
