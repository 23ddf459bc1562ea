import Foundation
import LearnerStore
import StudyCore

/// One learner studying one course, with their state kept durably: the glue between
/// the pure core (grading, FSRS, the queue) and the store. The TUI and the line mode
/// both go through it, so they schedule and save in exactly the same way.
public final class StudyContext {
    public let store: LearnerStore
    public let course: Course
    public let learnerName: String
    public let learnerID: Int64
    public private(set) var settings: StudySettings
    public private(set) var scheduler: FSRSScheduler
    /// Item states by question id, always equal to what the store holds.
    public private(set) var states: [String: CardMemory]
    /// The same states and the recalled flags by the course's question order, kept up to
    /// date answer by answer: what the queue, progress and the forecast walk.
    public private(set) var items: ItemTable
    public private(set) var lessonsRead: Set<String>
    /// The learner's exam in this course, as set (see `examAhead` for whether it still counts).
    public internal(set) var examPlan: ExamPlan?
    /// Questions answered right at least once (see `LearnerModel`), as the store's running
    /// summary has them; extended answer by answer, read again when an answer is amended
    /// or taken back.
    private var recalledSet: Set<String>
    /// The store's `dataVersion` when all of the above was read.
    private var versionRead: Int

    public init(store: LearnerStore, course: Course, learnerName: String, now: Date) throws {
        self.store = store
        self.course = course
        self.learnerName = learnerName
        learnerID = try store.learner(named: learnerName, now: now)
        // Placeholders, replaced at once by what the store holds.
        settings = StudySettings()
        scheduler = FSRSScheduler(settings.schedulerConfig())
        states = [:]
        recalledSet = []
        items = ItemTable(course: course, states: [:], recalled: [])
        lessonsRead = []
        versionRead = 0
        try readLearnerData()
    }

    /// Another primer on the same data folder (the learner in a second terminal) may have
    /// answered, read a lesson or changed a setting since this one read them; its queue,
    /// figures and read marks would then be stale (a question answered there asked again
    /// here). Reads everything again when the store says another connection wrote since;
    /// returns whether it did. Cheap otherwise: one pragma on the writer connection.
    @discardableResult
    public func refreshIfChangedElsewhere() throws -> Bool {
        guard try store.dataVersion() != versionRead else { return false }
        try readLearnerData()
        return true
    }

    private func readLearnerData() throws {
        versionRead = try store.dataVersion()   // first: a write during the reads shows next time
        let values = try store.settings(learner: learnerID)
        settings = StudySettings.from(values)
        examPlan = ExamPlanStorage.plan(from: values, course: course.id)
        scheduler = FSRSScheduler(settings.schedulerConfig())
        (states, recalledSet) = try store.itemStatesAndRecalled(learner: learnerID, course: course.id)
        items = ItemTable(course: course, states: states, recalled: recalledSet)
        lessonsRead = try store.lessonsRead(learner: learnerID, course: course.id)
    }

    /// Rebuilds item states from a learner's log: what `doctor --rebuild` and import use.
    public static func replayFunction(settings: StudySettings = StudySettings()) -> ReplayFunction {
        let scheduler = FSRSScheduler(settings.schedulerConfig())
        return { records in scheduler.replayStates(records) }
    }

    /// The same, with each learner's own settings (their desired retention), exactly as
    /// `StudyContext` schedules live.
    public static func settingsReplayFunction() -> SettingsReplayFunction {
        { values, records in
            FSRSScheduler(StudySettings.from(values).schedulerConfig()).replayStates(records)
        }
    }

    /// The same for a `ScheduleLog` (every course of one learner at once).
    public static func scheduleLogReplayFunction() -> ScheduleLogReplayFunction {
        { values, log in
            FSRSScheduler(StudySettings.from(values).schedulerConfig()).replayStates(log)
        }
    }

    /// The same for some of the log's questions (`FSRSScheduler.replayStates(_:questions:)`).
    public static func scheduleLogPartReplayFunction()
        -> (_ settings: [String: String], _ log: ScheduleLog, _ questions: Range<Int>) -> [String: [String: CardMemory]] {
        { values, log, questions in
            FSRSScheduler(StudySettings.from(values).schedulerConfig()).replayStates(log, questions: questions)
        }
    }

    /// The same, one answer at a time, for a learner's settings: import computes the
    /// states of a restore as it inserts the answers (`LearnerStore.importJSON`).
    public static func settingsItemScheduling() -> SettingsScheduling {
        { values in itemScheduling(FSRSScheduler(StudySettings.from(values).schedulerConfig())) }
    }

    // MARK: answers

    /// Which options this learner sees: one fixed set per question, a new order each time.
    public var optionDraw: OptionDraw { .forLearner(learnerName) }

