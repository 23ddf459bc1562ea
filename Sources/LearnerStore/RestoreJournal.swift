import Foundation

/// Makes `restore` (and `doctor --rebuild`, which publishes a rebuilt file the same way)
/// one step as far as anyone opening the store can tell.
///
/// Replacing the live file takes several renames (its `-wal` and `-shm`, then the file,
/// then the new file into place); a process killed between two of them would leave a
/// folder with no `primer.sqlite`, and the next start would create an empty store beside
/// the learner's real data. So the replacement is written down first, in
/// `primer.sqlite.replacing` (synced), and removed last. The next primer to open the
/// folder finds the journal and rolls the replacement back: every file goes back where it
/// was, and the learner sees their data as before the interrupted command.
struct RestoreJournal: Codable, Equatable {
    static let fileName = "primer.sqlite.replacing"

    /// The checked new file, in the data folder, waiting to become `primer.sqlite`.
    var incoming: String
    /// Where the current `primer.sqlite` (and its `-wal`, `-shm`) are moved; nil if none.
    var aside: String?

    static func url(in directory: URL) -> URL { directory.appendingPathComponent(fileName) }

    static let liveSuffixes = ["-wal", "-shm", "-journal", ""]

    /// Replaces `directory/primer.sqlite` with `incoming` (a checked file in the same
    /// folder), moving the current file aside to `aside`. The caller holds the exclusive
    /// lock. Returns whether a current file was moved.
    static func replace(in directory: URL, incoming: URL, aside: URL) throws -> Bool {
        let live = directory.appendingPathComponent(DataLocation.fileName)
        let hadLive = FileSystem.exists(live)
        let journal = RestoreJournal(incoming: incoming.lastPathComponent, aside: hadLive ? aside.lastPathComponent : nil)
        try journal.write(in: directory)
        // Writing markers describe the old file's log; under the exclusive lock every one is
        // a dead process's. Gone before anything moves: a crash then costs a check, never a
        // false alarm about the new file.
        for marker in CleanClose.deadWriters(beside: live) { FileSystem.remove(marker) }
        // Log and index first, the file last: until the file moves, a reader of the folder
        // sees the old store whole (the journal puts back whatever moved before a crash).
        if hadLive {
            for suffix in liveSuffixes {
                let source = URL(fileURLWithPath: live.path + suffix)
                if FileSystem.exists(source) { try FileSystem.rename(source, to: URL(fileURLWithPath: aside.path + suffix)) }
            }
        }
        try FileSystem.rename(incoming, to: live)
        FileSystem.sync(directory)
        FileSystem.remove(url(in: directory))
        FileSystem.sync(directory)
        return hadLive
    }

    private func write(in directory: URL) throws {
        let target = Self.url(in: directory)
        let temp = directory.appendingPathComponent(".\(Self.fileName).\(ProcessInfo.processInfo.processIdentifier)")
        FileSystem.remove(temp)
        do {
            try FileSystem.createExclusive(temp)
            try JSONEncoder().encode(self).write(to: temp)
            FileSystem.sync(temp)
            try FileSystem.rename(temp, to: target)
            FileSystem.sync(directory)
        } catch {
            FileSystem.remove(temp)
            throw StoreError.from(error, path: target, busyTimeout: 0)
        }
    }

    /// Finishes an interrupted replacement by rolling it back, if there was one. Called by
    /// the first primer to open the folder, under the exclusive lock, before anything else.
    /// A journal primer cannot read is left in place and reported: guessing could lose data.
    static func recover(in directory: URL, now: Date) throws {
        let url = url(in: directory)
        guard FileSystem.exists(url) else { return }
        guard let data = try? Data(contentsOf: url), let journal = try? JSONDecoder().decode(RestoreJournal.self, from: data),
              !journal.incoming.contains("/"), !(journal.aside ?? "").contains("/") else {
            throw StoreError.conflict("\(url.path) records a replacement of the learner data that was interrupted, "
                                      + "but primer cannot read it; move it elsewhere after checking the folder's files")
        }
        let live = directory.appendingPathComponent(DataLocation.fileName)
        let incoming = directory.appendingPathComponent(journal.incoming)
        if FileSystem.exists(incoming) {
            // The new file never arrived: put back whatever had moved, then drop the new file.
            if let asideName = journal.aside {
                let aside = directory.appendingPathComponent(asideName)
                for suffix in liveSuffixes {
                    let moved = URL(fileURLWithPath: aside.path + suffix)
                    let home = URL(fileURLWithPath: live.path + suffix)
                    if FileSystem.exists(moved) && !FileSystem.exists(home) { try FileSystem.rename(moved, to: home) }
                }
            }
            for suffix in ["", "-wal", "-shm", "-journal"] { FileSystem.remove(URL(fileURLWithPath: incoming.path + suffix)) }
        }
        // Otherwise the new file is in place and only the journal's removal was cut short.
        FileSystem.sync(directory)
        FileSystem.remove(url)
        FileSystem.sync(directory)
    }
}
