import Foundation
import Synchronization

/// Runs two pieces of work side by side, again and again: the calling thread does one,
/// a second thread the other. For the optimizer's batches, each a few hundred
/// microseconds of work: waking a sleeping thread (`concurrentPerform`) took about a
/// third of that, so the second thread waits by spinning, only while training runs
/// (`stop()` ends it). With one processor the two pieces simply run one after the other.
/// Either way each piece computes exactly what it would alone, so results never depend
/// on the machine.
final class FSRSTwinThreads: @unchecked Sendable {
    private let requested = Atomic<Int>(0)
    private let finished = Atomic<Int>(0)
    private let stopping = Atomic<Bool>(false)
    /// Written by the caller before `requested` moves on, read by the worker after it
    /// sees the move (release/acquire on `requested` orders the two).
    private var work: (() -> Void)?
    private let hasWorker: Bool

    /// `worker`: whether to start the second thread (by default, when there are two or
    /// more processors).
    init(worker: Bool = ProcessInfo.processInfo.activeProcessorCount >= 2) {
        hasWorker = worker
        guard worker else { return }
        let thread = Thread { [self] in workerLoop() }
        thread.start()
    }

    /// Runs `here` on this thread and `there` on the worker; returns when both are done.
    func run(_ here: () -> Void, _ there: @escaping () -> Void) {
        guard hasWorker else {
            here()
            there()
            return
        }
        work = there
        let round = requested.add(1, ordering: .releasing).newValue
        here()
        var spins = 0
        while finished.load(ordering: .acquiring) != round { Self.pause(&spins) }
        work = nil
    }

    /// Ends the worker (call once, when no `run` is in progress).
    func stop() {
        stopping.store(true, ordering: .releasing)
    }

    private func workerLoop() {
        var seen = 0, spins = 0
        while true {
            let round = requested.load(ordering: .acquiring)
            if round != seen {
                seen = round
                work?()
                finished.store(round, ordering: .releasing)
                spins = 0
            } else if stopping.load(ordering: .acquiring) {
                return
            } else {
                Self.pause(&spins)
            }
        }
    }

    /// Spins a few microseconds, then offers the processor to others at each turn (a
    /// cheap call when no one else wants it), so that on a busy machine a waiting thread
    /// does not hold a core the thread it waits for needs. (Waiting longer before the
    /// first offer measured the same here, within the machine's noise.)
    private static func pause(_ spins: inout Int) {
        spins += 1
        if spins > 2_000 { sched_yield() }
    }
}
