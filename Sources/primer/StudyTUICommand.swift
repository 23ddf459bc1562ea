import ArgumentParser
import CourseFormat
import Foundation
import NcursesTerminal
import PrimerApp
import StudyCore
import TerminalUI

/// `primer` with no subcommand: the full-screen interface.
struct StudyTUICommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "tui", abstract: "Open the full-screen interface (the default).")

    @OptionGroup var options: GlobalOptions

    func run() throws {
        let folder = try ContentLocator.courseFolder(option: options.content, environment: options.environment)
        let loaded = CourseLoader.load(folder: folder)
        guard let course = loaded.course else {
            for d in loaded.errors { FileHandle.standardError.write(Data((d.description + "\n").utf8)) }
            throw PrimerError("the course in '\(folder)' could not be loaded; run 'primer check \(folder)'")
        }
        let notices = loaded.skipped.map { "Skipped \(($0.file as NSString).lastPathComponent): \($0.reason)" }

        let terminal: NcursesScreen
        do {
            terminal = try NcursesScreen.start(environment: options.environment, useColor: options.useColor)
        } catch let reason as TerminalUnavailable {
            throw PrimerError(reason.description)
        }
        defer { terminal.stop() }

        var state = AppState(course: course, notices: notices, seed: UInt64.random(in: 0...UInt64.max))
        RunLoop(terminal: terminal).run(&state)
    }
}

/// Draws, waits for an event, reduces, performs effects — until the state says stop.
struct RunLoop {
    let terminal: NcursesScreen

    func run(_ state: inout AppState) {
        var size = terminal.size
        while state.isRunning {
            var buffer = CellBuffer(width: size.width, height: size.height)
            render(state, into: &buffer)
            terminal.draw(buffer)
            guard let event = terminal.nextEvent(timeoutMilliseconds: nil) else { continue }
            let effects: [Effect]
            switch event {
            case .key(let key):
                effects = state.reduce(.keyPressed(key, at: Date()))
            case .resize(let newSize):
                size = newSize
                effects = state.reduce(.terminalResized(newSize))
            case .endOfInput:
                effects = state.reduce(.keyPressed(.control("c"), at: Date()))
            }
            perform(effects, &state)
        }
    }

    private func perform(_ effects: [Effect], _ state: inout AppState) {
        for effect in effects {
            switch effect {
            case .quit:
                state.isRunning = false
            case .redrawAll:
                terminal.invalidate()
            case .markLessonRead, .recordAnswer:
                break   // stored by the learner store once it is wired in
            }
        }
    }
}

extension PrimerError: LocalizedError {
    var errorDescription: String? { description }
}
