import Foundation
import StudyCore

// Question banks in other tools' formats (Moodle GIFT and Aiken) turned into a primer
// course folder. The parsers (GIFTParser, AikenParser) read a bank into `BankQuestion`s;
// `BankImport` gives them ids, themes and lessons and builds a `Course`; `CourseWriter`
// writes that course as primer Markdown.

/// The bank formats `primer import-bank` reads.
public enum BankFormat: String, Sendable, CaseIterable {
    case gift
    case aiken
}

/// A note about one line of a bank file: `FILE:LINE: error|warning|skipped: MESSAGE`.
/// `skipped` names a kind of question primer cannot represent (it is left out, never
/// silently); `error` a question left out because it is malformed.
public struct BankMessage: Sendable, Equatable, CustomStringConvertible {
    public enum Severity: String, Sendable { case error, warning, skipped }
    public var line: Int
    public var severity: Severity
    public var message: String

    public init(line: Int, _ severity: Severity, _ message: String) {
        self.line = line
        self.severity = severity
        self.message = message
    }

    public func formatted(file: String) -> String { "\(file):\(line): \(severity.rawValue): \(message)" }
    public var description: String { "\(line): \(severity.rawValue): \(message)" }
}

/// One question read from a bank, before it has an id, theme or lesson.
public struct BankQuestion: Sendable, Equatable {
    /// The line the question starts on.
    public var line: Int
    /// GIFT `::title::`, unescaped; nil when the question has none.
    public var title: String?
    /// GIFT `$CATEGORY:` path in force, split into its parts (empty: none).
    public var category: [String]
    public var kind: QuestionKind
    public var stem: String
    public var choices: [Choice]
    /// GIFT general feedback (`####`); nil when the bank gives none.
    public var explanation: String?
    // What a bank exported by primer keeps in `// primer-…` comments.
    public var claims: [String]
    public var sources: [Int]
    public var shownCount: Int?
    public var themeID: String?

    public init(line: Int, title: String? = nil, category: [String] = [], kind: QuestionKind, stem: String,
                choices: [Choice], explanation: String? = nil, claims: [String] = [], sources: [Int] = [],
                shownCount: Int? = nil, themeID: String? = nil) {
        self.line = line
        self.title = title
        self.category = category
        self.kind = kind
        self.stem = stem
        self.choices = choices
        self.explanation = explanation
        self.claims = claims
        self.sources = sources
        self.shownCount = shownCount
        self.themeID = themeID
    }
}

/// Course details a bank exported by primer carries in `// primer-…` comments, so that
/// export → import loses nothing GIFT has no place for. Moodle ignores comments.
public struct BankMetadata: Sendable, Equatable {
    public struct LessonInfo: Sendable, Equatable {
        public var title: String?
        public var order: Int?
        public var sources: [Int] = []
        public var claims: [String] = []
        public init(title: String? = nil, order: Int? = nil, sources: [Int] = [], claims: [String] = []) {
            self.title = title
            self.order = order
            self.sources = sources
            self.claims = claims
        }
    }
    public var courseID: String?
    public var title: String?
    public var description: String?
    public var source: String?
    public var paragraphCount: Int?
    public var claims: [Claim] = []
    /// Theme ids in the order the comments list them, with their titles.
    public var themes: [(id: String, title: String)] = []
    public var lessons: [String: LessonInfo] = [:]

    public init() {}

    /// Written out because `themes` holds tuples, which are not Equatable, so the compiler
    /// cannot derive it.
    public static func == (a: BankMetadata, b: BankMetadata) -> Bool {
        a.courseID == b.courseID && a.title == b.title && a.description == b.description && a.source == b.source
            && a.paragraphCount == b.paragraphCount && a.claims == b.claims && a.lessons == b.lessons
            && a.themes.map(\.id) == b.themes.map(\.id) && a.themes.map(\.title) == b.themes.map(\.title)
    }
}

public struct BankParseResult: Sendable {
    public var questions: [BankQuestion]
    /// Every error, warning and skipped question, in line order.
    public var messages: [BankMessage]
    public var metadata: BankMetadata

    public init(questions: [BankQuestion] = [], messages: [BankMessage] = [], metadata: BankMetadata = BankMetadata()) {
        self.questions = questions
        self.messages = messages
        self.metadata = metadata
    }

