import Foundation
import StudyCore
import TerminalUI

public struct LiveHostState: Sendable, Equatable {
    public var room: LiveRoom
    public var now: Date
    /// q was pressed once during the quiz: a second q ends it for everyone (one slip of a
    /// key must not end a class's quiz).
    public var confirmingEnd = false
    /// Lines scrolled (many learners, long options, a small terminal).
    public var scroll = 0
    public init(room: LiveRoom, now: Date) {
        self.room = room
        self.now = now
    }
}

/// The tutor's side of a live quiz: who has joined, then one question at a time with how
/// many have answered and how the answers split, the reveal, and the scores at the end.
enum LiveHostFeature: Feature {
    static let columnWidth = 100
    public enum Command: Sendable, Equatable { case advance, reveal, end, keepGoing, scroll(Scroll) }

    static var path: ScreenPath<LiveHostState> { .liveHost }
    static let title = "Live quiz (tutor)"

    static func keymap(_ state: LiveHostState, _ app: AppState) -> Keymap<Command> {
        let quiz = state.room.quiz
        var bindings: [KeyBinding<Command>] = []
        if state.confirmingEnd {
            bindings.append(.keys([.character("q"), .character("y")], .end, label: "end the quiz for everyone", footer: "q",
                                  short: "end for everyone"))
            bindings.append(.keys([.escape, .character("n")], .keepGoing, label: "go on with the quiz", footer: "Esc",
                                  short: "go on"))
            return Keymap(bindings)
        }
        switch quiz.phase {
        case .waiting:
            bindings.append(.keys([.character("n"), .enter], .advance, label: "start the first question", footer: "n", short: "start"))
        case .question:
            bindings.append(.keys([.character("r"), .character("n"), .enter], .reveal, label: "reveal the answer now",
                                  footer: "r", short: "reveal"))
        case .revealed:
            bindings.append(.keys([.character("n"), .enter], .advance,
                                  label: quiz.isLastQuestion ? "end the quiz" : "next question", footer: "n",
                                  short: quiz.isLastQuestion ? "end" : "next"))
        case .ended:
            break
        }
        bindings.append(.keys([.character("q"), .escape], .end, label: quiz.phase == .ended ? "quit" : "end the quiz and quit",
                              footer: "q", short: "quit"))
        return Keymap(bindings + Scroll.bindings(Command.scroll, footer: false))
    }

    static func handle(_ command: Command, _ state: inout LiveHostState, _ app: inout AppState, at now: Date) -> [Effect] {
        if command == .end && state.room.quiz.phase == .ended { return [.quit] }
        if command == .keepGoing { state.confirmingEnd = false; return [] }
        if case .scroll(let scroll) = command {
            state.scroll = layout(state, course: app.course, in: Frame.body(app.size, withStatus: false)).scrolled(scroll, from: state.scroll)
            return []
        }
        if command == .end && !state.confirmingEnd { state.confirmingEnd = true; return [] }
        state.confirmingEnd = false
        return [.hostLive(command == .advance ? .advance : command == .reveal ? .reveal : .end, at: now)]
            + (command == .end ? [.quit] : [])
    }

    static func draw(_ state: LiveHostState, _ app: AppState, in rect: Rect, into buffer: inout CellBuffer) {
        layout(state, course: app.course, in: rect).draw(offset: state.scroll, into: &buffer)
    }

    static func layout(_ state: LiveHostState, course: Course, in rect: Rect) -> PinnedColumn.Layout {
        PinnedColumn.layout(maxWidth: columnWidth, in: rect) { width, height in
            LiveHostView.parts(state, course: course, width: width, height: height)
        }
    }
}

/// The tutor's moves, performed by the run loop on the class store.
public enum LiveHostMove: Sendable, Equatable { case advance, reveal, end }
