import Foundation
import StudyCore

extension AppState {
    /// The learner's live quiz screen is open (what the tutor counts as connected).
    public var isInLiveQuiz: Bool {
        if case .live = screen { return true }
        return false
    }

    /// A new reading of the class's live quiz. When a quiz the learner has not left is
    /// running, its screen opens over whatever they are doing (the tutor leads the room);
    /// once open, it follows every change. Leaving (Esc) keeps Home's "j joins" hint.
    mutating func liveUpdated(_ seat: LiveSeat?, at now: Date) -> [Effect] {
        liveSeat = seat
        guard let seat else { return [] }
        if case .live = screen {
            return scope(.live) { live, _ in LiveFeature.update(seat, &live, at: now); return [] }
        }
        guard seat.quiz.phase != .ended, liveLeft != seat.quiz.id else { return [] }
        // Never over a running mock exam: the learner finishes it first.
        if case .exam = screen { return [] }
        push(.live(LiveState(seat: seat, now: now)))
        return []
    }

    /// Home's `j`: back into the running quiz.
    mutating func joinLive(at now: Date) -> [Effect] {
        guard let seat = liveSeat, seat.quiz.phase != .ended else { return [] }
        liveLeft = nil
        push(.live(LiveState(seat: seat, now: now)))
        return []
    }

    /// A new reading of the tutor's room; a new question starts at its top.
    mutating func liveRoomUpdated(_ room: LiveRoom, at now: Date) -> [Effect] {
        if case .liveHost = screen {
            return scope(.liveHost) { host, _ in
                if host.room.quiz.questionIndex != room.quiz.questionIndex || host.room.quiz.phase != room.quiz.phase { host.scroll = 0 }
                host.room = room
                host.now = now
                return []
            }
        }
        push(.liveHost(LiveHostState(room: room, now: now)))
        return []
    }
}
