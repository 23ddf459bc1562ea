#if canImport(Glibc)
import Glibc
#endif

/// How far glibc's malloc grows its heaps at a time, for the short commands that allocate
/// a lot on two threads (`primer optimize`).
///
/// A thread other than the main one gets its own malloc arena, which glibc grows by the
/// least it needs each time: the optimizer's second thread made 432 `mprotect` calls in one
/// run of `primer optimize` on the benchmark's learner. Asking for 64 MiB of extra address
/// space per growth (M_TOP_PAD; no memory is touched until used) made that 16 (BENCHMARKS.md).
/// The setting also keeps that much freed memory instead of returning it, which is why the
/// TUI, a long-lived process, does not use it.
enum MallocGrowth {
    static func growInLargeSteps() {
        #if canImport(Glibc)
        // Swift's Glibc module leaves out <malloc.h>; mallopt is looked up instead.
        typealias Mallopt = @convention(c) (Int32, Int32) -> Int32
        let topPad: Int32 = -2   // M_TOP_PAD in <malloc.h>
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "mallopt") else { return }
        _ = unsafeBitCast(symbol, to: Mallopt.self)(topPad, 64 << 20)
        #endif
    }
}