    /// Grades an answer, moves the item's memory on, and saves both in one durable
    /// transaction. `affectsSchedule` false (cram) logs the answer but leaves the schedule.
    @discardableResult
    public func record(_ outcome: AnswerOutcome, override: AnswerOverride?, sessionID: String?,
                       affectsSchedule: Bool = true, reviewID: String = UUID().uuidString) throws -> SavedAnswer {
        let question = outcome.asked.question
        let previous = states[question.id]
        // What the model expected when the question was shown: a test of the model.
        let shownAt = outcome.answeredAt.addingTimeInterval(-outcome.responseTime)
        let predicted = LearnerModel.predictedRight(previous, recalled: try recalledQuestions().contains(question.id),
                                                    guessChance: outcome.asked.guessChance, at: shownAt, scheduler: scheduler)
        let record = Self.reviewRecord(outcome, override: override, id: reviewID, courseID: course.id,
                                       sessionID: sessionID, affectsSchedule: affectsSchedule, predicted: predicted)
        // The store computes the new state from the one it holds (another terminal may
        // have answered this item since `states` was read) and hands it back.
        let stored = try store.record(record, learner: learnerID, scheduling: itemScheduling)
        let next = affectsSchedule ? stored : previous
        if affectsSchedule {
            states[question.id] = stored
            items.setMemory(stored, of: question.id)
        }
        if affectsSchedule && record.rating != .again {
            recalledSet.insert(question.id)
            items.setRecalled(true, of: question.id)
        }
        return SavedAnswer(record: record, previousState: previous, newState: next)
    }

    /// The log entry for an answer.
    static func reviewRecord(_ outcome: AnswerOutcome, override: AnswerOverride?, id: String, courseID: String,
                             sessionID: String?, affectsSchedule: Bool, predicted: Double?) -> ReviewRecord {
        ReviewRecord(
            id: id, courseID: courseID, questionID: outcome.asked.question.id, reviewedAt: outcome.answeredAt,
            rating: rating(for: outcome, override: override),
            shown: outcome.asked.shown.map(\.text), chosen: outcome.chosen.sorted().map { outcome.asked.shown[$0].text },
            correct: outcome.correct, responseMilliseconds: Int((max(0, outcome.responseTime) * 1000).rounded()),
            sessionID: sessionID, affectsSchedule: affectsSchedule, predicted: predicted)
    }

    /// Replaces a saved answer: re-rated after "I guessed" / "too easy", or a changed exam
    /// answer (`outcome` then holds the new choice). One transaction; the answer keeps its
    /// id, its session and the prediction made when it was first shown.
    @discardableResult
    public func amend(_ saved: SavedAnswer, outcome: AnswerOutcome, override: AnswerOverride?) throws -> SavedAnswer {
        let record = Self.reviewRecord(outcome, override: override, id: saved.record.id, courseID: saved.record.courseID,
                                       sessionID: saved.record.sessionID, affectsSchedule: saved.record.affectsSchedule,
                                       predicted: saved.record.predicted)
        let stored = try store.amend(record, learner: learnerID, scheduling: itemScheduling)
        let next = record.affectsSchedule ? stored : saved.newState
        try rereadRecalled(record.questionID)
        if record.affectsSchedule {
            states[record.questionID] = next
            items.setMemory(next, of: record.questionID)
        }
        return SavedAnswer(record: record, previousState: saved.previousState, newState: next)
    }

    /// Takes an answer back: its log entry goes and the item's previous state returns.
    public func undo(_ saved: SavedAnswer) throws {
        let state = try store.undo(reviewID: saved.record.id, learner: learnerID, scheduling: itemScheduling)
        try rereadRecalled(saved.record.questionID)
        states[saved.record.questionID] = state
        items.setMemory(state, of: saved.record.questionID)
    }

    /// An amend or an undo can take back the one right answer of its question, and only of
    /// its question: read that item's flag again (the store recomputed it from the log).
    private func rereadRecalled(_ question: String) throws {
        let recalled = try store.isRecalled(learner: learnerID, course: course.id, question: question)
        if recalled { recalledSet.insert(question) } else { recalledSet.remove(question) }
        items.setRecalled(recalled, of: question)
    }

    public static func rating(for outcome: AnswerOutcome, override: AnswerOverride?) -> Rating {
        Grading.rating(correct: outcome.correct, responseTime: outcome.responseTime,
                       questionLength: outcome.asked.readingLength, override: override)
    }

    /// This learner's scheduler as the store applies it inside its write transaction.
    /// Fuzz comes from the review id, so replaying the log reproduces it exactly.
    var itemScheduling: ItemScheduling { Self.itemScheduling(scheduler) }

    public static func itemScheduling(_ scheduler: FSRSScheduler) -> ItemScheduling {
        ItemScheduling(
            next: { stored, review in
                scheduler.review(stored ?? CardMemory.new(at: review.reviewedAt), rating: review.rating, at: review.reviewedAt,
                                 fuzz: FSRSScheduler.fuzzUnit(forReviewID: review.id))
            },
            replay: { log in log.first.flatMap { scheduler.replayStates(log)[$0.questionID] } })
    }

    // MARK: lessons, sessions, settings

