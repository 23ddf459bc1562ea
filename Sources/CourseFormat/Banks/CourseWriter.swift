import Foundation
import StudyCore

/// Writes a `Course` as a course folder in primer's Markdown format (Content/FORMAT.md):
/// `course.md` and one file per lesson, `01-<lesson id>.md`, … in study order. Reading the
/// files back gives the same course, with two exceptions the format cannot express:
/// heading levels in lesson text (all become `##`), and text that would be read as
/// syntax at the start of a stem line (see `guardedStemLine`).
public enum CourseWriter {
    /// Put before a stem line that would otherwise be read as syntax (an option, a
    /// heading, a `key: value` line…): WORD JOINER, invisible and not a control character.
    public static let lineGuard: Character = "\u{2060}"

    /// The course file first, then the lessons in course order.
    public static func files(for course: Course) -> [CourseSourceFile] {
        let digits = max(2, String(course.lessons.count).count)
        var files = [CourseSourceFile(name: CourseLoader.courseFileName, text: courseFile(course))]
        for (i, lesson) in course.lessons.enumerated() {
            let number = String(i + 1)
            let name = String(repeating: "0", count: digits - number.count) + number + "-" + fileSafe(lesson.id) + ".md"
            files.append(CourseSourceFile(name: name, text: lessonFile(lesson, in: course)))
        }
        return files
    }

    /// Writes `files(for:)` into `folder` (created if needed).
    public static func write(_ course: Course, to folder: String) throws {
        let fm = FileManager.default
        try fm.createDirectory(atPath: folder, withIntermediateDirectories: true)
        for file in files(for: course) {
            let url = URL(fileURLWithPath: folder).appendingPathComponent(file.name)
            try Data(file.bytes).write(to: url, options: .atomic)
        }
    }

    public static func courseFile(_ course: Course) -> String {
        var out = ["---", "id: \(value(course.id))", "title: \(value(course.title))"]
        if !value(course.description).isEmpty { out.append("description: \(value(course.description))") }
        if !value(course.source).isEmpty { out.append("source: \(value(course.source))") }
        if course.paragraphCount > 0 { out.append("paragraphs: \(course.paragraphCount)") }
        out += ["---", "", "## Themes", ""]
        for theme in course.themes { out.append("- \(theme.id): \(value(theme.title))") }
        if !course.claims.isEmpty {
            out += ["", "## Claims", ""]
            for claim in course.claims {
                let refs = claim.paragraphs.isEmpty ? "" : " " + citation(claim.paragraphs)
                out.append("- \(claim.id)\(refs): \(value(claim.text))")
            }
        }
        return out.joined(separator: "\n") + "\n"
    }

    public static func lessonFile(_ lesson: Lesson, in course: Course) -> String {
        var out = ["---", "id: \(value(lesson.id))", "title: \(value(lesson.title))", "theme: \(lesson.themeID)"]
        if lesson.order != 0 { out.append("order: \(lesson.order)") }
        if !lesson.sources.isEmpty { out.append("sources: \(citation(lesson.sources))") }
        if !lesson.claims.isEmpty { out.append("claims: \(lesson.claims.joined(separator: " "))") }
        out += ["---", ""]
        var previousWasBullet = false
        for block in lesson.body {
            switch block {
            case .heading(let text, let sources):
                if out.last != "" { out.append("") }
                let title = inline(text)
                // "## Questions" would start the questions section.
                let marks = title.lowercased() == "questions" && sources.isEmpty ? "###" : "##"
                out.append("\(marks) \(title)" + (sources.isEmpty ? "" : " (\(citation(sources)))"))
                out.append("")
                previousWasBullet = false
            case .paragraph(let text):
                if out.last != "" { out.append("") }
                out.append(bodyLine(inline(text)))
                out.append("")
                previousWasBullet = false
            case .bullet(let text):
                if !previousWasBullet, out.last != "" { out.append("") }
                out.append("- " + inline(text))
                previousWasBullet = true
            }
        }
        if out.last != "" { out.append("") }
        if !lesson.questions.isEmpty {
            out += ["## Questions", ""]
            for (i, question) in lesson.questions.enumerated() {
                if i > 0 { out.append("") }
                out += questionLines(question, in: lesson)
            }
        }
        while out.last == "" { out.removeLast() }
        return out.joined(separator: "\n") + "\n"
    }

