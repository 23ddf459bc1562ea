import Foundation

/// The learner's standing at the horizon (the exam date, else a week ahead), as the
/// learner model predicts it. Every screen and command shows these, and only these:
///
/// - **Mastery** (of the course, a theme or a lesson): the share of its questions the
///   learner would recall unaided at the horizon, if they studied no more: the mean of
///   `LearnerModel.recall` there, 0 for questions never answered right. No guessing.
/// - **Exam readiness**: the predicted score of a mock exam at the horizon: the mean over
///   the exam's questions (the course's default preset, else every question) of
///   P(right) = R + (1 − R) · g, g the question's blind-guess chance.
/// - **Readiness range**: while the model knows little of this learner (fewer than
///   `rangeUntilAnswers` answers), the readiness if they forgot twice as fast or half as
///   fast as FSRS assumes for them (every stability halved, or doubled).
public struct ModelForecast: Sendable, Equatable {
    public static let rangeUntilAnswers = 100

    public var horizon: Date
    public var mastery: Double
    public var readiness: Double
    public var readinessRange: ClosedRange<Double>?
    /// Mastery by theme id and by lesson id.
    public var themeMastery: [String: Double]
    public var lessonMastery: [String: Double]

    /// - Parameters:
    ///   - examQuestions: the mock exam's questions; nil: every question of the course.
    ///   - answers: how many schedule-affecting answers the learner has given (decides the range).
    public init(course: Course, states: [String: CardMemory], recalled: Set<String>, scheduler: FSRSScheduler,
                horizon: Date, examQuestions: [Question]? = nil, answers: Int) {
        self.init(course: course, items: ItemTable(course: course, states: states, recalled: recalled), scheduler: scheduler,
                  horizon: horizon, examQuestions: examQuestions, answers: answers)
    }

    /// The same from the item table of this course (see `ItemTable`): what the app holds.
    public init(course: Course, items: ItemTable, scheduler: FSRSScheduler,
                horizon: Date, examQuestions: [Question]? = nil, answers: Int) {
        self.horizon = horizon
        func r(_ position: Int, scale: Double = 1) -> Double {
            guard items.recalled[position], var card = items.memory[position] else { return 0 }
            if scale != 1, let s = card.stability { card.stability = s * scale }
            return scheduler.recallProbability(of: card, at: horizon)
        }
        // Recall at the horizon once per position; themes and lessons sum it in course order.
        var recall = [Double](repeating: 0, count: items.count)
        for position in recall.indices { recall[position] = r(position) }
        // Per theme and per question's lesson, summed in course order as before; the slot is
        // looked up only when the id changes from one question to the next.
        var themeSums = RunningMeans(), lessonSums = RunningMeans()
        var position = 0
        for lesson in course.lessons {
            let questions = lesson.questions
            for index in questions.indices where position < items.count {
                themeSums.add(recall[position], to: items.themes[position])
                lessonSums.add(recall[position], to: questions[index].lessonID)
                position += 1
            }
        }
        let total = recall.reduce(0, +)
        mastery = items.count == 0 ? 0 : total / Double(items.count)
        themeMastery = themeSums.means
        lessonMastery = lessonSums.means

        // The exam: its questions' positions (every question's when none are given).
        var exam: [(position: Int, guess: Double)] = []
        if let examQuestions {
            for question in examQuestions {
                guard let first = items.positions(of: question.id).first else { exam.append((-1, question.guessChance)); continue }
                exam.append((first, question.guessChance))
            }
        } else {
            for lesson in course.lessons { for question in lesson.questions { exam.append((exam.count, question.guessChance)) } }
        }
        func readiness(scale: Double) -> Double {
            guard !exam.isEmpty else { return 0 }
            var sum = 0.0
            for (position, guess) in exam {
                let recalled = position < 0 ? 0 : (scale == 1 ? recall[position] : r(position, scale: scale))
                sum += LearnerModel.withGuessing(recalled, guessChance: guess)
            }
            return sum / Double(exam.count)
        }
        self.readiness = readiness(scale: 1)
        readinessRange = answers < Self.rangeUntilAnswers ? readiness(scale: 0.5)...readiness(scale: 2) : nil
    }
}

/// Sums and counts by id, added to in course order (so each id's sum is the same as a
/// dictionary updated question by question), with the id's slot looked up only when the
/// id changes from one value to the next: questions of a theme or lesson come together.
private struct RunningMeans {
    private var slot: [String: Int] = [:]
    private var ids: [String] = []
    private var sums: [Double] = []
    private var counts: [Int] = []
    private var last: (id: String, slot: Int)?

    mutating func add(_ value: Double, to id: String) {
        if last?.id != id {
            if let known = slot[id] {
                last = (id, known)
            } else {
                slot[id] = ids.count
                last = (id, ids.count)
                ids.append(id)
                sums.append(0)
                counts.append(0)
            }
        }
        guard let current = last?.slot else { return }
        sums[current] += value
        counts[current] += 1
    }

    var means: [String: Double] {
        Dictionary(uniqueKeysWithValues: ids.indices.map { (ids[$0], counts[$0] == 0 ? 0 : sums[$0] / Double(counts[$0])) })
    }
}
