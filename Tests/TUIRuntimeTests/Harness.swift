import CourseFormat
import Foundation
import LearnerStore
import PrimerApp
import StudyCore
import StudyServices
import TerminalUI
import TUIRuntime
import XCTest

/// The interface as a learner meets it, without a terminal: the bundled course, a real
/// store in a temporary folder, the real run loop, a `MemoryTerminal` for keys and frames,
/// and a `ManualClock` that moves only when the test says so.
final class Harness {
    static let course: Course = {
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Content/pakistan-us").path
        guard let course = CourseLoader.load(folder: folder).course else { fatalError("the bundled course did not load") }
        return course
    }()

    let directory: URL
    let clock: ManualClock
    let learner: String
    private(set) var store: LearnerStore
    var course: Course { Self.course }

    init(learner: String = "ayesha", start: Date = Date(timeIntervalSince1970: 1_767_600_000)) throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("primer-runtime-\(UUID().uuidString)")
        clock = ManualClock(start)
        self.learner = learner
        store = try LearnerStore.open(directory: directory, now: start, options: .init(automaticBackups: false))
    }

    deinit {
        try? store.close()
        try? FileManager.default.removeItem(at: directory)
    }

    /// A fresh context on the same store, as a new primer process would have.
    func context(learner: String? = nil) throws -> StudyContext {
        try StudyContext(store: store, course: course, learnerName: learner ?? self.learner, now: clock.now())
    }

    /// Runs the interface over the steps `script` builds (then the terminal closes);
    /// returns the terminal. `script` gets the terminal so its steps can read the screen.
    @discardableResult
    func run(size: Size = Size(width: 80, height: 24), seed: UInt64 = 1,
             opening: ((inout AppState) -> [Effect])? = nil, configure: ((TUIRunLoop) -> Void)? = nil,
             _ script: (MemoryTerminal) -> [MemoryTerminal.Step]) throws -> MemoryTerminal {
        let context = try self.context()
        let terminal = MemoryTerminal(size: size)
        terminal.append(script(terminal))
        var state = AppState(course: course, learnerName: learner, lessonsRead: context.lessonsRead, seed: seed, size: size)
        state.preferences = TUIRunLoop.preferences(of: context)
        state.preferences.study.timeZone = TimeZone(identifier: "UTC")!
        let loop = TUIRunLoop(terminal: terminal, context: context, clock: clock, seed: seed)
        configure?(loop)
        if let opening { loop.start(opening(&state), &state) }
        loop.run(&state)
        return terminal
    }

}

extension MemoryTerminal {
    /// A step that checks the screen at that point of the script.
    func expect(_ what: String, file: StaticString = #filePath, line: UInt = #line,
                _ check: @escaping (String) -> Bool) -> MemoryTerminal.Step {
        .run { [unowned self] in
            XCTAssertTrue(check(self.screen), "\(what); the screen was:\n\(self.screen)", file: file, line: line)
        }
    }

    func expect(text: String, file: StaticString = #filePath, line: UInt = #line) -> MemoryTerminal.Step {
        expect("'\(text)' on screen", file: file, line: line) { $0.contains(text) }
    }

    /// A step that answers the question on screen right (or wrong).
    func answer(right: Bool, in course: Course, file: StaticString = #filePath, line: UInt = #line) -> MemoryTerminal.Step {
        .run { [unowned self] in
            let keys = ScreenReader.keys(on: self.screen, in: course, right: right)
            XCTAssertFalse(keys.isEmpty, "no question to answer on:\n\(self.screen)", file: file, line: line)
            self.insertNext(keys.map { .key($0) })
        }
    }
}

/// Answers the question on a screen, from the course: which keys pick the right (or a
/// wrong) answer. Text is compared with runs of white space collapsed, so wrapping and
/// indentation do not matter.
enum ScreenReader {
    static func collapse(_ text: String) -> String {
        text.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "▲" || $0 == "▼" }).joined(separator: " ")
    }

    static func question(on screen: String, in course: Course) -> Question? {
        let flat = collapse(screen)
        return course.questions.filter { flat.contains(collapse($0.stem)) }.max { $0.stem.count < $1.stem.count }
    }

    /// Option numbers on screen, by option text.
    static func numbers(on screen: String, of question: Question) -> [(number: Int, choice: Choice)] {
        let flat = collapse(screen)
        var found: [(Int, Choice)] = []
        for choice in question.choices {
            let text = collapse(choice.text)
            for n in 1...9 where flat.contains(" \(n) \(text)") || flat.hasPrefix("\(n) \(text)") {
                found.append((n, choice))
                break
            }
        }
        return found.sorted { $0.0 < $1.0 }
    }

    static func options(on screen: String) -> [(number: Int, text: String)] {
        var result: [(Int, String)] = []
        for line in screen.components(separatedBy: "\n") {
            var rest = Substring(line).drop(while: { $0 == " " })
            if rest.hasPrefix("›") { rest = rest.dropFirst().drop(while: { $0 == " " }) }
            if rest.hasPrefix("[ ] ") || rest.hasPrefix("[x] ") { rest = rest.dropFirst(4) }
            guard let digit = rest.first, let n = digit.wholeNumberValue, rest.dropFirst().first == " " else { continue }
            result.append((n, String(rest.dropFirst(2))))
        }
        return result
    }

    /// The keys that answer the question on `screen` right (or wrong), Enter included for select-all.
    static func keys(on screen: String, in course: Course, right: Bool) -> [Key] {
        guard let question = question(on: screen, in: course) else { return [] }
        let picks = numbers(on: screen, of: question).filter { $0.choice.isCorrect == right }.map(\.number)
        guard let first = picks.first else { return [] }
        if question.kind == .multiple {
            return (right ? picks : [first]).map { .character(Character("\($0)")) } + [.enter]
        }
        return [.character(Character("\(first)"))]
    }
}
