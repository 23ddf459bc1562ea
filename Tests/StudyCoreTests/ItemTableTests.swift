import Foundation
import XCTest
@testable import StudyCore

/// The item table holds the states by course position; the figures from it must be those
/// from the dictionaries, and its updates must reach every position of a question.
final class ItemTableTests: XCTestCase {
    let now = utc("2025-03-01T09:00:00Z")

    /// Seeded states: some items new, some in learning, some reviewed long ago or just now,
    /// some recalled and some only ever failed.
    func seededStates(_ course: Course) -> (states: [String: CardMemory], recalled: Set<String>) {
        var rng = SeededGenerator(seed: 7)
        var states: [String: CardMemory] = [:]
        var recalled: Set<String> = []
        for question in course.questions where Int.random(in: 0..<5, using: &rng) > 0 {
            var card = CardMemory.new(at: now.addingTimeInterval(-60 * day))
            for k in 0..<Int.random(in: 1...4, using: &rng) {
                let rating: Rating = [.again, .hard, .good, .easy][Int.random(in: 0..<4, using: &rng)]
                card = plainScheduler.review(card, rating: rating, at: now.addingTimeInterval(Double(k - 40) * day * Double.random(in: 0.1...1, using: &rng)))
                if rating != .again { recalled.insert(question.id) }
            }
            states[question.id] = card
        }
        return (states, recalled)
    }

    func testFiguresFromTheTableEqualThoseFromTheDictionaries() {
        let course = makeCourse(themes: 3, lessonsPerTheme: 2, questionsPerLesson: 5)
        let (states, recalled) = seededStates(course)
        XCTAssertFalse(recalled.isEmpty)
        let items = ItemTable(course: course, states: states, recalled: recalled)
        let settings = StudySettings(timeZone: TimeZone(identifier: "UTC")!)
        let lessons = Set(course.lessons.prefix(4).map(\.id))
        let history = ProgressHistory(recalled: recalled, retention: [course.questions[2].id: .init(answers: 3, recalled: 2),
                                                                       "not-in-the-course": .init(answers: 9, recalled: 9)],
                                      streakDays: 2)
        let today = TodayCounts(introduced: 1, reviewed: 2)
        XCTAssertEqual(
            DailyQueue(course: course, items: items, readLessons: lessons, today: today, settings: settings, scheduler: plainScheduler,
                       now: now, lastShown: nil),
            DailyQueue(course: course, states: states, readLessons: lessons, today: today, settings: settings, scheduler: plainScheduler,
                       now: now, lastShown: nil))
        let progress = StudyProgress(course: course, items: items, history: history, readLessons: lessons, settings: settings,
                                     scheduler: plainScheduler, now: now)
        XCTAssertEqual(progress, StudyProgress(course: course, states: states, history: history, readLessons: lessons,
                                               settings: settings, scheduler: plainScheduler, now: now))
        XCTAssertEqual(progress.overall.retentionAnswers, 3, "a question outside the course adds nothing")
        let forecast = ModelForecast(course: course, items: items, scheduler: plainScheduler, horizon: now.addingTimeInterval(7 * day),
                                     answers: 50)
        XCTAssertEqual(forecast, ModelForecast(course: course, states: states, recalled: recalled, scheduler: plainScheduler,
                                               horizon: now.addingTimeInterval(7 * day), answers: 50))
        // Mastery by hand: the mean over the course of recall at the horizon, 0 unless recalled.
        let byHand = course.questions.map { q -> Double in
            guard recalled.contains(q.id), let card = states[q.id] else { return 0 }
            return plainScheduler.recallProbability(of: card, at: now.addingTimeInterval(7 * day))
        }
        XCTAssertEqual(forecast.mastery, byHand.reduce(0, +) / Double(byHand.count), accuracy: 1e-12)
        XCTAssertEqual(Set(forecast.lessonMastery.keys), Set(course.lessons.map(\.id)))
        XCTAssertGreaterThan(forecast.mastery, 0)
    }

