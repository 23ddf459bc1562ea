import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A file named on the command line (or `-` for standard input), made ready to be read
/// as a stream, more than once: what it is, if not a regular file, is said plainly (a
/// folder, a named pipe, a device). A regular file is read where it is, whatever its
/// size (import reads it a chunk at a time); standard input is copied first into a
/// private temporary file, up to a size limit, so `primer import - < /dev/zero` or an
/// endless pipe ends with a clear message instead of filling the disk.
enum InputFile {
    /// 4 GiB of standard input: eight times the export of a million reviews.
    static let standardInputLimit = 4 << 30

    struct Readable {
        let url: URL
        /// How messages name it: the path, or "standard input".
        let name: String
        let isTemporary: Bool

        /// Removes the copy of standard input; a file named on the command line stays.
        func finish() {
            if isTemporary { try? FileManager.default.removeItem(at: url) }
        }
    }

    static func open(_ path: String, limit: Int = standardInputLimit, what: String) throws -> Readable {
        if path == "-" {
            var info = stat()
            if fstat(STDIN_FILENO, &info) == 0 {
                let kind = info.st_mode & S_IFMT
                if isatty(STDIN_FILENO) == 1 {
                    throw PrimerError("standard input is the terminal; give a file, or pipe one in (primer import - < FILE). \(what)")
                }
                if kind == S_IFCHR || kind == S_IFBLK { throw PrimerError("standard input is a device, not a file. \(what)") }
                if kind == S_IFDIR { throw PrimerError("standard input is a folder, not a file. \(what)") }
            }
            return Readable(url: try copyStandardInput(limit: limit, what: what), name: "standard input", isTemporary: true)
        }
        let url = URL(fileURLWithPath: (path as NSString).expandingTildeInPath).standardizedFileURL
        var info = stat()
        guard stat(url.path, &info) == 0 else {
            throw PrimerError("cannot read \(url.path): \(String(cString: strerror(errno))). \(what)")
        }
        switch info.st_mode & S_IFMT {
        case S_IFREG: break
        case S_IFDIR: throw PrimerError("\(url.path) is a folder, not a file. \(what)")
        case S_IFIFO: throw PrimerError("\(url.path) is a named pipe, not a file (use - to read standard input). \(what)")
        case S_IFCHR, S_IFBLK: throw PrimerError("\(url.path) is a device, not a file. \(what)")
        default: throw PrimerError("\(url.path) is not a regular file. \(what)")
        }
        guard access(url.path, R_OK) == 0 else {
            throw PrimerError("cannot read \(url.path): \(String(cString: strerror(errno))). \(what)")
        }
        return Readable(url: url, name: path, isTemporary: false)
    }

    /// Standard input into a new file only this user can read, in the temporary folder.
    private static func copyStandardInput(limit: Int, what: String) throws -> URL {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("primer-import-\(getpid())-\(UUID().uuidString).json")
        let fd = systemOpen(url.path, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0o600)
        guard fd >= 0 else {
            throw PrimerError("cannot copy standard input to \(url.path): \(String(cString: strerror(errno))). \(what)")
        }
        defer { close(fd) }
        do {
            try copy(from: STDIN_FILENO, to: fd, limit: limit, what: what)
        } catch {
            try? FileManager.default.removeItem(at: url)
            throw error
        }
        return url
    }

    private static func copy(from input: Int32, to output: Int32, limit: Int, what: String) throws {
        var chunk = [UInt8](repeating: 0, count: 1 << 20)
        var total = 0
        while true {
            let n = chunk.withUnsafeMutableBytes { systemRead(input, $0.baseAddress, $0.count) }
            if n == 0 { return }
            if n < 0 {
                if errno == EINTR { continue }
                throw PrimerError("cannot read standard input: \(String(cString: strerror(errno))). \(what)")
            }
            total += n
            if total > limit { throw PrimerError("standard input holds more than the \(megabytes(limit)) primer reads. \(what)") }
            var written = 0
            while written < n {
                let w = chunk.withUnsafeBytes { write(output, $0.baseAddress.map { $0 + written }, n - written) }
                if w < 0 {
                    if errno == EINTR { continue }
                    throw PrimerError("cannot copy standard input: \(String(cString: strerror(errno))). \(what)")
                }
                written += w
            }
        }
    }

    static func megabytes(_ bytes: Int) -> String { "\(max(1, (bytes + (1 << 19)) >> 20)) MB" }
}

/// read(2), named so that it is not taken for a method called `read`.
func systemRead(_ fd: Int32, _ buffer: UnsafeMutableRawPointer?, _ count: Int) -> Int {
    #if canImport(Glibc)
    return Glibc.read(fd, buffer, count)
    #else
    return Darwin.read(fd, buffer, count)
    #endif
}

/// open(2), named so that it is not taken for `InputFile.open`.
private func systemOpen(_ path: String, _ flags: Int32, _ mode: mode_t) -> Int32 {
    #if canImport(Glibc)
    return Glibc.open(path, flags, mode)
    #else
    return Darwin.open(path, flags, mode)
    #endif
}
