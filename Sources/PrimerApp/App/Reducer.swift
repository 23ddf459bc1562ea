import Foundation
import StudyCore
import TerminalUI

extension AppState {
    /// The single place state changes: applies an action, returns what to do about it.
    public mutating func reduce(_ action: Action) -> [Effect] {
        switch action {
        case .terminalResized:
            return [.redrawAll]
        case .answerSaved(let receipt):
            status = nil
            applyReceipt(receipt)
            return []
        case .answerUndone(let reviewID, let question, let wasCorrect, let now):
            applyUndo(reviewID, question: question, wasCorrect: wasCorrect, at: now)
            return []
        case .saveFailed(let message):
            status = "Not saved: \(message)"
            return []
        case .loadFailed(let message):
            status = "Could not read your data: \(message)"
            return []
        case .progressLoaded(let figures):
            self.figures = figures
            return []
        case .studyItemReady(let question, let nextDue, let now):
            return applyStudyItem(question, nextDue: nextDue, at: now)
        case .keyPressed(let key, let now):
            return handle(key, at: now)
        case .tick(let now):
            return tick(at: now)
        case .practiceReady(let questions, let cram, let now):
            return startPractice(questions, cram: cram, at: now)
        case .learnerChanged(let name, let read, let preferences):
            learnerName = name
            lessonsRead = read
            self.preferences = preferences
            figures = nil
            if !learnerNames.contains(name) { learnerNames.append(name) }
            return [.loadProgress, .redrawAll]
        case .reportLoaded(let figures):
            if case .report(var report) = screen {
                report.figures = figures
                screen = .report(report)
            }
            return []
        case .statsLoaded(let figures):
            if case .statistics(var stats) = screen {
                stats.figures = figures
                screen = .statistics(stats)
            }
            return []
        }
    }