    /// Themes by ordinal: a question filed under another lesson's theme, a theme the course
    /// does not list, and a theme listed twice all land where the theme ids say.
    func testProgressByThemeFollowsEachQuestionsOwnTheme() {
        func question(_ id: String, _ theme: String, _ lesson: String) -> Question {
            Question(id: id, kind: .trueFalse, themeID: theme, lessonID: lesson, stem: "S?",
                     choices: [Choice("True", isCorrect: true), Choice("False", isCorrect: false)], explanation: "")
        }
        let course = Course(id: "c", title: "C",
                            themes: [Theme(id: "t1", title: "One", order: 1), Theme(id: "t2", title: "Two", order: 2),
                                     Theme(id: "t1", title: "One again", order: 3)],
                            lessons: [
                                Lesson(id: "a", title: "A", themeID: "t1", order: 1,
                                       questions: [question("a1", "t1", "a"), question("a2", "t2", "a"), question("a3", "elsewhere", "a")]),
                                Lesson(id: "b", title: "B", themeID: "t2", order: 2, questions: [question("b1", "t2", "b")]),
                            ])
        let items = ItemTable(course: course, states: [:], recalled: [])
        XCTAssertEqual(items.themeOrdinals, [0, 1, -1, 1])
        let history = ProgressHistory(recalled: [], retention: ["a1": .init(answers: 4, recalled: 3), "a2": .init(answers: 2, recalled: 0),
                                                               "a3": .init(answers: 5, recalled: 5), "b1": .init(answers: 1, recalled: 1)],
                                      streakDays: 0)
        let progress = StudyProgress(course: course, items: items, history: history, readLessons: [],
                                     settings: StudySettings(timeZone: TimeZone(identifier: "UTC")!), scheduler: plainScheduler, now: now)
        XCTAssertEqual(progress.overall.total, 4)
        XCTAssertEqual(progress.overall.retentionAnswers, 12)
        XCTAssertEqual(progress.overall.retention ?? -1, 9.0 / 12, accuracy: 1e-12)
        XCTAssertEqual(progress.themes.map(\.themeID), ["t1", "t2", "t1"])
        XCTAssertEqual(progress.themes.map(\.figures.total), [1, 2, 1], "the listed-twice theme reports its first entry's figures")
        XCTAssertEqual(progress.themes.map(\.figures.retentionAnswers), [4, 3, 4])
        XCTAssertEqual(progress.themes[1].figures.retention ?? -1, 1.0 / 3, accuracy: 1e-12)
    }

    func testUpdatesReachEveryPositionOfAQuestion() {
        // A hand-made course that repeats an id in two lessons.
        let repeated = Question(id: "shared", kind: .trueFalse, themeID: "t", lessonID: "a", stem: "S?",
                                choices: [Choice("True", isCorrect: true), Choice("False", isCorrect: false)], explanation: "")
        let course = Course(id: "c", title: "C", themes: [Theme(id: "t", title: "T", order: 1)], lessons: [
            Lesson(id: "a", title: "A", themeID: "t", order: 1, questions: [repeated]),
            Lesson(id: "b", title: "B", themeID: "t", order: 2, questions: [repeated]),
        ])
        var items = ItemTable(course: course, states: [:], recalled: [])
        XCTAssertEqual(items.positions(of: "shared"), [0, 1])
        let card = plainScheduler.review(.new(at: now), rating: .good, at: now)
        items.setMemory(card, of: "shared")
        items.setRecalled(true, of: "shared")
        XCTAssertEqual(items.memory, [card, card])
        XCTAssertEqual(items.recalled, [true, true])
        items.setRecalled(false, of: "shared")
        XCTAssertEqual(items.recalled, [false, false])
        items.setMemory(nil, of: "shared")
        XCTAssertEqual(items.memory, [nil, nil])
        items.setMemory(card, of: "not-in-the-course")
        XCTAssertEqual(items, ItemTable(course: course, states: [:], recalled: []), "an id the course lacks changes nothing")
    }
}
