import Foundation

/// A tutor's exam preset: which themes (and how heavily), how many questions, the time
/// limit, the seed, the pass mark, and when feedback is shown. Read from a preset file
/// by `CourseFormat.PresetParser` (see Content/PRESETS.md).
///
/// With a fixed seed the exam is a pure function of the preset and the course: every
/// learner gets the same questions in the same order with the same options.
public struct ExamPreset: Sendable, Equatable {
    /// When the learner sees whether an answer was right.
    public enum Feedback: String, Sendable, Equatable, CaseIterable {
        /// After each answer (right or wrong, and the right answer).
        case during
        /// Only in the review at the end, as in an ordinary mock exam.
        case after
    }

    /// A theme the exam draws from, and its share of the questions relative to the others.
    public struct ThemeWeight: Sendable, Equatable {
        public var themeID: String
        public var weight: Double
        public init(_ themeID: String, weight: Double = 1) {
            self.themeID = themeID
            self.weight = weight
        }
    }

    public static let defaultFeedback = Feedback.after

    /// Shown to the learner and stored with every session run from the preset.
    public var title: String
    /// The themes to draw from, with weights; empty means every theme of the course, equally.
    public var themes: [ThemeWeight]
    public var count: Int
    public var minutes: Double
    /// nil: each sitting draws its own questions (the command picks a random seed).
    public var seed: UInt64?
    /// Share of questions to get right to pass, 0...1 (the file gives it in percent).
    public var passMark: Double
    public var feedback: Feedback

    public init(title: String, themes: [ThemeWeight] = [], count: Int = ExamSession.defaultQuestionCount,
                minutes: Double = ExamSession.defaultTimeLimit / 60, seed: UInt64? = nil,
                passMark: Double = ExamSession.defaultPassMark, feedback: Feedback = ExamPreset.defaultFeedback) {
        self.title = title
        self.themes = themes
        self.count = count
        self.minutes = minutes
        self.seed = seed
        self.passMark = passMark
        self.feedback = feedback
    }

    public var timeLimit: TimeInterval { minutes * 60 }

    // MARK: drawing

    /// The exam for this preset: questions drawn by theme weight, shuffled, and options
    /// drawn for each, all from one `SeededGenerator` seeded with the preset's seed.
    /// Without a seed in the preset, a seed derived from the title is used, so this stays
    /// a pure function; commands pass a fresh seed instead (see `makeSession(course:startedAt:seed:)`).
    public func makeSession(course: Course, startedAt: Date) -> ExamSession {
        makeSession(course: course, startedAt: startedAt, seed: seed ?? Self.stableSeed(for: title))
    }

    /// The exam drawn with `seed` (ignoring the preset's own).
    public func makeSession(course: Course, startedAt: Date, seed: UInt64) -> ExamSession {
        var rng = SeededGenerator(seed: seed)
        let questions = drawQuestions(from: course, using: &rng)
        return ExamSession(questions: questions, startedAt: startedAt, timeLimit: timeLimit, passMark: passMark,
                           allowsChanges: feedback != .during, options: .fromGenerator, rng: &rng)
    }

    /// The questions of the exam, in exam order: each theme's share drawn at random from
    /// its questions, then the whole set shuffled.
    public func drawQuestions<R: RandomNumberGenerator>(from course: Course, using rng: inout R) -> [Question] {
        let counts = themeCounts(for: course, using: &rng)
        var picked: [Question] = []
        for (themeID, n) in counts where n > 0 {
            let pool = course.questions.filter { $0.themeID == themeID }
            picked.append(contentsOf: pool.shuffled(using: &rng).prefix(n))
        }
        return picked.shuffled(using: &rng)
    }

    /// The themes drawn from, in the preset's order (or the course's when the preset
    /// names none), with their weights.
    public func effectiveThemes(for course: Course) -> [ThemeWeight] {
        if !themes.isEmpty { return themes }
        var seen = Set<String>()
        var ids: [String] = []
        for id in course.themes.map(\.id) + course.questions.map(\.themeID) where seen.insert(id).inserted {
            ids.append(id)
        }
        return ids.map { ThemeWeight($0) }
    }

    /// How many questions each theme gives: `count` split in proportion to the weights
    /// (largest remainders, ties broken at random), never more than a theme has; what a
    /// theme cannot give goes to the others, again by weight. The total is `count`, or
    /// every question of the themes when they have fewer.
    public func themeCounts<R: RandomNumberGenerator>(for course: Course, using rng: inout R) -> [(themeID: String, count: Int)] {
        let entries = effectiveThemes(for: course)
        let capacity = entries.map { entry in course.questions.filter { $0.themeID == entry.themeID }.count }
        var allocated = Array(repeating: 0, count: entries.count)
        // One random tie order for the whole split, drawn once so the result depends on the seed only.
        let tieOrder = Array(entries.indices).shuffled(using: &rng)
        var tieRank = Array(repeating: 0, count: entries.count)
        for (rank, index) in tieOrder.enumerated() { tieRank[index] = rank }

        var remaining = min(max(0, count), capacity.reduce(0, +))
        while remaining > 0 {
            let open = entries.indices.filter { allocated[$0] < capacity[$0] && entries[$0].weight > 0 }
            guard !open.isEmpty else { break }
            let totalWeight = open.reduce(0.0) { $0 + entries[$1].weight }
            var share: [Int: Int] = [:]
            var remainders: [(index: Int, fraction: Double)] = []
            var given = 0
            for i in open {
                let exact = Double(remaining) * entries[i].weight / totalWeight
                let whole = Int(exact.rounded(.down))
                share[i] = whole
                given += whole
                remainders.append((i, exact - Double(whole)))
            }
            remainders.sort { a, b in
                abs(a.fraction - b.fraction) > 1e-9 ? a.fraction > b.fraction : tieRank[a.index] < tieRank[b.index]
            }
            for k in 0..<(remaining - given) { share[remainders[k % remainders.count].index, default: 0] += 1 }
            var placed = 0
            for i in open {
                let take = min(share[i] ?? 0, capacity[i] - allocated[i])
                allocated[i] += take
                placed += take
            }
            remaining -= placed
            if placed == 0 { break }
        }
        return entries.indices.map { (entries[$0].themeID, allocated[$0]) }
    }

    /// FNV-1a of the text: a seed that is the same on every machine and every run.
    public static func stableSeed(for text: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01B3
        }
        return hash
    }
}
