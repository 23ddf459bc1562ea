/// A course: what a learner studies. Built by `CourseFormat` from plain text files,
/// but nothing here knows about files.
public struct Course: Sendable, Equatable {
    public var id: String
    public var title: String
    public var description: String
    /// The document the course is based on, as the author names it.
    public var source: String
    /// How many numbered paragraphs (¶1 … ¶N) the source has; 0 when the course cites none.
    public var paragraphCount: Int
    public var themes: [Theme]
    public var claims: [Claim]
    /// Lessons in study order (theme order, then lesson order).
    public var lessons: [Lesson]

    public init(id: String, title: String, description: String = "", source: String = "",
                paragraphCount: Int = 0, themes: [Theme] = [], claims: [Claim] = [], lessons: [Lesson] = []) {
        self.id = id
        self.title = title
        self.description = description
        self.source = source
        self.paragraphCount = paragraphCount
        self.themes = themes
        self.claims = claims
        self.lessons = lessons
    }

    /// Every question of the course, in lesson order.
    public var questions: [Question] { lessons.flatMap(\.questions) }

    public func theme(_ id: String) -> Theme? { themes.first { $0.id == id } }
    public func lesson(_ id: String) -> Lesson? { lessons.first { $0.id == id } }
    public func question(_ id: String) -> Question? {
        for lesson in lessons { if let q = lesson.questions.first(where: { $0.id == id }) { return q } }
        return nil
    }

    /// Lessons of one theme, in order.
    public func lessons(inTheme themeID: String) -> [Lesson] { lessons.filter { $0.themeID == themeID } }
}

public struct Theme: Sendable, Equatable, Identifiable {
    public var id: String
    public var title: String
    public var order: Int
    public init(id: String, title: String, order: Int) {
        self.id = id
        self.title = title
        self.order = order
    }
}

/// A statement the course must teach, tied to the source paragraphs it comes from.
public struct Claim: Sendable, Equatable, Identifiable {
    public var id: String
    public var paragraphs: [Int]
    public var text: String
    public init(id: String, paragraphs: [Int], text: String) {
        self.id = id
        self.paragraphs = paragraphs
        self.text = text
    }
}

public struct Lesson: Sendable, Equatable, Identifiable {
    public var id: String
    public var title: String
    public var themeID: String
    public var order: Int
    public var sources: [Int]
    public var claims: [String]
    public var body: [LessonBlock]
    public var questions: [Question]

    public init(id: String, title: String, themeID: String, order: Int, sources: [Int] = [],
                claims: [String] = [], body: [LessonBlock] = [], questions: [Question] = []) {
        self.id = id
        self.title = title
        self.themeID = themeID
        self.order = order
        self.sources = sources
        self.claims = claims
        self.body = body
        self.questions = questions
    }
}

/// A block of lesson text. Headings may carry the ¶ refs they cover, so a question's
/// feedback can open the lesson at the part it comes from.
public enum LessonBlock: Sendable, Equatable {
    case heading(InlineText, sources: [Int])
    case paragraph(InlineText)
    case bullet(InlineText)
}

/// Text with key terms marked (`**bold**` in the files).
public struct InlineText: Sendable, Equatable, ExpressibleByStringLiteral {
    public struct Run: Sendable, Equatable {
        public var text: String
        public var isKeyTerm: Bool
        public init(_ text: String, isKeyTerm: Bool = false) {
            self.text = text
            self.isKeyTerm = isKeyTerm
        }
    }
    public var runs: [Run]
    public init(runs: [Run]) { self.runs = runs }
    public init(stringLiteral value: String) { self.runs = [Run(value)] }
    public var plain: String { runs.map(\.text).joined() }
}