    public var errors: [BankMessage] { messages.filter { $0.severity == .error } }
    public var warnings: [BankMessage] { messages.filter { $0.severity == .warning } }
    public var skipped: [BankMessage] { messages.filter { $0.severity == .skipped } }
}

/// A bank turned into a course: the model, its files in primer's format, and every
/// message about the bank (parse messages, then the import's own warnings), by line.
public struct BankImportResult: Sendable {
    public var course: Course
    public var files: [CourseSourceFile]
    public var messages: [BankMessage]
    public var questionCount: Int { course.questions.count }
}

public enum BankImport {
    public enum Failure: Error, Equatable, CustomStringConvertible {
        case invalidUTF8(line: Int, column: Int)
        case invalidThemeID(String)
        case nothingToImport
        public var description: String {
            switch self {
            case .invalidUTF8(let line, let column): "\(line):\(column): the file is not valid UTF-8; save it as UTF-8"
            case .invalidThemeID(let id): "theme id '\(id)' may use only letters, digits, '-', '_' and '.', starting with a letter or digit"
            case .nothingToImport: "no question could be imported"
            }
        }
    }

    /// The bytes of a bank file as text: UTF-8 (a byte order mark is dropped).
    public static func decode(_ bytes: [UInt8]) throws(Failure) -> String {
        if let bad = SourceText.firstInvalidUTF8(bytes) {
            let (line, column) = SourceText.position(ofByte: bad, in: bytes)
            throw .invalidUTF8(line: line, column: column)
        }
        var text = String(decoding: bytes, as: UTF8.self)
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
        return text
    }

    public static func parse(_ text: String, format: BankFormat) -> BankParseResult {
        switch format {
        case .gift: GIFTParser.parse(text)
        case .aiken: AikenParser.parse(text)
        }
    }

    /// Parses a bank and builds the course folder's files.
    /// - Parameters:
    ///   - fileName: the bank's file name, for the lesson text and the default theme.
    ///   - courseID: the course id unless the bank names one (a `// primer-course:` comment).
    ///   - theme: put every lesson in this one theme instead of one theme per top category.
    public static func importBank(_ text: String, format: BankFormat, fileName: String, courseID: String,
                                  theme: String? = nil) throws(Failure) -> BankImportResult {
        let parsed = parse(text, format: format)
        return try makeCourse(parsed, fileName: fileName, courseID: courseID, theme: theme)
    }