    private mutating func handle(_ rawKey: Key, at now: Date) -> [Effect] {
        var key = rawKey
        // With vi keys off, h j k l g G are plain letters: they neither move nor scroll.
        if !preferences.viKeys, case .character(let c) = key, !isTyping,
           (isAnswering ? "jkG" : "hjkgG").contains(c) {   // g and h also answer options 7 and 8
            key = .unknown
        }
        // Keys that work everywhere.
        if key == .control("c") { return leavingStudy() + leavingExam(at: now) + [.quit] }
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
        case .dashboard(var dashboard):
            let effects = handleDashboard(key, &dashboard, at: now)
            if case .dashboard = screen { screen = .dashboard(dashboard) }
            return effects
        case .lessons(var list):
            let effects = handleLessonList(key, &list, at: now)
            if case .lessons = screen { screen = .lessons(list) }
            return effects
        case .lesson(var lesson):
            let effects = handleLesson(key, &lesson, at: now)
            if case .lesson(let current) = screen, current.lesson.id == lesson.lesson.id { screen = .lesson(lesson) }
            return effects
        case .quiz(var quiz):
            let effects = handleQuiz(key, &quiz, at: now)
            if case .quiz = screen { screen = .quiz(quiz) }
            return effects
        case .study(var study):
            let effects = handleStudy(key, &study, at: now)
            if case .study = screen { screen = .study(study) }
            return effects
        case .exam(var exam):
            let effects = handleExam(key, &exam, at: now)
            if case .exam = screen { screen = .exam(exam) }
            return effects
        case .report(var report):
            switch key {
            case .up, .character("k"): report.scroll = max(0, report.scroll - 1)
            case .down, .character("j"): report.scroll += 1
            case .pageUp: report.scroll = max(0, report.scroll - Self.pageStep)
            case .pageDown, .character(" "): report.scroll += Self.pageStep
            case .home, .character("g"): report.scroll = 0
            case .escape, .character("q"), .left, .enter, .backspace: return goBack()
            default: break
            }
            screen = .report(report)
            return []
        case .statistics(var stats):
            switch key {
            case .up, .character("k"): stats.scroll = max(0, stats.scroll - 1)
            case .down, .character("j"): stats.scroll += 1
            case .pageUp: stats.scroll = max(0, stats.scroll - Self.pageStep)
            case .pageDown, .character(" "): stats.scroll += Self.pageStep
            case .home, .character("g"): stats.scroll = 0
            case .escape, .character("q"), .left, .enter, .backspace: return goBack()
            default: break
            }
            screen = .statistics(stats)
            return []
        case .settings(var settings):
            let effects = handleSettings(key, &settings)
            if case .settings = screen { screen = .settings(settings) }
            return effects
        case .learner(var learner):
            let effects = handleLearner(key, &learner)
            if case .learner = screen { screen = .learner(learner) }
            return effects
        case .practiceSetup(var setup):
            let effects = handlePracticeSetup(key, &setup, at: now)
            if case .practiceSetup = screen { screen = .practiceSetup(setup) }
            return effects
        }
    }

    /// Typing a learner's name: every letter is text then.
    private var isTyping: Bool {
        if case .learner(let l) = screen, l.typing != nil { return true }
        return false
    }

    /// A question is on screen, where letters may answer.
    private var isAnswering: Bool {
        switch screen {
        case .quiz, .study, .exam: return true
        default: return false
        }
    }

    // MARK: navigation

    mutating func push(_ next: Screen) {
        backStack.append(screen)
        screen = next
    }

    /// Returns to the previous screen; on the dashboard, quits. Coming back to the
    /// dashboard refreshes its figures.
    mutating func goBack() -> [Effect] {
        guard let previous = backStack.popLast() else { return [.quit] }
        screen = previous
        if case .dashboard = previous { return [.loadProgress] }
        return []
    }

    // MARK: dashboard

    private mutating func handleDashboard(_ key: Key, _ dashboard: inout DashboardState, at now: Date) -> [Effect] {
        let count = MenuEntry.allCases.count
        switch key {
        case .up, .character("k"): dashboard.selected = max(0, dashboard.selected - 1)
        case .down, .character("j"), .tab: dashboard.selected = min(count - 1, dashboard.selected + 1)
        case .home, .character("g"): dashboard.selected = 0
        case .end, .character("G"): dashboard.selected = count - 1
        case .character("s"): return open(.studyToday, &dashboard, at: now)
        case .character("l"): return open(.lessons, &dashboard, at: now)
        case .character("p"): return open(.practice, &dashboard, at: now)
        case .character("x"): return open(.mockExam, &dashboard, at: now)
        case .character("t"): return open(.statistics, &dashboard, at: now)
        case .enter, .right: return open(dashboard.entry, &dashboard, at: now)
        case .escape, .character("q"): return [.quit]
        default: break
        }
        return []
    }

    private mutating func open(_ entry: MenuEntry, _ dashboard: inout DashboardState, at now: Date) -> [Effect] {
        dashboard.selected = MenuEntry.allCases.firstIndex(of: entry) ?? 0
        screen = .dashboard(dashboard)
        switch entry {
        case .studyToday:
            push(.study(StudyState(startedAt: now)))
            return [.loadNextStudyItem(lastShown: nil)]
        case .lessons:
            push(.lessons(LessonListState(course: course)))
        case .practice:
            push(.practiceSetup(PracticeSetupState(course: course)))
        case .mockExam:
            return startExam(at: now)
        case .statistics:
            push(.statistics(StatsState()))
            return [.loadStats]
        case .classReport:
            push(.report(ReportState()))
            return [.loadReport]
        case .settings:
            push(.settings(SettingsState(draft: preferences)))
        case .learner:
            push(.learner(LearnerState(names: learnerNames.isEmpty ? [learnerName] : learnerNames, current: learnerName)))
        case .help:
            showingHelp = true
        case .quit:
            return [.quit]
        }
        return []
    }

    // MARK: lesson list

    private mutating func handleLessonList(_ key: Key, _ list: inout LessonListState, at now: Date) -> [Effect] {
        switch key {
        case .up, .character("k"): list.move(-1)
        case .down, .character("j"): list.move(1)
        case .pageUp: list.move(-1, by: 10)
        case .pageDown: list.move(1, by: 10)
        case .home, .character("g"): list.selected = 0; list.move(1); list.move(-1)
        case .end, .character("G"): list.selected = list.entries.count - 1; list.move(-1); list.move(1)
        case .enter, .right, .character("l"):
            if let lesson = list.selectedLesson {
                screen = .lessons(list)
                push(.lesson(LessonState(lesson: lesson)))
            }
        case .character("t"):
            if let lesson = list.selectedLesson {
                screen = .lessons(list)
                startQuiz(for: lesson, at: now)
            }
        case .escape, .character("q"), .left, .character("h"), .backspace:
            return goBack()
        default: break
        }
        return []
    }

    // MARK: lesson

    /// Lines the lesson scrolls by with PgUp/PgDn; the view clamps the offset.
    static let pageStep = 10

    private mutating func handleLesson(_ key: Key, _ state: inout LessonState, at now: Date) -> [Effect] {
        // Opened from a question: a reference, not the way into a quiz; Esc returns.
        if state.anchor != nil, key == .enter || key == .character("t") { return [] }
        switch key {
        // Above the anchor may be negative (the view clamps at the top of the lesson).
        case .up where state.anchor != nil, .character("k") where state.anchor != nil: state.scroll -= 1
        case .pageUp where state.anchor != nil: state.scroll -= Self.pageStep
        case .up, .character("k"): state.scroll = max(0, state.scroll - 1)
        case .down, .character("j"): state.scroll += 1
        case .pageUp, .character("b"): state.scroll = max(0, state.scroll - Self.pageStep)
        case .pageDown, .character(" "), .character("f"): state.scroll += Self.pageStep
        case .home, .character("g"): state.scroll = 0; state.anchor = nil
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

    /// `o` on feedback: the lesson the question belongs to, at the part it comes from.
    mutating func openLesson(for question: Question) -> [Effect] {
        guard let lesson = course.lesson(question.lessonID) else { return [] }
        push(.lesson(LessonState(lesson: lesson, anchor: question.sources)))
        return []
    }

    mutating func startQuiz(for lesson: Lesson, at now: Date) {
        let session = QuizSession(questions: lesson.questions, startedAt: now, rng: &rng)
        push(.quiz(QuizState(title: lesson.title, session: session)))
    }
}
