import ArgumentParser
import CourseFormat
import Foundation
import StudyCore

extension BankFormat: ExpressibleByArgument {}

/// The formats `primer export-bank` writes.
enum ExportBankFormat: String, CaseIterable, ExpressibleByArgument {
    case gift
    case ankiTSV = "anki-tsv"
}

/// `primer import-bank FILE --format gift|aiken --into DIR [--theme ID]`.
struct ImportBankCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import-bank",
        abstract: "Turn a Moodle question bank (GIFT or Aiken) into a primer course folder.",
        discussion: """
            Writes DIR/course.md and one lesson file per category, in primer's course format \
            (Content/FORMAT.md). GIFT: each $CATEGORY becomes a lesson, in a theme named after \
            the category's first part (or all in the one theme --theme ID); ::titles:: become \
            question ids; general feedback (####) becomes the explanation, and a question \
            without one gets an explanation naming the right answer (with a warning). Kinds \
            primer cannot represent (numerical, matching, short answer, essay, description) \
            are reported as FILE:LINE: skipped: KIND, malformed questions as FILE:LINE: error: \
            MESSAGE; the rest is imported. Exits 1 when a question had an error (the others \
            are still written) or when nothing could be imported. DIR must not exist or be empty.
            """)

    @Argument(help: ArgumentHelp("The question bank, a UTF-8 text file.", valueName: "FILE"))
    var file: String

    @Option(name: .long, help: ArgumentHelp("The bank's format: gift or aiken.", valueName: "FORMAT"))
    var format: BankFormat

    @Option(name: .long, help: ArgumentHelp("The course folder to create.", valueName: "DIR"))
    var into: String

    @Option(name: .long, help: ArgumentHelp("Put every lesson in this one theme instead of one theme per top category.", valueName: "ID"))
    var theme: String?

    func run() throws {
        do {
            if let theme, !BankImport.isValidID(theme) { throw PrimerError(BankImport.Failure.invalidThemeID(theme).description) }
            let path = (file as NSString).expandingTildeInPath
            guard let data = FileManager.default.contents(atPath: path) else {
                throw PrimerError("cannot read '\(file)'")
            }
            let text: String
            do {
                text = try BankImport.decode([UInt8](data))
            } catch {
                if case BankImport.Failure.invalidUTF8(let line, let column) = error {
                    Streams.line("\(file):\(line): error: invalid UTF-8 at column \(column); save the file as UTF-8")
                }
                throw PrimerError("\(file) is not UTF-8 text; nothing was imported")
            }
            let folder = (into as NSString).expandingTildeInPath
            try Self.checkTarget(folder, shown: into)

            let parsed = BankImport.parse(text, format: format)
            let courseID = BankImport.slug((folder as NSString).lastPathComponent)
            let result: BankImportResult
            do {
                result = try BankImport.makeCourse(parsed, fileName: file, courseID: courseID.isEmpty ? "imported" : courseID, theme: theme)
            } catch {
                for m in parsed.messages { Streams.line(m.formatted(file: file)) }
                throw PrimerError(error == .nothingToImport ? "\(file): no question could be imported; nothing was written"
                                                            : error.description)
            }
            for m in result.messages { Streams.line(m.formatted(file: file)) }

            do {
                try CourseWriter.write(result.course, to: folder)
            } catch {
                throw PrimerError("cannot write the course into '\(into)': \(error.localizedDescription)")
            }
            // What was written must pass `primer check`; say so if it does not.
            let loaded = CourseLoader.load(folder: folder, displayPath: into)
            for d in loaded.errors { Streams.line(d.description) }
            if !loaded.errors.isEmpty || loaded.course == nil {
                throw PrimerError("the course written into '\(into)' does not pass 'primer check' (a bug in import-bank)")
            }

            let course = result.course
            let errors = result.messages.filter { $0.severity == .error }.count
            let skipped = result.messages.filter { $0.severity == .skipped }.count
            let warnings = result.messages.filter { $0.severity == .warning }.count
            func count(_ n: Int, _ word: String) -> String { "\(n) \(word)\(n == 1 ? "" : "s")" }
            Streams.line("\(into): \(count(course.lessons.count, "lesson")), \(count(course.questions.count, "question")), "
                  + "\(count(course.themes.count, "theme")) written; \(skipped) skipped, \(count(errors, "error")), \(count(warnings, "warning"))")
            if errors > 0 { throw ExitCode(1) }
        }
    }

    /// The target must be a new or empty folder: an import never overwrites a course.
    static func checkTarget(_ folder: String, shown: String) throws {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory) else { return }
        guard isDirectory.boolValue else { throw PrimerError("'\(shown)' exists and is not a folder") }
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        if entries.contains(where: { !$0.hasPrefix(".") }) {
            throw PrimerError("'\(shown)' is not empty; import into a new folder")
        }
    }
}

