import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Who is using a data folder, so that replacing its file (restore, import, rebuild)
/// never happens under a running session. Every primer that opens the store holds a
/// shared `flock` on `primer.sqlite.lock`; the replacing commands take it exclusively and
/// refuse while anyone else holds it. The kernel drops the lock when a process ends,
/// however it ends, so a crash never leaves the folder locked.
final class StoreLock: @unchecked Sendable {
    static let fileName = "primer.sqlite.lock"

    enum Mode { case shared, exclusive }

    private var fd: Int32
    private let guardFD = NSLock()
    let url: URL

    private init(fd: Int32, url: URL) {
        self.fd = fd
        self.url = url
    }

    deinit { release() }

    /// Lets go (when the store closes); idempotent.
    func release() {
        guardFD.lock()
        defer { guardFD.unlock() }
        if fd >= 0 { close(fd) }
        fd = -1
    }

    /// Takes the lock without waiting; nil when another process holds it in a conflicting way.
    static func take(_ mode: Mode, in directory: URL) throws -> StoreLock? {
        let url = directory.appendingPathComponent(fileName)
        let fd = open(url.path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw StoreError.notWritable(path: url, detail: FileSystem.lastError()) }
        if flock(fd, (mode == .shared ? LOCK_SH : LOCK_EX) | LOCK_NB) != 0 {
            let code = errno
            close(fd)
            if code == EWOULDBLOCK { return nil }
            throw StoreError.ioFailure(path: url, detail: String(cString: strerror(code)))
        }
        return StoreLock(fd: fd, url: url)
    }

    /// From exclusive to shared, once the first opener has checked the file.
    func share() {
        guardFD.lock()
        defer { guardFD.unlock() }
        if fd >= 0 { _ = flock(fd, LOCK_SH) }
    }

    /// The exclusive lock for a command that replaces or rewrites the file, or a clear
    /// refusal while another primer has the store open.
    static func exclusive(in directory: URL, for what: String) throws -> StoreLock {
        try FileSystem.makeDirectory(directory)
        guard let lock = try take(.exclusive, in: directory) else {
            throw StoreError.inUse(path: directory.appendingPathComponent(DataLocation.fileName), what: what)
        }
        return lock
    }
}
