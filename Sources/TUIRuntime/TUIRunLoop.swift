import Foundation
import LearnerStore
import NcursesTerminal
import PrimerApp
import StudyCore
import StudyServices
import TerminalUI

/// Draws, waits for an event, reduces, performs effects — until the state says stop.
/// Effects that touch the store run here, synchronously: an answer is on disk before
/// the next frame is drawn.
final class TUIRunLoop {
    let terminal: NcursesScreen
    private(set) var context: StudyContext
    /// Saved answers by review id, so they can be amended or undone.
    private var saved: [String: (answer: SavedAnswer, outcome: AnswerOutcome)] = [:]
    private var studySessionID: String?
    private var examSessionID: String?
    private var practiceSessionID: String?

    init(terminal: NcursesScreen, context: StudyContext) {
        self.terminal = terminal
        self.context = context
    }

    func run(_ state: inout AppState) {
        var size = terminal.size
        // First frame at once (figures say "Loading…"), then the figures: with a large
        // review log the learner sees primer before the sums are done.
        draw(state, size: size)
        dispatch(loadProgress(), &state)
        while state.isRunning {
            draw(state, size: size)
            // A countdown on screen needs a frame a second; otherwise sleep until a key.
            let ticking: Bool
            switch state.screen {
            case .exam(let exam): ticking = !exam.exam.isFinished
            case .study(let study): if case .finished(_?) = study.phase { ticking = true } else { ticking = false }
            default: ticking = false
            }
            guard let event = terminal.nextEvent(timeoutMilliseconds: ticking ? 1000 : nil) else {
                if ticking { perform(state.reduce(.tick(Clock.now())), &state) }
                continue
            }
            switch event {
            case .key(let key):
                perform(state.reduce(.keyPressed(key, at: Clock.now())), &state)
            case .resize(let newSize):
                size = newSize
                perform(state.reduce(.terminalResized(newSize)), &state)
            case .endOfInput:
                perform(state.reduce(.keyPressed(.control("c"), at: Clock.now())), &state)
            }
        }
    }

    private func draw(_ state: AppState, size: Size) {
        var buffer = CellBuffer(width: size.width, height: size.height)
        render(state, into: &buffer)
        terminal.draw(buffer)
    }

    /// Performs effects produced before the loop starts (opening on an exam).
    func start(_ effects: [Effect], _ state: inout AppState) {
        perform(effects, &state)
    }

    private func dispatch(_ action: Action?, _ state: inout AppState) {
        guard let action else { return }
        perform(state.reduce(action), &state)
    }

    private func perform(_ effects: [Effect], _ state: inout AppState) {
        for effect in effects {
            switch effect {
            case .quit:
                state.isRunning = false
            case .redrawAll:
                terminal.invalidate()
            case .markLessonRead(let lessonID, let at):
                attempt(&state) { try context.markLessonRead(lessonID, at: at) }
            case .recordAnswer(let outcome, let kind):
                dispatch(record(outcome, kind: kind), &state)
            case .amendAnswer(let reviewID, let outcome, let override):
                dispatch(amend(reviewID, outcome: outcome, override: override), &state)
            case .undoAnswer(let reviewID):
                dispatch(undo(reviewID), &state)
            case .loadProgress:
                dispatch(loadProgress(), &state)
            case .loadNextStudyItem(let lastShown):
                dispatch(nextStudyItem(lastShown: lastShown), &state)
            case .finishStudySession(let answered, let right):
                if let id = studySessionID {
                    attempt(&state) { try context.finishSession(id, at: Clock.now(), answered: answered, correct: right) }
                }
            case .examStarted(let at, let preset):
                attempt(&state) { examSessionID = try context.startSession(kind: .exam, at: at, preset: preset) }
            case .examFinished(let answered, let correct, _, let at):
                if let id = examSessionID {
                    // The score is right answers over all questions: unanswered count as wrong.
                    attempt(&state) { try context.finishSession(id, at: at, answered: answered, correct: correct) }
                    examSessionID = nil
                }
            case .savePreferences(let preferences):
                attempt(&state) {
                    try context.updateSettings(preferences.study)
                    try context.store.setSetting(learner: context.learnerID, key: "color", value: preferences.color ? "on" : "off")
                    try context.store.setSetting(learner: context.learnerID, key: "vi_keys", value: preferences.viKeys ? "on" : "off")
                }
                terminal.colorPreference = preferences.color
            case .switchLearner(let name):
                dispatch(switchLearner(to: name), &state)
            case .loadStats:
                dispatch(loadStats(), &state)
            case .loadReport:
                dispatch(loadReport(), &state)
            case .loadPractice(let themeIDs, let cram):
                dispatch(practiceQuestions(themeIDs: themeIDs, cram: cram), &state)
            }
        }
    }

    private func attempt(_ state: inout AppState, _ body: () throws -> Void) {
        do { try body() } catch { state.status = "Not saved: \(describe(error))" }
    }

    private func describe(_ error: Error) -> String {
        (error as? StoreError)?.description ?? String(describing: error)
    }

