import Foundation

/// A class: one folder (0700) on the machine whose sshd the learners log in to. Its
/// learners' data is an ordinary primer store in `data/`, shared by every session sshd
/// starts (SQLite's WAL lets them take turns writing).
struct ClassFolder {
    let root: URL

    init(path: String) {
        root = URL(fileURLWithPath: (path as NSString).expandingTildeInPath).standardizedFileURL
    }

    /// The learners' store.
    var data: URL { root.appendingPathComponent("data", isDirectory: true) }
}