    public static func makeCourse(_ bank: BankParseResult, fileName: String, courseID: String,
                                  theme themeOption: String? = nil) throws(Failure) -> BankImportResult {
        if let t = themeOption, !References.isValidID(t) { throw .invalidThemeID(t) }
        guard !bank.questions.isEmpty else { throw .nothingToImport }
        var messages = bank.messages
        let meta = bank.metadata
        let baseName = ((fileName as NSString).lastPathComponent as NSString).deletingPathExtension

        var course = Course(
            id: meta.courseID.flatMap { References.isValidID($0) ? $0 : nil } ?? validID(courseID, fallback: "imported"),
            title: nonEmpty(meta.title) ?? "Imported from \(oneLine((fileName as NSString).lastPathComponent))",
            description: nonEmpty(meta.description) ?? "",
            source: nonEmpty(meta.source) ?? oneLine((fileName as NSString).lastPathComponent))
        course.claims = meta.claims

        // Themes: in the order the bank first mentions them (primer-theme comments, then
        // categories); with --theme, just that one.
        var themeTitles: [String: String] = [:]
        var themeOrder: [String] = []
        func addTheme(_ id: String, _ title: String) {
            if themeTitles[id] == nil {
                themeTitles[id] = title
                themeOrder.append(id)
            }
        }
        let metaThemeTitles = Dictionary(meta.themes.map { ($0.id, $0.title) }, uniquingKeysWith: { a, _ in a })
        if let t = themeOption {
            addTheme(t, metaThemeTitles[t] ?? t)
        } else {
            for t in meta.themes where References.isValidID(t.id) { addTheme(t.id, t.title) }
        }

        // Lessons: one per category path, in order of first appearance.
        struct LessonDraft {
            var id: String
            var title: String
            var themeID: String
            var path: String
            var questions: [BankQuestion] = []
        }
        var drafts: [LessonDraft] = []
        var draftIndex: [[String]: Int] = [:]
        var lessonIDs = IDAllocator()
        let defaultPath = [themeOption ?? (baseName.isEmpty ? "imported" : baseName)]
        for question in bank.questions {
            let path = question.category.isEmpty ? defaultPath : question.category
            if let i = draftIndex[path] {
                drafts[i].questions.append(question)
                continue
            }
            // Category names become lowercase slugs, except ids a primer export names in its comments.
            let themeID = themeOption ?? (metaThemeTitles[path[0]] != nil && References.isValidID(path[0])
                ? path[0] : validSlug(path[0], fallback: "imported"))
            addTheme(themeID, oneLine(path[0]))
            // The lesson id: its own name when free, else the whole path.
            var id = meta.lessons[path.last!] != nil && References.isValidID(path.last!)
                ? path.last! : validSlug(path.last!, fallback: "lesson")
            if lessonIDs.contains(id) { id = validSlug(path.joined(separator: "-"), fallback: "lesson") }
            id = lessonIDs.claim(id)
            let title = themeOption != nil || path.count == 1
                ? path.joined(separator: " / ") : path.dropFirst().joined(separator: " / ")
            draftIndex[path] = drafts.count
            drafts.append(LessonDraft(id: id, title: oneLine(meta.lessons[id]?.title ?? title), themeID: themeID,
                                      path: path.joined(separator: " / "), questions: [question]))
        }
        // A category too big for one lesson file goes on in "part 2", "part 3"….
        var parted: [LessonDraft] = []
        for draft in drafts {
            for (n, questions) in parts(of: draft.questions).enumerated() {
                var part = draft
                if n > 0 {
                    part.id = lessonIDs.claim("\(draft.id)-part-\(n + 1)")
                    part.title = "\(draft.title) (part \(n + 1))"
                }
                part.questions = questions
                parted.append(part)
            }
        }
        drafts = parted
        course.themes = themeOrder.enumerated().map { Theme(id: $0.element, title: themeTitles[$0.element]!, order: $0.offset + 1) }
        let knownThemes = Set(themeOrder)

        // Questions: ids from titles (else from the stem), unique across the course.
        var questionIDs = IDAllocator()
        var lessons: [Lesson] = []
        var positionInTheme: [String: Int] = [:]
        for draft in drafts {
            positionInTheme[draft.themeID, default: 0] += 1
            let info = meta.lessons[draft.id]
            let listedClaims = Set(course.claims.map(\.id))
            var lesson = Lesson(id: draft.id, title: draft.title.isEmpty ? draft.id : draft.title, themeID: draft.themeID,
                                order: info?.order ?? positionInTheme[draft.themeID]!, sources: info?.sources ?? [],
                                claims: (info?.claims ?? []).filter { listedClaims.isEmpty ? References.isValidID($0) : listedClaims.contains($0) })
            let categoryNote = draft.questions[0].category.isEmpty ? "" : " (category \(draft.path))"
            lesson.body = [.paragraph(InlineText(stringLiteral:
                "Questions imported from \(oneLine((fileName as NSString).lastPathComponent))\(categoryNote).".replacingOccurrences(of: "*", with: "")))]
            for q in draft.questions {
                var id: String
                if let title = q.title.map(oneLine), !title.isEmpty {
                    id = References.isValidID(title) ? title : validID(title, fallback: "q-\(q.line)")
                } else {
                    let words = q.stem.split(whereSeparator: { $0 == " " || $0 == "\n" }).prefix(6).joined(separator: " ")
                    id = validID(slug(words, maxLength: 40), fallback: "q-\(q.line)")
                }
                id = questionIDs.claim(id)
                var explanation = q.explanation.map(oneLine) ?? ""
                if explanation.isEmpty {
                    explanation = statedAnswer(q)
                    messages.append(BankMessage(line: q.line, .warning,
                        "no general feedback (####) for question '\(id)'; its explanation states the right answer"))
                }
                var themeID = draft.themeID
                if let t = q.themeID, themeOption == nil {
                    if knownThemes.contains(t) { themeID = t }
                    else { messages.append(BankMessage(line: q.line, .warning, "question theme '\(t)' is not a theme of the bank; using '\(draft.themeID)'")) }
                }
                let claimIDs = Set(course.claims.map(\.id))
                let claims = claimIDs.isEmpty ? q.claims : q.claims.filter(claimIDs.contains)
                if claims.count < q.claims.count {
                    messages.append(BankMessage(line: q.line, .warning, "dropped claim refs not listed in the bank: \(q.claims.filter { !claimIDs.contains($0) }.joined(separator: " "))"))
                }
                let choices = q.choices.map { c in
                    Choice(oneLine(c.text), isCorrect: c.isCorrect, feedback: c.feedback.map(oneLine).flatMap { $0.isEmpty ? nil : $0 })
                }
                let shown = q.shownCount ?? (q.kind == .trueFalse ? 2 : Question.defaultShownCount)
                lesson.questions.append(Question(id: id, kind: q.kind, themeID: themeID, lessonID: lesson.id, claims: claims,
                                                 sources: q.sources, stem: CourseWriter.guarded(stem: q.stem), choices: choices,
                                                 explanation: explanation, shownCount: shown))
            }
            lessons.append(lesson)
        }
        let themeRank = Dictionary(uniqueKeysWithValues: course.themes.map { ($0.id, $0.order) })
        course.lessons = lessons.enumerated().sorted { a, b in
            let ta = themeRank[a.element.themeID]!, tb = themeRank[b.element.themeID]!
            if ta != tb { return ta < tb }
            if a.element.order != b.element.order { return a.element.order < b.element.order }
            return a.offset < b.offset
        }.map(\.element)

        // ¶ refs are checked only when the course says how many paragraphs its source
        // has; keep that count only if every question cites sources within it.
        if let n = meta.paragraphCount {
            if paragraphsHold(n, in: course) { course.paragraphCount = n }
            else {
                messages.append(BankMessage(line: 1, .warning,
                    "'primer-course-paragraphs: \(n)' is not kept: not every question cites ¶ refs within ¶1-¶\(n)"))
            }
        }
        let files = CourseWriter.files(for: course)
        return BankImportResult(course: course, files: files, messages: sorted(messages))
    }