    public static func questionLines(_ q: Question, in lesson: Lesson) -> [String] {
        var out = ["### q: \(q.id)"]
        if q.kind != .single { out.append("kind: \(q.kind.rawValue)") }
        if !q.claims.isEmpty { out.append("claims: \(q.claims.joined(separator: " "))") }
        if !q.sources.isEmpty { out.append("source: \(citation(q.sources))") }
        if q.themeID != lesson.themeID { out.append("theme: \(q.themeID)") }
        if q.shownCount != (q.kind == .trueFalse ? 2 : Question.defaultShownCount) { out.append("shown: \(q.shownCount)") }
        let stemLines = q.stem.split(separator: "\n", omittingEmptySubsequences: false).map { String($0.trimmingSpaces()) }
        var first = true
        for line in stemLines {
            if line.isEmpty {
                if !first { out.append("") }
                continue
            }
            out.append(guardedStemLine(line, first: first))
            first = false
        }
        for choice in q.choices {
            out.append("- [\(choice.isCorrect ? "x" : " ")] \(BankImport.oneLine(choice.text))")
            if let feedback = choice.feedback.map(BankImport.oneLine), !feedback.isEmpty {
                out.append("  > \(feedback)")
            }
        }
        out.append("> \(BankImport.oneLine(q.explanation))")
        return out
    }

    /// A stem line as written: with `lineGuard` in front when it would be read as an
    /// option, feedback, explanation, heading or (the first line) a `key: value` line.
    public static func guardedStemLine(_ line: String, first: Bool) -> String {
        let t = Substring(line)
        let syntax = t.hasPrefix("- ") || t.hasPrefix("* ") || t.hasPrefix("#") || t.hasPrefix(">")
        var metaLike = false
        if first, let colon = t.firstIndex(of: ":") {
            let key = t[..<colon]
            metaLike = !key.isEmpty && key.allSatisfy { ($0.isLetter && $0.isLowercase) || $0 == "-" }
        }
        return syntax || metaLike ? String(lineGuard) + line : line
    }

    /// A stem as it reads back from a written file: each line trimmed, guarded where needed.
    public static func guarded(stem: String) -> String {
        var first = true
        return stem.split(separator: "\n", omittingEmptySubsequences: false).map { raw -> String in
            let line = String(raw.trimmingSpaces())
            guard !line.isEmpty else { return line }
            defer { first = false }
            return guardedStemLine(line, first: first)
        }.joined(separator: "\n")
    }

    /// A stem with the guards `guardedStemLine` adds taken out again, for export.
    public static func unguarded(_ text: String) -> String {
        guard text.contains(lineGuard) else { return text }
        return text.split(separator: "\n", omittingEmptySubsequences: false)
            .map { $0.first == lineGuard ? String($0.dropFirst()) : String($0) }
            .joined(separator: "\n")
    }

    static func inline(_ text: InlineText) -> String {
        text.runs.map { $0.isKeyTerm ? "**\($0.text)**" : $0.text }.joined()
    }

    /// A paragraph line that must not start like a heading or a bullet.
    static func bodyLine(_ line: String) -> String {
        let t = Substring(line)
        return t.hasPrefix("#") || t.hasPrefix("- ") || t.hasPrefix("* ") ? String(lineGuard) + line : line
    }

    /// A front-matter or list value: one line.
    static func value(_ s: String) -> String { BankImport.oneLine(s) }

    static func fileSafe(_ id: String) -> String {
        String(id.map { $0 == "/" || $0 == "\\" || $0 == ":" ? "-" : $0 })
    }
}
