import StudyCore

/// What lesson and question parsing check references against.
struct CourseContext {
    var themeIDs: Set<String>
    var themeList: [String]
    var claimIDs: Set<String>
    /// nil: ¶ refs are not range-checked (the course did not say how many there are).
    var paragraphCount: Int?

    init(course: Course) {
        themeList = course.themes.map(\.id)
        themeIDs = Set(themeList)
        claimIDs = Set(course.claims.map(\.id))
        paragraphCount = course.paragraphCount > 0 ? course.paragraphCount : nil
    }
}

/// A parsed lesson with the positions of its ids, for cross-file duplicate checks.
struct ParsedLesson {
    var lesson: Lesson
    var idPosition: (line: Int, column: Int)
    var questionPositions: [String: (line: Int, column: Int)]
}

/// Parses one lesson file: front matter, lesson text, and `## Questions`.
enum LessonFileParser {
    static let keys = ["id", "title", "theme", "order", "sources", "claims"]

    static func parse(_ source: SourceText, context: CourseContext, sink: inout DiagnosticSink) -> ParsedLesson? {
        guard let matter = FrontMatter.parse(source.lines, allowed: keys, required: ["id", "title", "theme"], sink: &sink) else { return nil }
        let id = matter["id"]?.value ?? ""
        if let e = matter["id"], !id.isEmpty, !References.isValidID(id) {
            sink.error(e.line, e.valueColumn, "lesson id '\(id)' may use only letters, digits, '-', '_' and '.'")
        }
        let theme = matter["theme"]?.value ?? ""
        if let e = matter["theme"], !theme.isEmpty, !context.themeIDs.contains(theme) {
            sink.error(e.line, e.valueColumn, "unknown theme '\(theme)'" + Suggest.didYouMean(theme, context.themeList))
        }
        var order = 0
        if let e = matter["order"] {
            if let n = Int(e.value) { order = n } else { sink.error(e.line, e.valueColumn, "'order' must be a whole number, not '\(e.value)'") }
        }
        let sources = matter["sources"].map {
            References.paragraphs($0.value, line: $0.line, column: $0.valueColumn, paragraphCount: context.paragraphCount, sink: &sink)
        } ?? []
        let claims = matter["claims"].map { claimRefs($0.value, line: $0.line, column: $0.valueColumn, context: context, sink: &sink) } ?? []

        let questionsHeader = (matter.bodyStart..<source.lines.count).first {
            source.lines[$0].trimmingSpaces().lowercased() == "## questions"
        }
        let bodyEnd = questionsHeader ?? source.lines.count
        let body = LessonBodyParser.parse(source.lines, range: matter.bodyStart..<bodyEnd, context: context, sink: &sink)

        var lesson = Lesson(id: id, title: matter["title"]?.value ?? "", themeID: theme, order: order,
                            sources: sources, claims: claims, body: body)
        var positions: [String: (line: Int, column: Int)] = [:]
        if let header = questionsHeader {
            let parsed = QuestionParser.parseAll(source.lines, from: header + 1, lesson: lesson, context: context, sink: &sink)
            lesson.questions = parsed.map(\.question)
            for p in parsed {
                if let first = positions[p.question.id] {
                    sink.error(p.line, p.column, "duplicate question id '\(p.question.id)' (first on line \(first.line))")
                } else {
                    positions[p.question.id] = (p.line, p.column)
                }
            }
        }
        // Warn only when there are none at all: broken questions already have their errors.
        let hasQuestionHeadings = source.lines[bodyEnd...].contains { $0.trimmingSpaces().hasPrefix("### q:") }
        if lesson.questions.isEmpty && !hasQuestionHeadings {
            sink.warning(1, 1, "lesson '\(id)' has no questions")
        }
        let idEntry = matter["id"]
        return ParsedLesson(lesson: lesson, idPosition: (idEntry?.line ?? 1, idEntry?.valueColumn ?? 1),
                            questionPositions: positions)
    }