    /// Messages by line; at one line, in the order they were made.
    static func sorted(_ messages: [BankMessage]) -> [BankMessage] {
        messages.enumerated().sorted { ($0.element.line, $0.offset) < ($1.element.line, $1.offset) }.map(\.element)
    }

    /// "The right answer is: Paris." — the explanation of a question whose bank gave none.
    static func statedAnswer(_ q: BankQuestion) -> String {
        func sentence(_ s: String) -> String {
            guard let last = s.last else { return s }
            return ".!?…".contains(last) ? s : s + "."
        }
        let right = q.choices.filter(\.isCorrect).map { oneLine($0.text) }
        switch q.kind {
        case .trueFalse:
            return "The statement is \(right.first?.lowercased() == "true" ? "true" : "false")."
        case .multiple where right.count > 1:
            return sentence("The right answers are: " + right.joined(separator: "; "))
        default:
            return sentence("The right answer is: " + (right.first ?? ""))
        }
    }

    private static func paragraphsHold(_ n: Int, in course: Course) -> Bool {
        func mentionsHold(_ text: String) -> Bool {
            var sink = DiagnosticSink(file: "")
            let context = CourseContext(course: Course(id: "x", title: "x", paragraphCount: n))
            let line = Substring(text)
            LessonBodyParser.checkParagraphMentions(line, in: line, lineNumber: 1, context: context, sink: &sink)
            return !sink.hasErrors
        }
        let inRange = { (refs: [Int]) in refs.allSatisfy { (1...n).contains($0) } }
        for claim in course.claims where !inRange(claim.paragraphs) { return false }
        for lesson in course.lessons {
            if !inRange(lesson.sources) { return false }
            for q in lesson.questions {
                if q.sources.isEmpty || !inRange(q.sources) { return false }
                let texts = [q.stem, q.explanation] + q.choices.flatMap { [$0.text, $0.feedback ?? ""] }
                if !texts.allSatisfy(mentionsHold) { return false }
            }
        }
        return true
    }

    // MARK: - Ids and text

