import StudyCore

/// Parses `course.md`: front matter, `## Themes` and `## Claims`.
enum CourseFileParser {
    static let keys = ["id", "title", "description", "source", "paragraphs"]

    /// Returns the course and the line of each claim (for coverage warnings).
    static func parse(_ source: SourceText, sink: inout DiagnosticSink) -> (Course, [String: Int])? {
        guard let matter = FrontMatter.parse(source, allowed: keys, required: ["id", "title"], sink: &sink) else { return nil }
        var reader = BodyReader(course: course(from: matter, sink: &sink))
        // course.md is a few dozen lines: read as text, in the Character view.
        for index in matter.bodyStart..<source.lineCount {
            let line = source.lineText(index)
            reader.read(line, lineNumber: index + 1, lineStart: source.lines[index].start, sink: &sink)
        }
        if reader.course.themes.isEmpty {
            sink.error(matter.bodyStart + 1 > source.lineCount ? 1 : matter.bodyStart, 1,
                       "the course lists no themes: add '## Themes' with lines '- ID: Title'")
        }
        return (reader.course, reader.claimLines)
    }

    /// The course the front matter describes, before its themes and claims.
    private static func course(from matter: FrontMatter, sink: inout DiagnosticSink) -> Course {
        var course = Course(id: matter["id"]?.value ?? "", title: matter["title"]?.value ?? "",
                            description: matter["description"]?.value ?? "", source: matter["source"]?.value ?? "")
        if let id = matter["id"], !id.value.isEmpty, !References.isValidID(id.value) {
            sink.error(id.line, id.valueColumn, "course id '\(id.value)' may use only letters, digits, '-', '_' and '.'")
        }
        if let p = matter["paragraphs"] {
            if let n = Int(p.value), n >= 1 { course.paragraphCount = n }
            else { sink.error(p.line, p.valueColumn, "'paragraphs' must be a whole number of at least 1, not '\(p.value)'") }
        }
        return course
    }

    /// Reads the body after the front matter: `## Themes` and `## Claims`, line by line.
    private struct BodyReader {
        enum Section { case intro, themes, claims, other }
        var course: Course
        var section = Section.intro
        var themeLines: [String: Int] = [:]
        var claimLines: [String: Int] = [:]

        mutating func read(_ line: Substring, lineNumber n: Int, lineStart: Int, sink: inout DiagnosticSink) {
            if line.hasPrefix("## ") {
                let title = line.dropFirst(3).trimmingSpaces().lowercased()
                switch title {
                case "themes": section = .themes
                case "claims": section = .claims
                default:
                    section = .other
                    sink.warning(n, 4, "section '\(line.dropFirst(3).trimmingSpaces())' is ignored; course.md has '## Themes' and '## Claims'")
                }
                return
            }
            let trimmed = line.trimmingSpaces()
            guard !trimmed.isEmpty else { return }
            switch section {
            case .intro, .other: return
            case .themes: readTheme(trimmed, in: line, lineNumber: n, sink: &sink)
            case .claims: readClaim(trimmed, in: line, lineNumber: n, lineStart: lineStart, sink: &sink)
            }
        }

        /// `- ID: Title`
        mutating func readTheme(_ trimmed: Substring, in line: Substring, lineNumber n: Int, sink: inout DiagnosticSink) {
            guard trimmed.hasPrefix("- "), let colon = trimmed.firstIndex(of: ":") else {
                sink.error(n, column(of: trimmed, in: line), "expected a theme line '- ID: Title'")
                return
            }
            let idPart = trimmed[trimmed.index(trimmed.startIndex, offsetBy: 2)..<colon].trimmingSpaces()
            let titlePart = trimmed[trimmed.index(after: colon)...].trimmingSpaces()
            let id = String(idPart)
            if !References.isValidID(id) {
                sink.error(n, column(of: idPart.isEmpty ? trimmed : idPart, in: line), "theme id '\(id)' may use only letters, digits, '-', '_' and '.'")
            } else if titlePart.isEmpty {
                sink.error(n, column(of: trimmed, in: line), "theme '\(id)' has no title")
            } else if let first = themeLines[id] {
                sink.error(n, column(of: idPart, in: line), "duplicate theme id '\(id)' (first on line \(first))")
            } else {
                themeLines[id] = n
                course.themes.append(Theme(id: id, title: String(titlePart), order: course.themes.count + 1))
            }
        }

        /// `- ID ¶N: text`
        mutating func readClaim(_ trimmed: Substring, in line: Substring, lineNumber n: Int, lineStart: Int,
                                sink: inout DiagnosticSink) {
            guard trimmed.hasPrefix("- "), let colon = trimmed.firstIndex(of: ":") else {
                sink.error(n, column(of: trimmed, in: line), "expected a claim line '- ID ¶N: text'")
                return
            }
            let head = trimmed[trimmed.index(trimmed.startIndex, offsetBy: 2)..<colon]
            let tokens = References.tokens(String(head))
            guard let (id, _) = tokens.first, References.isValidID(id) else {
                sink.error(n, 3, "expected a claim id after '- '")
                return
            }
            // The refs as written (commas, spaces) so columns point at the right token.
            // Token offsets are UTF-8 offsets in `head`.
            let afterID = head[head.utf8.index(head.startIndex, offsetBy: tokens[0].1 + id.utf8.count)...]
            let offset = lineStart + line.utf8.distance(from: line.startIndex, to: afterID.startIndex)
            let paragraphs = References.paragraphs(String(afterID), line: n, at: offset,
                                                   paragraphCount: course.paragraphCount > 0 ? course.paragraphCount : nil, sink: &sink)
            let text = trimmed[trimmed.index(after: colon)...].trimmingSpaces()
            if let first = claimLines[id] {
                sink.error(n, 3, "duplicate claim id '\(id)' (first on line \(first))")
            } else if text.isEmpty {
                sink.error(n, column(of: trimmed, in: line), "claim '\(id)' has no text")
            } else {
                claimLines[id] = n
                course.claims.append(Claim(id: id, paragraphs: paragraphs, text: String(text)))
            }
        }
    }
}
