import CourseFormat
import Foundation
import StudyCore

/// Issue 14's evidence: simulated learners revising for an exam under three strategies.
///
/// A simulated learner's true memory follows FSRS-6 with their own weights (`TrueLearner`):
/// fast forgetters have initial stabilities w0–w3 halved and the recall-growth weight w8
/// lowered by 0.3; slow forgetters the opposite (doubled, +0.3); average learners primer's
/// defaults. Every day at 10:00 they answer every question primer asks, up to the daily
/// limits (20 new, 200 reviews), right with their true P(right) = R + (1 − R)·g (R from
/// their true memory, g the blind-guess chance of the question as shown), and their true
/// memory moves with each answer as FSRS-6 says, with their weights.
///
/// Strategies: ordinary FSRS at 0.9 (the daily queue with no exam, as Anki schedules),
/// exam-date mode (the same queue with the exam set), and cramming (nothing until five
/// days before, then every question of the course each day). The daily queue and scheduler
/// are primer's own (`StudySimulation`, which `primer plan` uses too); item states are kept
/// in memory rather than in SQLite, which changes nothing in what is asked (the store keeps
/// exactly these states, see StudyContextTests) but makes 60-day runs of 1,000 questions quick.
///
/// Reported per scenario and learner type: the expected exam-day score (mean over all
/// questions of the true P(right) on exam day), the reviews done, and for exam-date mode the
/// readiness primer predicts on the exam morning against that truth.
enum ExamSimBench {
    struct Learner {
        var name: String
        var parameters: FSRSParameters
    }

    static func learners() throws -> [Learner] {
        func scaled(_ stabilityScale: Double, _ w8Shift: Double) throws -> FSRSParameters {
            var w = FSRSParameters.defaultValues
            for i in 0..<4 { w[i] = min(100, max(0.001, w[i] * stabilityScale)) }
            w[8] = min(4.5, max(0, w[8] + w8Shift))
            return try FSRSParameters(w)
        }
        return [Learner(name: "fast forgetter", parameters: try scaled(0.5, -0.3)),
                Learner(name: "average", parameters: .default),
                Learner(name: "slow forgetter", parameters: try scaled(2, 0.3))]
    }

    enum Strategy: String, CaseIterable { case fsrs = "FSRS 0.9", examDate = "exam-date mode", cramming = "cramming" }

    struct Outcome {
        var score: Double
        var reviews: Int
        var predicted: Double?
    }

    /// The learner's true memory, moved by the same answers primer sees.
    final class TrueLearner {
        let scheduler: FSRSScheduler
        var states: [String: CardMemory] = [:]
        var rng: SeededGenerator
        init(_ parameters: FSRSParameters, seed: UInt64) {
            scheduler = FSRSScheduler(SchedulerConfig(parameters: parameters, desiredRetention: 0.9, enableFuzzing: false))
            rng = SeededGenerator(seed: seed)
        }
        func pRight(_ id: String, guess: Double, at: Date) -> Double {
            let r = states[id].map { scheduler.recallProbability(of: $0, at: at) } ?? 0
            return r + (1 - r) * guess
        }
        /// Answers once: right with the true probability; the memory moves accordingly.
        func answer(_ id: String, guess: Double, at: Date) -> Bool {
            let right = Double.random(in: 0..<1, using: &rng) < pRight(id, guess: guess, at: at)
            states[id] = scheduler.review(states[id] ?? .new(at: at), rating: right ? .good : .again, at: at)
            return right
        }
        func examScore(_ course: Course, at exam: Date) -> Double {
            course.questions.reduce(0.0) { $0 + pRight($1.id, guess: $1.guessChance, at: exam) } / Double(course.questions.count)
        }
    }

    static func simulate(_ course: Course, days: Int, learner: Learner, strategy: Strategy, seed: UInt64) -> Outcome {
        var settings = StudySettings(timeZone: TimeZone(identifier: "UTC")!)
        settings.dayStartHour = 4
        let start = Date(timeIntervalSince1970: 1_767_261_600)   // 2026-01-01T10:00:00Z
        let exam = start.addingTimeInterval(Double(days) * 86_400 - 3600)   // 09:00 on the exam day
        let truth = TrueLearner(learner.parameters, seed: seed)
        let guess = Dictionary(course.questions.map { ($0.id, $0.guessChance) }, uniquingKeysWith: { a, _ in a })
        let scheduler = FSRSScheduler(settings.schedulerConfig())
        var sim = StudySimulation(course: course, settings: settings, scheduler: scheduler,
                                  exam: strategy == .examDate ? ExamPlan(date: exam) : nil, states: [:], recalled: [])
        var reviews = 0
        for day in 0..<days {
            let at = start.addingTimeInterval(Double(day) * 86_400)
            guard at < exam else { break }
            if strategy == .cramming {
                guard Double(days - day) <= 5 else { continue }
                for (i, q) in course.questions.enumerated() {
                    _ = truth.answer(q.id, guess: q.guessChance, at: at.addingTimeInterval(Double(i) * 20))
                    reviews += 1
                }
                continue
            }
            let counts = sim.studyDay(from: at) { id, _, _, when in truth.answer(id, guess: guess[id] ?? 0, at: when) }
            reviews += counts.answers
        }
        let predicted = strategy == .examDate ? sim.readiness(at: exam) : nil
        return Outcome(score: truth.examScore(course, at: exam), reviews: reviews, predicted: predicted)
    }