    /// Lowercase letters and digits joined by '-': "Unit 1: Cells" → "unit-1-cells".
    public static func slug(_ text: String, maxLength: Int = 48) -> String {
        var out = ""
        var pendingDash = false
        for scalar in text.precomposedStringWithCanonicalMapping.lowercased().unicodeScalars {
            if scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) {
                if pendingDash && !out.isEmpty { out.append("-") }
                pendingDash = false
                out.unicodeScalars.append(scalar)
            } else {
                pendingDash = true
            }
        }
        if out.unicodeScalars.count > maxLength {
            var cut = String(String.UnicodeScalarView(out.unicodeScalars.prefix(maxLength)))
            while cut.hasSuffix("-") { cut.removeLast() }
            out = cut
        }
        return out
    }

    public static func isValidID(_ id: String) -> Bool { References.isValidID(id) }

    /// `text` as an id: itself when it is one, else its slug, else `fallback`.
    static func validID(_ text: String, fallback: String) -> String {
        let t = oneLine(text)
        if References.isValidID(t), t.unicodeScalars.count <= 64 { return t }
        let s = slug(t)
        return s.isEmpty ? fallback : s
    }

    /// `text` as a lowercase slug, else `fallback`.
    static func validSlug(_ text: String, fallback: String) -> String {
        let s = slug(oneLine(text))
        return s.isEmpty ? fallback : s
    }

    /// About how many bytes a lesson file may take before its questions go on in a "part 2":
    /// well under the 1 MiB a course file may hold, since the estimate leaves out markup.
    static let lessonFileBudget = 800_000

    /// A rough size of the question as written in a lesson file.
    static func writtenSize(_ q: BankQuestion) -> Int {
        80 + q.stem.utf8.count + (q.title?.utf8.count ?? 0) + (q.explanation?.utf8.count ?? 0)
            + q.choices.reduce(0) { $0 + 16 + $1.text.utf8.count }
    }

    /// One category's questions, cut into parts that each fit a lesson file.
    static func parts(of questions: [BankQuestion]) -> [[BankQuestion]] {
        var parts: [[BankQuestion]] = [[]]
        var size = 0
        for q in questions {
            let cost = writtenSize(q)
            if size + cost > lessonFileBudget && !parts[parts.count - 1].isEmpty {
                parts.append([])
                size = 0
            }
            parts[parts.count - 1].append(q)
            size += cost
        }
        return parts
    }

    /// Ids handed out so far, and for each base id the next suffix to try: a bank with
    /// 20,000 questions of one title costs 20,000 steps, not 20,000² (each new one
    /// starts where the last stopped instead of counting up from 2 again).
    struct IDAllocator {
        private var used = Set<String>()
        private var nextSuffix: [String: Int] = [:]

        func contains(_ id: String) -> Bool { used.contains(id) }

        mutating func claim(_ id: String) -> String {
            var candidate = id
            var n = nextSuffix[id] ?? 2
            while used.contains(candidate) {
                candidate = "\(id)-\(n)"
                n += 1
            }
            if candidate != id { nextSuffix[id] = n }
            used.insert(candidate)
            return candidate
        }
    }

    /// Newlines (and runs of spaces around them) become one space; ends trimmed.
    static func oneLine(_ text: String) -> String {
        guard text.contains(where: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" || $0 == "\t" }) else {
            return String(text.trimmingSpaces())
        }
        return text.split(whereSeparator: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" })
            .map { $0.replacingOccurrences(of: "\t", with: " ").trimmingSpaces() }
            .filter { !$0.isEmpty }
            .joined(separator: " ")
    }

    private static func nonEmpty(_ s: String?) -> String? {
        guard let s else { return nil }
        let t = oneLine(s)
        return t.isEmpty ? nil : t
    }
}

/// Text clean-up shared by the bank parsers.
enum BankText {
    /// Drops control characters (and whole terminal escape sequences) that primer's
    /// course files do not allow; tabs become spaces, Unicode line separators newlines.
    /// Returns the text and whether anything was removed.
    static func sanitize(_ text: String) -> (String, Bool) {
        var out = String.UnicodeScalarView()
        var removed = false
        var scalars = text.unicodeScalars.makeIterator()
        var pending: Unicode.Scalar? = nil
        func next() -> Unicode.Scalar? {
            if let p = pending { pending = nil; return p }
            return scalars.next()
        }
        while let s = next() {
            let v = s.value
            if v == 0x0A { out.append(s); continue }
            if v == 0x09 { out.append(" "); continue }
            if v == 0x2028 || v == 0x2029 { out.append("\n"); continue }
            if v == 0x1B {
                removed = true
                // CSI: ESC [ parameters… final byte (0x40-0x7E). OSC: ESC ] … BEL or ESC \.
                guard let n = next() else { break }
                if n == "[" {
                    while let c = next(), !(0x40...0x7E).contains(c.value) {}
                } else if n == "]" {
                    while let c = next() {
                        if c.value == 0x07 { break }
                        if c.value == 0x1B { _ = next(); break }
                    }
                } else if !(0x40...0x5F).contains(n.value) {
                    pending = n
                }
                continue
            }
            if v < 0x20 || (0x7F..<0xA0).contains(v) { removed = true; continue }
            out.append(s)
        }
        return (String(out), removed)
    }

