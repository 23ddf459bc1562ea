import Foundation

/// A learner's schedule-affecting answers as replaying and fitting the scheduler read
/// them, in plain arrays: one question after another, each question's answers in replay
/// order (time, then id). An answer is its time, its rating and its id; the ids stay as
/// bytes, made into text only to break a tie, and hashed into the fuzz draw when a replay
/// asks for it (not while the log is read: `primer optimize` replays on its second
/// thread). Reading a long log as `ReviewRecord`s (a string per id, a large struct per
/// answer) was most of `primer optimize`'s time.
public struct ScheduleLog: Sendable, Equatable {
    public struct Question: Sendable, Equatable {
        public let courseID: String
        public let questionID: String
        /// Positions of its answers in the log's arrays, in replay order.
        public fileprivate(set) var answers: Range<Int>
    }

    public private(set) var questions: [Question] = []
    /// Seconds since 1970, as `Date` holds them.
    public private(set) var times: [Double] = []
    public private(set) var ratings: [Rating] = []
    private var idBytes: [UInt8] = []
    private var idEnds: [Int] = []

    public init() {}

    /// The log of `records`' schedule-affecting answers (any order, any courses).
    public init(records: [ReviewRecord]) {
        let groups = Self.replayGroups(of: records)
        reserve(records.count)
        for group in groups {
            startQuestion(courseID: records[group[0]].courseID, questionID: records[group[0]].questionID)
            for index in group {
                var id = records[index].id
                id.withUTF8 { appendAnswer(time: records[index].reviewedAt.timeIntervalSince1970, rating: records[index].rating,
                                           id: UnsafeRawBufferPointer($0)) }
            }
        }
        orderTies()
    }

    /// The indices of the schedule-affecting `records`, grouped by course and question
    /// (groups in the order they first appear), each group in replay order (time, then id).
    /// A log read one question after another (`ReplayRows`) comes in runs already in order:
    /// each record is compared with the one before, a group's key is looked up once per
    /// run, and a group in order is not sorted.
    private static func replayGroups(of records: [ReviewRecord]) -> [[Int]] {
        struct Key: Hashable { var course: String, question: String }
        var groups: [[Int]] = []
        var groupOfKey: [Key: Int] = [:]
        var current = -1
        var previous = -1
        for index in records.indices where records[index].affectsSchedule {
            if previous < 0 || records[previous].questionID != records[index].questionID
                || records[previous].courseID != records[index].courseID {
                let key = Key(course: records[index].courseID, question: records[index].questionID)
                if let known = groupOfKey[key] {
                    current = known
                } else {
                    current = groups.count
                    groupOfKey[key] = current
                    groups.append([])
                }
            }
            groups[current].append(index)
            previous = index
        }
        for g in groups.indices {
            let inOrder = zip(groups[g], groups[g].dropFirst()).allSatisfy { !FSRSScheduler.logOrder(records[$1], records[$0]) }
            if !inOrder { groups[g].sort { FSRSScheduler.logOrder(records[$0], records[$1]) } }
        }
        return groups
    }

    /// Answers in the log.
    public var count: Int { times.count }

    /// The id of answer `index`.
    public func id(_ index: Int) -> String {
        String(decoding: idBytes[(index == 0 ? 0 : idEnds[index - 1])..<idEnds[index]], as: UTF8.self)
    }

    /// `FSRSScheduler.fuzzUnit(forReviewID:)` of answer `index`'s id.
    public func fuzz(_ index: Int) -> Double {
        FSRSScheduler.fuzzUnit(forReviewIDBytes: idBytes[(index == 0 ? 0 : idEnds[index - 1])..<idEnds[index]])
    }

    /// Whether answer `a`'s id comes before answer `b`'s as text (`String`'s order). Ids
    /// in ASCII (UUIDs, and every id primer writes) compare by their bytes, which is the
    /// same order, without making either into a `String`.
    public func idPrecedes(_ a: Int, _ b: Int) -> Bool {
        let x = (a == 0 ? 0 : idEnds[a - 1])..<idEnds[a], y = (b == 0 ? 0 : idEnds[b - 1])..<idEnds[b]
        return idBytes.withUnsafeBufferPointer { bytes in
            let first = UnsafeBufferPointer(rebasing: bytes[x]), second = UnsafeBufferPointer(rebasing: bytes[y])
            guard first.allSatisfy({ $0 < 0x80 }) && second.allSatisfy({ $0 < 0x80 }) else { return id(a) < id(b) }
            return first.lexicographicallyPrecedes(second)
        }
    }

