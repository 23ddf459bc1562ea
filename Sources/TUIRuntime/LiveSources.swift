import Foundation
import LearnerStore
import PrimerApp
import StudyCore
import StudyServices

/// Events that do not come from the keyboard: the class's live quiz, read from the shared
/// store a few times a second (the run loop wakes for it as it does for a countdown), and
/// the live effects performed on that store.
public protocol LiveSource: AnyObject {
    /// Milliseconds between readings.
    var interval: Int { get }
    /// What changed since the last reading, as an action (nil: nothing). `inLiveQuiz`: the
    /// learner's live quiz screen is open (not Home after Esc, not a mock exam they are
    /// finishing), which is what the tutor's "connected" counts.
    func poll(now: Date, inLiveQuiz: Bool) -> Action?
    /// Performs a live effect (an answer, a tutor's move); returns the state after it.
    func perform(_ effect: Effect, now: Date) -> Action?
}

/// A learner's session in a class: joins the running quiz, sends a heartbeat while the quiz's
/// screen is open, sends answers (each also saved in the learner's own log, as an exam
/// session with the quiz's paper), and records the session's end when the quiz ends. A
/// learner who left the quiz for Home, or is still finishing a mock exam, sends no heartbeat,
/// so the tutor sees them as not there rather than waiting for an answer that cannot come.
public final class LiveLearner: LiveSource {
    public let interval = 150
    let context: StudyContext
    private var quizID: String?
    private var lastSeat: LiveSeat?
    private var lastHeartbeat: Date?
    private var lastPresenceCheck: Date?
    /// Whether the quiz (by id) ended because its tutor's primer stopped: looked up once.
    private var endedByAbsence: (quiz: String, tutorLeft: Bool)?
    private var recorder: ExamRecorder?

    public init(context: StudyContext) { self.context = context }

    public func poll(now: Date, inLiveQuiz: Bool) -> Action? {
        let store = context.store, course = context.course.id
        var quiz = try? store.liveQuiz(course: course)
        if quiz == nil, let quizID { quiz = try? store.liveQuiz(course: course, id: quizID) }
        guard var quiz else {
            guard lastSeat != nil else { return nil }
            lastSeat = nil
            return .liveUpdated(nil, at: now)
        }
        if quiz.id != quizID {
            quizID = quiz.id
            recorder = nil
        }
        // A tutor's primer that ended without ending the quiz (killed, its connection cut)
        // would leave everyone waiting: the first learner's primer to notice ends it.
        if quiz.phase != .ended, lastPresenceCheck.map({ now.timeIntervalSince($0) >= 2 }) ?? true {
            lastPresenceCheck = now
            if store.liveTutorState(quiz: quiz.id) == .gone {
                _ = try? store.endAbandonedLiveQuiz(quiz, at: now)
                quiz = (try? store.liveQuiz(course: course, id: quiz.id)) ?? quiz
            }
        }
        if inLiveQuiz, quiz.phase != .ended, lastHeartbeat.map({ now.timeIntervalSince($0) >= 2 }) ?? true {
            try? store.heartbeat(quiz: quiz.id, learner: context.learnerID, at: now)
            lastHeartbeat = now
        }
        let mine = (try? store.liveAnswers(quiz: quiz.id, learner: context.learnerID, name: context.learnerName)) ?? []
        if quiz.phase == .ended, recorder != nil {
            // The tutor's process ends everyone's session too; whichever comes first counts.
            try? store.finishLiveSessions(quiz: quiz, learner: context.learnerID, at: now)
            recorder = nil
        }
        let board = quiz.showsBoard && quiz.phase == .ended ? (try? store.liveRoom(quiz: quiz.id, at: now))?.board(reader: context.learnerName) : nil
        var tutorLeft = false
        if quiz.phase == .ended {
            if endedByAbsence?.quiz != quiz.id { endedByAbsence = (quiz.id, store.liveTutorState(quiz: quiz.id) == .gone) }
            tutorLeft = endedByAbsence?.tutorLeft ?? false
        }
        let seat = LiveSeat(quiz: quiz, mine: mine, board: board, tutorLeft: tutorLeft)
        guard seat != lastSeat else { return nil }
        lastSeat = seat
        return .liveUpdated(seat, at: now)
    }

