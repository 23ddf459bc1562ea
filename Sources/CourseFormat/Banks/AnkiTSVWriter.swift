import StudyCore

/// Writes a course's questions as an Anki text file (docs.ankiweb.net, "Importing › Text
/// Files"), one Basic note per question:
///
/// ```
/// #separator:tab
/// #html:false
/// #notetype:Basic
/// #tags column:3
/// #columns:Front<TAB>Back<TAB>Tags
/// ```
///
/// - Front: the stem, then every option of the pool lettered `A) …`, `B) …`, in an order
///   shuffled per card with a seed made from the question id (so the key is not always A,
///   and the export stays the same from one run to the next). A true/false question asks
///   "True or false?" instead; a multiple-answer one says to select all that apply, unless
///   its stem already does.
/// - Back: the right option(s) with their letters, then the explanation, then the ¶ source.
/// - Tags: the theme id and the lesson id (once when they are the same).
///
/// Fields are plain text (`#html:false`: Anki shows `<`, `&` as typed and turns line breaks
/// into `<br>` itself). A field holding a tab, a line break or a `"`, or starting with `#`,
/// is quoted CSV-style: wrapped in `"` with `"` doubled, line breaks kept as they are —
/// Anki's documented way to put separators and newlines in a field.
public enum AnkiTSVWriter {
    public static let header = [
        "#separator:tab",
        "#html:false",
        "#notetype:Basic",
        "#tags column:3",
        "#columns:Front\tBack\tTags",
    ]

    public static func write(_ course: Course) -> String {
        var out = header
        for lesson in course.lessons {
            for q in lesson.questions {
                out.append([front(q), back(q), tags(q, lesson: lesson)].map(field).joined(separator: "\t"))
            }
        }
        return out.joined(separator: "\n") + "\n"
    }

    static func letter(_ i: Int) -> String {
        i < 26 ? String(Character(Unicode.Scalar(UInt8(65 + i)))) : "\(i + 1)"
    }

    public static func front(_ q: Question) -> String {
        let stem = CourseWriter.unguarded(q.stem)
        switch q.kind {
        case .trueFalse:
            return q.stemSaysTrueOrFalse ? stem : stem + "\n\nTrue or false?"
        case .single, .multiple:
            var lines = [stem]
            if q.kind == .multiple && !q.stemSaysSelectAll { lines.append("(Select all that apply.)") }
            lines.append("")
            for (i, c) in order(q).enumerated() { lines.append("\(letter(i))) \(c.text)") }
            return lines.joined(separator: "\n")
        }
    }

    /// The options of a card, shuffled with a seed from the question id: the same on
    /// every export, different from card to card.
    static func order(_ q: Question) -> [Choice] {
        var generator = SeededGenerator(seed: ExamPreset.stableSeed(for: "anki-tsv:" + q.id))
        return q.choices.shuffled(using: &generator)
    }

    public static func back(_ q: Question) -> String {
        var parts: [String] = []
        switch q.kind {
        case .trueFalse:
            parts.append(q.choices.first(where: \.isCorrect)?.text ?? "")
        case .single, .multiple:
            parts.append(order(q).enumerated().filter { $0.element.isCorrect }
                .map { "\(letter($0.offset))) \($0.element.text)" }.joined(separator: "\n"))
        }
        if !q.explanation.isEmpty { parts.append(q.explanation) }
        if !q.sources.isEmpty { parts.append("Source: \(citation(q.sources))") }
        return parts.joined(separator: "\n\n")
    }

    public static func tags(_ q: Question, lesson: Lesson) -> String {
        var tags = [q.themeID]
        if lesson.id != q.themeID { tags.append(lesson.id) }
        return tags.map { $0.replacingOccurrences(of: " ", with: "_") }.joined(separator: " ")
    }

    /// A field as written: quoted when it holds a tab, a line break or `"`, or starts with `#`.
    public static func field(_ s: String) -> String {
        let needsQuotes = s.hasPrefix("#") || s.contains { $0 == "\t" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" || $0 == "\"" }
        guard needsQuotes else { return s }
        return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
