import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// This process's writing marker (`primer.sqlite.writing-PID`, see `CleanClose`), kept open
/// while the process writes, so that the record made after every answer is one `pwrite`
/// over the old one.
///
/// Why not open, truncate and write it each time: on ext4 a file truncated to nothing and
/// written again is flushed to disk when it is closed (`auto_da_alloc`, which protects the
/// replace-by-truncate pattern), and that flush cost about 200 µs per answer here, as much
/// as the answer's own `fdatasync` (BENCHMARKS.md). The record is not meant to be durable
/// (it guards against a killed process, whose writes the kernel keeps), so an overwrite in
/// place is all it needs. A shorter record is padded with spaces to the longest one written
/// so far, since nothing truncates the file; readers split the line on whitespace.
///
/// One object per marker path for the whole process: two stores of one process on the same
/// file share the marker, as they did when each write reopened it by name.
final class WritingMarkerFile: @unchecked Sendable {
    private let lock = NSLock()
    let url: URL
    private var fd: Int32 = -1
    /// The longest record written through the open descriptor: what a shorter one must cover.
    private var longest = 0

    private init(url: URL) { self.url = url }

    private static let registryLock = NSLock()
    nonisolated(unsafe) private static var registry: [String: WritingMarkerFile] = [:]

    static func shared(_ url: URL) -> WritingMarkerFile {
        registryLock.lock()
        defer { registryLock.unlock() }
        if let existing = registry[url.path] { return existing }
        let marker = WritingMarkerFile(url: url)
        registry[url.path] = marker
        return marker
    }

    /// Makes sure the marker exists (before the first write of this process).
    func create() {
        lock.lock()
        defer { lock.unlock() }
        _ = openIfNeeded()
    }

    /// Replaces the record. Not synced (see above).
    func write(_ text: String) {
        lock.lock()
        defer { lock.unlock() }
        guard openIfNeeded() else { return }
        var bytes = Array(text.utf8)
        if bytes.count < longest {
            // Spaces before the line's end, so the old record's tail is overwritten.
            let newline = bytes.last == UInt8(ascii: "\n") ? bytes.removeLast() : nil
            bytes.append(contentsOf: repeatElement(UInt8(ascii: " "), count: longest - bytes.count - (newline == nil ? 0 : 1)))
            if let newline { bytes.append(newline) }
        }
        let written = bytes.withUnsafeBytes { pwrite(fd, $0.baseAddress, $0.count, 0) }
        if written == bytes.count { longest = max(longest, bytes.count) }
    }

    /// Removes the marker (the process's writes are all in the main file).
    func remove() {
        lock.lock()
        defer { lock.unlock() }
        closeDescriptor()
        FileSystem.remove(url)
    }

    /// Lets the descriptor go and keeps the file (a store closing with frames still in the
    /// log); the next write opens it again.
    func release() {
        lock.lock()
        defer { lock.unlock() }
        closeDescriptor()
    }

    private func openIfNeeded() -> Bool {
        if fd >= 0 { return true }
        fd = open(url.path, O_WRONLY | O_CREAT | O_CLOEXEC, 0o600)
        var info = stat()
        // What is there already (another store of this process wrote it) must be covered too.
        longest = fd >= 0 && fstat(fd, &info) == 0 ? Int(info.st_size) : 0
        return fd >= 0
    }

    private func closeDescriptor() {
        if fd >= 0 { close(fd) }
        fd = -1
        longest = 0
    }
}
