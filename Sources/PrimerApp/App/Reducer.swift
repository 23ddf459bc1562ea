import Foundation
import StudyCore
import TerminalUI

extension AppState {
    /// The single place state changes: applies an action, returns what to do about it.
    public mutating func reduce(_ action: Action) -> [Effect] {
        switch action {
        case .terminalResized(let newSize, let now):
            size = newSize
            // A lesson whose end now fits on screen has been read.
            return scope(.lesson) { lesson, app in LessonFeature.noteVisibleEnd(&lesson, &app, at: now) } + [.redrawAll]
        case .terminalClosed(let now):
            return leaving(at: now) + [.quit]
        case .answerSaved(let receipt):
            status = nil
            return QuizFeature.applyReceipt(receipt, &self) + StudyFeature.applyReceipt(receipt, &self)
        case .answerUndone(let reviewID, let question, let wasCorrect, let now):
            return scope(.study) { study, app in
                StudyFeature.applyUndo(reviewID, question: question, wasCorrect: wasCorrect, &study, &app, at: now)
            }
        case .saveFailed(let message):
            status = "Not saved: \(message)"
            return []
        case .loadFailed(let message):
            status = "Could not read your data: \(message)"
            return []
        case .progressLoaded(let figures):
            self.figures = figures
            return []
        case .studyItemReady(let question, let nextDue, let left, let now):
            return scope(.study) { study, app in StudyFeature.applyItem(question, nextDue: nextDue, left: left, &study, &app, at: now) }
        case .keyPressed(let key, let now):
            return handle(key, at: now)
        case .tick(let now):
            return scope(.exam) { exam, _ in ExamFeature.tick(&exam, at: now) }
                + scope(.study) { study, _ in StudyFeature.tick(&study, at: now) }
                + scope(.live) { live, _ in live.now = now; return [] }
                + scope(.liveHost) { host, _ in host.now = now; return [] }
                + dashboardTick(at: now)
        case .practiceReady(let questions, let kind, let now):
            return scope(.practiceSetup) { _, app in PracticeSetupFeature.start(questions, kind: kind, &app, at: now) }
        case .learnerChanged(let name, let read, let preferences):
            learnerName = name
            lessonsRead = read
            self.preferences = preferences
            figures = nil
            if !learnerNames.contains(name) { learnerNames.append(name) }
            return [.loadProgress, .redrawAll]
        case .learnerDataReread(let read, let preferences):
            lessonsRead = read
            self.preferences = preferences
            return []
        case .reportLoaded(let figures):
            return scope(.report) { report, _ in report.figures = figures; return [] }
        case .statsLoaded(let figures):
            return scope(.statistics) { stats, _ in stats.figures = figures; return [] }
        case .planLoaded(let figures):
            return scope(.plan) { plan, _ in plan.figures = figures; return [] }
        case .liveUpdated(let seat, let now):
            return liveUpdated(seat, at: now)
        case .liveRoomUpdated(let room, let now):
            return liveRoomUpdated(room, at: now)
        }
    }

    /// On Home, once a learning step falls due, the figures are read again (each reload
    /// brings the next due time, so this asks once per step).
    private mutating func dashboardTick(at now: Date) -> [Effect] {
        guard case .dashboard = screen, let due = figures?.nextLearningDue, now >= due else { return [] }
        figures?.nextLearningDue = nil
        return [.loadProgress]
    }

    private mutating func handle(_ key: Key, at now: Date) -> [Effect] {
        // Keys that work everywhere.
        if key == .control("c") { return leaving(at: now) + [.quit] }
        if key == .control("l") { return [.redrawAll] }
        notice = nil
        if showingHelp {
            // Space (or PgDn, ↓) turns to the next page of keys on a small terminal; any
            // other key, or Space on the last page, closes help.
            if [.character(" "), .pageDown, .down].contains(key), helpPage + 1 < HelpOverlay.pageCount(self) {
                helpPage += 1
                return []
            }
            showingHelp = false
            helpPage = 0
            return []
        }
        if key == .character("?") && !isTyping {
            showingHelp = true
            helpPage = 0
            return []
        }
        return FeatureDispatch.key(key, &self, at: now)
    }

    /// Typing a learner's name: every printable key is text then.
    var isTyping: Bool {
        if case .learner(let l) = screen, l.typing != nil { return true }
        return false
    }

    /// Quitting from anywhere closes what is open: a running exam is abandoned (it has no
    /// score), a study or practice session is ended with what was answered. The screens
    /// below the top may hold open sessions too (an exam under the lesson opened from it).
    mutating func leaving(at now: Date) -> [Effect] {
        var effects: [Effect] = []
        for (index, screen) in ([self.screen] + backStack.reversed()).enumerated() {
            let (closed, ending) = Self.closing(screen, at: now)
            effects += ending
            if index == 0 { self.screen = closed } else { backStack[backStack.count - index] = closed }
        }
        return effects
    }

    private static func closing(_ screen: Screen, at now: Date) -> (Screen, [Effect]) {
        switch screen {
        case .exam(var exam):
            let effects = ExamFeature.abandon(&exam, at: now)
            return (.exam(exam), effects)
        case .study(let study):
            return (screen, StudyFeature.closingEffects(study))
        case .quiz(let quiz):
            return (screen, QuizFeature.closingEffects(quiz))
        case .liveHost(let host) where host.room.quiz.phase != .ended:
            // No one else can move the quiz on: a tutor's closed terminal (or Ctrl-C, or a
            // signal) ends it for everyone, as `q q` does, rather than leaving the class at
            // a question that never closes and Home saying a quiz is running.
            return (screen, [.hostLive(.end, at: now)])
        default:
            return (screen, [])
        }
    }
}
