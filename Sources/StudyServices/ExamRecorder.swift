import Foundation
import LearnerStore
import StudyCore

/// The one way a mock exam is recorded, by the full-screen interface and by line mode
/// alike: its session starts when the exam does, every answer is saved the moment it is
/// given (a changed answer replaces the saved one), and the end records how many
/// questions were set, how many were answered and right, the score (right answers over
/// questions set; none for an abandoned exam) and how the exam ended.
public final class ExamRecorder {
    public let context: StudyContext
    public let sessionID: String
    /// The saved answer of each question (by item index), as it stands.
    public private(set) var saved: [Int: SavedAnswer] = [:]
    public private(set) var isFinished = false

    /// Opens the exam's session with its paper (so a question left blank is known, and
    /// counted as wrong, in every report).
    public init(context: StudyContext, startedAt: Date, paper: [String], preset: String?) throws {
        self.context = context
        sessionID = try context.startSession(kind: .exam, at: startedAt, preset: preset, paper: paper)
    }

    /// Goes on recording into a session opened earlier (a live quiz the learner rejoined).
    public init(context: StudyContext, resuming sessionID: String) {
        self.context = context
        self.sessionID = sessionID
    }

    /// Saves the answer to question `item` (0-based), durably, before returning.
    @discardableResult
    public func record(_ outcome: AnswerOutcome, item: Int) throws -> SavedAnswer {
        let answer: SavedAnswer
        if let previous = saved[item] {
            answer = try context.amend(previous, outcome: outcome, override: nil)
        } else {
            answer = try context.record(outcome, override: nil, sessionID: sessionID)
        }
        saved[item] = answer
        return answer
    }

    /// Records the end of the exam. Idempotent: an exam ends once.
    public func finish(_ result: ExamResult, at: Date) throws {
        guard !isFinished else { return }
        try context.store.finishSession(id: sessionID, at: at, score: result.score, answered: result.answeredCount,
                                        correct: result.correctCount, questionCount: result.total,
                                        outcome: Self.outcome(result.ending))
        isFinished = true
    }

    static func outcome(_ ending: ExamSession.Ending) -> SessionOutcome {
        switch ending {
        case .submitted: return .submitted
        case .timeUp: return .timeUp
        case .abandoned: return .abandoned
        }
    }
}
