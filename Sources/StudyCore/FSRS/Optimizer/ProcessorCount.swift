import Foundation

/// How many processors this process can use at once: the processors it may run on
/// (`sched_getaffinity`), fewer when a cgroup's CPU quota allows less (`cpu.max`, as in a
/// container started with `--cpus=1`), at least one. Asked here rather than of
/// `ProcessInfo`, whose first use sets it up (about 0.3 ms of `primer optimize`, which
/// needs nothing else from it).
public enum ProcessorCount {
    public static let available: Int = {
        var count = affinityCount() ?? Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))
        if let quota = quotaCount(cpuMax: cgroupText("/sys/fs/cgroup/cpu.max")) { count = min(count, quota) }
        return max(1, count)
    }()

    /// The processors the process may run on, or nil when the kernel does not say.
    static func affinityCount() -> Int? {
        #if os(Linux)
        // Swift's Glibc module leaves out sched_getaffinity (a _GNU_SOURCE function); it is
        // looked up instead. The mask has room for 1,024 processors, as glibc's cpu_set_t.
        typealias GetAffinity = @convention(c) (Int32, Int, UnsafeMutableRawPointer) -> Int32
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "sched_getaffinity") else { return nil }
        var mask = [UInt64](repeating: 0, count: 16)
        let status = mask.withUnsafeMutableBytes { unsafeBitCast(symbol, to: GetAffinity.self)(0, $0.count, $0.baseAddress!) }
        guard status == 0 else { return nil }
        let count = mask.reduce(0) { $0 + $1.nonzeroBitCount }
        return count > 0 ? count : nil
        #else
        return nil
        #endif
    }

    /// Whole processors a cgroup v2 `cpu.max` ("QUOTA PERIOD", or "max PERIOD" for no
    /// limit) allows, rounded up; nil without a limit or a readable one.
    static func quotaCount(cpuMax: String?) -> Int? {
        guard let fields = cpuMax?.split(whereSeparator: { $0 == " " || $0 == "\n" }), fields.count >= 2,
              let quota = Int(fields[0]), let period = Int(fields[1]), quota > 0, period > 0 else { return nil }
        return (quota + period - 1) / period
    }

    /// A small file of the kernel's, or nil.
    private static func cgroupText(_ path: String) -> String? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var buffer = [UInt8](repeating: 0, count: 128)
        let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
        return n > 0 ? String(decoding: buffer.prefix(n), as: UTF8.self) : nil
    }
}
