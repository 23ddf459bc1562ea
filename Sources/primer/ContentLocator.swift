import Foundation

/// Finds the course to study: `--content`, else `$PRIMER_CONTENT`, else the bundled
/// `Content/` folder, looked for beside the executable (walking up from a SwiftPM build
/// folder) and, failing that, in the source tree this binary was built from.
enum ContentLocator {
    static let bundledCourse = "pakistan-us"

    static func bundledContentFolder() -> String? {
        var candidates: [URL] = []
        let exe = URL(fileURLWithPath: executablePath()).resolvingSymlinksInPath()
        var dir = exe.deletingLastPathComponent()
        for _ in 0..<6 {
            candidates.append(dir.appendingPathComponent("Content"))
            candidates.append(dir.appendingPathComponent("share/primer/Content"))
            dir = dir.deletingLastPathComponent()
        }
        // The source tree: Sources/primer/ContentLocator.swift → ../../Content
        let source = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        candidates.append(source.appendingPathComponent("Content"))
        let fm = FileManager.default
        return candidates.first { fm.fileExists(atPath: $0.appendingPathComponent(bundledCourse).appendingPathComponent("course.md").path) }?.path
    }

    /// Where this binary is. `argv[0]` is only a name when primer was found on `PATH`
    /// (an installed `primer`), so Linux's `/proc/self/exe` comes first.
    static func executablePath() -> String {
        var buffer = [CChar](repeating: 0, count: 4096)
        let length = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        if length > 0 { return String(decoding: buffer[..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self) }
        return CommandLine.arguments[0]
    }

    /// The course folder to load. A path may name a course folder (it holds course.md)
    /// or a folder of course folders (the first one, by name, is used).
    static func courseFolder(option: String?, environment: [String: String]) throws -> String {
        if let path = option ?? environment["PRIMER_CONTENT"].flatMap({ $0.isEmpty ? nil : $0 }) {
            return try resolve(path)
        }
        guard let content = bundledContentFolder() else {
            throw PrimerError("the bundled course was not found; pass --content PATH (a folder holding course.md)")
        }
        return (content as NSString).appendingPathComponent(bundledCourse)
    }

    private static func resolve(_ path: String) throws -> String {
        let fm = FileManager.default
        var isDirectory: ObjCBool = false
        guard fm.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw PrimerError("content folder '\(path)' does not exist")
        }
        if fm.fileExists(atPath: (path as NSString).appendingPathComponent("course.md")) { return path }
        let subfolders = ((try? fm.contentsOfDirectory(atPath: path)) ?? []).sorted().filter {
            fm.fileExists(atPath: ((path as NSString).appendingPathComponent($0) as NSString).appendingPathComponent("course.md"))
        }
        guard let first = subfolders.first else {
            throw PrimerError("'\(path)' holds no course: a course folder has a course.md (see Content/FORMAT.md)")
        }
        return (path as NSString).appendingPathComponent(first)
    }
}

/// An error with a message for the learner; printed as `primer: message`.
struct PrimerError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
