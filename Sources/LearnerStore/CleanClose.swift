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

    struct Identity: Equatable {
        var device: UInt64
        var inode: UInt64
        var size: Int64
        var modifiedSeconds: Int64
        var modifiedNanoseconds: Int64

        /// One JSON object, written and read by hand: `JSONEncoder` and `JSONDecoder` (set
        /// up for this one small record per run) and `Data.write` were most of the time
        /// opening and closing took around the marker, at every primer command.
        var json: String {
            "{\"device\":\(device),\"inode\":\(inode),\"size\":\(size),"
                + "\"modifiedSeconds\":\(modifiedSeconds),\"modifiedNanoseconds\":\(modifiedNanoseconds)}"
        }

        /// The identity a marker holds: the five fields as whole numbers, in any order (as
        /// earlier primers' `JSONEncoder` wrote them too); anything else is nil, and the
        /// file then gets the full check.
        init?(json: String) {
            let text = Self.trimmed(json)
            guard text.hasPrefix("{"), text.hasSuffix("}") else { return nil }
            var fields: [String: String] = [:]
            for pair in text.dropFirst().dropLast().split(separator: ",", omittingEmptySubsequences: false) {
                let parts = pair.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
                guard parts.count == 2 else { return nil }
                let key = Self.trimmed(parts[0])
                guard key.count >= 2, key.hasPrefix("\""), key.hasSuffix("\""), fields[String(key.dropFirst().dropLast())] == nil
                else { return nil }
                fields[String(key.dropFirst().dropLast())] = String(Self.trimmed(parts[1]))
            }
            guard fields.count == 5, let device = fields["device"].flatMap(UInt64.init), let inode = fields["inode"].flatMap(UInt64.init),
                  let size = fields["size"].flatMap(Int64.init), let seconds = fields["modifiedSeconds"].flatMap(Int64.init),
                  let nanoseconds = fields["modifiedNanoseconds"].flatMap(Int64.init) else { return nil }
            self.init(device: device, inode: inode, size: size, modifiedSeconds: seconds, modifiedNanoseconds: nanoseconds)
        }

        /// Without JSON's whitespace (space, tab, line feed, carriage return) at either end:
        /// the marker is read at every open, and Foundation's `trimmingCharacters(in:)`
        /// builds its character set the first time it is used.
        private static func trimmed(_ text: some StringProtocol) -> Substring {
            let blank: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" }
            let body = Substring(text)
            guard let first = body.firstIndex(where: { !blank($0) }), let last = body.lastIndex(where: { !blank($0) }) else { return "" }
            return body[first...last]
        }

        init(device: UInt64, inode: UInt64, size: Int64, modifiedSeconds: Int64, modifiedNanoseconds: Int64) {
            self.device = device
            self.inode = inode
            self.size = size
            self.modifiedSeconds = modifiedSeconds
            self.modifiedNanoseconds = modifiedNanoseconds
        }
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
        guard let text = FileSystem.smallText(marker(for: file), limit: 4096), let recorded = Identity(json: text),
              let current = identity(of: file) else { return false }
        let wal = URL(fileURLWithPath: file.path + "-wal")
        return recorded == current && (FileSystem.size(wal) ?? 0) == 0
    }

    /// Called after a clean close (everything checkpointed into the file).
    /// Not synced to the disk: a marker lost or cut short by a crash only means the next
    /// open checks the file in full.
    static func record(_ file: URL) {
        guard let identity = identity(of: file) else { return }
        let target = marker(for: file)
        let temp = target.deletingLastPathComponent().appendingPathComponent(".\(markerName).\(getpid())")
        FileSystem.remove(temp)
        guard FileSystem.writeNew(temp, identity.json) else {
            FileSystem.remove(temp)
            return
        }
        if rename(temp.path, target.path) != 0 { FileSystem.remove(temp) }
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
        guard let names = FileSystem.names(in: folder) else { return [] }
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
