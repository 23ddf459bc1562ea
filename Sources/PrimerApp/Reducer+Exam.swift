import Foundation
import StudyCore
import TerminalUI

extension AppState {
    mutating func startExam(at now: Date) -> [Effect] {
        let questions = ExamSession.drawQuestions(from: course, count: ExamState.defaultQuestionCount, using: &rng)
        let exam = ExamSession(questions: questions, startedAt: now, rng: &rng)
        return beginExam(exam, title: "Mock exam", feedbackDuring: false, preset: nil, at: now)
    }

    /// Starts a prepared exam (a tutor's preset, from `primer exam --preset`).
    public mutating func beginExam(_ exam: ExamSession, title: String, feedbackDuring: Bool, preset: String?, at now: Date) -> [Effect] {
        push(.exam(ExamState(exam: exam, now: now, title: title, feedbackDuring: feedbackDuring)))
        return [.examStarted(at: now, preset: preset)]
    }

    /// Quitting mid-exam submits it, so its session record is complete.
    mutating func leavingExam(at now: Date) -> [Effect] {
        guard case .exam(var state) = screen, !state.exam.isFinished else { return [] }
        state.exam.submit(at: now)
        screen = .exam(state)
        return examFinished(state)
    }

    /// Time passes: the countdown moves, and at zero the exam submits itself; in Study
    /// today, an item in its learning steps comes back when it falls due.
    mutating func tick(at now: Date) -> [Effect] {
        if case .study(var study) = screen, case .finished(let nextDue?) = study.phase {
            study.now = now
            if now >= nextDue {
                study.phase = .loading
                screen = .study(study)
                return [.loadNextStudyItem(lastShown: study.lastShown)]
            }
            screen = .study(study)
            return []
        }
        guard case .exam(var state) = screen else { return [] }
        let wasFinished = state.exam.isFinished
        state.now = now
        state.exam.checkClock(at: now)
        screen = .exam(state)
        return !wasFinished && state.exam.isFinished ? examFinished(state) : []
    }

    mutating func handleExam(_ key: Key, _ state: inout ExamState, at now: Date) -> [Effect] {
        state.now = now
        if !state.exam.isFinished, state.exam.checkClock(at: now) { return examFinished(state) }
        if state.exam.isFinished { return handleExamReview(key, &state) }
        guard let asked = state.exam.current else { return [] }
        if state.lastAnswer != nil {
            state.lastAnswer = nil   // any key leaves the feedback for the next question
            return []
        }
        if state.confirmingSubmit {
            state.confirmingSubmit = false
            if key == .character("y") || key == .character("Y") {
                state.exam.submit(at: now)
                return examFinished(state)
            }
            return []
        }
        let isMultiple = asked.question.kind == .multiple
        func answer(_ chosen: Set<Int>) -> [Effect] {
            guard let outcome = state.exam.answer(chosen, at: now) else { return [] }
            if state.feedbackDuring && !state.exam.isFinished { state.lastAnswer = outcome }
            state.selection = []
            state.cursor = 0
            state.scroll = 0
            var effects: [Effect] = [.recordAnswer(outcome, kind: .exam)]
            if state.exam.isFinished { effects += examFinished(state) }
            return effects
        }
        switch key {
        case .up, .character("k"): state.cursor = max(0, state.cursor - 1)
        case .down, .character("j"), .tab: state.cursor = min(asked.shown.count - 1, state.cursor + 1)
        case .pageUp: state.scroll = max(0, state.scroll - Self.pageStep)
        case .pageDown: state.scroll += Self.pageStep
        case .character(" ") where isMultiple:
            toggle(state.cursor, in: &state.selection, multiple: true)
        case .enter:
            if isMultiple {
                if state.selection.isEmpty { toggle(state.cursor, in: &state.selection, multiple: true); return [] }
                return answer(state.selection)
            }
            return answer([state.cursor])
        case .character("f"):
            if state.exam.flag(at: now) { state.selection = []; state.cursor = 0; state.scroll = 0 }
        case .character("s"):
            state.confirmingSubmit = true
        case .escape, .character("q"):
            state.confirmingSubmit = true   // leaving an exam means submitting it
        case .character(let c):
            if let option = AnsweringKeys.optionIndex(for: c, count: asked.shown.count) {
                state.cursor = option
                if isMultiple { toggle(option, in: &state.selection, multiple: true) } else { return answer([option]) }
            }
        default: break
        }
        return []
    }

    private func toggle(_ option: Int, in selection: inout Set<Int>, multiple: Bool) {
        if selection.contains(option) { selection.remove(option) } else { selection.insert(option) }
    }

    private func examFinished(_ state: ExamState) -> [Effect] {
        guard let result = state.exam.result else { return [] }
        return [.examFinished(answered: result.answeredCount, correct: result.correctCount, score: result.score,
                              at: state.exam.finishedAt ?? state.now)]
    }

    /// After the end: the summary, then `r` walks through each wrong answer.
    private mutating func handleExamReview(_ key: Key, _ state: inout ExamState) -> [Effect] {
        let wrongCount = state.exam.result?.wrong.count ?? 0
        switch key {
        case .character("o"):
            if let i = state.reviewIndex, let wrong = state.exam.result?.wrong, wrong.indices.contains(i) {
                screen = .exam(state)
                return openLesson(for: wrong[i].asked.question)
            }
        case .character("r"), .right, .character("l"), .character("n"):
            if wrongCount > 0 { state.reviewIndex = min(wrongCount - 1, (state.reviewIndex ?? -1) + 1); state.scroll = 0 }
        case .left, .character("p"):
            if let i = state.reviewIndex { state.reviewIndex = i == 0 ? nil : i - 1; state.scroll = 0 }
        case .up, .character("k"): state.scroll = max(0, state.scroll - 1)
        case .down, .character("j"): state.scroll += 1
        case .pageUp: state.scroll = max(0, state.scroll - Self.pageStep)
        case .pageDown: state.scroll += Self.pageStep
        case .enter, .escape, .character("q"):
            if state.reviewIndex != nil, key != .enter { state.reviewIndex = nil; return [] }
            return goBack()
        default: break
        }
        return []
    }
}
