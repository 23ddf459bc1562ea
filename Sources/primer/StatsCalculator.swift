import Foundation
import PrimerApp
import StudyCore
import StudyServices

/// Turns the learner's statistics into what the statistics screen draws.
struct StatsCalculator {
    let context: StudyContext

    func figures(now: Date) throws -> StatsFigures {
        let data = try context.statsData(now: now)
        let passMark = ExamSession.defaultPassMark
        return StatsFigures(
            reviewsPerDay: data.reviewsPerDay, todayWeekday: data.todayWeekday, forecast: data.forecast,
            retention: data.retention.map { ($0.title, $0.value, $0.answers) }, masteryByWeek: data.masteryByWeek,
            exams: data.exams.map { ($0.finishedAt ?? $0.startedAt, $0.score ?? 0, ($0.score ?? 0) + 1e-9 >= passMark) })
    }
}
