/// The ranked board a tutor may show at the end of a live quiz (off unless asked for).
/// Names are replaced by pseudonyms, so a class sees how the room did without anyone's
/// low score being read out; each learner is told which row is theirs.
public struct LiveBoard: Sendable, Equatable {
    public struct Row: Sendable, Equatable {
        /// 1 for the best score; learners with equal scores share a rank (1, 1, 3).
        public var rank: Int
        public var pseudonym: String
        public var right: Int
        /// The learner's real name: used to mark "you", never shown on the board.
        public var learner: String
    }

    public var rows: [Row]
    /// The rank of the learner reading it (nil for the tutor, or one who did not take part).
    public var yourRow: Int?

    /// Ranks `scores` by right answers; within a rank, by pseudonym (not by name, which
    /// would hint at who is who).
    public init(quizID: String, scores: [(name: String, right: Int)], reader: String? = nil) {
        let named = Self.pseudonyms(quizID: quizID, names: scores.map(\.name))
        let sorted = zip(scores, named).map { ($0.name, $0.right, $1) }
            .sorted { $0.1 != $1.1 ? $0.1 > $1.1 : $0.2 < $1.2 }
        var rows: [Row] = []
        for (index, entry) in sorted.enumerated() {
            let rank = index > 0 && rows[index - 1].right == entry.1 ? rows[index - 1].rank : index + 1
            rows.append(Row(rank: rank, pseudonym: entry.2, right: entry.1, learner: entry.0))
        }
        self.rows = rows
        yourRow = reader.flatMap { name in rows.firstIndex { $0.learner == name } }
    }

    static let adjectives = ["Amber", "Bold", "Bright", "Calm", "Clever", "Crimson", "Eager", "Gentle",
                             "Golden", "Green", "Jade", "Keen", "Lucky", "Quiet", "Silver", "Swift"]
    static let animals = ["Badger", "Crane", "Dolphin", "Falcon", "Fox", "Gecko", "Heron", "Ibex",
                          "Lynx", "Marten", "Otter", "Owl", "Panda", "Robin", "Tiger", "Wren"]

    /// A pseudonym for each name, the same in every process for the same quiz (FNV-1a of
    /// the quiz id and the name: Swift's own hashing is seeded per process) and different
    /// from one quiz to the next; a clash gets a number. Every process reads the
    /// participants in the same order (joining order), so the numbers agree too.
    static func pseudonyms(quizID: String, names: [String]) -> [String] {
        var taken: [String: Int] = [:]
        return names.map { name in
            var hash: UInt64 = 0xcbf2_9ce4_8422_2325
            for byte in (quizID + "\u{0}" + name).utf8 {
                hash ^= UInt64(byte)
                hash = hash &* 0x0000_0100_0000_01b3
            }
            let base = adjectives[Int(hash % 16)] + " " + animals[Int((hash >> 8) % 16)]
            let count = (taken[base] ?? 0) + 1
            taken[base] = count
            return count == 1 ? base : "\(base) \(count)"
        }
    }
}
