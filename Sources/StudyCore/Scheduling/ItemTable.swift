/// A learner's item memory and "answered right at least once" flags, held by the position
/// of each question in the course (`Course.questions` order), with the question's theme
/// beside it.
///
/// The queue, progress and the learner model's forecast walk every question of the
/// course; looking each one up by id in a dictionary of 100,000 states (and again in a set
/// of recalled ids) was most of their cost, cache misses more than hashing. Walking arrays
/// in course order costs what reading them costs. `StudyContext` keeps a table up to date
/// answer by answer, so it is built once per course and learner.
public struct ItemTable: Sendable, Equatable {
    /// By position: the item's memory (nil: never answered), and whether it was ever recalled.
    public private(set) var memory: [CardMemory?]
    public private(set) var recalled: [Bool]
    /// The question id and theme id at each position.
    public let ids: [String]
    public let themes: [String]
    /// The index in `course.themes` of each position's theme (-1: a theme the course does
    /// not list), so that tallies by theme index arrays instead of hashing theme ids.
    public let themeOrdinals: [Int32]
    /// Question id → its first position; `laterPositions` holds the others of an id a
    /// hand-made course repeats (every position of an id holds the same memory). A plain
    /// `Int` value keeps the common lookup free of an array's retain and release.
    private let firstPosition: [String: Int]
    private let laterPositions: [String: [Int]]

    public init(course: Course, states: [String: CardMemory], recalled: Set<String>) {
        var ids: [String] = [], themes: [String] = [], ordinals: [Int32] = []
        var first: [String: Int] = [:], later: [String: [Int]] = [:]
        var ordinalOfTheme: [String: Int32] = [:]
        for (i, theme) in course.themes.enumerated() where ordinalOfTheme[theme.id] == nil { ordinalOfTheme[theme.id] = Int32(i) }
        for lesson in course.lessons {
            let lessonOrdinal = ordinalOfTheme[lesson.themeID] ?? -1
            for question in lesson.questions {
                if first[question.id] == nil {
                    first[question.id] = ids.count
                } else {
                    later[question.id, default: []].append(ids.count)
                }
                ids.append(question.id)
                themes.append(question.themeID)
                ordinals.append(question.themeID == lesson.themeID ? lessonOrdinal : ordinalOfTheme[question.themeID] ?? -1)
            }
        }
        self.ids = ids
        self.themes = themes
        themeOrdinals = ordinals
        firstPosition = first
        laterPositions = later
        memory = ids.map { states[$0] }
        self.recalled = ids.map { recalled.contains($0) }
    }

    public var count: Int { ids.count }

    /// The positions of question `id` (empty when the course has no such question).
    public func positions(of id: String) -> [Int] {
        guard let first = firstPosition[id] else { return [] }
        return laterPositions.isEmpty ? [first] : [first] + (laterPositions[id] ?? [])
    }

    /// Calls `body` with each position of question `id`, without making an array.
    public func forEachPosition(of id: String, _ body: (Int) -> Void) {
        guard let first = firstPosition[id] else { return }
        body(first)
        if !laterPositions.isEmpty { laterPositions[id]?.forEach(body) }
    }

    /// Sets the memory of question `id` (nil: back to never answered).
    public mutating func setMemory(_ state: CardMemory?, of id: String) {
        for position in positions(of: id) { memory[position] = state }
    }

    /// Sets whether question `id` has been answered right at least once.
    public mutating func setRecalled(_ value: Bool, of id: String) {
        for position in positions(of: id) { recalled[position] = value }
    }
}