    /// `count` single-answer questions with four options, in lessons of 20.
    static func syntheticCourse(count: Int) -> Course {
        let lessons = stride(from: 0, to: count, by: 20).map { first -> Lesson in
            let id = "l\(first / 20 + 1)"
            let questions = (first..<min(count, first + 20)).map { i in
                Question(id: "q\(i + 1)", kind: .single, themeID: "t", lessonID: id, stem: "Question \(i + 1)?",
                         choices: (0..<4).map { Choice("Option \($0)", isCorrect: $0 == 0) }, explanation: "Because.")
            }
            return Lesson(id: id, title: "Lesson \(id)", themeID: "t", order: first / 20 + 1, questions: questions)
        }
        return Course(id: "synthetic", title: "Synthetic", themes: [Theme(id: "t", title: "T", order: 1)], lessons: lessons)
    }

    static func run(report: Report, contentFolder: String) throws {
        guard let bundled = CourseLoader.load(folder: contentFolder).course else { throw BenchError("cannot load \(contentFolder)") }
        let scenarios: [(String, Course, Int)] = [("bundled course, exam in 30 days", bundled, 30),
                                                  ("bundled course, exam in 10 days", bundled, 10),
                                                  ("1,000 questions, exam in 60 days", syntheticCourse(count: 1000), 60)]
        let seeds: [UInt64] = [11, 12, 13, 14, 15, 16, 17, 18]
        var table = "| Scenario | Learner | FSRS 0.9: score, reviews | exam-date mode: score, reviews | cramming: score, reviews | predicted on exam morning |\n|---|---|---|---|---|---|\n"
        var allBetter = true, allNoMoreReviews = true, allAboveCram = true, worstPrediction = 0.0
        for (name, course, days) in scenarios {
            for learner in try learners() {
                var mean: [Strategy: (score: Double, reviews: Double, predicted: Double)] = [:]
                for strategy in Strategy.allCases {
                    var s = 0.0, r = 0.0, p = 0.0
                    for seed in seeds {
                        let o = simulate(course, days: days, learner: learner, strategy: strategy, seed: seed)
                        s += o.score / Double(seeds.count)
                        r += Double(o.reviews) / Double(seeds.count)
                        p += (o.predicted ?? 0) / Double(seeds.count)
                    }
                    mean[strategy] = (s, r, p)
                }
                let f = mean[.fsrs]!, e = mean[.examDate]!, c = mean[.cramming]!
                allBetter = allBetter && e.score > f.score
                allNoMoreReviews = allNoMoreReviews && e.reviews <= f.reviews
                allAboveCram = allAboveCram && e.score > c.score
                worstPrediction = max(worstPrediction, abs(e.predicted - e.score))
                func cell(_ x: (score: Double, reviews: Double, predicted: Double)) -> String {
                    String(format: "%.1f%%, %.0f", x.score * 100, x.reviews)
                }
                table += "| \(name) | \(learner.name) | \(cell(f)) | \(cell(e)) | \(cell(c)) | "
                    + String(format: "%.1f%% (truth %.1f%%)", e.predicted * 100, e.score * 100) + " |\n"
                log("examsim \(name) / \(learner.name): fsrs \(cell(f)); exam \(cell(e)); cram \(cell(c)); predicted \(e.predicted)")
            }
        }
        emit("EXAMSIM-TABLE\n" + table)
        report.add(Figure(name: "Exam-date mode: worst gap between predicted and simulated exam-day score (points)",
                          value: worstPrediction * 100, reference: nil, comparison: .below(3),
                          note: "above FSRS 0.9 everywhere: \(allBetter); no more reviews: \(allNoMoreReviews); above cramming: \(allAboveCram); 8 seeds per cell",
                          unit: "points"))
    }
}
