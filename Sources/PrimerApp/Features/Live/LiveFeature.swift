import Foundation
import StudyCore
import TerminalUI

public struct LiveState: Sendable, Equatable {
    public var seat: LiveSeat
    /// Options picked for the open question, not yet sent.
    public var chosen: Set<Int> = []
    public var now: Date
    /// Lines scrolled (a question with long options on a small terminal).
    public var scroll = 0

    public init(seat: LiveSeat, now: Date) {
        self.seat = seat
        self.now = now
    }
}

/// A learner in a live quiz: the screen follows the tutor's (waiting, the question, its
/// answer, the end); the learner picks and sends an answer while the question is open.
enum LiveFeature: Feature {
    static let columnWidth = 90
    enum Command: Sendable { case pick(Int), send, leave, scroll(Scroll) }

    static var path: ScreenPath<LiveState> { .live }
    static let title = "Live quiz"

    static func keymap(_ state: LiveState, _ app: AppState) -> Keymap<Command> {
        // An answer after the deadline is refused, so none is offered.
        let open = state.seat.quiz.phase == .question && state.seat.answer(to: state.seat.quiz.questionIndex) == nil
            && state.seat.quiz.deadline.map { state.now < $0 } ?? true
        let count = open ? (state.seat.quiz.paper[safe: state.seat.quiz.questionIndex]?.shown.count ?? 0) : 0
        var bindings: [KeyBinding<Command>] = []
        if count > 0 {
            bindings.append(KeyBinding((0..<min(9, count)).map { (Key.character(Character(String($0 + 1))), Command.pick($0)) },
                                       label: "pick an option", footer: "1-\(min(9, count))", short: "pick"))
            bindings.append(.key(.enter, .send, label: "send the answer", footer: "Enter", short: "send"))
        }
        bindings.append(.keys([.escape, .character("q")], .leave, label: "leave the quiz (Home)", footer: "Esc", short: "leave"))
        return Keymap(bindings + Scroll.bindings(Command.scroll))
    }

    static func handle(_ command: Command, _ state: inout LiveState, _ app: inout AppState, at now: Date) -> [Effect] {
        let quiz = state.seat.quiz
        switch command {
        case .pick(let index):
            guard let question = app.course.question(quiz.paper[safe: quiz.questionIndex]?.question ?? "") else { return [] }
            if question.kind == .multiple {
                if state.chosen.contains(index) { state.chosen.remove(index) } else { state.chosen.insert(index) }
            } else {
                state.chosen = [index]
            }
        case .send:
            guard quiz.phase == .question, !state.chosen.isEmpty else { return [] }
            return [.sendLiveAnswer(quizID: quiz.id, index: quiz.questionIndex, chosen: state.chosen, at: now)]
        case .leave:
            app.liveLeft = quiz.id
            return app.goBack()
        case .scroll(let scroll):
            // Scrolling stops where the scrolling part's last line is in view.
            state.scroll = layout(state, course: app.course, in: Frame.body(app.size, withStatus: false)).scrolled(scroll, from: state.scroll)
        }
        return []
    }

    /// A new snapshot from the class store: the chosen options reset when the question changes.
    static func update(_ seat: LiveSeat, _ state: inout LiveState, at now: Date) {
        if seat.quiz.questionIndex != state.seat.quiz.questionIndex || seat.quiz.phase != .question { state.chosen = [] }
        if seat.quiz.questionIndex != state.seat.quiz.questionIndex || seat.quiz.phase != state.seat.quiz.phase { state.scroll = 0 }
        state.seat = seat
        state.now = now
    }

    static func draw(_ state: LiveState, _ app: AppState, in rect: Rect, into buffer: inout CellBuffer) {
        layout(state, course: app.course, in: rect).draw(offset: state.scroll, into: &buffer)
    }

    static func layout(_ state: LiveState, course: Course, in rect: Rect) -> PinnedColumn.Layout {
        PinnedColumn.layout(maxWidth: columnWidth, in: rect) { width, height in
            LiveView.parts(state, course: course, width: width, height: height)
        }
    }
}
