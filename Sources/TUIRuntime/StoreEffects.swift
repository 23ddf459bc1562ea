import Foundation
import LearnerStore
import PrimerApp
import StudyCore
import StudyServices

/// The effects that read or write the learner's data, each turned into the action that
/// reports its result (or its failure) to the reducer.
extension TUIRunLoop {
    func performStoreEffect(_ effect: Effect) -> Action? {
        switch effect {
        case .markLessonRead(let lessonID, let at):
            return attempt { try context.markLessonRead(lessonID, at: at) }
        case .recordAnswer(let outcome, let kind):
            return record(outcome, kind: kind)
        case .amendAnswer(let reviewID, let outcome, let override):
            return amend(reviewID, outcome: outcome, override: override)
        case .undoAnswer(let reviewID):
            return undo(reviewID)
        case .loadProgress:
            return loadProgress()
        case .loadNextStudyItem(let lastShown):
            return nextStudyItem(lastShown: lastShown)
        case .finishStudySession(let answered, let right):
            defer { studySessionID = nil }
            guard let id = studySessionID else { return nil }
            return attempt { try context.finishSession(id, at: clock.now(), answered: answered, correct: right) }
        case .finishPracticeSession(let answered, let right):
            defer { practiceSessionID = nil }
            guard let id = practiceSessionID else { return nil }
            return attempt { try context.finishSession(id, at: clock.now(), answered: answered, correct: right) }
        case .startExam(let paper, let at, let preset):
            return attempt { examRecorder = try ExamRecorder(context: context, startedAt: at, paper: paper, preset: preset) }
        case .recordExamAnswer(let outcome, let item):
            guard let recorder = examRecorder else { return .saveFailed("the exam's session could not be opened") }
            return attempt { try recorder.record(outcome, item: item) }
        case .finishExam(let result, let at):
            defer { examRecorder = nil }
            guard let recorder = examRecorder else { return nil }
            return attempt { try recorder.finish(result, at: at) }
        case .loadPractice(let themeIDs, let kind):
            return practiceQuestions(themeIDs: themeIDs, kind: kind)
        case .loadStats:
            return loadStats()
        case .sendLiveAnswer, .hostLive:
            return live?.perform(effect, now: clock.now())
        case .loadPlan:
            return loadPlan()
        case .loadReport:
            return loadReport()
        case .quit, .redrawAll, .savePreferences, .switchLearner:
            return nil
        }
    }

    /// Runs a write; a failure becomes `.saveFailed`, which the learner sees.
    private func attempt(_ body: () throws -> Void) -> Action? {
        do { try body(); return nil } catch { return .saveFailed(describe(error)) }
    }

    private func record(_ outcome: AnswerOutcome, kind: Effect.AnswerKind) -> Action {
        do {
            let sessionID: String
            switch kind {
            case .study:
                if studySessionID == nil { studySessionID = try context.startSession(kind: .study, at: outcome.answeredAt) }
                sessionID = studySessionID!   // set just above
            case .practice, .cram:
                if practiceSessionID == nil {
                    practiceSessionID = try context.startSession(kind: kind == .cram ? .cram : .practice, at: outcome.answeredAt)
                }
                sessionID = practiceSessionID!   // set just above
            }
            let answer = try context.record(outcome, override: nil, sessionID: sessionID, affectsSchedule: kind.affectsSchedule)
            saved[answer.record.id] = (answer, outcome)
            return .answerSaved(receipt(for: answer))
        } catch {
            return .saveFailed(describe(error))
        }
    }

    private func amend(_ reviewID: String, outcome: AnswerOutcome, override: AnswerOverride?) -> Action? {
        guard let entry = saved[reviewID] else { return nil }
        do {
            let answer = try context.amend(entry.answer, outcome: outcome, override: override)
            saved[reviewID] = (answer, outcome)
            return .answerSaved(receipt(for: answer))
        } catch {
            return .saveFailed(describe(error))
        }
    }

    private func undo(_ reviewID: String) -> Action? {
        guard let entry = saved[reviewID] else { return nil }
        do {
            try context.undo(entry.answer)
            saved[reviewID] = nil
            return .answerUndone(reviewID: reviewID, question: entry.outcome.asked.question,
                                 wasCorrect: entry.outcome.correct, at: clock.now())
        } catch {
            return .saveFailed(describe(error))
        }
    }

    private func receipt(for answer: SavedAnswer) -> SaveReceipt {
        let returns = answer.newState.map { StudyContext.describeReturn(of: $0, from: answer.record.reviewedAt) }
            ?? "on its own schedule (cram leaves it alone)"
        return SaveReceipt(reviewID: answer.record.id, returns: returns)
    }

    private func nextStudyItem(lastShown: String?) -> Action {
        let now = clock.now()
        do {
            let queue = try context.queue(now: now, lastShown: lastShown)
            let question = queue.next.flatMap { context.course.question($0.questionID) }
            return .studyItemReady(question, nextDue: queue.nextLearningDue, left: question == nil ? 0 : queue.entries.count, at: now)
        } catch {
            return .loadFailed(describe(error))
        }
    }

    /// The chosen themes' questions, weakest first (`PracticeOrder`, as `primer quiz` orders them).
    private func practiceQuestions(themeIDs: [String], kind: PracticeKind) -> Action {
        let now = clock.now()
        let themes = Set(themeIDs)
        let questions = context.course.questions.filter { themes.contains($0.themeID) }
        let ordered = PracticeOrder.weakestFirst(questions, states: context.states, scheduler: context.scheduler,
                                                 now: now, using: &rng)
        return .practiceReady(ordered, kind: kind, at: now)
    }
}