/// `primer export-bank --format gift|anki-tsv [--course ID] [--content PATH]`.
struct ExportBankCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export-bank",
        abstract: "Write a course's questions to standard output as a GIFT bank or an Anki text file.",
        discussion: """
            gift: Moodle's GIFT format, one $CATEGORY per lesson (theme/lesson), question ids \
            as ::titles::, the explanation as general feedback; course details GIFT has no \
            place for go in '// primer-' comments, so 'primer import-bank' reads it back \
            without loss. anki-tsv: a tab-separated file with #separator:tab, #html:false and \
            #columns: Front, Back, Tags (one note per question; fields holding tabs, line \
            breaks or quotes are quoted CSV-style). The course is the bundled one, or the one \
            in --content PATH; --course ID picks a course by id in a folder of courses.
            """)

    @Option(name: .long, help: ArgumentHelp("gift or anki-tsv.", valueName: "FORMAT"))
    var format: ExportBankFormat

    @Option(name: .long, help: ArgumentHelp("The id of the course to export.", valueName: "ID"))
    var course: String?

    @Option(name: .long, help: ArgumentHelp("A course folder, or a folder of course folders (also $PRIMER_CONTENT).", valueName: "PATH"))
    var content: String?

    func run() throws {
        do {
            let folder = try Self.courseFolder(content: content, id: course)
            let loaded = CourseLoader.load(folder: folder)
            guard let loadedCourse = loaded.course else {
                for d in loaded.errors { standardError(d.description) }
                throw PrimerError("the course in '\(folder)' could not be loaded; run 'primer check \(folder)'")
            }
            for s in loaded.skipped {
                standardError("primer: warning: \(s.file) is skipped (\(s.reason)); its questions are not exported")
            }
            let output = switch format {
            case .gift: GIFTWriter.write(loadedCourse)
            case .ankiTSV: AnkiTSVWriter.write(loadedCourse)
            }
            Streams.out(output, kind: .csv)
        }
    }

    /// The folder of the course to export: `--content` (or $PRIMER_CONTENT, or the bundled
    /// Content folder) is a course folder or a folder of them; `--course` picks one by id.
    static func courseFolder(content: String?, id: String?) throws -> String {
        let environment = ProcessEnvironment.values
        let base: String
        if let path = content ?? environment["PRIMER_CONTENT"].flatMap({ $0.isEmpty ? nil : $0 }) {
            base = (path as NSString).expandingTildeInPath
        } else if let bundled = ContentLocator.bundledContentFolder() {
            base = bundled
        } else {
            throw PrimerError("the bundled course was not found; pass --content PATH (a folder holding course.md)")
        }
        let fm = FileManager.default
        var isDirectory: ObjCBool = false
        guard fm.fileExists(atPath: base, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw PrimerError("content folder '\(base)' does not exist")
        }
        func courseID(of folder: String) -> String? { CourseLoader.load(folder: folder).course?.id }
        if fm.fileExists(atPath: (base as NSString).appendingPathComponent(CourseLoader.courseFileName)) {
            if let id, let found = courseID(of: base), found != id {
                throw PrimerError("the course in '\(base)' is '\(found)', not '\(id)'")
            }
            return base
        }
        let folders = ((try? fm.contentsOfDirectory(atPath: base)) ?? []).sorted()
            .map { (base as NSString).appendingPathComponent($0) }
            .filter { fm.fileExists(atPath: ($0 as NSString).appendingPathComponent(CourseLoader.courseFileName)) }
        guard !folders.isEmpty else {
            throw PrimerError("'\(base)' holds no course: a course folder has a course.md (see Content/FORMAT.md)")
        }
        guard let id else { return folders[0] }
        let ids = folders.map { ($0, courseID(of: $0)) }
        if let match = ids.first(where: { $0.1 == id }) { return match.0 }
        throw PrimerError("no course with id '\(id)' in '\(base)'; the courses there are: \(ids.compactMap(\.1).joined(separator: ", "))")
    }
}
