import Foundation
import StudyCore

extension BankImport {
    /// Builds the course a parsed bank describes: themes in the order the bank first
    /// mentions them, one lesson per category path (cut into parts that fit a lesson file),
    /// and questions with ids unique across the course. Collects the import's own warnings
    /// after the parser's messages.
    struct CourseBuilder {
        /// A lesson before its questions become the course's.
        struct LessonDraft {
            var id: String
            var title: String
            var themeID: String
            var path: String
            var questions: [BankQuestion] = []
        }

        let bank: BankParseResult
        let meta: BankMetadata
        /// The bank's file name without its folders: the course's default source, named in each lesson.
        let fileName: String
        /// `--theme`: every lesson in this one theme instead of one theme per top category.
        let themeOption: String?
        /// Titles of the themes a primer export names in its comments, by id.
        let metaThemeTitles: [String: String]
        /// The parser's messages, then the import's warnings.
        private(set) var messages: [BankMessage]
        /// The course's themes in the order they were met, with their titles.
        private var themes: [(id: String, title: String)] = []
        private var themeIDs = Set<String>()
        private var lessonIDs = IDAllocator()
        private var questionIDs = IDAllocator()

        init(bank: BankParseResult, fileName: String, themeOption: String?) {
            self.bank = bank
            meta = bank.metadata
            self.fileName = (fileName as NSString).lastPathComponent
            self.themeOption = themeOption
            metaThemeTitles = Dictionary(bank.metadata.themes.map { ($0.id, $0.title) }, uniquingKeysWith: { a, _ in a })
            messages = bank.messages
        }

        mutating func build(courseID: String) -> Course {
            var course = Course(
                id: meta.courseID.flatMap { References.isValidID($0) ? $0 : nil } ?? validID(courseID, fallback: "imported"),
                title: nonEmpty(meta.title) ?? "Imported from \(oneLine(fileName))",
                description: nonEmpty(meta.description) ?? "",
                source: nonEmpty(meta.source) ?? oneLine(fileName))
            course.claims = meta.claims

            // Themes: in the order the bank first mentions them (primer-theme comments, then
            // categories); with --theme, just that one.
            if let t = themeOption {
                addTheme(t, metaThemeTitles[t] ?? t)
            } else {
                for t in meta.themes where References.isValidID(t.id) { addTheme(t.id, t.title) }
            }
            var drafts: [LessonDraft] = []
            for draft in lessonDrafts() { drafts += splitIntoParts(draft) }
            course.themes = themes.enumerated().map { Theme(id: $0.element.id, title: $0.element.title, order: $0.offset + 1) }

            let listedClaims = Set(course.claims.map(\.id))
            var lessons: [Lesson] = []
            var positionInTheme: [String: Int] = [:]
            for draft in drafts {
                let position = (positionInTheme[draft.themeID] ?? 0) + 1
                positionInTheme[draft.themeID] = position
                lessons.append(lesson(draft, position: position, listedClaims: listedClaims))
            }
            course.lessons = Self.inCourseOrder(lessons, themes: course.themes)
            keepParagraphCount(&course)
            return course
        }

        private mutating func addTheme(_ id: String, _ title: String) {
            if themeIDs.insert(id).inserted { themes.append((id, title)) }
        }

        // MARK: Lessons

        /// One lesson per category path, in order of first appearance.
        private mutating func lessonDrafts() -> [LessonDraft] {
            let baseName = (fileName as NSString).deletingPathExtension
            let defaultPath = [themeOption ?? (baseName.isEmpty ? "imported" : baseName)]
            var drafts: [LessonDraft] = []
            var draftIndex: [[String]: Int] = [:]
            for question in bank.questions {
                let path = question.category.isEmpty ? defaultPath : question.category
                if let i = draftIndex[path] {
                    drafts[i].questions.append(question)
                } else {
                    draftIndex[path] = drafts.count
                    drafts.append(newDraft(path: path, first: question))
                }
            }
            return drafts
        }

        /// The lesson of a category path met for the first time (a path is never empty: a
        /// question's category, or the default one of one name).
        private mutating func newDraft(path: [String], first question: BankQuestion) -> LessonDraft {
            let top = path[0], leaf = path[path.count - 1]
            // Category names become lowercase slugs, except ids a primer export names in its comments.
            let themeID = themeOption ?? (metaThemeTitles[top] != nil && References.isValidID(top)
                ? top : validSlug(top, fallback: "imported"))
            addTheme(themeID, oneLine(top))
            // The lesson id: its own name when free, else the whole path.
            var id = meta.lessons[leaf] != nil && References.isValidID(leaf) ? leaf : validSlug(leaf, fallback: "lesson")
            if lessonIDs.contains(id) { id = validSlug(path.joined(separator: "-"), fallback: "lesson") }
            id = lessonIDs.claim(id)
            let title = themeOption != nil || path.count == 1
                ? path.joined(separator: " / ") : path.dropFirst().joined(separator: " / ")
            return LessonDraft(id: id, title: oneLine(meta.lessons[id]?.title ?? title), themeID: themeID,
                               path: path.joined(separator: " / "), questions: [question])
        }

