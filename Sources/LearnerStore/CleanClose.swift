import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What primer knows about how the file was last left.
///
/// - `primer.sqlite.closed` holds the file's identity (inode, size, modification time) as
///   primer's last clean close left it, with no log beside it. A file that still has that
///   identity has not changed since, so opening it needs only the header check, however
///   long its history; any other file gets the full check (`integrity_check` and the
///   schema's shape) before anything is written to it.
/// - `primer.sqlite.writing-PID` exists while process PID has written to the store and not
///   yet closed it cleanly, and records how far into the write-ahead log its last commit
///   reached (`WALProgress`). One left by a dead process means that process stopped while
///   it may have had answers only in the log: a log that no longer reaches that far has lost them.
enum CleanClose {
    static let markerName = "primer.sqlite.closed"
    static let writingPrefix = "primer.sqlite.writing-"

    struct Identity: Codable, Equatable {
        var device: UInt64
        var inode: UInt64
        var size: Int64
        var modifiedSeconds: Int64
        var modifiedNanoseconds: Int64
    }

    static func identity(of file: URL) -> Identity? {
        var info = stat()
        guard stat(file.path, &info) == 0 else { return nil }
        #if canImport(Darwin)
        let modified = info.st_mtimespec
        #else
        let modified = info.st_mtim
        #endif
        return Identity(device: UInt64(info.st_dev), inode: UInt64(info.st_ino), size: Int64(info.st_size),
                        modifiedSeconds: Int64(modified.tv_sec), modifiedNanoseconds: Int64(modified.tv_nsec))
    }

    static func marker(for file: URL) -> URL { file.deletingLastPathComponent().appendingPathComponent(markerName) }

    /// Whether the file is exactly as primer's last clean close left it.
    static func isUnchanged(_ file: URL) -> Bool {
        guard let data = try? Data(contentsOf: marker(for: file)),
              let recorded = try? JSONDecoder().decode(Identity.self, from: data),
              let current = identity(of: file) else { return false }
        let wal = URL(fileURLWithPath: file.path + "-wal")
        return recorded == current && (FileSystem.size(wal) ?? 0) == 0
    }

    /// Called after a clean close (everything checkpointed into the file).
    static func record(_ file: URL) {
        guard let identity = identity(of: file), let data = try? JSONEncoder().encode(identity) else { return }
        let target = marker(for: file)
        let temp = target.deletingLastPathComponent().appendingPathComponent(".\(markerName).\(getpid())")
        FileSystem.remove(temp)
        guard (try? FileSystem.createExclusive(temp)) != nil, (try? data.write(to: temp)) != nil else { return }
        try? FileSystem.rename(temp, to: target)
    }

    /// Called before anything writes: the identity no longer holds once the file changes.
    static func forget(_ file: URL) { FileSystem.remove(marker(for: file)) }

    // MARK: writers

    static func writingMarker(for file: URL, pid: Int32 = getpid()) -> URL {
        file.deletingLastPathComponent().appendingPathComponent("\(writingPrefix)\(pid)")
    }

    static func markWriting(_ file: URL) {
        WritingMarkerFile.shared(writingMarker(for: file)).create()
    }

    /// What a writing marker recorded, if anything.
    static func writingRecord(_ marker: URL) -> WALProgress.Record? {
        (try? String(contentsOf: marker, encoding: .utf8)).flatMap(WALProgress.Record.init(text:))
    }

    static func clearWriting(_ file: URL) { WritingMarkerFile.shared(writingMarker(for: file)).remove() }

    /// Closes this process's descriptor of its marker and keeps the file (see `WritingMarkerFile`).
    static func releaseWriting(_ file: URL) { WritingMarkerFile.shared(writingMarker(for: file)).release() }

    /// Writing markers of processes that are no longer running.
    static func deadWriters(beside file: URL) -> [URL] {
        writers(beside: file).filter { !$0.alive }.map(\.marker)
    }

    /// Every writing marker, and whether its process still runs.
    static func writers(beside file: URL) -> [(marker: URL, alive: Bool)] {
        let folder = file.deletingLastPathComponent()
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder.path) else { return [] }
        // `primer.sqlite.writing-PID` exactly: digits after the prefix, nothing else.
        return names.filter { $0.hasPrefix(writingPrefix) && $0.dropFirst(writingPrefix.count).allSatisfy(\.isNumber) }.map { name in
            let pid = Int32(name.dropFirst(writingPrefix.count))
            return (folder.appendingPathComponent(name), pid.map(isAlive) ?? false)
        }
    }

    /// Called once every frame of the log is in the main file, before the log is cut:
    /// no marker may then claim frames (a dead process's goes; a running one's is reset,
    /// and its next commit records anew).
    static func logSettled(beside file: URL) {
        for (marker, alive) in writers(beside: file) {
            if alive {
                let fd = open(marker.path, O_WRONLY | O_TRUNC | O_CLOEXEC)
                if fd >= 0 { close(fd) }
            } else {
                FileSystem.remove(marker)
            }
        }
    }

    static func isAlive(_ pid: Int32) -> Bool {
        pid > 0 && (kill(pid, 0) == 0 || errno == EPERM)
    }
}
