import Foundation
import GRDB

/// Everything that can go wrong with the learner's file, each case worded for the
/// learner: what happened, that nothing was lost or changed, and what to do next.
public enum StoreError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The file is not SQLite or fails its check. It is left byte for byte as it was.
    case damaged(path: URL, detail: String, latestBackup: URL?)
    /// The file was written by a newer primer (unknown migrations or a higher version).
    case newerVersion(path: URL, found: String, supported: Int)
    /// The folder or file cannot be written (read-only folder, permissions, read-only disk).
    case notWritable(path: URL, detail: String)
    /// The file cannot be read at all.
    case notReadable(path: URL, detail: String)
    /// Another primer process kept the file locked for longer than the wait allowed.
    case busy(path: URL, waited: TimeInterval)
    /// The disk is full, or the process hit its file-size limit: nothing was written.
    case diskFull(path: URL)
    /// Any other input/output failure reported by the operating system.
    case ioFailure(path: URL, detail: String)
    /// The durability settings could not be put in force (see `DurabilityReport`).
    case durability(path: URL, detail: String)
    /// A backup file that cannot be used to restore.
    case invalidBackup(path: URL, detail: String)
    /// An export document that cannot be read.
    case invalidExport(detail: String)
    /// An export document written by a newer primer.
    case unsupportedExportVersion(found: Int, supported: Int)
    /// A learner, review or session that does not exist.
    case notFound(String)
    /// A write that would contradict what is stored (e.g. a review id used twice).
    case conflict(String)
    /// Any other SQLite error, with its message.
    case database(detail: String)
    /// A row holds a value its column cannot hold (a damaged or hand-edited file).
    case badRow(table: String, id: String, column: String, detail: String)
    /// Another primer has the store open, and `what` needs it to itself.
    case inUse(path: URL, what: String)
    /// The write-ahead log left by a primer that stopped is damaged: opening would drop
    /// what its damaged part holds. Nothing was opened for writing; the log is kept.
    case logDamaged(path: URL, detail: String, keptCopy: URL?)

    public var description: String {
        switch self {
        case let .damaged(path, detail, backup):
            var text = """
                The learner data file \(path.path) is damaged (\(detail)).
                primer has not written to it: the file is kept exactly as it was.
                """
            if detail.hasPrefix("integrity_check") || detail.hasPrefix("its schema") || detail.hasPrefix("a row") {
                text += "\nTo keep every answer that can still be read, run:\n  primer doctor --rebuild"
                text += "\n(it copies them into a new file and keeps this one beside it)."
            }
            if let backup {
                text += "\nTo restore the latest backup, run:\n  primer restore \(Shell.quote(backup.path))"
                text += "\n(the damaged file is moved aside, not deleted)."
            } else {
                text += "\nNo backup was found in \(path.deletingLastPathComponent().appendingPathComponent("backups").path)."
                text += "\nMove the damaged file elsewhere to start afresh, or restore a backup you have with:\n  primer restore FILE"
            }
            return text
        case let .newerVersion(path, found, supported):
            return """
                The learner data file \(path.path) was written by a newer version of primer \
                (it has \(found); this primer understands schema version \(supported)).
                primer has not changed it. Update primer to open it.
                """
        case let .notWritable(path, detail):
            return """
                primer cannot write its learner data at \(path.path): \(detail).
                Make the folder writable (chmod u+w), or choose another folder with \
                --data-dir DIR or the PRIMER_DATA_DIR environment variable.
                """
        case let .notReadable(path, detail):
            return "primer cannot read \(path.path): \(detail). Check the file's permissions."
        case let .busy(path, waited):
            return """
                Another primer is using \(path.path) and kept it locked for \
                \(String(format: "%.0f", waited)) seconds. Close the other primer \
                (or wait for it to finish), then try again. Nothing was lost.
                """
        case let .diskFull(path):
            return """
                The disk holding \(path.path) is full (or a file-size limit was reached). \
                The last change was not saved and the file is unchanged. Free some space and try again.
                """
        case let .ioFailure(path, detail):
            return """
                The system could not write to \(path.path) (\(detail)): the disk may be full or failing, \
                or a file-size limit was reached. The last change was not saved and what was saved before is intact. \
                Free some space or check the disk, then run `primer doctor`.
                """
        case let .durability(path, detail):
            return "primer could not make writes to \(path.path) durable: \(detail). Nothing was written."
        case let .invalidBackup(path, detail):
            return "\(path.path) cannot be used as a backup: \(detail). Nothing was changed; choose another backup file."
        case let .invalidExport(detail):
            return "The file is not a primer export this version can read: \(detail). Nothing was imported."
        case let .unsupportedExportVersion(found, supported):
            return """
                The export was written by a newer primer (format version \(found); this primer reads \
                version \(supported)). Nothing was imported. Update primer to import it.
                """
        case let .notFound(what):
            return "Not found: \(what)."
        case let .conflict(what):
            return "Not saved: \(what)."
        case let .database(detail):
            return "The learner data store reported an error: \(detail). Run `primer doctor` to check the file."
        case let .inUse(path, what):
            return """
                Another primer is using \(path.path) (a study session, an exam, or a command still running). \
                \(what) needs it to itself: close the other primer, then try again. Nothing was changed.
                """
        case let .logDamaged(path, detail, kept):
            var text = """
                The write-ahead log of \(path.path) is damaged (\(detail)).
                primer has not opened the file for writing, so nothing more is lost.
                """
            if let kept { text += "\nA copy of the log is kept at \(kept.path)." }
            text += "\nRun `primer doctor` to see the choices."
            return text
        case let .badRow(table, id, column, detail):
            return """
                The learner data file has a damaged row: table \(table), row \(id), column \(column): \(detail).
                Nothing was changed. Run `primer doctor` to see every such row, and `primer doctor --rebuild` to set them aside.
                """
        }
    }
}

extension StoreError: LocalizedError {
    public var errorDescription: String? { description }
}

extension StoreError {
    /// Translates an SQLite failure on `path` into the case a learner can act on.
    static func from(_ error: any Error, path: URL, busyTimeout: TimeInterval) -> StoreError {
        if let error = error as? StoreError { return error }
        guard let error = error as? DatabaseError else {
            return .database(detail: String(describing: error))
        }
        let detail = "\(error.message ?? "SQLite error"), code \(error.extendedResultCode.rawValue)"
        switch error.resultCode {
        case .SQLITE_BUSY, .SQLITE_LOCKED:
            return .busy(path: path, waited: busyTimeout)
        case .SQLITE_FULL:
            return .diskFull(path: path)
        case .SQLITE_READONLY, .SQLITE_CANTOPEN, .SQLITE_PERM, .SQLITE_AUTH:
            return .notWritable(path: path, detail: detail)
        case .SQLITE_CORRUPT, .SQLITE_NOTADB:
            return .damaged(path: path, detail: detail, latestBackup: Backups.latest(in: path.deletingLastPathComponent()))
        case .SQLITE_IOERR:
            return .ioFailure(path: path, detail: detail)
        case .SQLITE_CONSTRAINT:
            return .conflict(detail)
        default:
            return .database(detail: detail)
        }
    }
}

/// Quoting for the commands printed in messages, so a path with spaces or
/// non-ASCII characters can be pasted into a shell as it is.
enum Shell {
    static func quote(_ text: String) -> String {
        let safe = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789/._-+=:,@")
        if !text.isEmpty && text.allSatisfy({ safe.contains($0) }) { return text }
        return "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
