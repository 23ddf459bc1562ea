import ArgumentParser
import CourseFormat
import Foundation
import LearnerStore
import NcursesTerminal
import PrimerApp
import StudyCore
import StudyServices
import TerminalUI
import TUIRuntime

/// `primer` with no subcommand: the full-screen interface.
struct StudyTUICommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "tui", abstract: "Open the full-screen interface (the default).")

    @OptionGroup var options: GlobalOptions

    func run() throws {
        try TUILauncher(options: options).run()
    }
}

/// An exam to open the interface on (`primer exam --preset FILE` on a terminal).
struct PreparedExam {
    var session: ExamSession
    var title: String
    var feedbackDuring: Bool
    var preset: String?
}

/// Starts the full-screen interface, or line mode where there is no usable terminal.
struct TUILauncher {
    let options: GlobalOptions
    /// Builds the exam to start on, from the loaded course; nil opens the dashboard.
    var exam: ((Course) throws -> PreparedExam)? = nil
    /// What runs instead when there is no usable terminal.
    var lineMode: (() throws -> Void)? = nil
    /// Runs a live quiz as its tutor (`primer live`): the quiz, made before the terminal
    /// starts (so a bad preset is reported on a normal screen), then put in the class store.
    var hostLive: ((Course, Date) throws -> LiveQuiz)? = nil

    func run() throws {
        let fallback = lineMode ?? { try runPlainStudy(options: options) }
        let folder = try ContentLocator.courseFolder(option: options.content, environment: options.environment)
        let loaded = CourseLoader.load(folder: folder)
        guard let course = loaded.course else {
            for d in loaded.errors { Streams.err(d.description + "\n") }
            throw PrimerError("the course in '\(folder)' could not be loaded; run 'primer check \(folder)'")
        }
        let notices = loaded.skipped.map { "Skipped \(($0.file as NSString).lastPathComponent): \($0.reason)" }

        // Without a terminal that can address the cursor, study in line mode instead:
        // scripts and pipes silently, a dumb or unknown terminal with a note on stderr.
        if isatty(STDOUT_FILENO) != 1 || isatty(STDIN_FILENO) != 1 {
            return try fallback()
        }
        let prepared = try exam?(course)
        let liveQuiz = try hostLive?(course, Clock.now())
        let terminal: NcursesScreen
        do {
            terminal = try NcursesScreen.start(environment: options.environment, useColor: options.useColor)
        } catch let reason as TerminalUnavailable {
            if case .notUTF8 = reason { throw PrimerError(reason.description) }
            Streams.err("primer: \(reason.description); continuing in line mode\n")
            return try fallback()
        }
        let now = Clock.now()
        let store: LearnerStore
        let context: StudyContext
        // The tutor's hold on the live quiz: while this process runs, learners know it does.
        var presence: LiveTutorPresence?
        do {
            store = try openStore(now: now)
            context = try StudyContext(store: store, course: course, learnerName: options.learnerName, now: now)
            if let liveQuiz {
                presence = try store.holdLiveTutorPresence(quiz: liveQuiz.id)
                try store.createLiveQuiz(liveQuiz, at: now)
            }
        } catch {
            presence?.release(removingFile: true)
            terminal.stop()   // the message must land on a normal screen
            EndingSignal.endProcessIfSignalled()
            throw error
        }
        defer {
            terminal.stop()
            // An end the tutor saved has let go already, file and all (`LiveHost`). Otherwise
            // (the end could not be saved, or the loop stopped before it) the file stays,
            // unlocked, and the learners' primers end the quiz.
            presence?.release(removingFile: false)
            if store.automaticBackup == .running { Streams.err("primer: finishing today's backup of your data…\n") }
            try? store.close()   // waits for the daily backup, if it is still being written
            if case let .failed(reason) = store.automaticBackup {
                Streams.err("primer: warning: the daily backup could not be written (\(reason))\n")
            }
            EndingSignal.endProcessIfSignalled()   // after SIGTERM or SIGHUP: everything is saved, end by it
        }
        var state = AppState(course: course, learnerName: context.learnerName, notices: notices,
                             lessonsRead: context.lessonsRead, seed: RandomSeed.fresh(), size: terminal.size)
        state.preferences = TUIRunLoop.preferences(of: context)
        state.learnerNames = (try? store.learnerNames()) ?? []
        terminal.colorPreference = state.preferences.color
        let loop = TUIRunLoop(terminal: terminal, context: context, clock: Clock.shared, seed: RandomSeed.fresh())
        // In a class, the session follows the live quiz; `primer live` leads it.
        if let liveQuiz {
            loop.live = LiveHost(store: store, quiz: liveQuiz, presence: presence)
        } else if options.classDir != nil {
            loop.live = LiveLearner(context: context)
        }
        if let prepared {
            loop.start(state.beginExam(prepared.session, title: prepared.title, feedbackDuring: prepared.feedbackDuring,
                                       preset: prepared.preset, at: Clock.now(), quitsWhenDone: true), &state)
        }
        loop.run(&state)
    }

    private func openStore(now: Date) throws -> LearnerStore {
        let directory = options.dataDirectory
        do {
            // The daily backup is written beside the first frame, not before it.
            let store = try LearnerStore.open(directory: directory, now: now, options: .init(backupInBackground: true))
            // On the terminal before the screen takes over; there again once primer exits.
            for notice in store.notices { Streams.err("primer: warning: \(notice)\n") }
            return store
        } catch let error as StoreError {
            throw PrimerError(error.description)
        }
    }
}

extension PrimerError: LocalizedError {
    var errorDescription: String? { description }
}
