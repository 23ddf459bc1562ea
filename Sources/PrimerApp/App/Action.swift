import Foundation
import StudyCore
import TerminalUI

/// What happened, as the run loop reports it to the reducer.
public enum Action: Sendable, Equatable {
    case keyPressed(Key, at: Date)
    case terminalResized(Size, at: Date)
    /// The terminal went away (input closed, the connection dropped): leave at once,
    /// abandoning a running exam.
    case terminalClosed(at: Date)
    /// The store acknowledged the answer on screen as durably saved.
    case answerSaved(SaveReceipt)
    /// An answer was taken back (undo): its question is asked again.
    case answerUndone(reviewID: String, question: Question, wasCorrect: Bool, at: Date)
    /// Saving failed: the learner must be told; nothing pretends it was saved.
    case saveFailed(String)
    /// Reading the learner's data failed (figures, the next question, a report).
    case loadFailed(String)
    case progressLoaded(DashboardFigures)
    /// The scheduler's next question for Study today (nil: nothing left now), and how many
    /// questions today's queue holds now, that one included.
    case studyItemReady(Question?, nextDue: Date?, left: Int, at: Date)
    /// About a second passed (sent while `AppState.wantsTick`).
    case tick(Date)
    /// Practice questions, in the order to ask them, for the chosen themes.
    case practiceReady([Question], kind: PracticeKind, at: Date)
    case statsLoaded(StatsFigures)
    case planLoaded(PlanFigures)
    /// The learner's live quiz, as the class store has it now (nil: none running).
    case liveUpdated(LiveSeat?, at: Date)
    /// The tutor's live quiz room, as the class store has it now.
    case liveRoomUpdated(LiveRoom, at: Date)
    case reportLoaded(ReportFigures)
    /// Now studying as another learner (their read lessons and preferences).
    case learnerChanged(name: String, lessonsRead: Set<String>, preferences: Preferences)
    /// The same learner's data, read again because another primer (a second terminal)
    /// changed it: lessons read there and settings saved there now show here too.
    case learnerDataReread(lessonsRead: Set<String>, preferences: Preferences)
}

/// Practice that moves the schedule, or cram that only logs.
public enum PracticeKind: Sendable, Equatable {
    case practice, cram
    var answerKind: Effect.AnswerKind { self == .cram ? .cram : .practice }
}

/// What the reducer asks the run loop to do. Values, so tests can assert them.
public enum Effect: Sendable, Equatable {
    public enum AnswerKind: Sendable, Equatable {
        case practice, study, cram
        /// Cram answers are logged but leave the schedule alone.
        public var affectsSchedule: Bool { self != .cram }
    }

    case quit
    case redrawAll
    case markLessonRead(lessonID: String, at: Date)
    /// Grade and store an answer before anything else happens.
    case recordAnswer(AnswerOutcome, kind: AnswerKind)
    /// Re-rate a saved answer with the learner's mark ("I guessed", "too easy", or none).
    case amendAnswer(reviewID: String, AnswerOutcome, override: AnswerOverride?)
    case undoAnswer(reviewID: String)
    case loadProgress
    /// Ask the scheduler for the next Study today question.
    case loadNextStudyItem(lastShown: String?)
    case finishStudySession(answered: Int, right: Int)
    /// A mock exam began: open its session record, with its paper (question ids in order).
    case startExam(paper: [String], at: Date, preset: String?)
    /// Save (or, changed, replace) the answer to question `item` of the running exam.
    case recordExamAnswer(AnswerOutcome, item: Int)
    /// The exam ended (handed in, time up or abandoned): record how.
    case finishExam(ExamResult, at: Date)
    /// Order the chosen themes' questions, weakest first, and start practising.
    case loadPractice(themeIDs: [String], kind: PracticeKind)
    case finishPracticeSession(answered: Int, right: Int)
    case loadStats
    case loadPlan
    /// Send the learner's answer to the open live question (saved in their log too).
    case sendLiveAnswer(quizID: String, index: Int, chosen: Set<Int>, at: Date)
    /// The tutor moves the live quiz on.
    case hostLive(LiveHostMove, at: Date)
    case loadReport
    case savePreferences(Preferences)
    case switchLearner(String)
}
