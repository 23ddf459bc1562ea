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

/// A parsed lesson with the positions of its ids, for cross-file duplicate checks. A
/// question's position is its line and the byte offset of its id, so its column is only
/// counted if a duplicate is reported; each id is listed once, where it first appears, in
/// line order.
struct ParsedLesson {
    var lesson: Lesson
    var idPosition: (line: Int, column: Int)
    var questionPositions: [(id: String, line: Int, offset: Int)]
}

/// Parses one lesson file: front matter, lesson text, and `## Questions`.
enum LessonFileParser {
    static let keys = ["id", "title", "theme", "order", "sources", "claims"]

    static func parse(_ source: SourceText, context: CourseContext, sink: inout DiagnosticSink) -> ParsedLesson? {
        guard let matter = FrontMatter.parse(source, allowed: keys, required: ["id", "title", "theme"], sink: &sink) else { return nil }
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
            References.paragraphs($0.value, line: $0.line, at: $0.valueOffset, paragraphCount: context.paragraphCount, sink: &sink)
        } ?? []
        let claims = matter["claims"].map { claimRefs($0.value, line: $0.line, at: $0.valueOffset, context: context, sink: &sink) } ?? []

        let questionsHeader = (matter.bodyStart..<source.lineCount).first { isQuestionsHeading(source, $0) }
        let bodyEnd = questionsHeader ?? source.lineCount
        let body = LessonBodyParser.parse(source, range: matter.bodyStart..<bodyEnd, context: context, sink: &sink)

        var lesson = Lesson(id: id, title: matter["title"]?.value ?? "", themeID: theme, order: order,
                            sources: sources, claims: claims, body: body)
        var positions: [(id: String, line: Int, offset: Int)] = []
        if let header = questionsHeader {
            let parsed = QuestionParser.parseAll(source, from: header + 1, lesson: lesson, context: context, sink: &sink)
            lesson.questions = parsed.questions
            positions.reserveCapacity(parsed.headings.count)
            var firstLines: [String: Int] = [:]
            firstLines.reserveCapacity(parsed.headings.count)
            for heading in parsed.headings {
                // One lookup for the usual new id; a repeated one gets its first line back.
                if let first = firstLines.updateValue(heading.line, forKey: heading.id) {
                    firstLines[heading.id] = first
                    sink.error(heading.line, at: heading.idOffset, "duplicate question id '\(heading.id)' (first on line \(first))")
                } else {
                    positions.append((heading.id, heading.line, heading.idOffset))
                }
            }
        }
        // Warn only when there are none at all: broken questions already have their errors.
        let hasQuestionHeadings = (bodyEnd..<source.lineCount).contains {
            source.hasPrefix(source.trimmed(source.lines[$0].range), "### q:")
        }
        if lesson.questions.isEmpty && !hasQuestionHeadings {
            sink.warning(1, 1, "lesson '\(id)' has no questions")
        }
        let idEntry = matter["id"]
        return ParsedLesson(lesson: lesson, idPosition: (idEntry?.line ?? 1, idEntry?.valueColumn ?? 1),
                            questionPositions: positions)
    }

    /// Whether line `index` is "## Questions", trimmed, in any case. Compared on the bytes:
    /// only ASCII lowercases to ASCII letters here (the Kelvin sign's "k" is not in the word).
    static func isQuestionsHeading(_ source: SourceText, _ index: Int) -> Bool {
        let r = source.trimmed(source.lines[index].range)
        let word: StaticString = "## questions"
        guard r.count == word.utf8CodeUnitCount else { return false }
        return word.withUTF8Buffer { w in
            for k in 0..<r.count {
                var byte = source.bytes[r.lowerBound + k]
                if byte >= 0x41 && byte <= 0x5A { byte |= 0x20 }
                if byte != w[k] { return false }
            }
            return true
        }
    }

    /// Claim ids in `value` (at byte `offset` of the file, on line `line`), each checked
    /// against the course's claims.
    static func claimRefs(_ value: String, line: Int, at offset: Int, context: CourseContext, sink: inout DiagnosticSink) -> [String] {
        var out: [String] = []
        for (token, tokenOffset) in References.tokens(value) {
            checkClaim(token, line: line, at: offset + tokenOffset, context: context, into: &out, sink: &sink)
        }
        return out
    }

    /// The same for a value that is bytes `span` of `source`.
    static func claimRefs(in span: Range<Int>, source: SourceText, line: Int, context: CourseContext,
                          sink: inout DiagnosticSink) -> [String] {
        var out: [String] = []
        let split = References.byteTokens(source.bytes, span) { token in
            checkClaim(source.string(token), line: line, at: token.lowerBound, context: context, into: &out, sink: &sink)
        }
        if split { return out }
        return claimRefs(source.string(span), line: line, at: span.lowerBound, context: context, sink: &sink)
    }

    private static func checkClaim(_ token: String, line: Int, at offset: Int, context: CourseContext, into out: inout [String],
                                   sink: inout DiagnosticSink) {
        if !context.claimIDs.isEmpty, !context.claimIDs.contains(token) {
            sink.error(line, at: offset, "unknown claim '\(token)'" + Suggest.didYouMean(token, context.claimIDs.sorted()))
        } else {
            out.append(token)
        }
    }
}
