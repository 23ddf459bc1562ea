import Foundation
import GRDB
import StudyCore
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Whether the tutor's primer that leads a live quiz is still running. The tutor's process
/// holds an exclusive `flock` on `live-QUIZ.tutor` beside the store for as long as it leads
/// the quiz; the kernel drops the lock when the process ends, however it ends (a crash,
/// `kill -9`, an SSH session cut), so a learner's primer that finds the file unlocked knows
/// the tutor is gone, where the store alone would show a quiz waiting forever. Learners and
/// tutor share one machine (the class is one account reached over SSH), so the lock is
/// seen by all. A quiz without the file (its tutor's primer ended it and removed the file,
/// or predates this) tells nothing.
public final class LiveTutorPresence: @unchecked Sendable {
    public enum State: Equatable, Sendable {
        /// The tutor's process holds the lock.
        case present
        /// The file is there and no one holds it: the tutor's process has ended.
        case gone
        /// No file: nothing can be told.
        case unknown
    }

    private var fd: Int32
    private let lock = NSLock()
    public let file: URL

    private init(fd: Int32, file: URL) {
        self.fd = fd
        self.file = file
    }

    deinit { release(removingFile: false) }

    static let suffix = ".tutor"

    /// The file for `quiz` in the data folder `directory`. Quiz ids primer makes are UUIDs;
    /// any other id is named by a hash of it, so the name is always a plain file name.
    static func file(quiz: String, in directory: URL) -> URL {
        let plain = !quiz.isEmpty && quiz.utf8.count <= 64 && quiz.utf8.allSatisfy { byte in
            (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte) || byte == 0x2D || byte == 0x5F
        }
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325   // FNV-1a: the same name in every process
        for byte in quiz.utf8 { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3 }
        return directory.appendingPathComponent("live-" + (plain ? quiz : String(hash, radix: 16)) + suffix)
    }

    /// Takes the lock for `quiz`: made under a temporary name, locked, then renamed into
    /// place, so a learner never finds the file before it is locked. Files left by tutors
    /// whose processes ended are removed first.
    public static func hold(quiz: String, in directory: URL) throws -> LiveTutorPresence {
        removeAbandoned(in: directory)
        let target = file(quiz: quiz, in: directory)
        let temp = directory.appendingPathComponent(".live-\(getpid())-\(UInt64.random(in: 0...UInt64.max))\(suffix)")
        let fd = open(temp.path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw StoreError.notWritable(path: temp, detail: FileSystem.lastError()) }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0, rename(temp.path, target.path) == 0 else {
            let detail = FileSystem.lastError()
            close(fd)
            unlink(temp.path)
            throw StoreError.ioFailure(path: target, detail: detail)
        }
        return LiveTutorPresence(fd: fd, file: target)
    }

    /// Lets go. `removingFile`: the quiz has ended, so nothing is left to tell; otherwise
    /// the file stays, unlocked, and learners' primers end the quiz as abandoned.
    public func release(removingFile: Bool) {
        lock.lock()
        defer { lock.unlock() }
        guard fd >= 0 else { return }
        if removingFile { unlink(file.path) }
        close(fd)
        fd = -1
    }

    /// Whether the tutor of `quiz` is still running (see `State`).
    public static func state(quiz: String, in directory: URL) -> State {
        let target = file(quiz: quiz, in: directory)
        let fd = open(target.path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return .unknown }
        defer { close(fd) }
        if flock(fd, LOCK_SH | LOCK_NB) == 0 { return .gone }
        return errno == EWOULDBLOCK ? .present : .unknown
    }

    /// Every tutor file in `directory` no process holds (with any temporary one a tutor's
    /// process left when it ended before renaming it).
    static func removeAbandoned(in directory: URL) {
        guard let names = FileSystem.names(in: directory) else { return }
        for name in names where (name.hasPrefix("live-") || name.hasPrefix(".live-")) && name.hasSuffix(suffix) {
            removeIfUnlocked(directory.appendingPathComponent(name))
        }
    }

    private static func removeIfUnlocked(_ target: URL) {
        let fd = open(target.path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return }
        defer { close(fd) }
        // Exclusive: no tutor holds it, and no other learner is looking at it this instant.
        if flock(fd, LOCK_EX | LOCK_NB) == 0 { unlink(target.path) }
    }
}

extension LearnerStore {
    /// The tutor's hold on `quiz` (see `LiveTutorPresence`), in this store's folder.
    public func holdLiveTutorPresence(quiz: String) throws -> LiveTutorPresence {
        try LiveTutorPresence.hold(quiz: quiz, in: directory)
    }

    /// Whether the tutor of `quiz` is still running.
    public func liveTutorState(quiz: String) -> LiveTutorPresence.State {
        LiveTutorPresence.state(quiz: quiz, in: directory)
    }

    /// Ends a quiz whose tutor's primer has ended without ending it (`LiveTutorPresence`),
    /// with every participant's exam session, as the tutor's `q` would have; returns the
    /// quiz as ended, or nil when it had ended already (another learner's primer was first).
    /// The tutor's file stays, unlocked, so every learner's primer can say why the quiz
    /// ended; the next tutor's `primer live` removes it.
    public func endAbandonedLiveQuiz(_ quiz: LiveQuiz, at now: Date) throws -> LiveQuiz? {
        var ended = quiz
        let changed: Bool = try write { db in
            try db.execute(sql: """
                UPDATE liveQuiz SET phase = 'ended', deadline = NULL, phaseStartedAt = ?, revision = revision + 1
                WHERE id = ? AND phase <> 'ended'
                """, arguments: [Millis.from(now), quiz.id])
            return db.changesCount > 0
        }
        guard changed else { return nil }
        ended.end(at: now)
        try finishLiveSessions(quiz: ended, at: now)
        return ended
    }
}
