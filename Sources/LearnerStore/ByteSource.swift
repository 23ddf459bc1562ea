import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Bytes read a chunk at a time, so a document of any size is read in bounded memory.
protocol ByteSource {
    /// Fills the start of `buffer`; returns how many bytes, 0 at the end.
    mutating func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int
}

/// Where an export document is read from. Import reads it twice (see `importJSON`), so
/// it must be something that can be read again: a file, or bytes already in memory.
public enum ExportSource: Sendable {
    case file(URL)
    case data(Data)

    func open() throws -> any ByteSource {
        switch self {
        case let .file(url): return try FileBytes(url)
        case let .data(data): return DataBytes(data: data)
        }
    }
}

/// A file read with read(2): no mapping, no buffering beyond the reader's chunk.
final class FileBytes: ByteSource {
    private let fd: Int32
    private let path: String

    init(_ url: URL) throws {
        path = url.path
        fd = open(url.path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            throw StoreError.invalidExport(detail: "cannot read \(path): \(String(cString: strerror(errno)))")
        }
    }

    deinit { close(fd) }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        while true {
            let n = posixRead(fd, buffer.baseAddress, buffer.count)
            if n >= 0 { return n }
            // A signal arrived mid-read: nothing was lost, read again.
            if errno == EINTR { continue }
            throw StoreError.invalidExport(detail: "cannot read \(path): \(String(cString: strerror(errno)))")
        }
    }
}

/// Bytes already in memory (the `importJSON(_ data:)` API and tests).
struct DataBytes: ByteSource {
    let data: Data
    var offset = 0

    mutating func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        let n = min(buffer.count, data.count - offset)
        guard n > 0 else { return 0 }
        let start = data.startIndex + offset
        data.copyBytes(to: buffer.bindMemory(to: UInt8.self), from: start..<start + n)
        offset += n
        return n
    }
}

/// read(2), named so that it is not taken for the `read` method of a byte source.
private func posixRead(_ fd: Int32, _ buffer: UnsafeMutableRawPointer?, _ count: Int) -> Int {
    #if canImport(Glibc)
    return Glibc.read(fd, buffer, count)
    #else
    return Darwin.read(fd, buffer, count)
    #endif
}
