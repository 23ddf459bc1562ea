import Foundation
import StudyCore
import TerminalUI

public struct LessonState: Sendable, Equatable {
    public var lesson: Lesson
    /// Lines scrolled from the anchor (or from the top when there is none).
    public var scroll: Int
    /// Opened from a question's feedback: start at the heading that covers these ¶.
    public var anchor: [Int]?
    public init(lesson: Lesson, scroll: Int = 0, anchor: [Int]? = nil) {
        self.lesson = lesson
        self.scroll = scroll
        self.anchor = anchor
    }
}

/// Reading a lesson. A lesson counts as read once its last line has been on screen (at
/// opening when it fits, or when scrolled to, or when a resize reveals it): its questions
/// then join Study today at once.
enum LessonFeature: Feature {
    enum Command: Sendable { case scroll(Scroll), quiz, back }

    static var path: ScreenPath<LessonState> { .lesson }
    static let title = "Lesson"
    /// Lessons read best in a column of moderate width, even on a wide terminal.
    static let readingWidth = 78

    static func keymap(_ state: LessonState, _ app: AppState) -> Keymap<Command> {
        var bindings = Scroll.bindings(Command.scroll)
        bindings.append(.key(.character("b"), .scroll(.pageUp), label: "page up"))
        if state.anchor == nil {
            bindings.append(.keys([.enter, .character("t")], .quiz, label: "take the quiz", footer: "Enter", short: "quiz"))
            bindings.append(KeyBinding([(.escape, .back), (.character("q"), .back), (.left, .back), (.backspace, .back)],
                                       vi: [(.character("h"), .back)], label: "back", footer: "Esc"))
        } else {
            bindings.append(KeyBinding([(.escape, .back), (.character("q"), .back), (.left, .back), (.backspace, .back)],
                                       vi: [(.character("h"), .back)], label: "back to the question", footer: "Esc"))
        }
        return Keymap(bindings)
    }

    /// Opens a lesson from the list (or the start of its quiz); marks it read at once when it fits.
    static func open(_ lesson: Lesson, _ app: inout AppState, at now: Date) -> [Effect] {
        app.push(.lesson(LessonState(lesson: lesson)))
        return app.scope(.lesson) { state, app in noteVisibleEnd(&state, &app, at: now) }
    }

    static func handle(_ command: Command, _ state: inout LessonState, _ app: inout AppState, at now: Date) -> [Effect] {
        switch command {
        case .scroll(let scroll):
            let geometry = Geometry(state, size: app.size)
            let offset = geometry.offset(state)
            var next = scroll.apply(to: offset, page: max(1, geometry.textRect.height - 1))
            if scroll == .lineUp || scroll == .pageUp || scroll == .top { next = min(next, offset) }
            next = min(max(0, next), geometry.maxOffset)
            if scroll == .top { state.anchor = nil; state.scroll = 0 } else { state.scroll = next - geometry.base }
            return noteVisibleEnd(&state, &app, at: now)
        case .quiz:
            QuizFeature.startLessonQuiz(state.lesson, &app, at: now)
            return []
        case .back:
            return app.goBack()
        }
    }

    /// Marks the lesson read when its last line is on screen now.
    static func noteVisibleEnd(_ state: inout LessonState, _ app: inout AppState, at now: Date?) -> [Effect] {
        guard let now, !app.lessonsRead.contains(state.lesson.id) else { return [] }
        let geometry = Geometry(state, size: app.size)
        guard geometry.offset(state) >= geometry.maxOffset else { return [] }
        app.lessonsRead.insert(state.lesson.id)
        return [.markLessonRead(lessonID: state.lesson.id, at: now)]
    }

    /// Where the lesson's text sits for a terminal size: the same numbers for drawing and
    /// for deciding what is on screen.
    struct Geometry {
        let textRect: Rect
        let lineCount: Int
        /// The anchor's line (0 without an anchor).
        let base: Int

        init(_ state: LessonState, size: Size) {
            let body = Frame.body(size, withStatus: false)
            self.init(state, in: Rect(x: 0, y: 0, width: body.width, height: body.height))
        }

        init(_ state: LessonState, in rect: Rect) {
            let width = max(1, min(rect.width - 2, LessonFeature.readingWidth))
            textRect = Rect(x: rect.x + max(0, (rect.width - width) / 2), y: rect.y + 1, width: width, height: rect.height - 1)
            let wrap = TextView.textWidth(for: width)
            lineCount = LessonLayout.lines(for: state.lesson, width: wrap).count
            base = state.anchor.map { LessonLayout.anchorLine(for: $0, in: state.lesson, width: wrap) } ?? 0
        }

        var maxOffset: Int { max(0, lineCount - textRect.height) }
        func offset(_ state: LessonState) -> Int { max(0, min(base + state.scroll, maxOffset)) }
    }

    static func draw(_ state: LessonState, _ app: AppState, in rect: Rect, into buffer: inout CellBuffer) {
        let geometry = Geometry(state, in: rect)
        let lines = LessonLayout.lines(for: state.lesson, width: TextView.textWidth(for: geometry.textRect.width))
        TextView(lines: lines).draw(offset: geometry.offset(state), in: geometry.textRect, into: &buffer)
    }
}

extension LessonFeature {
    /// `o` after an answer: the lesson the question belongs to, at the part it comes from.
    static func openReference(for question: Question, _ app: inout AppState) -> [Effect] {
        guard let lesson = app.course.lesson(question.lessonID) else { return [] }
        app.push(.lesson(LessonState(lesson: lesson, anchor: question.sources)))
        return []
    }
}
