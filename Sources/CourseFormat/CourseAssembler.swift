import StudyCore

/// A course file or lesson file handed to the assembler: a display name and its bytes.
public struct CourseSourceFile: Sendable {
    public var name: String
    public var bytes: [UInt8]
    public init(name: String, bytes: [UInt8]) {
        self.name = name
        self.bytes = bytes
    }
    public init(name: String, text: String) { self.init(name: name, bytes: Array(text.utf8)) }
}

/// A lesson file left out of the course because it has errors.
public struct SkippedFile: Sendable, Equatable {
    public var file: String
    public var reason: String
}

public struct CourseLoadResult: Sendable {
    /// nil only when the course file itself is unusable.
    public var course: Course?
    public var diagnostics: [Diagnostic]
    public var skipped: [SkippedFile]

    public var errors: [Diagnostic] { diagnostics.filter(\.isError) }
    public var warnings: [Diagnostic] { diagnostics.filter { !$0.isError } }
}

/// Puts a course together from its files: parses each, checks ids across files, and
/// keeps every valid lesson. A lesson file with any error is skipped whole, so a
/// learner never meets half a lesson.
public enum CourseAssembler {
    public static func assemble(courseFile: CourseSourceFile, lessonFiles: [CourseSourceFile]) -> CourseLoadResult {
        var diagnostics: [Diagnostic] = []
        var courseSink = DiagnosticSink(file: courseFile.name)
        let parsedCourse = SourceText.decode(courseFile.bytes, sink: &courseSink).flatMap {
            CourseFileParser.parse($0, sink: &courseSink)
        }
        diagnostics += courseSink.items
        guard let (header, claimLines) = parsedCourse, !header.id.isEmpty, !header.title.isEmpty else {
            return CourseLoadResult(course: nil, diagnostics: diagnostics, skipped: [])
        }
        var course = header
        let context = CourseContext(course: course)
        var lessons = LessonFiles()
        for file in lessonFiles.sorted(by: { $0.name < $1.name }) { lessons.read(file, context: context) }
        diagnostics += lessons.diagnostics
        course.lessons = inCourseOrder(lessons.accepted, themes: course.themes)

        // Coverage: a listed claim that no question tests is a gap in the course. Only
        // meaningful once every lesson file loaded; otherwise the skip explains it.
        if lessons.skipped.isEmpty, !course.claims.isEmpty {
            let tested = testedClaims(course)
            for claim in course.claims where !tested.contains(claim.id) {
                diagnostics.append(Diagnostic(file: courseFile.name, line: claimLines[claim.id] ?? 1, column: 3,
                                              severity: .warning, message: "claim \(claim.id) is not tested by any question"))
            }
        }
        return CourseLoadResult(course: course, diagnostics: diagnostics, skipped: lessons.skipped)
    }

    /// The claims some question tests. Every question kept cites only the course's claims
    /// (any other is an error), so once all of them are seen the rest need not be hashed.
    private static func testedClaims(_ course: Course) -> Set<String> {
        var tested = Set<String>()
        var last: [String] = []
        for lesson in course.lessons {
            for question in lesson.questions where question.claims != last {   // the same claims again add nothing
                tested.formUnion(question.claims)
                if tested.count == course.claims.count { return tested }
                last = question.claims
            }
        }
        return tested
    }

    /// The lesson files read so far: the lessons kept, the files skipped, what was found, and
    /// where each lesson and question id was first defined (ids are unique across files).
    private struct LessonFiles {
        var accepted: [(lesson: Lesson, file: String)] = []
        var skipped: [SkippedFile] = []
        var diagnostics: [Diagnostic] = []
        var lessonOwner: [String: (file: String, line: Int)] = [:]
        var questionOwner: [String: (file: String, line: Int)] = [:]

        mutating func read(_ file: CourseSourceFile, context: CourseContext) {
            var sink = DiagnosticSink(file: file.name)
            var claimed: [String] = []
            let parsed = SourceText.decode(file.bytes, sink: &sink).flatMap {
                LessonFileParser.parse($0, context: context, sink: &sink)
            }
            if let parsed {
                let id = parsed.lesson.id
                if !id.isEmpty, let owner = lessonOwner[id] {
                    sink.error(parsed.idPosition.line, parsed.idPosition.column,
                               "duplicate lesson id '\(id)' (also in \(owner.file):\(owner.line))")
                }
                // Each id is claimed for this file as it is checked (one lookup for a new id),
                // and given back if the file is skipped.
                for (qid, line, offset) in parsed.questionPositions {
                    if let owner = questionOwner.updateValue((file.name, line), forKey: qid) {
                        questionOwner[qid] = owner
                        sink.error(line, at: offset, "duplicate question id '\(qid)' (also in \(owner.file):\(owner.line))")
                    } else {
                        claimed.append(qid)
                    }
                }
            }
            diagnostics += sink.items
            if let parsed, !sink.hasErrors {
                lessonOwner[parsed.lesson.id] = (file.name, parsed.idPosition.line)
                accepted.append((parsed.lesson, file.name))
            } else {
                for qid in claimed { questionOwner[qid] = nil }
                let first = sink.items.first(where: \.isError)
                skipped.append(SkippedFile(file: file.name, reason: first.map { "line \($0.line): \($0.message)" } ?? "unreadable"))
            }
        }
    }

    /// Lessons by their theme's place in the course, then by order, then by file name.
    private static func inCourseOrder(_ accepted: [(lesson: Lesson, file: String)], themes: [Theme]) -> [Lesson] {
        let themeOrder = Dictionary(uniqueKeysWithValues: themes.map { ($0.id, $0.order) })
        return accepted.sorted { a, b in
            let ta = themeOrder[a.lesson.themeID] ?? Int.max, tb = themeOrder[b.lesson.themeID] ?? Int.max
            if ta != tb { return ta < tb }
            if a.lesson.order != b.lesson.order { return a.lesson.order < b.lesson.order }
            return a.file < b.file
        }.map(\.lesson)
    }
}