    private func record(_ outcome: AnswerOutcome, kind: Effect.AnswerKind) -> Action {
        do {
            var sessionID: String? = nil
            switch kind {
            case .study:
                if studySessionID == nil { studySessionID = try context.startSession(kind: .study, at: outcome.answeredAt) }
                sessionID = studySessionID
            case .exam:
                sessionID = examSessionID
            case .practice, .cram:
                sessionID = practiceSessionID
            }
            let answer = try context.record(outcome, override: nil, sessionID: sessionID, affectsSchedule: kind != .cram)
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
                                 wasCorrect: entry.outcome.correct, at: Clock.now())
        } catch {
            return .saveFailed(describe(error))
        }
    }

    private func receipt(for answer: SavedAnswer) -> SaveReceipt {
        let returns = answer.newState.map { StudyContext.describeReturn(of: $0, from: answer.record.reviewedAt) } ?? "on its own schedule"
        return SaveReceipt(reviewID: answer.record.id, returns: returns)
    }

    private func nextStudyItem(lastShown: String?) -> Action {
        let now = Clock.now()
        do {
            let queue = try context.queue(now: now, lastShown: lastShown)
            let question = queue.next.flatMap { context.course.question($0.questionID) }
            return .studyItemReady(question, nextDue: queue.nextLearningDue, at: now)
        } catch {
            return .loadFailed(describe(error))
        }
    }

    /// The chosen themes' questions, weakest first: unseen, then lowest recall now.
    private func practiceQuestions(themeIDs: [String], cram: Bool) -> Action {
        let now = Clock.now()
        let themes = Set(themeIDs)
        let questions = context.course.questions.filter { themes.contains($0.themeID) }
        let states = context.states, scheduler = context.scheduler
        let recall = { (q: Question) -> Double in
            states[q.id].map { scheduler.retrievability(of: $0, at: now) } ?? -1
        }
        let ordered = questions.enumerated().sorted { a, b in
            let ra = recall(a.element), rb = recall(b.element)
            return ra != rb ? ra < rb : a.offset < b.offset
        }.map(\.element)
        do {
            practiceSessionID = try context.startSession(kind: cram ? .cram : .practice, at: now)
        } catch {
            return .loadFailed(describe(error))
        }
        return .practiceReady(ordered, cram: cram, at: now)
    }

    /// The preferences stored for the current learner.
    static func preferences(of context: StudyContext) -> Preferences {
        let values = (try? context.store.settings(learner: context.learnerID)) ?? [:]
        return Preferences(study: context.settings, color: values["color"] != "off", viKeys: values["vi_keys"] != "off")
    }

    private func switchLearner(to name: String) -> Action {
        do {
            let next = try StudyContext(store: context.store, course: context.course, learnerName: name, now: Clock.now())
            context = next
            saved = [:]
            studySessionID = nil
            examSessionID = nil
            practiceSessionID = nil
            let preferences = Self.preferences(of: next)
            terminal.colorPreference = preferences.color
            return .learnerChanged(name: name, lessonsRead: next.lessonsRead, preferences: preferences)
        } catch {
            return .loadFailed(describe(error))
        }
    }

    /// The class report over every learner's answers in this course.
    private func loadReport() -> Action {
        do {
            let course = context.course
            let rows = try ResultRows.gather(store: context.store, learner: nil, since: nil, courses: [course]) ?? []
            let report = ClassReport.compute(rows: rows, themeOrder: course.themes.map(\.id)) { courseID, questionID in
                guard courseID == course.id, let q = course.question(questionID) else { return nil }
                return Set(q.correctChoices.map(\.text))
            }
            return .reportLoaded(ReportFigures(
                learners: report.learners.map { .init(name: $0.learner, score: $0.score, answered: $0.answered) },
                themes: report.themes.map { .init(title: course.theme($0.theme)?.title ?? $0.theme, average: $0.average, learners: $0.learners) },
                items: report.items.map { item in
                    .init(questionID: item.questionID, stem: course.question(item.questionID)?.stem ?? item.questionID,
                          answers: item.answers, facility: item.facility, discrimination: item.discrimination,
                          mostChosenWrong: item.mostChosenWrong, mostChosenWrongCount: item.mostChosenWrongCount)
                }))
        } catch {
            return .loadFailed(describe(error))
        }
    }

    private func loadStats() -> Action {
        do {
            return .statsLoaded(try StatsCalculator(context: context).figures(now: Clock.now()))
        } catch {
            return .loadFailed(describe(error))
        }
    }

    private func loadProgress() -> Action? {
        do {
            let summary = try context.summary(now: Clock.now())
            let themes = summary.themes.map { DashboardFigures.ThemeLine(title: $0.title, mastery: $0.mastery, seen: $0.seen, total: $0.total) }
            return .progressLoaded(DashboardFigures(dueToday: summary.dueToday, newAvailable: summary.newAvailable,
                                                    streakDays: summary.streakDays, mastery: summary.mastery,
                                                    examReadiness: summary.examReadiness, reviewsTotal: summary.reviewsTotal,
                                                    themes: themes, lessonMastery: summary.lessonMastery))
        } catch {
            return .loadFailed(describe(error))
        }
    }
}
