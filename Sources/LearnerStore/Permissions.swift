import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A learner's data is theirs alone: the folder is 0700 and the files 0600. An existing
/// folder or file open to others is tightened (and said once, as a notice); one that
/// belongs to another user is refused with the reason, never opened as it is.
enum Permissions {
    static let folderMode: mode_t = 0o700
    static let fileMode: mode_t = 0o600

    /// Takes from `url` every permission group and others have (keeping the owner's, so
    /// at most `mode`) when it is open to group or others; returns a notice when
    /// it did. Throws when another user owns it.
    static func tighten(_ url: URL, to mode: mode_t, what: String) throws -> String? {
        var info = stat()
        guard stat(url.path, &info) == 0 else { return nil }
        let current = info.st_mode & 0o777
        guard current & 0o077 != 0 else { return nil }
        guard info.st_uid == geteuid() || geteuid() == 0 else {
            throw StoreError.notWritable(path: url, detail: "it belongs to another user and is open to others (mode \(octal(current))); "
                                          + "primer keeps learner data private, so it will not use it")
        }
        // Only group and others lose bits: a folder the owner made read-only stays read-only.
        let tightened = current & mode
        guard chmod(url.path, tightened) == 0 else {
            throw StoreError.notWritable(path: url, detail: "its mode is \(octal(current)), open to others, and it cannot be changed: \(FileSystem.lastError())")
        }
        // Said only when something was exposed: a folder others could write into, a file
        // others could read or write. A folder others could only list (0755, the usual
        // default) held nothing readable once its files are 0600: tightened quietly.
        let exposed = info.st_mode & S_IFMT == S_IFDIR ? current & 0o022 != 0 : current & 0o066 != 0
        guard exposed else { return nil }
        return "the \(what) \(url.path) was open to others (mode \(octal(current))); it is now \(octal(tightened)), for you alone"
    }

    static func octal(_ mode: mode_t) -> String { "0" + String(mode, radix: 8) }
}
