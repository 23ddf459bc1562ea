import Foundation
import StudyCore

/// Writes a course's questions in Moodle's GIFT format, for Moodle's question bank and
/// for `primer import-bank`, which reads it back without loss:
///
/// - each lesson is a category `$CATEGORY: <theme id>/<lesson id>`;
/// - each question is `::<id>::<stem>{ … }`, with `=right` / `~wrong` (single), weights
///   `~%50%` / `~%-50%` (multiple answer: the right ones share 100%, the wrong ones -100%),
///   or `{TRUE#feedback if wrong#feedback if right}`; option feedback after `#`, the
///   explanation as general feedback `####…`;
/// - `~ = # { } : \` are escaped with a backslash, line breaks written `\n`;
/// - what GIFT has no place for (course, theme and lesson titles, claims, ¶ sources,
///   `shown`) goes in `// primer-…: …` comment lines, which Moodle ignores.
///
/// Lesson text is not part of a question bank and is not written.
public enum GIFTWriter {
    public static func write(_ course: Course) -> String {
        var out: [String] = [
            "// Question bank of the primer course '\(comment(course.id))': \(comment(course.title))",
            "// Import it into Moodle (GIFT format) or with 'primer import-bank FILE --format gift --into DIR'.",
            "// The '// primer-' comments keep what GIFT has no place for; Moodle ignores them.",
            "// primer-course: \(comment(course.id))",
            "// primer-course-title: \(comment(course.title))",
        ]
        if !course.description.isEmpty { out.append("// primer-course-description: \(comment(course.description))") }
        if !course.source.isEmpty { out.append("// primer-course-source: \(comment(course.source))") }
        if course.paragraphCount > 0 { out.append("// primer-course-paragraphs: \(course.paragraphCount)") }
        for claim in course.claims {
            let refs = claim.paragraphs.isEmpty ? "" : " " + citation(claim.paragraphs)
            out.append("// primer-claim: \(claim.id)\(refs): \(comment(claim.text))")
        }
        for theme in course.themes { out.append("// primer-theme: \(theme.id): \(comment(theme.title))") }

        for lesson in course.lessons where !lesson.questions.isEmpty {
            out.append("")
            out.append("// primer-lesson: \(lesson.id): \(comment(lesson.title))")
            out.append("// primer-lesson-order: \(lesson.id): \(lesson.order)")
            if !lesson.sources.isEmpty { out.append("// primer-lesson-sources: \(lesson.id): \(citation(lesson.sources))") }
            if !lesson.claims.isEmpty { out.append("// primer-lesson-claims: \(lesson.id): \(lesson.claims.joined(separator: " "))") }
            out.append("$CATEGORY: \(categoryPart(lesson.themeID))/\(categoryPart(lesson.id))")
            for question in lesson.questions {
                out.append("")
                out += questionLines(question, lessonTheme: lesson.themeID)
            }
        }
        return out.joined(separator: "\n") + "\n"
    }

    static func questionLines(_ q: Question, lessonTheme: String) -> [String] {
        var out: [String] = []
        if !q.claims.isEmpty { out.append("// primer-claims: \(q.claims.joined(separator: " "))") }
        if !q.sources.isEmpty { out.append("// primer-sources: \(citation(q.sources))") }
        if q.shownCount != (q.kind == .trueFalse ? 2 : Question.defaultShownCount) { out.append("// primer-shown: \(q.shownCount)") }
        if q.themeID != lessonTheme { out.append("// primer-question-theme: \(q.themeID)") }
        let head = "::\(escape(q.id))::" + text(CourseWriter.unguarded(q.stem))
        let general = q.explanation.isEmpty ? nil : "####" + text(q.explanation)
        switch q.kind {
        case .trueFalse:
            let isTrue = q.choices.first(where: \.isCorrect)?.text.lowercased() == "true"
            let right = q.choices.first(where: \.isCorrect)?.feedback ?? ""
            let wrong = q.choices.first(where: { !$0.isCorrect })?.feedback ?? ""
            var answer = isTrue ? "TRUE" : "FALSE"
            if !wrong.isEmpty || !right.isEmpty { answer += "#" + text(wrong) }
            if !right.isEmpty { answer += "#" + text(right) }
            out.append(head + " {" + answer + (general ?? "") + "}")
        case .single, .multiple:
            out.append(head + " {")
            let right = q.choices.filter(\.isCorrect).count
            let wrong = q.choices.count - right
            for choice in q.choices {
                let marker: String
                if q.kind == .single {
                    // '=' takes no weight, so a '%' at the start of its text is safe; after '~' it is not.
                    marker = choice.isCorrect ? "=" : (choice.text.hasPrefix("%") ? "~%0%" : "~")
                } else {
                    marker = choice.isCorrect ? "~%\(weight(100, right))%" : "~%-\(weight(100, wrong))%"
                }
                var line = "\t" + marker + text(choice.text)
                if let feedback = choice.feedback, !feedback.isEmpty { line += "#" + text(feedback) }
                out.append(line)
            }
            if let general { out.append("\t" + general) }
            out.append("}")
        }
        return out
    }

    /// 100 split `n` ways, as Moodle writes grades: up to 5 decimals ("33.33333").
    static func weight(_ total: Double, _ n: Int) -> String {
        guard n > 0 else { return "0" }
        let w = total / Double(n)
        if w == w.rounded() { return String(Int(w)) }
        var s = String(format: "%.5f", w)
        while s.hasSuffix("0") { s.removeLast() }
        if s.hasSuffix(".") { s.removeLast() }
        return s
    }

    /// A text in a question: escaped, and marked `[moodle]` when it would otherwise start
    /// with something Moodle reads as a format tag.
    static func text(_ s: String) -> String {
        let escaped = escape(s)
        for f in ["[moodle]", "[html]", "[plain]", "[markdown]"] where s.hasPrefix(f) { return "[moodle]" + escaped }
        return escaped
    }

    /// GIFT escapes: `\ ~ = # { } :` with a backslash, line breaks as `\n`.
    public static func escape(_ s: String) -> String {
        var out = ""
        for c in s {
            switch c {
            case "\\", "~", "=", "#", "{", "}", ":": out.append("\\"); out.append(c)
            case "\n", "\r\n", "\r": out += "\\n"
            default: out.append(c)
            }
        }
        return out
    }

    /// A category name part: a '/' in it is written '//' (Moodle's convention).
    static func categoryPart(_ s: String) -> String { s.replacingOccurrences(of: "/", with: "//") }

    /// Comment text: one line.
    static func comment(_ s: String) -> String { BankImport.oneLine(s) }
}
