import CourseFormat
import Foundation
import PrimerApp
import StudyCore
import TerminalUI

/// Figure 6: one 200x60 frame of the busiest screens of the bundled course — every lesson
/// (scrolled to the top) and the feedback screen of every question, a wrong answer with
/// its "why this one is wrong" picked — as the run loop draws it: a new buffer, then render.
enum RenderBench {
    static func run(report: Report, contentFolder: String) throws {
        let loaded = CourseLoader.load(folder: contentFolder)
        guard let course = loaded.course else { throw BenchError("cannot load \(contentFolder): \(loaded.errors.prefix(3))") }
        let loads = measure(runs: 21) { blackHole(CourseLoader.load(folder: contentFolder)) }
        log("loading the bundled course (CourseLoader.load, \(course.questions.count) questions): \(loads.summary)")
        let base = AppState(course: course, seed: 1)
        let width = 200, height = 60

        func frameTime(_ state: AppState, runs: Int) -> Samples {
            measure(warmup: 3, runs: runs) {
                var buffer = CellBuffer(width: width, height: height)
                render(state, into: &buffer)
                blackHole(buffer)
            }
        }

        var worstLesson: (id: String, samples: Samples)?
        for lesson in course.lessons {
            let state = base.showing(.lesson(LessonState(lesson: lesson)))
            let s = frameTime(state, runs: 41)
            if worstLesson == nil || s.median > worstLesson!.samples.median { worstLesson = (lesson.id, s) }
        }

        var worstQuiz: (id: String, samples: Samples)?
        var rng = SeededGenerator(seed: 3)
        let start = Date(timeIntervalSince1970: 1_748_779_200)
        for question in course.questions {
            var session = QuizSession(questions: [question], startedAt: start, options: .forLearner("bench"), rng: &rng)
            guard let asked = session.current else { continue }
            // The longest picked feedback makes the fullest screen.
            let wrongIndices: [Int] = asked.shown.indices.filter { !asked.shown[$0].isCorrect }
            let feedbackLength: (Int) -> Int = { asked.shown[$0].feedback?.count ?? 0 }
            let wrong = wrongIndices.max { feedbackLength($0) < feedbackLength($1) }
            session.toggle(wrong ?? 0)
            session.submit(at: start.addingTimeInterval(12))
            let state = base.showing(.quiz(QuizState(title: "Lesson quiz", session: session, kind: .practice)))
            let s = frameTime(state, runs: 21)
            if worstQuiz == nil || s.median > worstQuiz!.samples.median { worstQuiz = (question.id, s) }
        }
        guard let lesson = worstLesson, let quiz = worstQuiz else { throw BenchError("nothing to render") }
        log("slowest lesson screen (\(lesson.id)): \(lesson.samples.summary)")
        log("slowest quiz feedback screen (\(quiz.id)): \(quiz.samples.summary)")
        let busiest = lesson.samples.median >= quiz.samples.median ? ("lesson " + lesson.id, lesson.samples) : ("feedback " + quiz.id, quiz.samples)
        report.add(Figure(name: "Render busiest screen at 200x60", value: busiest.1.median, reference: nil,
                          comparison: .below(500_000),   // issue 15: ≤ 0.5 ms
                          note: "\(busiest.0); slowest of \(course.lessons.count) lessons and \(course.questions.count) feedback screens; p90 \(formatNanos(busiest.1.percentile(90)))"))
    }
}
