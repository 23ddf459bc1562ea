import Foundation
import StudyCore
import TerminalUI

/// One screen: its state, its keys (defined once, in `keymap`), what each key does, and
/// how it draws. The app runs a feature's reducer on the feature's own state through
/// `AppState.scope`, so no feature copies its state out of the screen and back by hand.
protocol Feature {
    associatedtype State: Sendable & Equatable
    associatedtype Command: Sendable

    static var path: ScreenPath<State> { get }
    /// The title bar's right-hand name for the screen.
    static var title: String { get }
    /// The keys that work now (they may depend on the screen's phase).
    static func keymap(_ state: State, _ app: AppState) -> Keymap<Command>
    /// What a bound key does.
    static func handle(_ command: Command, _ state: inout State, _ app: inout AppState, at now: Date) -> [Effect]
    /// Keys the keymap does not bind (option digits and letters, typed text).
    static func handleUnbound(_ key: Key, _ state: inout State, _ app: inout AppState, at now: Date) -> [Effect]
    /// A line kept in a fixed row above the footer (the save receipt of an answer), if any.
    static func statusLine(_ state: State, _ app: AppState) -> [StyledText]?
    /// Draws the screen's body. Pure: no clock, no time zone but the app's.
    static func draw(_ state: State, _ app: AppState, in rect: Rect, into buffer: inout CellBuffer)
}

extension Feature {
    static func handleUnbound(_ key: Key, _ state: inout State, _ app: inout AppState, at now: Date) -> [Effect] { [] }
    static func statusLine(_ state: State, _ app: AppState) -> [StyledText]? { nil }
}

extension AppState {
    /// Runs `body` on the current screen's state in place, when the screen is `path`'s.
    /// The body may navigate (push, go back): a state left behind by a push is kept in the
    /// back stack, where the learner will return to it; one left by going back is dropped.
    mutating func scope<S>(_ path: ScreenPath<S>, _ body: (inout S, inout AppState) -> [Effect]) -> [Effect] {
        guard var state = path.extract(screen) else { return [] }
        let generationBefore = generation, depthBefore = backStack.count
        let effects = body(&state, &self)
        if generation == generationBefore {
            screen = path.embed(state)
        } else if backStack.count > depthBefore, path.extract(backStack[depthBefore]) != nil {
            backStack[depthBefore] = path.embed(state)
        }
        return effects
    }

    // MARK: navigation

    mutating func push(_ next: Screen) {
        backStack.append(screen)
        screen = next
        generation += 1
    }

    /// Replaces the current screen (the back stack is unchanged).
    mutating func replace(with next: Screen) {
        screen = next
        generation += 1
    }

    /// Returns to the previous screen; on the dashboard, quits. Coming back to a screen
    /// that shows the learner's figures (Home, the lesson list's and Practice's mastery
    /// bars) refreshes them, since answers may have been given meanwhile; coming back to
    /// the plan (from Settings, where the exam date may just have changed) plans again.
    mutating func goBack() -> [Effect] {
        guard let previous = backStack.popLast() else { return [.quit] }
        screen = previous
        generation += 1
        switch previous {
        case .dashboard, .lessons, .practiceSetup: return [.loadProgress]
        case .plan:
            screen = .plan(PlanState())
            return [.loadPlan]
        default: return []
        }
    }
}

/// Runs a key through the current screen's feature: the opened-existential entry point
/// the reducer uses, so there is one switch over screens (`Screen.feature`), not one per job.
enum FeatureDispatch {
    static func key(_ key: Key, _ app: inout AppState, at now: Date) -> [Effect] {
        dispatch(app.screen.feature, key, &app, now)
    }

    private static func dispatch<F: Feature>(_ feature: F.Type, _ key: Key, _ app: inout AppState, _ now: Date) -> [Effect] {
        app.scope(F.path) { state, app in
            if let command = F.keymap(state, app).command(for: key, viKeys: app.preferences.viKeys) {
                return F.handle(command, &state, &app, at: now)
            }
            return F.handleUnbound(key, &state, &app, at: now)
        }
    }

    static func title(_ app: AppState) -> String { app.screen.feature.title }

    static func help(_ app: AppState) -> [(String, String)] { help(app.screen.feature, app) }

    private static func help<F: Feature>(_ feature: F.Type, _ app: AppState) -> [(String, String)] {
        guard let state = F.path.extract(app.screen) else { return [] }
        return F.keymap(state, app).help(viKeys: app.preferences.viKeys)
    }

    static func footer(_ app: AppState) -> [(String, String)] { footer(app.screen.feature, app) }

    private static func footer<F: Feature>(_ feature: F.Type, _ app: AppState) -> [(String, String)] {
        guard let state = F.path.extract(app.screen) else { return [] }
        return F.keymap(state, app).footer
    }

    static func statusLine(_ app: AppState) -> [StyledText]? { statusLine(app.screen.feature, app) }

    private static func statusLine<F: Feature>(_ feature: F.Type, _ app: AppState) -> [StyledText]? {
        guard let state = F.path.extract(app.screen) else { return nil }
        return F.statusLine(state, app)
    }

    static func draw(_ app: AppState, in rect: Rect, into buffer: inout CellBuffer) {
        draw(app.screen.feature, app, rect, &buffer)
    }

    private static func draw<F: Feature>(_ feature: F.Type, _ app: AppState, _ rect: Rect, _ buffer: inout CellBuffer) {
        guard let state = F.path.extract(app.screen) else { return }
        F.draw(state, app, in: rect, into: &buffer)
    }
}