    public func perform(_ effect: Effect, now: Date) -> Action? {
        guard case let .sendLiveAnswer(quizID, index, chosen, at) = effect, let quiz = lastSeat?.quiz, quiz.id == quizID,
              let asked = quiz.asked(index, in: context.course) else { return nil }
        let correct = asked.isCorrect(chosen)
        do {
            let taken = try context.store.submitLiveAnswer(quiz: quizID, learner: context.learnerID, questionIndex: index,
                                                           chosen: chosen, correct: correct, at: at)
            if taken {
                if recorder == nil { recorder = try openRecorder(quiz, at: at) }
                let outcome = AnswerOutcome(asked: asked, chosen: chosen, correct: correct,
                                            responseTime: max(0, at.timeIntervalSince(quiz.phaseStartedAt)), answeredAt: at)
                try recorder?.record(outcome, item: index)
            }
        } catch {
            return .saveFailed(String(describing: error))
        }
        lastSeat = nil   // read again at once
        return poll(now: now, inLiveQuiz: true)
    }

    /// The learner's exam session for this quiz: the one opened before a reconnect, or a new one.
    private func openRecorder(_ quiz: LiveQuiz, at: Date) throws -> ExamRecorder {
        if let session = try context.store.liveSessionID(quiz: quiz.id, learner: context.learnerID) {
            return ExamRecorder(context: context, resuming: session)
        }
        let recorder = try ExamRecorder(context: context, startedAt: at, paper: quiz.paper.map(\.question), preset: quiz.title)
        try context.store.setLiveSessionID(recorder.sessionID, quiz: quiz.id, learner: context.learnerID, at: at)
        return recorder
    }
}

/// The tutor's side: moves the quiz on, reveals each question when its time is up, and
/// reads the room (who joined, how the answers split).
public final class LiveHost: LiveSource {
    public let interval = 150
    let store: LearnerStore
    public private(set) var quiz: LiveQuiz
    private var lastRoom: LiveRoom?
    /// The tutor's hold on the quiz (`LiveTutorPresence`), let go with its file once the
    /// quiz has ended here, so no learner takes the end for the tutor leaving.
    private let presence: LiveTutorPresence?

    public init(store: LearnerStore, quiz: LiveQuiz, presence: LiveTutorPresence? = nil) {
        self.store = store
        self.quiz = quiz
        self.presence = presence
    }

    /// The tutor's reading: reveals on time, then the room. (`inLiveQuiz` is the learner's
    /// matter; the tutor's screen is the quiz.)
    public func poll(now: Date, inLiveQuiz: Bool = true) -> Action? {
        if quiz.phase == .question, let deadline = quiz.deadline, now >= deadline {
            quiz.reveal(at: now)
            try? store.saveLiveQuiz(quiz)
        }
        guard let room = try? store.liveRoom(quiz: quiz.id, at: now), room != lastRoom else { return nil }
        lastRoom = room
        return .liveRoomUpdated(room, at: now)
    }

    public func perform(_ effect: Effect, now: Date) -> Action? {
        guard case let .hostLive(move, at) = effect else { return nil }
        switch move {
        case .advance: quiz.advance(at: at)
        case .reveal: quiz.reveal(at: at)
        case .end: quiz.end(at: at)
        }
        do {
            try store.saveLiveQuiz(quiz)
            if quiz.phase == .ended {
                presence?.release(removingFile: true)   // after the save: until then the lock says the tutor is here
                try store.finishLiveSessions(quiz: quiz, at: at)
            }
        } catch {
            return .saveFailed(String(describing: error))
        }
        lastRoom = nil
        return poll(now: now, inLiveQuiz: true)
    }
}
