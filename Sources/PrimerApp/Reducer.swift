import Foundation
import StudyCore
import TerminalUI

extension AppState {
    /// The single place state changes: applies an action, returns what to do about it.
    public mutating func reduce(_ action: Action) -> [Effect] {
        switch action {
        case .terminalResized:
            return [.redrawAll]
        case .answerSaved:
            status = nil
            return []
        case .saveFailed(let message):
            status = "Not saved: \(message)"
            return []
        case .keyPressed(let key, let now):
            return handle(key, at: now)
        }
    }

    private mutating func handle(_ key: Key, at now: Date) -> [Effect] {
        // Keys that work everywhere.
        if key == .control("c") { return finishPendingAnswer() + [.quit] }
        if key == .control("l") { return [.redrawAll] }
        if showingHelp {
            showingHelp = false   // any key closes help
            return []
        }
        if key == .character("?") {
            showingHelp = true
            return []
        }
        switch screen {
        case .home(var home):
            let effects = handleHome(key, &home, at: now)
            if case .home = screen { screen = .home(home) }
            return effects
        case .lesson(var lesson):
            let effects = handleLesson(key, &lesson, at: now)
            if case .lesson(let current) = screen, current.lesson.id == lesson.lesson.id { screen = .lesson(lesson) }
            return effects
        case .quiz(var quiz):
            let effects = handleQuiz(key, &quiz, at: now)
            if case .quiz = screen { screen = .quiz(quiz) }
            return effects
        }
    }

    // MARK: navigation

    mutating func push(_ next: Screen) {
        backStack.append(screen)
        screen = next
    }

    /// Returns to the previous screen; on Home, quits.
    mutating func goBack() -> [Effect] {
        guard let previous = backStack.popLast() else { return [.quit] }
        screen = previous
        return []
    }

    // MARK: home

    private mutating func handleHome(_ key: Key, _ home: inout HomeState, at now: Date) -> [Effect] {
        switch key {
        case .up, .character("k"): home.move(-1)
        case .down, .character("j"): home.move(1)
        case .pageUp: home.move(-1, by: 10)
        case .pageDown: home.move(1, by: 10)
        case .home, .character("g"): home.selected = 0; home.move(1); home.move(-1)
        case .end, .character("G"): home.selected = home.entries.count - 1; home.move(-1); home.move(1)
        case .enter, .right, .character("l"):
            if let lesson = home.selectedLesson {
                screen = .home(home)
                push(.lesson(LessonState(lesson: lesson)))
            }
        case .character("t"):
            if let lesson = home.selectedLesson {
                screen = .home(home)
                startQuiz(for: lesson, at: now)
            }
        case .escape, .character("q"):
            return [.quit]
        default: break
        }
        return []
    }

    // MARK: lesson

    /// Lines the lesson scrolls by with PgUp/PgDn; the view clamps the offset.
    static let pageStep = 10

    private mutating func handleLesson(_ key: Key, _ state: inout LessonState, at now: Date) -> [Effect] {
        switch key {
        case .up, .character("k"): state.scroll = max(0, state.scroll - 1)
        case .down, .character("j"): state.scroll += 1
        case .pageUp, .character("b"): state.scroll = max(0, state.scroll - Self.pageStep)
        case .pageDown, .character(" "), .character("f"): state.scroll += Self.pageStep
        case .home, .character("g"): state.scroll = 0
        case .end, .character("G"): state.scroll = Int.max / 2
        case .enter, .character("t"):
            let lesson = state.lesson
            screen = .lesson(state)
            lessonsRead.insert(lesson.id)
            startQuiz(for: lesson, at: now)
            return [.markLessonRead(lessonID: lesson.id, at: now)]
        case .escape, .character("q"), .left, .character("h"), .backspace:
            return goBack()
        default: break
        }
        return []
    }

    mutating func startQuiz(for lesson: Lesson, at now: Date) {
        let session = QuizSession(questions: lesson.questions, startedAt: now, rng: &rng)
        push(.quiz(QuizState(title: lesson.title, session: session)))
    }

