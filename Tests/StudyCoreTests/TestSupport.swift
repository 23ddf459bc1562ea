import Foundation
@testable import StudyCore

/// "2024-01-01T09:00:00Z" → Date; tests use fixed UTC instants so they never depend on the clock.
func utc(_ text: String) -> Date {
    let formatter = ISO8601DateFormatter()
    formatter.formatOptions = [.withInternetDateTime]
    guard let date = formatter.date(from: text) else { fatalError("bad test date \(text)") }
    return date
}

let minute: TimeInterval = 60
let hour: TimeInterval = 3600
let day: TimeInterval = 86400

/// A fuzz-free default scheduler: the reference behaviour the vectors pin down.
let plainScheduler = FSRSScheduler(SchedulerConfig(enableFuzzing: false))

/// A course of `themes` × `lessonsPerTheme` lessons, each with `questionsPerLesson`
/// single-answer questions, ids "t1", "t1-l1", "t1-l1-q1" and so on.
func makeCourse(themes: Int = 2, lessonsPerTheme: Int = 2, questionsPerLesson: Int = 3) -> Course {
    var themeList: [Theme] = []
    var lessons: [Lesson] = []
    for t in 1...themes {
        let themeID = "t\(t)"
        themeList.append(Theme(id: themeID, title: "Theme \(t)", order: t))
        for l in 1...lessonsPerTheme {
            let lessonID = "\(themeID)-l\(l)"
            let questions = (1...questionsPerLesson).map { q in
                Question(id: "\(lessonID)-q\(q)", kind: .single, themeID: themeID, lessonID: lessonID,
                         stem: "Question \(q) of \(lessonID)?",
                         choices: [Choice("right", isCorrect: true), Choice("wrong", isCorrect: false)],
                         explanation: "")
            }
            lessons.append(Lesson(id: lessonID, title: "Lesson \(l)", themeID: themeID, order: l, questions: questions))
        }
    }
    return Course(id: "course", title: "Course", themes: themeList, lessons: lessons)
}

/// A schedule-affecting record for `question` at `at`.
func record(_ id: String, _ question: String, _ rating: Rating, at: Date, correct: Bool? = nil,
            affectsSchedule: Bool = true) -> ReviewRecord {
    ReviewRecord(id: id, courseID: "course", questionID: question, reviewedAt: at, rating: rating,
                 shown: [], chosen: [], correct: correct ?? (rating != .again), responseMilliseconds: 5000,
                 sessionID: nil, affectsSchedule: affectsSchedule)
}

/// 400 answers to 25 questions, seeded: out of time order, some at the same moment, about
/// one in eight a cram answer that leaves the schedule alone; every third in the second of
/// `courses` when two are given (the same question ids in both).
func seededAnswers(seed: UInt64, courses: [String] = ["course"]) -> [ReviewRecord] {
    let t0 = utc("2025-03-01T09:00:00Z")
    var rng = SeededGenerator(seed: seed)
    return (0..<400).map { n in
        let at = t0.addingTimeInterval(Double(Int.random(in: 0..<60, using: &rng)) * 3_600 * 7)
        let rating: Rating = [.again, .hard, .good, .easy][Int.random(in: 0..<4, using: &rng)]
        var answer = record("r\(seed)-\(n)", "q\(Int.random(in: 0..<25, using: &rng))", rating, at: at,
                            affectsSchedule: Int.random(in: 0..<8, using: &rng) > 0)
        answer.courseID = courses[n % 3 == 0 ? courses.count - 1 : 0]
        return answer
    }
}
