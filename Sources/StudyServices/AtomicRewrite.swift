import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Replaces a file's contents so that a reader (sshd, at any moment a learner logs in)
/// sees the old file or the new one, never a part of either, and a crash leaves one of the
/// two: the new bytes go to a temporary file in the same folder, are synced, and are
/// renamed over the old name; then the folder is synced so the rename itself is durable.
/// The file keeps its mode and owner (sshd refuses an authorized_keys others can write).
public enum AtomicRewrite {
    /// Reads the file (nil when it does not exist), passes its bytes to `change`, and
    /// writes what `change` returns. The read, change and write happen under an exclusive
    /// lock on the folder, so two primers editing the same file at once cannot lose each
    /// other's change. A new file gets `newFileMode` and the folder's owner.
    /// Returns what `change` returned alongside the bytes.
    @discardableResult
    public static func update<Result>(_ url: URL, newFileMode: mode_t = 0o600,
                                      _ change: ([UInt8]?) throws -> (bytes: [UInt8], result: Result)) throws -> Result {
        // A symbolic link is followed, so the file it names is the one replaced, not the link.
        let target = url.resolvingSymlinksInPath()
        let folder = target.deletingLastPathComponent()
        let folderFD = open(folder.path, O_RDONLY | O_CLOEXEC)
        guard folderFD >= 0 else { throw failure("cannot open the folder \(folder.path)") }
        defer { close(folderFD) }
        guard flock(folderFD, LOCK_EX) == 0 else { throw failure("cannot lock the folder \(folder.path)") }

        var existing = stat()
        let exists = stat(target.path, &existing) == 0
        guard exists || errno == ENOENT else { throw failure("cannot read \(target.path)") }
        if exists && existing.st_mode & S_IFMT != S_IFREG { throw ClassKeyError("\(target.path) is not a regular file") }
        let old = exists ? try read(target) : nil
        let (bytes, result) = try change(old)

        var folderInfo = stat()
        guard fstat(folderFD, &folderInfo) == 0 else { throw failure("cannot read the folder \(folder.path)") }
        let mode = exists ? existing.st_mode & 0o7777 : newFileMode
        let owner = exists ? (existing.st_uid, existing.st_gid) : (folderInfo.st_uid, folderInfo.st_gid)
        try replace(target, with: bytes, mode: mode, owner: owner)
        _ = fsync(folderFD)
        return result
    }

    /// Writes `bytes` to a new file beside `target` and renames it into place.
    private static func replace(_ target: URL, with bytes: [UInt8], mode: mode_t, owner: (uid_t, gid_t)) throws {
        var template = Array((target.deletingLastPathComponent().path + "/." + target.lastPathComponent + ".primer-XXXXXX").utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { buffer -> Int32 in
            guard let base = buffer.baseAddress else { return -1 }
            return mkstemp(base)
        }
        guard fd >= 0 else { throw failure("cannot create a file beside \(target.path)") }
        // mkstemp filled in the X's; the name is the template without its closing NUL.
        let temporary = String(decoding: template.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)
        var renamed = false
        defer {
            close(fd)
            if !renamed { unlink(temporary) }
        }
        try writeAll(fd, bytes, to: target)
        // The owner first: chown may clear set-id bits, and the mode is set after it exactly.
        // Only root can give a file away; anyone else's new file is theirs already.
        if geteuid() == 0 && fchown(fd, owner.0, owner.1) != 0 { throw failure("cannot set the owner of \(target.path)") }
        guard fchmod(fd, mode) == 0 else { throw failure("cannot set the mode of \(target.path)") }
        guard fsync(fd) == 0 else { throw failure("cannot save \(target.path)") }
        guard rename(temporary, target.path) == 0 else { throw failure("cannot replace \(target.path)") }
        renamed = true
    }

    private static func writeAll(_ fd: Int32, _ bytes: [UInt8], to target: URL) throws {
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            if written < 0 && errno == EINTR { continue }
            guard written > 0 else { throw failure("cannot write \(target.path)") }
            offset += written
        }
    }

    private static func read(_ url: URL) throws -> [UInt8] {
        do {
            return [UInt8](try Data(contentsOf: url))
        } catch {
            throw ClassKeyError("cannot read \(url.path): \(error.localizedDescription)")
        }
    }

    /// The failure of the last system call, as one sentence.
    private static func failure(_ what: String) -> ClassKeyError {
        ClassKeyError("\(what): \(String(cString: strerror(errno)))")
    }
}
