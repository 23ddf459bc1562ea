import Foundation
import GRDB
import StudyCore

/// What `primer doctor` found.
public struct DoctorReport: Sendable, Equatable {
    public var file: URL
    /// The lines of `PRAGMA integrity_check`: exactly ["ok"] when the file is sound.
    public var integrity: [String]
    /// The schema version of the file, and the one this primer writes.
    public var schemaVersion: Int
    public var supportedSchemaVersion: Int
    public var durability: DurabilityReport
    /// Items whose stored state differs from the replay of their review log.
    public var mismatches: [StateMismatch]

    public var integrityOK: Bool { integrity == ["ok"] }
    public var isHealthy: Bool {
        integrityOK && schemaVersion == supportedSchemaVersion && mismatches.isEmpty && durability.isDurable
    }
}

/// The items of one learner and course whose stored state is not what the log says.
public struct StateMismatch: Sendable, Equatable {
    public var learnerID: Int64
    public var learnerName: String
    public var courseID: String
    /// Sorted question ids.
    public var questionIDs: [String]

    public init(learnerID: Int64, learnerName: String, courseID: String, questionIDs: [String]) {
        self.learnerID = learnerID
        self.learnerName = learnerName
        self.courseID = courseID
        self.questionIDs = questionIDs
    }
}

/// Item state is a cache of the review log. The doctor checks the cache against the
/// log, and `rebuildItemStates` regenerates it, so any disagreement is repairable.
extension LearnerStore {
    /// Checks the file: integrity, schema version, durability, and stored state ==
    /// replay of the log for every learner and course. Reads only.
    public func doctor(replay: ReplayFunction) throws -> DoctorReport {
        try doctor(replayWithSettings: { _, records in replay(records) })
    }

    /// As `doctor(replay:)`, with each learner's settings handed to the replay, since
    /// their desired retention shapes the schedule.
    public func doctor(replayWithSettings replay: SettingsReplayFunction) throws -> DoctorReport {
        let durability = try currentDurability()
        return try read { db in
            let integrity = try String.fetchAll(db, sql: "PRAGMA integrity_check")
            let stamp = try Schema.Stamp.read(db)
            let mismatches = try Self.mismatches(db, replay)
            return DoctorReport(file: fileURL, integrity: integrity, schemaVersion: stamp.version,
                                supportedSchemaVersion: Schema.version, durability: durability, mismatches: mismatches)
        }
    }

    /// Recomputes every item state from the review log (`primer doctor --rebuild`), in
    /// one transaction: a crash half-way leaves the old states. Returns how many items
    /// changed (written, corrected or removed).
    @discardableResult
    public func rebuildItemStates(replay: ReplayFunction) throws -> Int {
        try rebuildItemStates(replayWithSettings: { _, records in replay(records) })
    }

    @discardableResult
    public func rebuildItemStates(replayWithSettings replay: SettingsReplayFunction) throws -> Int {
        try write { db in try Self.rebuild(db, replay, learners: nil) }
    }

    /// Changes some of a learner's settings (nil removes one) and recomputes their item
    /// states with the new settings, in one transaction: used when the settings change
    /// what the log replays to (FSRS weights from `primer optimize`), so the stored states
    /// never disagree with the log, even for a moment. Returns the states that changed.
    /// `logReplay`, when given, replays each learner's `ScheduleLog` (read from the item
    /// index alone) instead of `replay` replaying records; `reusing`, a learner's log read
    /// earlier (`learnerLog`), is replayed instead of being read again when the store has
    /// not changed since.
    @discardableResult
    public func setSettings(learners: [Int64], _ values: [String: String?], rebuildingWith replay: SettingsReplayFunction,
                            reusing log: LearnerLog? = nil, logReplay: ScheduleLogReplayFunction? = nil) throws -> Int {
        let writesBefore = ownWrites.value
        return try write { db in
            let reused = try log.flatMap { try Self.stillCurrent($0, ownWrites: writesBefore, db) ? $0 : nil }
            for learner in learners {
                try Self.requireLearner(learner, db)
                for (key, value) in values {
                    if let value {
                        try db.execute(sql: """
                            INSERT INTO setting (learnerId, key, value) VALUES (?, ?, ?)
                            ON CONFLICT (learnerId, key) DO UPDATE SET value = excluded.value
                            """, arguments: [learner, key, value])
                    } else {
                        try db.execute(sql: "DELETE FROM setting WHERE learnerId = ? AND key = ?", arguments: [learner, key])
                    }
                }
            }
            var known: [Int64: [String: [String: CardMemory]]] = [:]
            if let logReplay {
                for learner in learners {
                    let schedule = try reused.flatMap { $0.learner == learner ? $0.schedule : nil } ?? ScheduleLogRows.log(db, learner: learner)
                    known[learner] = logReplay(try Self.settings(learner: learner, db), schedule)
                }
            }
            return try Self.rebuild(db, replay, learners: Set(learners), summary: .whenItemsComeOrGo, knownStates: known)
        }
    }

    enum SummaryRebuild { case always, whenItemsComeOrGo }

