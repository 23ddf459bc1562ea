import Foundation

/// A timed mock exam, as a real exam paper works: numbered questions, no feedback until
/// the end, any question can be visited and its answer changed until the exam is handed
/// in, a flag marks questions to come back to, and the clock hands the exam in at zero.
/// Pure: the caller passes the time of every event.
///
/// The exam ends in one of three ways (`Ending`): handed in by the learner, handed in by
/// the clock, or abandoned (the learner left before the end). Handing in scores every
/// question, unanswered ones as wrong; an abandoned exam has no score.
public struct ExamSession: Sendable, Equatable {
    public static let defaultQuestionCount = 20
    public static let defaultTimeLimit: TimeInterval = 20 * 60
    /// Share of questions to get right to pass.
    public static let defaultPassMark = 0.7

    /// Why the exam ended.
    public enum Ending: String, Sendable, Equatable, CaseIterable {
        /// The learner handed it in (after the last answer, or early).
        case submitted
        /// The clock reached zero: the exam was handed in as it stood.
        case timeUp
        /// The learner left before the end (quit, lost the terminal): no score.
        case abandoned

        /// Whether the exam has a score: it was handed in, by the learner or by the clock.
        public var isScored: Bool { self != .abandoned }
    }

    /// An answer as it stands. Answers may change until the exam is handed in.
    public struct Answer: Sendable, Equatable {
        public var chosen: Set<Int>
        public var correct: Bool
        public var answeredAt: Date
    }

    /// The questions in their numbered order (question 1 is `items[0]`), options drawn.
    public private(set) var items: [AskedQuestion]
    public let startedAt: Date
    public let timeLimit: TimeInterval
    public let passMark: Double
    /// Whether answers may be changed (false when feedback is shown after each answer:
    /// a learner who has seen the right answer must not change theirs).
    public let allowsChanges: Bool
    /// Answers by item index, as they stand now.
    public private(set) var answers: [Int: Answer] = [:]
    /// Item indices flagged now: a note to come back, cleared by answering the question
    /// (or by flagging it again).
    public private(set) var flagged: Set<Int> = []
    /// Seconds spent on each item, over all its visits.
    public private(set) var timeSpent: [TimeInterval]
    /// Index (into `items`) of the question on screen.
    public private(set) var position: Int
    /// When the question on screen was shown.
    public private(set) var shownAt: Date
    /// Set once the exam is over.
    public private(set) var ending: Ending?
    public private(set) var finishedAt: Date?

    /// Draws options for every question now, so each keeps its options when it is visited again.
    public init<R: RandomNumberGenerator>(questions: [Question], startedAt: Date,
                                          timeLimit: TimeInterval = ExamSession.defaultTimeLimit,
                                          passMark: Double = ExamSession.defaultPassMark, allowsChanges: Bool = true,
                                          options: OptionDraw, rng: inout R) {
        items = questions.map { AskedQuestion(question: $0, shown: options.choices(for: $0, using: &rng)) }
        self.startedAt = startedAt
        self.timeLimit = max(0, timeLimit)
        self.passMark = passMark
        self.allowsChanges = allowsChanges
        timeSpent = Array(repeating: 0, count: items.count)
        position = 0
        shownAt = startedAt
    }

    /// `count` questions drawn across the course's themes: themes take turns (in an order
    /// drawn at random), each giving a random question it has not given yet, so a short
    /// exam covers as many themes as it can. The result is shuffled.
    public static func drawQuestions<R: RandomNumberGenerator>(from course: Course, count: Int,
                                                               using rng: inout R) -> [Question] {
        var groups: [[Question]] = []
        var slot: [String: Int] = [:]
        for theme in course.themes where slot[theme.id] == nil {
            slot[theme.id] = groups.count
            groups.append([])
        }
        for question in course.questions {
            let index: Int
            if let known = slot[question.themeID] {
                index = known
            } else {
                index = groups.count
                slot[question.themeID] = index
                groups.append([])
            }
            groups[index].append(question)
        }
        groups = groups.filter { !$0.isEmpty }.map { $0.shuffled(using: &rng) }.shuffled(using: &rng)
        var picked: [Question] = []
        var round = 0
        let wanted = max(0, count)
        while picked.count < wanted {
            var tookAny = false
            for group in groups where round < group.count && picked.count < wanted {
                picked.append(group[round])
                tookAny = true
            }
            if !tookAny { break }
            round += 1
        }
        return picked.shuffled(using: &rng)
    }

    // MARK: reading the state