    static func claimRefs(_ value: String, line: Int, column: Int, context: CourseContext, sink: inout DiagnosticSink) -> [String] {
        var out: [String] = []
        for (token, offset) in References.tokens(value) {
            if !context.claimIDs.isEmpty, !context.claimIDs.contains(token) {
                sink.error(line, column + offset, "unknown claim '\(token)'" + Suggest.didYouMean(token, context.claimIDs.sorted()))
            } else {
                out.append(token)
            }
        }
        return out
    }
}

/// Lesson text: paragraphs, headings (optionally ending in "(¶6 ¶7)"), bullets, `**key terms**`.
enum LessonBodyParser {
    static func parse(_ lines: [Substring], range: Range<Int>, context: CourseContext, sink: inout DiagnosticSink) -> [LessonBlock] {
        var blocks: [LessonBlock] = []
        // Lines of the block being gathered, with where each starts, so a problem found in
        // the joined text is reported on the line it is on.
        var paragraph: [InlineMarkup.Segment] = []
        var bullet: [InlineMarkup.Segment]? = nil

        func flush() {
            if !paragraph.isEmpty { blocks.append(.paragraph(InlineMarkup.parse(paragraph, sink: &sink))) }
            if let b = bullet { blocks.append(.bullet(InlineMarkup.parse(b, sink: &sink))) }
            paragraph = []
            bullet = nil
        }

        for index in range {
            let line = lines[index]
            let n = index + 1
            let trimmed = line.trimmingSpaces()
            if trimmed.isEmpty { flush(); continue }
            func segment(_ text: Substring) -> InlineMarkup.Segment { .init(text: String(text), line: n, column: column(of: text, in: line)) }
            if trimmed.hasPrefix("#") {
                flush()
                let text = trimmed.drop(while: { $0 == "#" }).trimmingSpaces()
                var title = text, sources: [Int] = []
                // "(¶6 ¶7)" at the end of a heading names the paragraphs it covers.
                if text.hasSuffix(")"), let open = text.lastIndex(of: "("), text[text.index(after: open)...].hasPrefix("¶") {
                    let inner = text[text.index(after: open)..<text.index(before: text.endIndex)]
                    sources = References.paragraphs(String(inner), line: n, column: column(of: inner, in: line),
                                                    paragraphCount: context.paragraphCount, sink: &sink)
                    title = text[..<open].trimmingSpaces()
                }
                checkParagraphMentions(title, in: line, lineNumber: n, context: context, sink: &sink)
                blocks.append(.heading(InlineMarkup.parse([segment(title)], sink: &sink), sources: sources))
                continue
            }
            checkParagraphMentions(line, in: line, lineNumber: n, context: context, sink: &sink)
            if trimmed.hasPrefix("- ") || trimmed.hasPrefix("* ") {
                flush()
                bullet = [segment(trimmed.dropFirst(2).trimmingSpaces())]
            } else if bullet != nil, line.hasPrefix("  ") {
                bullet?.append(segment(trimmed))   // continuation of a bullet
            } else {
                if bullet != nil { flush() }
                paragraph.append(segment(trimmed))
            }
        }
        flush()
        return blocks
    }

    /// "¶12" in the text of an 11-paragraph course is a slip worth catching.
    /// Checks "¶N" mentions in `part` (a piece of `line`) against the source's paragraphs.
    static func checkParagraphMentions(_ part: Substring, in line: Substring, lineNumber: Int, context: CourseContext,
                                       sink: inout DiagnosticSink) {
        // ¶ is C2 B6 in UTF-8: a byte test first, since most lines cite nothing.
        guard let count = context.paragraphCount, part.utf8.contains(0xB6), part.contains("¶") else { return }
        var index = part.startIndex
        while let mark = part[index...].firstIndex(of: "¶") {
            let digits = part[part.index(after: mark)...].prefix(while: { $0.isASCII && $0.isNumber })
            if let n = Int(digits), n < 1 || n > count {
                sink.error(lineNumber, column(of: part[mark...], in: line), "¶\(n) does not exist: the source has paragraphs ¶1-¶\(count)")
            }
            index = part.index(after: mark)
        }
    }
}
