import Foundation
import StudyCore
import TerminalUI
@testable import PrimerApp

/// A small course built in code, so screen tests don't move when the bundled course is edited.
enum Fixtures {
    static let t0 = Date(timeIntervalSince1970: 1_700_000_000)

    static let diplomacyQuestion = Question(
        id: "do-more", kind: .single, themeID: "coercion", lessonID: "coercive", claims: ["C9"], sources: [6],
        stem: "Which phrase sums up the dictating side of coercive diplomacy?",
        choices: [Choice("“Do more”", isCorrect: true),
                  Choice("Mutual trust", isCorrect: false, feedback: "Mutual trust belongs to normal diplomacy."),
                  Choice("Bilateral agreements", isCorrect: false),
                  Choice("Concessions", isCorrect: false)],
        explanation: "A powerful country dictates: “do more” (¶6).")

    static let multipleQuestion = Question(
        id: "normal-marks", kind: .multiple, themeID: "coercion", lessonID: "coercive", claims: ["C8"], sources: [6],
        stem: "Which mark normal diplomacy?",
        choices: [Choice("Mutual trust", isCorrect: true), Choice("Concessions", isCorrect: true),
                  Choice("A timeline", isCorrect: false), Choice("Threats", isCorrect: false)],
        explanation: "Normal diplomacy rests on agreements, concessions and trust (¶6).")

    static let trueFalseQuestion = Question(
        id: "war-and-talks", kind: .trueFalse, themeID: "coercion", lessonID: "coercive", claims: ["C7"], sources: [6],
        stem: "Diplomacy and war go side by side.",
        choices: [Choice("True", isCorrect: true), Choice("False", isCorrect: false)],
        explanation: "¶6 says both decide relations between countries.")

    static let lesson = Lesson(
        id: "coercive", title: "Normal and coercive diplomacy", themeID: "coercion", order: 1, sources: [6, 7],
        claims: ["C7", "C8", "C9"],
        body: [.paragraph(InlineText(runs: [.init("Diplomacy has two styles: "), .init("normal", isKeyTerm: true),
                                            .init(" and "), .init("coercive", isKeyTerm: true), .init(".")])),
               .heading("The coercive style", sources: [6]),
               .bullet("dictations such as “do more”"),
               .bullet("a timeline — پاکستان 日本")],
        questions: [diplomacyQuestion, multipleQuestion, trueFalseQuestion])

    static let allianceLesson = Lesson(id: "alliance", title: "The post-9/11 alliance", themeID: "alliance", order: 1,
                                       sources: [2, 3], body: [.paragraph("Pakistan became a major non-NATO ally.")])

    static let course = Course(
        id: "demo", title: "Pakistan-US relations", description: "A demo course.", source: "seed", paragraphCount: 11,
        themes: [Theme(id: "alliance", title: "The alliance", order: 1), Theme(id: "coercion", title: "Coercive diplomacy", order: 2)],
        claims: [], lessons: [allianceLesson, lesson])

    static func state() -> AppState { AppState(course: course, learnerName: "Ayesha", seed: 42) }

    static let figures = DashboardFigures(
        dueNow: 3, newAvailable: 2, streakDays: 4, mastery: 0.42, examReadiness: 0.38, reviewsTotal: 12,
        themes: [.init(id: "alliance", title: "The alliance", mastery: 0.5, seen: 1, total: 1),
                 .init(id: "coercion", title: "Coercive diplomacy", mastery: 0.25, seen: 2, total: 3)],
        lessonMastery: ["alliance": 0.5, "coercive": 0.25])

    /// Presses keys at `at` (default t0), returning every effect.
    static func press(_ state: inout AppState, _ keys: [Key], at time: Date = t0) -> [Effect] {
        var effects: [Effect] = []
        for key in keys { effects += state.reduce(.keyPressed(key, at: time)) }
        return effects
    }

    /// A lesson long enough to scroll at 80x24.
    static var longLesson: Lesson {
        var lesson = Fixtures.lesson
        let filler = (1...12).map { LessonBlock.paragraph(InlineText(stringLiteral: "Filler paragraph \($0) of the lesson.")) }
        lesson.body = filler + lesson.body + filler
        return lesson
    }

    static func courseWithLongLesson() -> Course {
        var course = Fixtures.course
        course.lessons[1] = longLesson
        return course
    }
}
