import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Small POSIX helpers. Foundation cannot create a file with a given mode atomically,
/// nor fsync a directory, and both matter here: a learner's file must never be readable
/// by others, not even for an instant, and a rename is durable only once its folder is
/// synced.
enum FileSystem {
    /// Creates `url` and any missing parents with mode 0700 (the XDG base directory
    /// spec asks 0700 for data folders). Folders that already exist keep their mode.
    static func makeDirectory(_ url: URL) throws {
        var missing: [URL] = []
        var cursor = url.standardizedFileURL
        while !exists(cursor) {
            missing.append(cursor)
            let parent = cursor.deletingLastPathComponent()
            if parent.path == cursor.path { break }
            cursor = parent
        }
        for folder in missing.reversed() {
            if mkdir(folder.path, 0o700) != 0 && errno != EEXIST {
                throw StoreError.notWritable(path: folder, detail: lastError())
            }
            // mkdir's mode is filtered by the umask, which may only remove bits: set it exactly.
            _ = chmod(folder.path, 0o700)
        }
    }

    /// Creates an empty file with mode 0600; fails if it exists (O_EXCL), so two
    /// processes never share a half-made file.
    static func createExclusive(_ url: URL) throws {
        let fd = open(url.path, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0o600)
        if fd < 0 { throw StoreError.notWritable(path: url, detail: lastError()) }
        _ = fchmod(fd, 0o600)
        close(fd)
    }

    /// Writes `text` to a new file of mode 0600 (O_EXCL: never into someone else's file);
    /// false if it could not be made or fully written. Not synced to the disk.
    static func writeNew(_ url: URL, _ text: String) -> Bool {
        let fd = open(url.path, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0o600)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        _ = fchmod(fd, 0o600)
        var text = text
        return text.withUTF8 { bytes in
            var done = 0
            while done < bytes.count {
                let n = write(fd, bytes.baseAddress! + done, bytes.count - done)
                if n < 0 && errno == EINTR { continue }
                guard n > 0 else { return false }
                done += n
            }
            return true
        }
    }

    /// The text of a small file (at most `limit` bytes, else nil), or nil if it cannot be read.
    static func smallText(_ url: URL, limit: Int) -> String? {
        guard let bytes = try? readPrefix(url, count: limit + 1), bytes.count <= limit else { return nil }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Flushes a file's (or a folder's) content and metadata to the disk.
    static func sync(_ url: URL) {
        let fd = open(url.path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return }
        _ = fsync(fd)
        close(fd)
    }

    /// Makes `source` appear at `destination` only if nothing is there yet. `link(2)` is
    /// atomic and never replaces, so a store another process has just created is never
    /// clobbered; file systems without hard links fall back to a checked rename.
    static func publish(_ source: URL, at destination: URL) throws -> Bool {
        if link(source.path, destination.path) == 0 {
            unlink(source.path)
            sync(destination.deletingLastPathComponent())
            return true
        }
        let code = errno
        if code == EEXIST { unlink(source.path); return false }
        if code == EPERM || code == ENOTSUP || code == EXDEV || code == EMLINK {
            if exists(destination) { unlink(source.path); return false }
            try rename(source, to: destination)
            return true
        }
        throw StoreError.notWritable(path: destination, detail: String(cString: strerror(code)))
    }

    /// Renames and syncs the folder so the new name survives a power cut.
    static func rename(_ source: URL, to destination: URL) throws {
        if Foundation.rename(source.path, destination.path) != 0 {
            throw StoreError.notWritable(path: destination, detail: lastError())
        }
        sync(destination.deletingLastPathComponent())
    }

    static func exists(_ url: URL) -> Bool {
        var info = stat()
        return lstat(url.path, &info) == 0
    }

    static func size(_ url: URL) -> Int? {
        var info = stat()
        guard stat(url.path, &info) == 0 else { return nil }
        return Int(info.st_size)
    }

