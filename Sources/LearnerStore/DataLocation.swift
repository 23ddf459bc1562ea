import Foundation

/// Where the learner's data lives. Only the executable reads the environment; it hands
/// the values in, so this stays a pure function that tests call with any inputs.
public enum DataLocation {
    /// The file name of the store inside the data folder.
    public static let fileName = "primer.sqlite"

    /// Whether `directory` holds a store, or a restore in progress that opening finishes or
    /// rolls back. A command that only reads refuses a folder without either rather than
    /// creating an empty store there (a mistyped folder, or one whose file is gone).
    public static func holdsStore(_ directory: URL) -> Bool {
        FileSystem.exists(directory.appendingPathComponent(fileName)) || FileSystem.exists(RestoreJournal.url(in: directory))
    }

    /// Earlier learner data in `directory` (a file a restore moved aside, backups), named
    /// for a message; nil when there is none.
    public static func earlierData(in directory: URL) -> String? {
        Backups.earlierFiles(in: directory)
    }

    /// The data folder, first match wins: `--data-dir`, `$PRIMER_DATA_DIR`,
    /// `$XDG_DATA_HOME/primer`, `~/.local/share/primer`. Empty values count as unset
    /// (as the XDG spec asks); a leading `~/` is expanded against `home`.
    public static func resolve(dataDir: String?, environment: [String: String], home: String) -> URL {
        func nonEmpty(_ value: String?) -> String? {
            guard let value, !value.isEmpty else { return nil }
            return value
        }
        func expand(_ path: String) -> URL {
            var path = path
            if path == "~" { path = home } else if path.hasPrefix("~/") { path = home + path.dropFirst(1) }
            return URL(fileURLWithPath: path, isDirectory: true).standardizedFileURL
        }
        if let dir = nonEmpty(dataDir) { return expand(dir) }
        if let dir = nonEmpty(environment["PRIMER_DATA_DIR"]) { return expand(dir) }
        // The XDG spec says a relative $XDG_DATA_HOME is invalid and must be ignored.
        if let xdg = nonEmpty(environment["XDG_DATA_HOME"]), xdg.hasPrefix("/") {
            return expand(xdg).appendingPathComponent("primer", isDirectory: true)
        }
        return expand(home).appendingPathComponent(".local/share/primer", isDirectory: true)
    }
}
