import Foundation
import LearnerStore
import PrimerApp
import StudyCore
import StudyServices

/// The figures screens show, computed from the store: the same summaries line mode prints.
extension TUIRunLoop {
    func loadProgress() -> Action? {
        do {
            let summary = try context.summary(now: clock.now())
            let themes = summary.themes.map {
                DashboardFigures.ThemeLine(id: $0.id, title: $0.title, mastery: $0.mastery, seen: $0.seen, total: $0.total)
            }
            return .progressLoaded(DashboardFigures(
                dueNow: summary.dueNow, laterToday: summary.laterToday, beyondLimit: summary.beyondLimit,
                newAvailable: summary.newAvailable, streakDays: summary.streakDays, mastery: summary.mastery,
                examReadiness: summary.examReadiness, reviewsTotal: summary.reviewsTotal, themes: themes,
                lessonMastery: summary.lessonMastery, horizon: summary.horizon, horizonIsExam: summary.horizonIsExam,
                readinessRange: summary.examReadinessRange, exam: summary.exam, examPassed: summary.examPassed,
                examDaysLeft: summary.exam?.daysLeft(from: clock.now(), settings: context.settings) ?? 0,
                nextLearningDue: summary.nextLearningDue))
        } catch {
            return .loadFailed(describe(error))
        }
    }

    func loadStats() -> Action {
        do {
            let data = try context.statsData(now: clock.now())
            let passMark = ExamSession.defaultPassMark
            let exams = data.exams.map { exam -> (date: Date, score: Double?, passed: Bool) in
                let score = exam.isScoredExam ? exam.score : nil
                return (exam.finishedAt ?? exam.startedAt, score, score.map { $0 + 1e-9 >= passMark } ?? false)
            }
            return .statsLoaded(StatsFigures(
                reviewsPerDay: data.reviewsPerDay, todayWeekday: data.todayWeekday, forecast: data.forecast,
                retention: data.retention.map { ($0.title, $0.value, $0.answers) }, masteryByWeek: data.masteryByWeek,
                exams: exams, calibration: data.calibration))
        } catch {
            return .loadFailed(describe(error))
        }
    }

    func loadPlan() -> Action {
        do {
            let now = clock.now()
            let forecast = try context.planForecast(now: now)
            let passed = forecast == nil ? context.examPlan.map(\.date) : nil
            return .planLoaded(PlanFigures(forecast: forecast, passed: passed, newPerDayLimit: context.settings.newPerDay, now: now,
                                             inUnreadLessons: context.newQuestionsInUnreadLessons))
        } catch {
            return .loadFailed(describe(error))
        }
    }

    /// The class report over every learner's answers in this course.
    func loadReport() -> Action {
        do {
            let course = context.course
            let tally = try context.store.tallyAnswers(.init()) { courseID, questionID in
                courseID == course.id ? course.question(questionID)?.themeID : nil
            }
            let report = ClassReport.compute(tally: tally, themeOrder: course.themes.map(\.id)) { courseID, questionID in
                guard courseID == course.id, let q = course.question(questionID) else { return nil }
                return Set(q.correctChoices.map(\.text))
            }
            return .reportLoaded(ReportFigures(
                learners: report.learners.map { .init(name: $0.learner, score: $0.score, answered: $0.answered, questions: $0.questions) },
                themes: report.themes.map { .init(title: course.theme($0.theme)?.title ?? $0.theme, average: $0.average, learners: $0.learners) },
                items: report.items.map { item in
                    .init(questionID: item.questionID, stem: course.question(item.questionID)?.stem ?? item.questionID,
                          answers: item.answers, facility: item.facility, discrimination: item.discrimination,
                          mostChosenWrong: item.mostChosenWrong, mostChosenWrongCount: item.mostChosenWrongCount)
                }, abandonedExams: report.abandonedSessions))
        } catch {
            return .loadFailed(describe(error))
        }
    }
}
