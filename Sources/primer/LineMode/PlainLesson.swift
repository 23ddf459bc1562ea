import ArgumentParser
import Foundation
import StudyCore
import StudyServices

/// `primer lesson ID` (always plain text): a lesson as plain text, then marked read.
struct PlainLessonCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lesson",
        abstract: "Read a lesson (and mark it read, which unlocks its questions for study).",
        discussion: """
            The lesson is always printed (--plain changes nothing) \
            as plain text wrapped to $COLUMNS (or 78) columns: title, ¶ sources, headings, \
            paragraphs and bullets, key terms as ordinary text. Without ID, lists the lessons \
            with their ids, whether each is read, and its mastery.
            """)

    @OptionGroup var options: GlobalOptions

    @Flag(name: .long, help: "Changes nothing (accepted so that scripts may pass it to every command): this command always prints plain text.")
    /// Never read: the command has no full-screen form, so it is always in line mode.
    var plain = false

    @Argument(help: "The lesson id (see the list printed without it).")
    var id: String?

    func run() throws {
        do {
            let setup = try PlainSetup.open(options)
            if let id { try read(id, setup) } else { try list(setup) }
        }
    }

    func list(_ setup: PlainSetup) throws {
        let course = setup.course, context = setup.context, output = setup.output
        // Mastery as Home and `primer stats` define it (recall unaided on the horizon day, 0
        // for a question never answered right), not recall now, which is near 100% for
        // anything answered a minute ago, right or wrong.
        let model = try context.forecast(now: Clock.now())
        let day = DayText.iso(model.horizon, zone: context.settings.timeZone)
        output.line("Lessons of \(clean(course.title)) (mastery: what you would recall unaided on \(day)):")
        for lesson in course.lessons {
            let mastery = model.lessonMastery[lesson.id] ?? 0
            let read = context.lessonsRead.contains(lesson.id) ? "read" : "unread"
            output.line("  \(clean(lesson.id)) (\(read), \(plural(lesson.questions.count, "question")), mastery \(percent(mastery)))")
            output.wrapped(lesson.title, prefix: "    ")
        }
    }

    func read(_ id: String, _ setup: PlainSetup) throws {
        let course = setup.course, output = setup.output
        guard let lesson = course.lesson(id) else {
            throw PrimerError(Suggest.unknown("lesson", clean(id), among: course.lessons.map(\.id), listName: "lessons"))
        }
        // Marked first: a reader who stops the output early (a pager, `head`) has still read it.
        try setup.context.markLessonRead(lesson.id, at: Clock.now())
        output.wrapped(lesson.title)
        if !lesson.sources.isEmpty { output.line("Source: \(citation(lesson.sources))") }
        var previousWasBullet = false
        for block in lesson.body {
            switch block {
            case .heading(let text, let sources):
                output.line()
                output.wrapped(text.plain + (sources.isEmpty ? "" : " (\(citation(sources)))"))
                previousWasBullet = false
            case .paragraph(let text):
                output.line()
                output.wrapped(text.plain)
                previousWasBullet = false
            case .bullet(let text):
                if !previousWasBullet { output.line() }
                output.wrapped(text.plain, prefix: "- ")
                previousWasBullet = true
            }
        }
        output.line()
        let n = lesson.questions.count
        output.wrapped("Marked as read. Its \(n) question\(n == 1 ? " is" : "s are") now in your study queue; to practise \(n == 1 ? "it" : "them") now:")
        output.line("  primer quiz --plain --lesson \(clean(lesson.id))")
    }
}
