import Foundation
import LearnerStore

/// Where the learner's data lives and how to open it, for every command.
public enum StoreLocation {
    public static func directory(option: String?, environment: [String: String]) -> URL {
        DataLocation.resolve(dataDir: option, environment: environment,
                             home: environment["HOME"] ?? FileManager.default.homeDirectoryForCurrentUser.path)
    }
}