    /// Room for `answers` answers (a hint: more still fit, fewer leave the rest unused).
    public mutating func reserve(_ answers: Int) {
        times.reserveCapacity(answers)
        ratings.reserveCapacity(answers)
        idEnds.reserveCapacity(answers)
        idBytes.reserveCapacity(answers * 36)
    }

    /// Starts the next question; its answers follow with `appendAnswer`.
    public mutating func startQuestion(courseID: String, questionID: String) {
        questions.append(Question(courseID: courseID, questionID: questionID, answers: count..<count))
    }

    /// An answer to the question last started, later in replay order than the one before
    /// (for answers at the same moment, `orderTies` settles the order by id as text).
    public mutating func appendAnswer(time: Double, rating: Rating, id: UnsafeRawBufferPointer) {
        times.append(time)
        ratings.append(rating)
        idBytes.append(contentsOf: id)
        idEnds.append(idBytes.count)
        questions[questions.count - 1].answers = questions[questions.count - 1].answers.lowerBound..<count
    }

    /// Puts answers to one question at the same moment in the order of their ids compared
    /// as text (`FSRSScheduler.logOrder`), which may differ from their bytes' order only
    /// for text that is not in normal form. Cheap: such ties are rare.
    public mutating func orderTies() {
        for question in questions {
            var start = question.answers.lowerBound
            while start < question.answers.upperBound {
                var end = start + 1
                while end < question.answers.upperBound && times[end] == times[start] { end += 1 }
                if end - start > 1 { sortByID(start..<end) }
                start = end
            }
        }
    }

    private mutating func sortByID(_ range: Range<Int>) {
        let order = range.sorted { idPrecedes($0, $1) }
        guard order != Array(range) else { return }
        let r = order.map { ratings[$0] }
        let spans = order.map { index in (index == 0 ? 0 : idEnds[index - 1])..<idEnds[index] }
        var bytes: [UInt8] = []
        for span in spans { bytes += idBytes[span] }
        let lengths = spans.map(\.count)
        let base = range.lowerBound == 0 ? 0 : idEnds[range.lowerBound - 1]
        idBytes.replaceSubrange(base..<idEnds[range.upperBound - 1], with: bytes)
        var end = base
        for (offset, index) in range.enumerated() {
            ratings[index] = r[offset]
            end += lengths[offset]
            idEnds[index] = end
        }
    }
}

extension FSRSScheduler {
    /// The state each question of `log` ends in, by course then question: what
    /// `replayStates(_:)` gives for the same answers.
    public func replayStates(_ log: ScheduleLog) -> [String: [String: CardMemory]] {
        replayStates(log, questions: log.questions.indices)
    }

    /// The same for the questions at `questions` (positions in `log.questions`) only: each
    /// question's state depends on its own answers alone, so parts replayed apart and
    /// merged (`mergeReplayedStates`) give what one replay of the whole log gives.
    public func replayStates(_ log: ScheduleLog, questions: Range<Int>) -> [String: [String: CardMemory]] {
        var states: [String: [String: CardMemory]] = [:]
        // A course's questions come one after another: they are gathered in one dictionary,
        // stored when the course changes (a course met again later is merged into it).
        var course: String?
        var ofCourse: [String: CardMemory] = [:]
        for question in log.questions[questions] where !question.answers.isEmpty {
            if question.courseID != course {
                if let course { Self.merge(ofCourse, into: &states, course: course) }
                course = question.courseID
                ofCourse = [:]
            }
            var card = CardMemory.new(at: Date(timeIntervalSince1970: log.times[question.answers.lowerBound]))
            for index in question.answers {
                card = review(card, rating: log.ratings[index], at: Date(timeIntervalSince1970: log.times[index]),
                              fuzz: log.fuzz(index))
            }
            ofCourse[question.questionID] = card
        }
        if let course { Self.merge(ofCourse, into: &states, course: course) }
        return states
    }

    /// `part`'s states added to `states` (course by course; a question in both takes `part`'s).
    public static func mergeReplayedStates(_ part: [String: [String: CardMemory]], into states: inout [String: [String: CardMemory]]) {
        for (course, questions) in part { merge(questions, into: &states, course: course) }
    }

    private static func merge(_ questions: [String: CardMemory], into states: inout [String: [String: CardMemory]], course: String) {
        if states[course] == nil {
            states[course] = questions
        } else {
            states[course]!.merge(questions) { _, new in new }
        }
    }
}
