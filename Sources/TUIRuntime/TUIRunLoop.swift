import Foundation
import LearnerStore
import PrimerApp
import StudyCore
import StudyServices
import TerminalUI

/// Draws, waits for an event, reduces, performs effects, until an effect says stop.
/// Effects that touch the store run here, synchronously: an answer is on disk before the
/// next frame is drawn. The loop takes any `Terminal` (ncurses, or `MemoryTerminal` in
/// tests) and reads the time only from its one clock. It never changes the state itself:
/// everything it learns goes back to the reducer as an action.
public final class TUIRunLoop {
    let terminal: any Terminal
    let clock: any StudyClock
    public private(set) var context: StudyContext
    /// Saved answers by review id, so they can be amended or undone.
    var saved: [String: (answer: SavedAnswer, outcome: AnswerOutcome)] = [:]
    var studySessionID: String?
    var practiceSessionID: String?
    var examRecorder: ExamRecorder?
    /// Orders practice questions (ties at random): seeded, so a test run is reproducible.
    var rng: SeededGenerator
    private var running = true
    /// The class's live quiz, when this session is in a class (or runs the quiz).
    public var live: (any LiveSource)?

    public init(terminal: any Terminal, context: StudyContext, clock: any StudyClock, seed: UInt64) {
        self.terminal = terminal
        self.context = context
        self.clock = clock
        rng = SeededGenerator(seed: seed)
    }

    /// Runs until the learner quits or the terminal goes away.
    public func run(_ state: inout AppState) {
        // First frame at once (figures say "Loading…"), then the figures: with a large
        // review log the learner sees primer before the sums are done.
        draw(state)
        dispatch(loadProgress(), &state)
        while running {
            draw(state)
            // A countdown on screen needs a frame a second, a live quiz a reading a few times a
            // second, Home a look every few seconds for a second terminal's answers;
            // otherwise sleep until a key.
            let ticking = state.wantsTick
            let watching = state.showsFiguresOthersMayChange
            let timeout = [ticking ? 1000 : nil, live?.interval, watching ? Self.otherTerminalsInterval : nil].compactMap { $0 }.min()
            let event = terminal.nextEvent(timeoutMilliseconds: timeout)
            if let live, let action = live.poll(now: clock.now(), inLiveQuiz: state.isInLiveQuiz) { dispatch(action, &state) }
            guard let event else {
                if ticking { dispatch(.tick(clock.now()), &state) }
                if watching, state.showsFiguresOthersMayChange, rereadIfChangedElsewhere(&state) { dispatch(loadProgress(), &state) }
                continue
            }
            switch event {
            case .key(let key):
                dispatch(.keyPressed(key, at: clock.now()), &state)
            case .resize(let size):
                dispatch(.terminalResized(size, at: clock.now()), &state)
            case .endOfInput:
                dispatch(.terminalClosed(at: clock.now()), &state)
            }
        }
    }

    /// Performs effects produced before the loop starts (opening on an exam).
    public func start(_ effects: [Effect], _ state: inout AppState) {
        perform(effects, &state)
    }

    private func draw(_ state: AppState) {
        let size = terminal.size
        var buffer = CellBuffer(width: size.width, height: size.height)
        render(state, into: &buffer)
        terminal.draw(buffer)
    }

    func dispatch(_ action: Action?, _ state: inout AppState) {
        guard let action else { return }
        perform(state.reduce(action), &state)
    }

    private func perform(_ effects: [Effect], _ state: inout AppState) {
        for effect in effects {
            switch effect {
            case .quit:
                running = false
            case .redrawAll:
                terminal.invalidate()
            case .savePreferences(let preferences):
                dispatch(savePreferences(preferences), &state)
                terminal.colorPreference = preferences.color
            case .switchLearner(let name):
                dispatch(switchLearner(to: name), &state)
            case .loadStats, .loadReport, .loadPlan:
                // These read the whole history or every learner's: the screen says
                // "Loading…" first rather than leaving the last frame up meanwhile.
                draw(state)
                rereadIfChangedElsewhere(&state)
                dispatch(performStoreEffect(effect), &state)
            case .loadProgress, .loadNextStudyItem, .loadPractice:
                rereadIfChangedElsewhere(&state)
                dispatch(performStoreEffect(effect), &state)
            default:
                dispatch(performStoreEffect(effect), &state)
            }
        }
    }

    /// How often Home looks for another terminal's answers, in milliseconds (one pragma).
    static let otherTerminalsInterval = 3000

    /// Before what reads the learner's data (figures, the next question, practice): a
    /// second terminal may have changed it since (`StudyContext.refreshIfChangedElsewhere`).
    /// Returns whether it had.
    @discardableResult
    private func rereadIfChangedElsewhere(_ state: inout AppState) -> Bool {
        do {
            guard try context.refreshIfChangedElsewhere() else { return false }
            dispatch(.learnerDataReread(lessonsRead: context.lessonsRead, preferences: Self.preferences(of: context)), &state)
            return true
        } catch {
            dispatch(.loadFailed(describe(error)), &state)
            return false
        }
    }

    func describe(_ error: Error) -> String {
        (error as? StoreError)?.description ?? String(describing: error)
    }

    /// The preferences stored for the current learner.
    public static func preferences(of context: StudyContext) -> Preferences {
        let values = (try? context.store.settings(learner: context.learnerID)) ?? [:]
        return Preferences(study: context.settings, color: values["color"] != "off", viKeys: values["vi_keys"] != "off",
                           exam: context.examPlan)
    }

    private func savePreferences(_ preferences: Preferences) -> Action? {
        do {
            try context.updateSettings(preferences.study)
            if preferences.exam != context.examPlan { try context.setExamPlan(preferences.exam) }
            try context.store.setSetting(learner: context.learnerID, key: "color", value: preferences.color ? "on" : "off")
            try context.store.setSetting(learner: context.learnerID, key: "vi_keys", value: preferences.viKeys ? "on" : "off")
            return nil
        } catch {
            return .saveFailed(describe(error))
        }
    }

    private func switchLearner(to name: String) -> Action {
        do {
            let next = try StudyContext(store: context.store, course: context.course, learnerName: name, now: clock.now())
            context = next
            saved = [:]
            studySessionID = nil
            practiceSessionID = nil
            examRecorder = nil
            let preferences = Self.preferences(of: next)
            terminal.colorPreference = preferences.color
            return .learnerChanged(name: name, lessonsRead: next.lessonsRead, preferences: preferences)
        } catch {
            return .loadFailed(describe(error))
        }
    }
}
