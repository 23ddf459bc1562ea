import Foundation
import StudyCore
import TerminalUI

/// What happened, as the run loop reports it to the reducer.
public enum Action: Sendable, Equatable {
    case keyPressed(Key, at: Date)
    case terminalResized(Size)
    /// The store acknowledged an answer as durably saved.
    case answerSaved(questionID: String)
    /// Saving failed: the learner must be told; nothing pretends it was saved.
    case saveFailed(String)
}

/// What the reducer asks the run loop to do. Values, so tests can assert them.
public enum Effect: Sendable, Equatable {
    case quit
    case redrawAll
    case markLessonRead(lessonID: String, at: Date)
    /// Store an answer (with the learner's override mark, if any) before the next question.
    case recordAnswer(AnswerOutcome, override: AnswerOverrideMark?)
}