    public var deadline: Date { startedAt.addingTimeInterval(timeLimit) }
    public var isFinished: Bool { ending != nil }
    /// Index (into `items`) of the question on screen; nil once the exam is over.
    public var currentIndex: Int? { isFinished || items.isEmpty ? nil : position }
    public var current: AskedQuestion? { currentIndex.map { items[$0] } }
    /// The current question's number, 1-based.
    public var currentNumber: Int? { currentIndex.map { $0 + 1 } }
    public var currentIsFlagged: Bool { currentIndex.map { flagged.contains($0) } ?? false }
    /// The answer the current question has now, if any.
    public var currentAnswer: Answer? { currentIndex.flatMap { answers[$0] } }
    public var answeredCount: Int { answers.count }
    public var allAnswered: Bool { !items.isEmpty && answers.count == items.count }
    /// Unanswered item indices, in order.
    public var unanswered: [Int] { items.indices.filter { answers[$0] == nil } }

    /// What the overview shows for each question.
    public enum ItemStatus: Sendable, Equatable { case blank, answered }
    public func status(of index: Int) -> ItemStatus { answers[index] == nil ? .blank : .answered }

    public func timeLeft(at now: Date) -> TimeInterval {
        max(0, deadline.timeIntervalSince(now))
    }

    // MARK: events

    /// Checks the clock: at or after the deadline the exam is handed in as it stands.
    /// Returns true when the exam is over (now or before).
    @discardableResult
    public mutating func checkClock(at now: Date) -> Bool {
        if !isFinished && now >= deadline { end(.timeUp, at: now) }
        return isFinished
    }

    /// Answers (or re-answers) the current question, then moves to the next unanswered
    /// question after it (wrapping round), or stays when every question is answered.
    /// Returns the marked answer, or nil when it does not count: nothing chosen, an option
    /// out of range, the exam over, the time up (the exam is then handed in without it),
    /// or a change to an answer that may not be changed.
    @discardableResult
    public mutating func answer(_ chosen: Set<Int>, at now: Date) -> AnswerOutcome? {
        guard !checkClock(at: now), let index = currentIndex, let outcome = save(chosen, at: now) else { return nil }
        flagged.remove(index)   // coming back and answering is what the flag was for
        if let next = nextUnanswered(after: index) { position = next }
        return outcome
    }

    /// Saves options ticked on the current question as its answer without moving on: the
    /// learner ticked a select-all question and then moved away, handed in or ran out of
    /// time before pressing Enter. What was ticked is what they chose; dropping it lost the
    /// answer. Works at the deadline too (the ticks were there before it): the answer's time
    /// is `now` or the deadline, whichever is earlier. Nil when nothing changes or it may
    /// not (nothing ticked, the same as saved, an answer that may not be changed, the exam over).
    public mutating func keepTicks(_ chosen: Set<Int>, at now: Date) -> AnswerOutcome? {
        guard !isFinished, let index = currentIndex, answers[index]?.chosen != chosen else { return nil }
        return save(chosen, at: min(now, deadline))
    }

    /// Stores `chosen` as the current question's answer, marked, at `at`; nil when it does
    /// not count (nothing chosen, an option out of range, a change that may not be made).
    private mutating func save(_ chosen: Set<Int>, at: Date) -> AnswerOutcome? {
        guard let index = currentIndex, !chosen.isEmpty, chosen.allSatisfy(items[index].shown.indices.contains) else { return nil }
        if answers[index] != nil && !allowsChanges { return nil }
        let asked = items[index]
        spend(until: at)
        let correct = asked.isCorrect(chosen)
        answers[index] = Answer(chosen: chosen, correct: correct, answeredAt: at)
        return AnswerOutcome(asked: asked, chosen: chosen, correct: correct, responseTime: timeSpent[index], answeredAt: at)
    }

    /// Sets or clears the flag on the current question and, when setting it, moves on to
    /// the next unanswered question (a flag means "come back to this later").
    /// Returns false when it did nothing.
    @discardableResult
    public mutating func toggleFlag(at now: Date) -> Bool {
        guard !checkClock(at: now), let index = currentIndex else { return false }
        if flagged.remove(index) != nil { return true }
        flagged.insert(index)
        if let next = nextUnanswered(after: index), next != index { go(to: next, at: now) }
        return true
    }

    /// Shows question `index` (0-based). Returns false when there is no such question or the exam is over.
    @discardableResult
    public mutating func go(to index: Int, at now: Date) -> Bool {
        guard !checkClock(at: now), items.indices.contains(index) else { return false }
        spend(until: now)
        position = index
        return true
    }

