import Foundation

/// The process's environment, read from `environ` once. Foundation's
/// `ProcessInfo.processInfo.environment` builds a new dictionary on every call, and the
/// first call sets up `ProcessInfo` itself: together about 0.5 ms of every command's
/// start, for the handful of variables primer reads (`GlobalOptions` asked it again for
/// each). primer never changes its own environment, so one reading is the whole truth.
enum ProcessEnvironment {
    static let values: [String: String] = read(environ)

    /// `NAME=value` entries; an entry without `=` is not a variable. When a name appears
    /// twice the first is kept, as `getenv` (and so every C library primer uses) reads it.
    static func read(_ entries: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> [String: String] {
        var result: [String: String] = [:]
        guard var entry = entries else { return result }
        while let pointer = entry.pointee {
            let text = String(cString: pointer)
            if let equals = text.firstIndex(of: "="), equals != text.startIndex {
                let name = String(text[..<equals])
                if result[name] == nil { result[name] = String(text[text.index(after: equals)...]) }
            }
            entry += 1
        }
        return result
    }
}
