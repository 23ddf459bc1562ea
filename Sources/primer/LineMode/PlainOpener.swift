import ArgumentParser
import CourseFormat
import Foundation
import LearnerStore
import StudyCore
import StudyServices

/// What every line-mode command starts from: the course, the learner's store and their
/// study context, opened the same way the full-screen interface opens them.
struct PlainSetup {
    let course: Course
    let context: StudyContext
    let output: PlainOutput

    /// Loads the course (`--content`, `$PRIMER_CONTENT` or the bundled one), opens the
    /// store (`--data-dir` and friends) and the learner (`--learner`, `$PRIMER_LEARNER`, login name).
    /// A course that does not load is a `PrimerError`; a store that cannot be opened is a
    /// `StoreError` (`Primer.main` prints either and exits 1). `readOnly` (stats, a plan
    /// looked at): neither the store nor the learner is created; a folder without a store or
    /// a name no one has studied under is a `PrimerError` that says so.
    static func open(_ options: GlobalOptions, now: Date = Clock.now(), readOnly: Bool = false) throws -> PlainSetup {
        let environment = options.environment
        let course = try loadCourse(options)
        let directory = options.dataDirectory
        if readOnly { try StoreCommandSupport.requireStore(in: directory) }
        // Line mode reads and writes in turn on one thread: one connection serves it.
        let store = try LearnerStore.open(directory: directory, now: now, options: .init(readsOnWriter: true))
        for notice in store.notices { standardError("primer: warning: \(notice)") }
        if readOnly {
            do { _ = try StoreCommandSupport.existingLearner(options.learnerName, in: store) } catch {
                StoreCommandSupport.close(store)
                throw error
            }
        }
        let context = try StudyContext(store: store, course: course, learnerName: options.learnerName, now: now)
        return PlainSetup(course: course, context: context, output: PlainOutput(environment: environment))
    }

    static func loadCourse(_ options: GlobalOptions) throws -> Course {
        let folder = try ContentLocator.courseFolder(option: options.content, environment: options.environment)
        let loaded = CourseLoader.load(folder: folder)
        guard let course = loaded.course else {
            for d in loaded.errors { standardError(d.description) }
            throw PrimerError("the course in '\(folder)' could not be loaded; run 'primer check \(folder)'")
        }
        for skipped in loaded.skipped {
            standardError("primer: skipped \((skipped.file as NSString).lastPathComponent): \(skipped.reason)")
        }
        return course
    }

    func themeTitle(_ id: String) -> String {
        clean(course.theme(id)?.title ?? id)
    }
}

func standardError(_ text: String) {
    Streams.err(text + "\n")
}