    /// The next or previous question in number order (stops at the ends).
    @discardableResult
    public mutating func step(_ delta: Int, at now: Date) -> Bool {
        guard let index = currentIndex else { return false }
        let target = min(max(0, index + delta), items.count - 1)
        return target != index && go(to: target, at: now)
    }

    /// Hands the exam in now; questions not answered count as wrong.
    public mutating func submit(at now: Date) {
        guard !isFinished else { return }
        end(now >= deadline ? .timeUp : .submitted, at: now)
    }

    /// The learner left before the end: the exam has no score. Answers given stay given.
    public mutating func abandon(at now: Date) {
        guard !isFinished else { return }
        end(now >= deadline ? .timeUp : .abandoned, at: now)
    }

    private func nextUnanswered(after index: Int) -> Int? {
        guard !items.isEmpty else { return nil }
        for step in 1...items.count {
            let candidate = (index + step) % items.count
            if answers[candidate] == nil { return candidate }
        }
        return nil
    }

    /// Adds the time since the current question was shown (never past the deadline) to it.
    private mutating func spend(until now: Date) {
        guard !items.isEmpty else { return }
        let stop = min(now, deadline)
        timeSpent[position] += max(0, stop.timeIntervalSince(shownAt))
        shownAt = max(shownAt, now)
    }

    private mutating func end(_ why: Ending, at now: Date) {
        spend(until: now)
        ending = why
        finishedAt = why == .timeUp ? max(min(now, deadline), startedAt) : now
    }

    // MARK: the result

    /// The score and its breakdown; nil until the exam is over.
    public var result: ExamResult? {
        guard let ending, let finishedAt else { return nil }
        let results = items.indices.map { i in
            ExamResult.Item(number: i + 1, asked: items[i], chosen: answers[i]?.chosen,
                            correct: answers[i]?.correct ?? false, timeSpent: timeSpent[i], flagged: flagged.contains(i))
        }
        var themes: [ExamResult.ThemeScore] = []
        var slot: [String: Int] = [:]
        for item in results {
            let id = item.asked.question.themeID
            let index: Int
            if let known = slot[id] {
                index = known
            } else {
                index = themes.count
                slot[id] = index
                themes.append(ExamResult.ThemeScore(themeID: id, correct: 0, total: 0))
            }
            themes[index].total += 1
            if item.correct { themes[index].correct += 1 }
        }
        return ExamResult(items: results, themes: themes, passMark: passMark, ending: ending,
                          elapsed: max(0, finishedAt.timeIntervalSince(startedAt)))
    }
}

/// A finished exam: score, pass or fail, per-theme breakdown, time per question and every
/// answer to review. Unanswered questions count as wrong; an abandoned exam has no score.
public struct ExamResult: Sendable, Equatable {
    public struct Item: Sendable, Equatable {
        /// 1-based, as numbered in the exam.
        public var number: Int
        public var asked: AskedQuestion
        /// nil when the question was not answered.
        public var chosen: Set<Int>?
        public var correct: Bool
        public var timeSpent: TimeInterval
        public var flagged: Bool
    }

    public struct ThemeScore: Sendable, Equatable {
        public var themeID: String
        public var correct: Int
        public var total: Int
        public var fraction: Double { total == 0 ? 0 : Double(correct) / Double(total) }
    }

    /// Every question in exam order.
    public var items: [Item]
    /// One entry per theme, in order of first appearance in the exam.
    public var themes: [ThemeScore]
    public var passMark: Double
    public var ending: ExamSession.Ending
    /// Seconds from the start to the end (never more than the time limit when time ran out).
    public var elapsed: TimeInterval

    public var total: Int { items.count }
    public var correctCount: Int { items.filter(\.correct).count }
    public var answeredCount: Int { items.filter { $0.chosen != nil }.count }
    /// Right answers over all questions, 0...1; nil for an abandoned exam, which has no score.
    public var score: Double? {
        guard ending.isScored else { return nil }
        return total == 0 ? 0 : Double(correctCount) / Double(total)
    }
    /// Reaching the pass mark (a small tolerance absorbs rounding: 7 of 10 passes at 0.7).
    /// Never true for an abandoned exam.
    public var passed: Bool { score.map { $0 + 1e-9 >= passMark } ?? false }
    /// Wrong and unanswered questions, in exam order.
    public var wrong: [Item] { items.filter { !$0.correct } }
}
