import Foundation
import Synchronization

/// Runs two pieces of work side by side, again and again: the calling thread does one,
/// a second thread the other. For the optimizer's batches, each a few hundred
/// microseconds of work: waking a sleeping thread for each (`concurrentPerform`) took
/// about a third of that, so a thread that waits first spins, and only after about as
/// long as a batch takes does it sleep (and is woken by the other). On an idle machine
/// neither ever sleeps; on a busy one, a thread waiting for the other, which has lost its
/// processor, gives its own up instead of spinning for a whole time slice. With one
/// processor the two pieces simply run one after the other. Either way each piece
/// computes exactly what it would alone, so results never depend on the machine.
public final class FSRSTwinThreads: @unchecked Sendable {
    /// Rounds started by `run`, and finished by the worker.
    private let requested = Atomic<Int>(0)
    private let finished = Atomic<Int>(0)
    private let stopping = Atomic<Bool>(false)
    /// Whether the worker (or the caller) has gone to sleep, so the other must wake it.
    private let workerAsleep = Atomic<Bool>(false)
    private let callerAsleep = Atomic<Bool>(false)
    private let wakeWorker = DispatchSemaphore(value: 0)
    private let wakeCaller = DispatchSemaphore(value: 0)
    /// Written by the caller before `requested` moves on, read by the worker after it
    /// sees the move (release/acquire on `requested` orders the two).
    private var work: (() -> Void)?
    /// Set by `init` only (the worker never reads it).
    private var hasWorker = false

    /// `worker`: whether to start the second thread (by default, when there are two or
    /// more processors). A plain POSIX thread: Foundation's `Thread` took about a
    /// millisecond to start in `primer optimize`, which starts two.
    public init(worker: Bool = ProcessorCount.available >= 2) {
        guard worker else { return }
        var thread = pthread_t()
        // The thread holds the object until its loop ends (`stop`).
        let context = Unmanaged.passRetained(self).toOpaque()
        let started = pthread_create(&thread, nil, { context in
            guard let context else { return nil }
            Unmanaged<FSRSTwinThreads>.fromOpaque(context).takeRetainedValue().workerLoop()
            return nil
        }, context)
        if started == 0 {
            pthread_detach(thread)
            hasWorker = true
        } else {
            // No thread (out of resources): both pieces run here, with the same results.
            Unmanaged<FSRSTwinThreads>.fromOpaque(context).release()
        }
    }

    /// Runs `here` on this thread and `there` on the worker; returns when both are done.
    public func run(_ here: () -> Void, _ there: @escaping () -> Void) {
        guard hasWorker else {
            here()
            there()
            return
        }
        work = there
        let round = requested.add(1, ordering: .sequentiallyConsistent).newValue
        if workerAsleep.load(ordering: .sequentiallyConsistent) { wakeWorker.signal() }
        here()
        Self.wait(until: { self.finished.load(ordering: .acquiring) == round }, asleep: callerAsleep, wake: wakeCaller)
        work = nil
    }

    /// Ends the worker (call once, when no `run` is in progress).
    public func stop() {
        guard hasWorker else { return }
        stopping.store(true, ordering: .sequentiallyConsistent)
        wakeWorker.signal()
    }

    private func workerLoop() {
        var seen = 0
        while true {
            Self.wait(until: { self.requested.load(ordering: .acquiring) != seen || self.stopping.load(ordering: .acquiring) },
                      asleep: workerAsleep, wake: wakeWorker)
            let round = requested.load(ordering: .acquiring)
            if round != seen {
                seen = round
                work?()
                finished.store(round, ordering: .sequentiallyConsistent)
                if callerAsleep.load(ordering: .sequentiallyConsistent) { wakeCaller.signal() }
            } else if stopping.load(ordering: .acquiring) {
                return
            }
        }
    }

    /// Spins until `done`, for at most about a batch's length (tens of microseconds);
    /// then sleeps on `wake` until the other thread signals it. The flag is raised before
    /// `done` is looked at again, and the other thread sets what `done` reads before it
    /// looks at the flag (both sequentially consistent), so a wake-up is never missed; a
    /// signal that finds the thread awake is consumed by a later sleep, which then sees
    /// `done` and goes round again.
    private static func wait(until done: () -> Bool, asleep: borrowing Atomic<Bool>, wake: DispatchSemaphore) {
        var spins = 0
        while !done() {
            spins += 1
            guard spins > 20_000 else { continue }
            asleep.store(true, ordering: .sequentiallyConsistent)
            if !done() { wake.wait() }
            asleep.store(false, ordering: .sequentiallyConsistent)
            spins = 0
        }
    }
}