    /// Questions never answered that belong to lessons not read yet: the plan counts them
    /// among its new questions, but Study today offers a question only once its lesson is read.
    public var newQuestionsInUnreadLessons: Int {
        course.lessons.reduce(0) { sum, lesson in
            lessonsRead.contains(lesson.id) ? sum : sum + lesson.questions.count { states[$0.id].map(\.isNew) ?? true }
        }
    }

    public func markLessonRead(_ lessonID: String, at now: Date) throws {
        guard !lessonsRead.contains(lessonID) else { return }
        try store.markLessonRead(learner: learnerID, course: course.id, lesson: lessonID, at: now)
        lessonsRead.insert(lessonID)
    }

    public func startSession(kind: SessionKind, at now: Date, preset: String? = nil, paper: [String] = []) throws -> String {
        let id = UUID().uuidString
        try store.startSession(id: id, learner: learnerID, course: course.id, kind: kind, at: now, preset: preset, paper: paper)
        return id
    }

    /// Ends a study or practice session; its score is the share of its answers that were
    /// right. (Exams end through `ExamRecorder`, which scores over the questions set.)
    public func finishSession(_ id: String, at now: Date, answered: Int, correct: Int) throws {
        let score = answered == 0 ? nil : Double(correct) / Double(answered)
        try store.finishSession(id: id, at: now, score: score, answered: answered, correct: correct)
    }

    /// Saves new settings. Item states are the replay of the log at the learner's settings
    /// (what doctor checks), so they are recomputed in the same transaction: a retention
    /// changed after weeks of answers reschedules every question as if it had always been
    /// the learner's.
    public func updateSettings(_ new: StudySettings) throws {
        var values: [String: String?] = [:]
        for (key, value) in new.storedValues { values[key] = value }
        try store.setSettings(learners: [learnerID], values, rebuildingWith: Self.settingsReplayFunction(),
                              logReplay: Self.scheduleLogReplayFunction())
        try readLearnerData()
    }

    // MARK: what to study

    /// The questions this learner has answered right at least once.
    public func recalledQuestions() throws -> Set<String> { recalledSet }

    /// The learner model's figures at the horizon (see `ModelForecast`).
    public func forecast(now: Date) throws -> ModelForecast {
        let examDate = examAhead(now: now)?.date
        let answers = try store.answerCount(learner: learnerID, course: course.id)
        return ModelForecast(course: course, items: items, scheduler: scheduler,
                             horizon: LearnerModel.horizon(now: now, examDate: examDate), answers: answers)
    }

    /// Today's counts come from the store's running summary: no pass over the log.
    public func queue(now: Date, lastShown: String?, unlockAll: Bool = false) throws -> DailyQueue {
        let day = settings.studyDay(containing: now)
        return DailyQueue(course: course, items: items, readLessons: lessonsRead, unlockAll: unlockAll,
                          today: try store.todayCounts(learner: learnerID, course: course.id, day: day), settings: settings,
                          scheduler: scheduler, now: now, lastShown: lastShown, exam: examAhead(now: now))
    }

    /// The past as the figures need it, from the store's running summary: the recalled
    /// questions, the retention window's review answers, and the streak (one index probe a day).
    public func history(now: Date) throws -> ProgressHistory {
        let window = ProgressHistory.retentionWindow(settings: settings, now: now)
        var probeError: Error?
        let streak = StudyProgress.streak(today: settings.studyDay(containing: now), settings: settings) { day in
            do { return try store.hasAnswers(learner: learnerID, course: course.id, in: day) } catch {
                probeError = error
                return false
            }
        }
        if let probeError { throw probeError }
        return ProgressHistory(recalled: recalledSet,
                               retention: try store.retention(learner: learnerID, course: course.id, from: window.start, to: window.end),
                               streakDays: streak)
    }

    public func progress(now: Date, horizon: Date? = nil) throws -> StudyProgress {
        StudyProgress(course: course, items: items, history: try history(now: now), readLessons: lessonsRead,
                      settings: settings, scheduler: scheduler, now: now, horizon: horizon, exam: examAhead(now: now)?.date)
    }

    /// "again in 10 min", "in 4 days": when an item comes back, for feedback.
    public static func describeReturn(of state: CardMemory, from now: Date) -> String {
        let seconds = max(0, state.due.timeIntervalSince(now))
        if seconds < 90 { return "again in a minute" }
        if seconds < 3600 { return "again in \(Int((seconds / 60).rounded())) min" }
        if seconds < 84_600 { let h = Int((seconds / 3600).rounded()); return "again in \(h) hour\(h == 1 ? "" : "s")" }
        let days = Int((seconds / 86400).rounded())
        if days < 60 { return "in \(days) day\(days == 1 ? "" : "s")" }
        let months = Int((Double(days) / 30.4).rounded())
        if months < 24 { return "in \(months) months" }
        return "in \(Int((Double(days) / 365).rounded())) years"
    }
}

/// An answer as saved: enough to amend or undo it later.
public struct SavedAnswer: Sendable, Equatable {
    public var record: ReviewRecord
    public var previousState: CardMemory?
    /// nil when the answer left the schedule alone (cram).
    public var newState: CardMemory?
}
