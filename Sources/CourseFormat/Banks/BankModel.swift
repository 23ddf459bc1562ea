import StudyCore

// What the bank parsers produce and the import returns.

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
