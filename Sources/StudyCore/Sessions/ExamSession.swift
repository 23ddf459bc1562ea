import Foundation

/// A timed mock exam: questions drawn across themes, no feedback until the end, a
/// question can be flagged (skipped) and comes back after the last one, and the clock
/// submits the exam at zero. Pure: the caller passes the time of every event.
///
/// Questions are asked from a queue: the current question is its head. Answering removes
/// it; flagging moves it to the back, so flagged questions come back after the last
/// unflagged one, in the order they were flagged.
public struct ExamSession: Sendable, Equatable {
    public static let defaultQuestionCount = 20
    public static let defaultTimeLimit: TimeInterval = 20 * 60
    /// Share of questions to get right to pass.
    public static let defaultPassMark = 0.7

    /// Why the exam ended.
    public enum Ending: String, Sendable, Equatable {
        /// Every question was answered.
        case allAnswered
        /// The clock reached zero: the exam was submitted as it stood.
        case timeUp
        /// The learner (or the end of their input) submitted it early.
        case submitted
    }

    /// An answer as given. Exams have no feedback, so it is final.
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
    /// Answers by item index.
    public private(set) var answers: [Int: Answer] = [:]
    /// Item indices flagged at least once.
    public private(set) var flagged: Set<Int> = []
    /// Seconds spent on each item, over all its visits.
    public private(set) var timeSpent: [TimeInterval]
    /// Item indices still to ask; the head is the current question.
    public private(set) var pending: [Int]
    /// When the current question was shown.
    public private(set) var shownAt: Date
    /// Set once the exam is over.
    public private(set) var ending: Ending?
    public private(set) var finishedAt: Date?

    /// Draws options for every question now, so each keeps its options when it comes back.
    public init<R: RandomNumberGenerator>(questions: [Question], startedAt: Date,
                                          timeLimit: TimeInterval = ExamSession.defaultTimeLimit,
                                          passMark: Double = ExamSession.defaultPassMark, rng: inout R) {
        items = questions.map { AskedQuestion(question: $0, shown: $0.drawChoices(using: &rng)) }
        self.startedAt = startedAt
        self.timeLimit = max(0, timeLimit)
        self.passMark = passMark
        timeSpent = Array(repeating: 0, count: items.count)
        pending = Array(items.indices)
        shownAt = startedAt
        if items.isEmpty { ending = .allAnswered; finishedAt = startedAt }
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
            if slot[question.themeID] == nil {
                slot[question.themeID] = groups.count
                groups.append([])
            }
            groups[slot[question.themeID]!].append(question)
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
    /// Index (into `items`) of the question to ask now.
    public var currentIndex: Int? { isFinished ? nil : pending.first }
    public var current: AskedQuestion? { currentIndex.map { items[$0] } }
    /// The current question's number, 1-based, as it was first numbered.
    public var currentNumber: Int? { currentIndex.map { $0 + 1 } }
    /// The current question was flagged before and has come back.
    public var currentIsFlagged: Bool { currentIndex.map { flagged.contains($0) } ?? false }
    public var answeredCount: Int { answers.count }

    public func timeLeft(at now: Date) -> TimeInterval {
        max(0, deadline.timeIntervalSince(now))
    }

    // MARK: events

    /// Checks the clock: at or after the deadline the exam is submitted as it stands.
    /// Returns true when the exam is over (now or before).
    @discardableResult
    public mutating func checkClock(at now: Date) -> Bool {
        if !isFinished && now >= deadline { end(.timeUp, at: now) }
        return isFinished
    }

    /// Answers the current question and moves on. Returns the marked answer, or nil when
    /// it does not count: nothing chosen, an option out of range, the exam already over,
    /// or the answer came after the deadline (the exam is then submitted without it).
    @discardableResult
    public mutating func answer(_ chosen: Set<Int>, at now: Date) -> AnswerOutcome? {
        guard !checkClock(at: now), let index = currentIndex, !chosen.isEmpty,
              chosen.allSatisfy(items[index].shown.indices.contains) else { return nil }
        let asked = items[index]
        timeSpent[index] += max(0, now.timeIntervalSince(shownAt))
        let correct = chosen == asked.correctIndices
        answers[index] = Answer(chosen: chosen, correct: correct, answeredAt: now)
        pending.removeFirst()
        shownAt = now
        let outcome = AnswerOutcome(asked: asked, chosen: chosen, correct: correct,
                                    responseTime: timeSpent[index], answeredAt: now)
        if pending.isEmpty { end(.allAnswered, at: now) }
        return outcome
    }

    /// Skips the current question and flags it: it comes back after the last question.
    /// Flagging the only question left keeps it current. Returns false when it did nothing.
    @discardableResult
    public mutating func flag(at now: Date) -> Bool {
        guard !checkClock(at: now), let index = currentIndex else { return false }
        timeSpent[index] += max(0, now.timeIntervalSince(shownAt))
        shownAt = now
        flagged.insert(index)
        pending.removeFirst()
        pending.append(index)
        return true
    }

    /// Submits the exam now; questions not answered count as wrong.
    public mutating func submit(at now: Date) {
        guard !isFinished else { return }
        if now >= deadline { end(.timeUp, at: now) } else { end(.submitted, at: now) }
    }

    private mutating func end(_ why: Ending, at now: Date) {
        let stop = min(now, deadline)
        if let index = pending.first, why != .allAnswered {
            timeSpent[index] += max(0, stop.timeIntervalSince(shownAt))
        }
        ending = why
        finishedAt = why == .timeUp ? max(stop, startedAt) : now
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
            if slot[id] == nil { slot[id] = themes.count; themes.append(ExamResult.ThemeScore(themeID: id, correct: 0, total: 0)) }
            themes[slot[id]!].total += 1
            if item.correct { themes[slot[id]!].correct += 1 }
        }
        return ExamResult(items: results, themes: themes, passMark: passMark, ending: ending,
                          elapsed: max(0, finishedAt.timeIntervalSince(startedAt)))
    }
}

/// A finished exam: score, pass or fail, per-theme breakdown, time per question and the
/// wrong answers to review. Unanswered questions count as wrong.
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
    /// Seconds from the start to submission (never more than the time limit when time ran out).
    public var elapsed: TimeInterval

    public var total: Int { items.count }
    public var correctCount: Int { items.filter(\.correct).count }
    public var answeredCount: Int { items.filter { $0.chosen != nil }.count }
    /// Right answers over all questions, 0...1.
    public var score: Double { total == 0 ? 0 : Double(correctCount) / Double(total) }
    /// Passing means reaching the pass mark (a small tolerance absorbs rounding: 7 of 10 passes at 0.7).
    public var passed: Bool { score + 1e-9 >= passMark }
    /// Wrong and unanswered questions, in exam order: what the review walks through.
    public var wrong: [Item] { items.filter { !$0.correct } }
}
