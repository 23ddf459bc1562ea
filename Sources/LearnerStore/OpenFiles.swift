import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The store files this process has open through SQLite.
///
/// POSIX record locks belong to the process, not to the file descriptor: closing *any*
/// descriptor of a file drops every lock the process holds on it ("How To Corrupt An
/// SQLite Database File", §2.2). SQLite guards its own descriptors, but a raw
/// `open`/`read`/`close` of the header while a connection is open here would silently
/// unlock that connection, and another process could then checkpoint and truncate the
/// log under it. So raw reads of a live file happen only when no store has it open.
enum OpenFiles {
    struct Key: Hashable { var device: UInt64; var inode: UInt64 }

    private final class Registry: @unchecked Sendable {
        let lock = NSLock()
        var tokens: [Int: Key] = [:]
        var next = 0
    }
    private static let registry = Registry()

    static func key(_ url: URL) -> Key? {
        var info = stat()
        guard stat(url.path, &info) == 0 else { return nil }
        return Key(device: UInt64(info.st_dev), inode: UInt64(info.st_ino))
    }

    /// Whether a store in this process has `url` open.
    static func isOpen(_ url: URL) -> Bool {
        guard let key = key(url) else { return false }
        registry.lock.lock()
        defer { registry.lock.unlock() }
        return registry.tokens.values.contains(key)
    }

    /// Notes that `url` is open; returns the token to release it with.
    static func register(_ url: URL) -> Int? {
        guard let key = key(url) else { return nil }
        registry.lock.lock()
        defer { registry.lock.unlock() }
        registry.next += 1
        registry.tokens[registry.next] = key
        return registry.next
    }

    /// Idempotent: releasing twice (close, then deinit) is harmless.
    static func release(_ token: Int?) {
        guard let token else { return }
        registry.lock.lock()
        registry.tokens[token] = nil
        registry.lock.unlock()
    }
}