    /// The permission bits of a file or folder (e.g. 0o600).
    static func mode(_ url: URL) -> Int? {
        var info = stat()
        guard stat(url.path, &info) == 0 else { return nil }
        return Int(info.st_mode) & 0o7777
    }

    /// Whether this process may create files in `folder`. Checked before any attempt so a
    /// read-only folder gives one clear message instead of an SQLite error code.
    static func isWritable(_ url: URL) -> Bool {
        access(url.path, W_OK) == 0
    }

    /// Reads at most `count` bytes from the start of a file, without ever opening it for writing.
    static func readPrefix(_ url: URL, count: Int) throws -> [UInt8] {
        let fd = open(url.path, O_RDONLY | O_CLOEXEC)
        if fd < 0 { throw StoreError.notReadable(path: url, detail: lastError()) }
        defer { close(fd) }
        var buffer = [UInt8](repeating: 0, count: count)
        var filled = 0
        while filled < count {
            let n = buffer.withUnsafeMutableBytes { raw in
                read(fd, raw.baseAddress! + filled, count - filled)
            }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { break }
            filled += n
        }
        return Array(buffer.prefix(filled))
    }

    /// A new private folder under the system's temporary folder.
    static func makeScratchFolder(prefix: String) throws -> URL {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("\(prefix)-\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString)")
        do {
            try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } catch {
            throw StoreError.notWritable(path: url, detail: error.localizedDescription)
        }
        return url
    }

    /// Why `url` cannot be read as a file primer wrote (a folder, a pipe, a device), or nil
    /// for a regular file. Checked before reading: a FIFO would block, a device never end.
    static func notARegularFile(_ url: URL) -> String? {
        var info = stat()
        guard stat(url.path, &info) == 0 else { return nil }
        switch info.st_mode & S_IFMT {
        case S_IFREG: return nil
        case S_IFDIR: return "it is a folder, not a file"
        case S_IFIFO: return "it is a named pipe (FIFO), not a file"
        case S_IFCHR, S_IFBLK: return "it is a device, not a file"
        case S_IFSOCK: return "it is a socket, not a file"
        default: return "it is not a regular file"
        }
    }

    /// Copies a file byte for byte into a new 0600 file, then syncs it.
    static func copy(_ source: URL, to destination: URL) throws {
        let data: Data
        do { data = try Data(contentsOf: source) } catch {
            throw StoreError.notReadable(path: source, detail: error.localizedDescription)
        }
        try createExclusive(destination)
        do {
            let handle = try FileHandle(forWritingTo: destination)
            defer { try? handle.close() }
            try handle.write(contentsOf: data)
            try handle.synchronize()
        } catch {
            unlink(destination.path)
            throw StoreError.notWritable(path: destination, detail: error.localizedDescription)
        }
    }

    /// The names in `folder` (not "." and ".."), in the order the system lists them; nil
    /// when it cannot be read. Straight from `readdir`: Foundation's `contentsOfDirectory`
    /// set up its file manager and URL machinery first, about 0.3 ms of every open.
    static func names(in folder: URL) -> [String]? {
        guard let directory = opendir(folder.path) else { return nil }
        defer { closedir(directory) }
        var names: [String] = []
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names
    }

    /// Removes leftovers of an interrupted operation (a process killed mid-backup), once
    /// they are old enough that no live process can still be writing them.
    static func removeStale(in folder: URL, containing marker: String, olderThan age: TimeInterval, now: Date) {
        guard let names = FileSystem.names(in: folder) else { return }
        for name in names where name.contains(marker) {
            let url = folder.appendingPathComponent(name)
            var info = stat()
            guard stat(url.path, &info) == 0 else { continue }
            #if canImport(Darwin)
            let seconds = info.st_mtimespec.tv_sec
            #else
            let seconds = info.st_mtim.tv_sec
            #endif
            let modified = Date(timeIntervalSince1970: TimeInterval(seconds))
            if now.timeIntervalSince(modified) > age { unlink(url.path) }
        }
    }

    static func remove(_ url: URL) { unlink(url.path) }

    static func lastError() -> String { String(cString: strerror(errno)) }
}
