import Foundation
import GRDB
import GRDBSQLite

/// How far into the write-ahead log this process's last commit reaches, written beside the
/// store in its writing marker (`primer.sqlite.writing-PID`, see `CleanClose`) after every
/// write. If the process dies, the next primer compares the log it finds with the record:
/// a log cut short at a frame boundary, emptied or overwritten fails no checksum of its
/// own, but it no longer reaches the recorded frame, and those answers would be lost.
///
/// The frame count comes from SQLite's WAL hook, called after each commit with the number
/// of frames in the log. Installing a hook replaces SQLite's automatic checkpoint, so the
/// hook does that job too, exactly as SQLite's default does (a passive checkpoint at 1000).
final class WALProgress: @unchecked Sendable {
    private let lock = NSLock()
    private var frames = 0

    static let autoCheckpointFrames: Int32 = 1000

    var lastFrameCount: Int {
        lock.lock()
        defer { lock.unlock() }
        return frames
    }

    fileprivate func set(_ count: Int) {
        lock.lock()
        frames = count
        lock.unlock()
    }

    /// Installs the hook on `db` (the writer; readers never commit). The progress object
    /// must outlive the connection, so it is retained for the process's life: one small
    /// object per open store.
    func install(on db: Database) {
        let context = Unmanaged.passRetained(self).toOpaque()
        sqlite3_wal_hook(db.sqliteConnection, { context, connection, name, frames in
            guard let context else { return SQLITE_OK }
            Unmanaged<WALProgress>.fromOpaque(context).takeUnretainedValue().set(Int(frames))
            if frames >= WALProgress.autoCheckpointFrames { _ = sqlite3_wal_checkpoint(connection, name) }
            return SQLITE_OK
        }, context)
    }

    /// What a writing marker records: the log's salts (which change when the log restarts),
    /// the frame count reached, and the id of the last answer this process saved (if it
    /// still stands). Text, one line: "salt1 salt2 frames [reviewID]".
    struct Record: Equatable {
        var salt1: UInt32
        var salt2: UInt32
        var frames: Int
        var review: String?

        var text: String { "\(salt1) \(salt2) \(frames)" + (review.map { " \($0)" } ?? "") + "\n" }

        init(salt1: UInt32, salt2: UInt32, frames: Int, review: String? = nil) {
            self.salt1 = salt1
            self.salt2 = salt2
            self.frames = frames
            self.review = review
        }

        init?(text: String) {
            let parts = text.split(whereSeparator: \.isWhitespace)
            guard parts.count == 3 || parts.count == 4, let a = UInt32(parts[0]), let b = UInt32(parts[1]), let n = Int(parts[2]) else {
                return nil
            }
            self.init(salt1: a, salt2: b, frames: n, review: parts.count == 4 ? String(parts[3]) : nil)
        }
    }

    /// The record for the log as it is now, after a commit of this process.
    /// (From the log's path, which the store keeps: a URL's `path` is rebuilt on every call.)
    func record(forLogAt path: String, review: String?) -> Record? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var header = [UInt8](repeating: 0, count: 32)
        let n = header.withUnsafeMutableBytes { pread(fd, $0.baseAddress, 32, 0) }
        guard n == 32 else { return nil }
        return Record(salt1: WALInspection.word(header, 16), salt2: WALInspection.word(header, 20), frames: lastFrameCount,
                      review: review)
    }

    /// Answers a dead writer's record says the log held and the log no longer holds, in
    /// words, or nil when nothing it committed is missing. `isSaved` says whether an answer
    /// is in the main file, read without the log.
    static func missing(_ record: Record, in inspection: WALInspection?, isSaved: (String) -> Bool) -> String? {
        guard record.frames > 0 else { return nil }
        guard let inspection, inspection.headerValid else {
            // No log to compare with: SQLite (or another SQLite tool) may have moved every
            // frame into the file and removed the log, which is fine, or the log was lost.
            // The writer's last answer tells which.
            guard let review = record.review, !isSaved(review) else { return nil }
            return "a primer that stopped had saved answers that are only in the write-ahead log, and the log "
                + (inspection == nil || inspection?.size == 0 ? "is now empty or missing" : "no longer has a valid header")
        }
        // New salts: the log restarted, which SQLite does only once every frame of the old
        // one is in the main file.
        guard inspection.salt1 == record.salt1 && inspection.salt2 == record.salt2 else { return nil }
        guard inspection.validFrames < record.frames else { return nil }
        let lost = record.frames - inspection.validFrames
        return "the write-ahead log has \(inspection.validFrames) readable frames, but a primer that stopped had written "
            + "\(record.frames): the last \(lost) frame\(lost == 1 ? "" : "s"), with the answers in them, would be lost"
    }
}