    /// Lines trimmed, blank lines at the ends dropped.
    static func tidyLines(_ text: String) -> String {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { String($0.trimmingSpaces()) }
        while lines.first == "" { lines.removeFirst() }
        while lines.last == "" { lines.removeLast() }
        return lines.joined(separator: "\n")
    }

    /// HTML to plain text: tags dropped, `<br>` and block ends as line breaks, entities decoded.
    static func htmlToText(_ html: String) -> String {
        let blockTags: Set<String> = ["p", "div", "li", "ul", "ol", "tr", "table", "blockquote", "pre",
                                      "h1", "h2", "h3", "h4", "h5", "h6"]
        var out = ""
        var chars = Array(html)
        chars.append(" ")
        var i = 0
        var lastWasSpace = false
        while i < chars.count - 1 {
            let c = chars[i]
            if c == "<", chars[i + 1].isLetter || chars[i + 1] == "/" || chars[i + 1] == "!" {
                if let close = chars[(i + 1)...].firstIndex(of: ">") {
                    let inner = String(chars[(i + 1)..<close]).lowercased()
                    let name = inner.drop(while: { $0 == "/" }).prefix(while: { $0.isLetter || $0.isNumber })
                    if name == "br" {
                        out.append("\n")
                        lastWasSpace = true
                    } else if blockTags.contains(String(name)) {
                        out.append("\n")
                        lastWasSpace = true
                    }
                    i = close + 1
                    continue
                }
            }
            if c.isWhitespace {
                if !lastWasSpace { out.append(" ") }
                lastWasSpace = true
            } else {
                out.append(c)
                lastWasSpace = false
            }
            i += 1
        }
        let decoded = decodeEntities(out)
        // Trim lines and keep at most one blank line between paragraphs.
        var lines: [String] = []
        for line in decoded.split(separator: "\n", omittingEmptySubsequences: false) {
            let t = String(line.trimmingSpaces())
            if t.isEmpty && (lines.last ?? "").isEmpty { continue }
            lines.append(t)
        }
        return tidyLines(lines.joined(separator: "\n"))
    }

    static let entities: [String: String] = [
        "amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'", "nbsp": " ",
        "ndash": "–", "mdash": "—", "hellip": "…", "lsquo": "‘", "rsquo": "’", "ldquo": "“", "rdquo": "”",
        "laquo": "«", "raquo": "»", "copy": "©", "reg": "®", "deg": "°", "times": "×", "divide": "÷",
        "eacute": "é", "egrave": "è", "agrave": "à", "aacute": "á", "iacute": "í", "oacute": "ó", "uacute": "ú",
        "ntilde": "ñ", "ccedil": "ç", "uuml": "ü", "ouml": "ö", "auml": "ä", "szlig": "ß", "euro": "€", "pound": "£",
    ]

    static func decodeEntities(_ text: String) -> String {
        guard text.contains("&") else { return text }
        var out = ""
        var rest = Substring(text)
        while let amp = rest.firstIndex(of: "&") {
            out += rest[rest.startIndex..<amp]
            let after = rest[rest.index(after: amp)...]
            if let semi = after.prefix(12).firstIndex(of: ";") {
                let name = String(after[after.startIndex..<semi])
                var replacement: String? = entities[name]
                if replacement == nil, name.hasPrefix("#") {
                    let digits = name.dropFirst()
                    let value = digits.first == "x" || digits.first == "X"
                        ? UInt32(digits.dropFirst(), radix: 16) : UInt32(digits, radix: 10)
                    if let v = value, let scalar = Unicode.Scalar(v) { replacement = String(Character(scalar)) }
                }
                if let r = replacement {
                    out += r
                    rest = after[after.index(after: semi)...]
                    continue
                }
            }
            out += "&"
            rest = after
        }
        out += rest
        return out
    }
}
