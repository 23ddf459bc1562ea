import Foundation
import StudyCore

/// Reads a course folder from disk. The only file I/O of this module.
public enum CourseLoader {
    public static let courseFileName = "course.md"

    /// Loads `folder`. File names in diagnostics start with `displayPath` (default: the
    /// folder path as given), so messages point where the author expects.
    public static func load(folder: String, displayPath: String? = nil) -> CourseLoadResult {
        let prefix = displayPath ?? folder
        let fm = FileManager.default
        func name(_ file: String) -> String { prefix.isEmpty ? file : (prefix.hasSuffix("/") ? prefix + file : prefix + "/" + file) }

        var isDirectory: ObjCBool = false
        guard fm.fileExists(atPath: folder, isDirectory: &isDirectory), isDirectory.boolValue else {
            let exists = fm.fileExists(atPath: folder)
            let folderOfFile = (folder as NSString).deletingLastPathComponent
            let message = exists
                ? "this is a file; a course is checked as a whole: give its folder (the one holding course.md), here '\(folderOfFile.isEmpty ? "." : folderOfFile)'"
                : "no such course folder"
            return CourseLoadResult(course: nil, diagnostics: [Diagnostic(file: prefix, line: 1, column: 1, message: message)], skipped: [])
        }
        let entries = ((try? fm.contentsOfDirectory(atPath: folder)) ?? []).sorted()
        guard entries.contains(courseFileName) else {
            let d = Diagnostic(file: name(courseFileName), line: 1, column: 1,
                               message: "missing course file: a course folder needs a 'course.md' (see Content/FORMAT.md)")
            return CourseLoadResult(course: nil, diagnostics: [d], skipped: [])
        }
        var diagnostics: [Diagnostic] = []
        func read(_ file: String) -> CourseSourceFile? {
            let path = (folder as NSString).appendingPathComponent(file)
            if let attributes = try? fm.attributesOfItem(atPath: path),
               let size = attributes[.size] as? Int, size > SourceText.maximumBytes {
                // Don't read a huge file into memory just to reject it.
                diagnostics.append(Diagnostic(file: name(file), line: 1, column: 1,
                                              message: "file is \(size) bytes; course files are limited to 1 MiB (\(SourceText.maximumBytes) bytes)"))
                return nil
            }
            guard let data = fm.contents(atPath: path) else {
                diagnostics.append(Diagnostic(file: name(file), line: 1, column: 1, message: "cannot read the file"))
                return nil
            }
            return CourseSourceFile(name: name(file), bytes: [UInt8](data))
        }
        guard let courseFile = read(courseFileName) else {
            return CourseLoadResult(course: nil, diagnostics: diagnostics, skipped: [])
        }
        var lessonFiles: [CourseSourceFile] = []
        var unreadable: [SkippedFile] = []
        for entry in entries where isLessonFileName(entry) {
            if let file = read(entry) { lessonFiles.append(file) }
            else { unreadable.append(SkippedFile(file: name(entry), reason: diagnostics.last?.message ?? "unreadable")) }
        }
        var result = CourseAssembler.assemble(courseFile: courseFile, lessonFiles: lessonFiles)
        result.diagnostics = Self.inReadingOrder(diagnostics + result.diagnostics, courseFile: courseFile.name)
        result.skipped = unreadable + result.skipped
        return result
    }

    /// Problems as an author reads them: the course file first, then file by file in name
    /// order, each from top to bottom (checks that look across files, such as a repeated
    /// question id, were reported after the rest). Same places keep their order.
    static func inReadingOrder(_ diagnostics: [Diagnostic], courseFile: String) -> [Diagnostic] {
        diagnostics.enumerated().sorted { a, b in
            let x = a.element, y = b.element
            if (x.file == courseFile) != (y.file == courseFile) { return x.file == courseFile }
            if x.file != y.file { return x.file < y.file }
            if x.line != y.line { return x.line < y.line }
            if x.column != y.column { return x.column < y.column }
            return a.offset < b.offset
        }.map(\.element)
    }

    /// Every `.md` file except the course file, README.md, FORMAT.md and files starting with `_`.
    public static func isLessonFileName(_ name: String) -> Bool {
        name.hasSuffix(".md") && name != courseFileName && name != "README.md" && name != "FORMAT.md" && !name.hasPrefix("_") && !name.hasPrefix(".")
    }
}