    /// Recomputes item states that differ from the replay (of `learners`, or everyone's).
    /// `knownStates`: learners' replayed states by course, from their logs as the store
    /// holds them now, used instead of reading and replaying the records again.
    static func rebuild(_ db: Database, _ replay: SettingsReplayFunction, learners: Set<Int64>?,
                        summary: SummaryRebuild = .always,
                        knownStates: [Int64: [String: [String: CardMemory]]] = [:]) throws -> Int {
            var changed = 0
            for pair in try learners.map({ try Self.pairs(of: $0, db) }) ?? Self.allPairs(db) {
                let stored = try Self.storedStates(pair, db)
                let known = knownStates[pair.learner].map { $0[pair.course] ?? [:] }
                let expected = try known ?? Self.replayed(pair, replay, db)
                var itemsCameOrWent = false
                var changedStates: [(question: String, memory: CardMemory)] = []
                for question in Set(stored.keys).union(expected.keys).sorted() {
                    guard !Self.sameState(stored[question], expected[question]) else { continue }
                    if let memory = expected[question] {
                        if stored[question] == nil { itemsCameOrWent = true }
                        changedStates.append((question, memory))
                    } else {
                        itemsCameOrWent = true
                        try Codecs.deleteState(learner: pair.learner, course: pair.course, question: question, db)
                    }
                    changed += 1
                }
                try Codecs.upsertStates(changedStates, learner: pair.learner, course: pair.course, db)
                if summary == .always || itemsCameOrWent {
                    try RunningSummary.recompute(learner: pair.learner, course: pair.course, db)
                }
            }
            return changed
    }

    /// Every learner and course whose stored states differ from the replay of their log.
    static func mismatches(_ db: Database, _ replay: SettingsReplayFunction) throws -> [StateMismatch] {
        var mismatches: [StateMismatch] = []
        for pair in try allPairs(db) {
            let stored = try storedStates(pair, db)
            let expected = try replayed(pair, replay, db)
            let differing = Set(stored.keys).union(expected.keys).filter { question in
                !sameState(stored[question], expected[question])
            }
            if !differing.isEmpty {
                let name = try String.fetchOne(db, sql: "SELECT name FROM learner WHERE id = ?", arguments: [pair.learner]) ?? "?"
                mismatches.append(StateMismatch(learnerID: pair.learner, learnerName: name, courseID: pair.course,
                                                questionIDs: differing.sorted()))
            }
        }
        return mismatches
    }

    /// The replay of one learner's log in one course, with that learner's settings.
    static func replayed(_ pair: Pair, _ replay: SettingsReplayFunction, _ db: Database) throws -> [String: CardMemory] {
        var settings: [String: String] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT key, value FROM setting WHERE learnerId = ?", arguments: [pair.learner]) {
            settings[row["key"]] = row["value"]
        }
        return replay(settings, try ReplayRows.all(db, learner: pair.learner, course: pair.course))
    }

    /// The courses of `learners` with reviews or with stored states, learner by learner
    /// (`allPairs` would read every learner's log: a whole class's for one learner's settings).
    static func pairs(of learners: Set<Int64>, _ db: Database) throws -> [Pair] {
        try learners.sorted().flatMap { learner in
            let courses = Set(try distinctCourses(of: learner, in: "review", db) + distinctCourses(of: learner, in: "itemState", db))
            return courses.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }.map { Pair(learner: learner, course: $0) }
        }
    }

    /// The courses of one learner in `table`, one index seek each (both tables have an index
    /// that starts with learnerId, courseId): a learner's few courses without reading their
    /// whole log, which `SELECT DISTINCT` would.
    private static func distinctCourses(of learner: Int64, in table: String, _ db: Database) throws -> [String] {
        var courses: [String] = []
        let first = try db.cachedStatement(sql: "SELECT min(courseId) FROM \(table) WHERE learnerId = ?")
        let next = try db.cachedStatement(sql: "SELECT min(courseId) FROM \(table) WHERE learnerId = ? AND courseId > ?")
        var course = try String.fetchOne(first, arguments: [learner])
        while let found = course {
            courses.append(found)
            course = try String.fetchOne(next, arguments: [learner, found])
        }
        return courses
    }

    /// Every learner and course with reviews or with stored states.
    static func allPairs(_ db: Database) throws -> [Pair] {
        try Row.fetchAll(db, sql: """
            SELECT learnerId, courseId FROM review UNION SELECT learnerId, courseId FROM itemState ORDER BY 1, 2
            """).map { Pair(learner: $0["learnerId"], course: $0["courseId"]) }
    }

    static func storedStates(_ pair: Pair, _ db: Database) throws -> [String: CardMemory] {
        let items = try ItemStateRows.all(db, learner: pair.learner, course: pair.course)
        var states: [String: CardMemory] = Dictionary(minimumCapacity: items.count)
        for item in items { states[item.question] = item.memory }
        return states
    }

    /// Equality as the store can hold it: dates at millisecond resolution and exact,
    /// doubles within a relative 1e-9 (replay may sum in another order than the live
    /// scheduler did), everything else exact.
    static func sameState(_ a: CardMemory?, _ b: CardMemory?) -> Bool {
        guard let a, let b else { return a == nil && b == nil }
        return a.state == b.state && a.step == b.step
            && close(a.stability, b.stability) && close(a.difficulty, b.difficulty)
            && Millis.from(a.due) == Millis.from(b.due)
            && a.lastReview.map(Millis.from) == b.lastReview.map(Millis.from)
    }

    private static func close(_ a: Double?, _ b: Double?) -> Bool {
        guard let a, let b else { return a == nil && b == nil }
        if a == b { return true }
        return abs(a - b) <= 1e-9 * max(abs(a), abs(b))
    }
}

extension LearnerStore {
    /// `PRAGMA integrity_check`: exactly ["ok"] when the file is sound.
    public func integrityCheck() throws -> [String] {
        try read { db in try String.fetchAll(db, sql: "PRAGMA integrity_check") }
    }
}
