import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reading a file named on the command line (or `-` for standard input): what it is, if
/// not a regular file, is said plainly (a folder, a named pipe, a device), and reading
/// stops at a size limit, so `primer import - < /dev/zero` ends at once with a clear
/// message instead of filling the memory.
enum InputFile {
    /// 512 MiB: far more than any export primer writes for a class.
    static let defaultLimit = 512 << 20

    static func read(_ path: String, limit: Int = defaultLimit, what: String) throws -> Data {
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
            return try readAll(fd: STDIN_FILENO, name: "standard input", limit: limit, what: what)
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
        if Int(info.st_size) > limit {
            throw PrimerError("\(url.path) is \(megabytes(Int(info.st_size))), more than the \(megabytes(limit)) primer reads. \(what)")
        }
        let fd = open(url.path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw PrimerError("cannot read \(url.path): \(String(cString: strerror(errno))). \(what)") }
        defer { close(fd) }
        return try readAll(fd: fd, name: url.path, limit: limit, what: what)
    }

    private static func readAll(fd: Int32, name: String, limit: Int, what: String) throws -> Data {
        var data = Data()
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = chunk.withUnsafeMutableBytes { systemRead(fd, $0.baseAddress, $0.count) }
            if n == 0 { return data }
            if n < 0 {
                if errno == EINTR { continue }
                throw PrimerError("cannot read \(name): \(String(cString: strerror(errno))). \(what)")
            }
            data.append(contentsOf: chunk[..<n])
            if data.count > limit { throw PrimerError("\(name) holds more than the \(megabytes(limit)) primer reads. \(what)") }
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