        /// A category too big for one lesson file goes on in "part 2", "part 3"….
        private mutating func splitIntoParts(_ draft: LessonDraft) -> [LessonDraft] {
            var parted: [LessonDraft] = []
            for (n, questions) in BankImport.parts(of: draft.questions).enumerated() {
                var part = draft
                if n > 0 {
                    part.id = lessonIDs.claim("\(draft.id)-part-\(n + 1)")
                    part.title = "\(draft.title) (part \(n + 1))"
                }
                part.questions = questions
                parted.append(part)
            }
            return parted
        }

        /// A draft as the course's lesson, `position` its place in its theme unless the bank gives one.
        private mutating func lesson(_ draft: LessonDraft, position: Int, listedClaims: Set<String>) -> Lesson {
            let info = meta.lessons[draft.id]
            var lesson = Lesson(id: draft.id, title: draft.title.isEmpty ? draft.id : draft.title, themeID: draft.themeID,
                                order: info?.order ?? position, sources: info?.sources ?? [],
                                claims: (info?.claims ?? []).filter { listedClaims.isEmpty ? References.isValidID($0) : listedClaims.contains($0) })
            let categoryNote = draft.questions[0].category.isEmpty ? "" : " (category \(draft.path))"
            lesson.body = [.paragraph(InlineText(stringLiteral:
                "Questions imported from \(oneLine(fileName))\(categoryNote).".replacingOccurrences(of: "*", with: "")))]
            for q in draft.questions {
                lesson.questions.append(question(q, themeID: draft.themeID, lessonID: lesson.id, listedClaims: listedClaims))
            }
            return lesson
        }

        /// Lessons by their theme's place in the course, then by order, then as made.
        private static func inCourseOrder(_ lessons: [Lesson], themes: [Theme]) -> [Lesson] {
            let themeRank = Dictionary(uniqueKeysWithValues: themes.map { ($0.id, $0.order) })
            return lessons.enumerated().sorted { a, b in
                // Every lesson's theme is one of the course's (added with its draft).
                let ta = themeRank[a.element.themeID] ?? Int.max, tb = themeRank[b.element.themeID] ?? Int.max
                if ta != tb { return ta < tb }
                if a.element.order != b.element.order { return a.element.order < b.element.order }
                return a.offset < b.offset
            }.map(\.element)
        }

        // MARK: Questions

        /// A bank question as the course's: an id from its title (else from its stem), unique
        /// across the course; an explanation, stating the answer when the bank gives none.
        private mutating func question(_ q: BankQuestion, themeID lessonTheme: String, lessonID: String,
                                       listedClaims: Set<String>) -> Question {
            let id = questionIDs.claim(Self.baseID(of: q))
            var explanation = q.explanation.map(oneLine) ?? ""
            if explanation.isEmpty {
                explanation = statedAnswer(q)
                messages.append(BankMessage(line: q.line, .warning,
                    "no general feedback (####) for question '\(id)'; its explanation states the right answer"))
            }
            var themeID = lessonTheme
            if let t = q.themeID, themeOption == nil {
                if themeIDs.contains(t) { themeID = t }
                else { messages.append(BankMessage(line: q.line, .warning, "question theme '\(t)' is not a theme of the bank; using '\(lessonTheme)'")) }
            }
            let claims = listedClaims.isEmpty ? q.claims : q.claims.filter(listedClaims.contains)
            if claims.count < q.claims.count {
                messages.append(BankMessage(line: q.line, .warning, "dropped claim refs not listed in the bank: \(q.claims.filter { !listedClaims.contains($0) }.joined(separator: " "))"))
            }
            let choices = q.choices.map { c in
                Choice(oneLine(c.text), isCorrect: c.isCorrect, feedback: c.feedback.map(oneLine).flatMap { $0.isEmpty ? nil : $0 })
            }
            let shown = q.shownCount ?? (q.kind == .trueFalse ? 2 : Question.defaultShownCount)
            return Question(id: id, kind: q.kind, themeID: themeID, lessonID: lessonID, claims: claims,
                            sources: q.sources, stem: CourseWriter.guarded(stem: q.stem), choices: choices,
                            explanation: explanation, shownCount: shown)
        }

        /// The id a question asks for: its title, else the first words of its stem.
        private static func baseID(of q: BankQuestion) -> String {
            if let title = q.title.map(oneLine), !title.isEmpty {
                return References.isValidID(title) ? title : validID(title, fallback: "q-\(q.line)")
            }
            let words = q.stem.split(whereSeparator: { $0 == " " || $0 == "\n" }).prefix(6).joined(separator: " ")
            return validID(slug(words, maxLength: 40), fallback: "q-\(q.line)")
        }

        // MARK: Paragraphs

        /// ¶ refs are checked only when the course says how many paragraphs its source
        /// has; keep that count only if every question cites sources within it.
        private mutating func keepParagraphCount(_ course: inout Course) {
            guard let n = meta.paragraphCount else { return }
            if BankImport.paragraphsHold(n, in: course) { course.paragraphCount = n }
            else {
                messages.append(BankMessage(line: 1, .warning,
                    "'primer-course-paragraphs: \(n)' is not kept: not every question cites ¶ refs within ¶1-¶\(n)"))
            }
        }
    }

    /// Whether every ¶ ref and mention in the course lies within ¶1-¶n.
    static func paragraphsHold(_ n: Int, in course: Course) -> Bool {
        func mentionsHold(_ text: String) -> Bool {
            ParagraphMentions.outOfRange(in: Substring(text), count: n).isEmpty
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
}