    // MARK: quiz

    private mutating func handleQuiz(_ key: Key, _ quiz: inout QuizState, at now: Date) -> [Effect] {
        switch quiz.session.phase {
        case .asking(let selection, let cursor, _):
            guard let asked = quiz.session.current else { return [] }
            let isMultiple = asked.question.kind == .multiple
            switch key {
            case .up, .character("k"): quiz.session.moveCursor(by: -1)
            case .down, .character("j"), .tab: quiz.session.moveCursor(by: 1)
            case .pageUp: quiz.scroll = max(0, quiz.scroll - Self.pageStep)
            case .pageDown: quiz.scroll += Self.pageStep
            case .character(" ") where isMultiple: quiz.session.toggle(cursor)
            case .enter:
                if isMultiple {
                    if selection.isEmpty { quiz.session.toggle(cursor) } else { submit(&quiz, at: now) }
                } else {
                    quiz.session.toggle(cursor)
                    submit(&quiz, at: now)
                }
            case .character(let c):
                if let option = Self.optionIndex(for: c, count: asked.shown.count) {
                    quiz.session.toggle(option)
                    if !isMultiple { submit(&quiz, at: now) }
                } else if c == "q" {
                    return goBack()
                }
            case .escape:
                return goBack()
            default: break
            }
        case .feedback:
            switch key {
            case .character("g"), .character("?"):
                quiz.override = quiz.override == .guessed ? nil : .guessed
            case .character("e"):
                quiz.override = quiz.override == .tooEasy ? nil : .tooEasy
            case .up, .character("k"): quiz.scroll = max(0, quiz.scroll - 1)
            case .down, .character("j"): quiz.scroll += 1
            case .pageUp: quiz.scroll = max(0, quiz.scroll - Self.pageStep)
            case .pageDown: quiz.scroll += Self.pageStep
            case .enter, .character(" "), .character("n"), .right, .character("l"):
                let effects = recordFeedbackAnswer(&quiz)
                quiz.session.advance(at: now)
                quiz.scroll = 0
                return effects
            case .escape, .character("q"):
                let effects = recordFeedbackAnswer(&quiz)
                quiz.session.advance(at: now)
                screen = .quiz(quiz)
                return effects + goBack()
            default: break
            }
        case .finished:
            switch key {
            case .enter, .escape, .character("q"), .character(" "), .left, .character("h"):
                return goBack()
            case .character("r"):
                // Again, with freshly drawn options.
                let questions = quiz.session.items.map(\.question)
                quiz = QuizState(title: quiz.title, session: QuizSession(questions: questions, startedAt: now, rng: &rng))
            default: break
            }
        }
        return []
    }

    private mutating func submit(_ quiz: inout QuizState, at now: Date) {
        if quiz.session.submit(at: now) != nil {
            quiz.override = nil
            quiz.scroll = 0
        }
    }

    /// The answer on the feedback screen is stored when the learner moves on, so the
    /// "I guessed" / "too easy" mark is part of the one durable write.
    private func recordFeedbackAnswer(_ quiz: inout QuizState) -> [Effect] {
        guard case .feedback(let outcome) = quiz.session.phase else { return [] }
        let override = quiz.override
        quiz.override = nil
        return [.recordAnswer(outcome, override: override)]
    }

    /// Ctrl-C on a feedback screen must not lose the answer shown.
    private mutating func finishPendingAnswer() -> [Effect] {
        guard case .quiz(var quiz) = screen else { return [] }
        let effects = recordFeedbackAnswer(&quiz)
        screen = .quiz(quiz)
        return effects
    }

    /// Options answer to digits 1-9 and letters a-i.
    static func optionIndex(for c: Character, count: Int) -> Int? {
        if let d = c.wholeNumberValue, c.isASCII, d >= 1, d <= count { return d - 1 }
        if let ascii = c.asciiValue, ascii >= 97, ascii < 97 + UInt8(min(count, 9)) { return Int(ascii - 97) }
        return nil
    }
}
