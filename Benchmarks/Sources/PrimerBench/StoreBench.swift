#if canImport(Glibc)
import Glibc
#endif
import Foundation
import GRDB
import LearnerStore
import StudyCore

/// Figures 4 and 5: the durable per-answer commit against a raw write + fsync on the same
/// disk, and opening a store of 1,000,000 reviews and loading one learner's item states.
enum StoreBench {
    static let learnerName = "bench"

    // MARK: figure 4

    static func runCommit(report: Report, dataDir: URL) throws {
        let dir = dataDir.appendingPathComponent("commit-store")
        try? FileManager.default.removeItem(at: dir)
        let options = LearnerStore.Options(automaticBackups: false)
        let store = try LearnerStore.open(directory: dir, now: Date(), options: options)
        let durability = try store.currentDurability()
        guard durability.isDurable else { throw BenchError("the store is not durable: \(durability)") }
        let learner = try store.learner(named: learnerName, now: Date())
        let scheduler = FSRSScheduler(SchedulerConfig())
        var rng = SeededGenerator(seed: 7)
        let shown = ["“Do more”", "“Mutual trust”", "“Bilateral agreements”", "“Concessions”"]
        var counter = 0
        func commitOne() throws {
            counter += 1
            let id = DataGen.uuid(&rng)
            let at = Date()
            let record = ReviewRecord(id: id, courseID: "pakistan-us", questionID: "q-\(counter % 100)", reviewedAt: at,
                                      rating: .good, shown: shown, chosen: [shown[0]], correct: true,
                                      responseMilliseconds: 5400, sessionID: "bench-session")
            let state = scheduler.review(.new(at: at), rating: .good, at: at, fuzz: FSRSScheduler.fuzzUnit(forReviewID: id))
            try store.record(record, learner: learner, newState: state)
        }

        // The raw reference: one small block written in place and fsynced, in the same folder.
        let probe = dir.appendingPathComponent("fsync-probe")
        let fd = open(probe.path, O_RDWR | O_CREAT, 0o600)
        guard fd >= 0 else { throw BenchError("cannot create \(probe.path)") }
        defer { close(fd); unlink(probe.path) }
        var block = [UInt8](repeating: 0x5A, count: 4096)
        func writeAndSync() throws {
            block[0] &+= 1
            let written = block.withUnsafeBytes { pwrite(fd, $0.baseAddress, $0.count, 0) }
            guard written == block.count, fsync(fd) == 0 else { throw BenchError("write/fsync failed: errno \(errno)") }
        }

        // What a WAL commit of one answer writes (strace): five 4 KiB pages (the review row,
        // its three indexes, the item state) plus frame headers, then one fdatasync. Shown
        // beside the figure to say where the gap to a single block comes from.
        let shaped = dir.appendingPathComponent("wal-shaped-probe")
        let fd2 = open(shaped.path, O_RDWR | O_CREAT, 0o600)
        guard fd2 >= 0 else { throw BenchError("cannot create \(shaped.path)") }
        defer { close(fd2); unlink(shaped.path) }
        var frames = [UInt8](repeating: 0x33, count: 5 * (4096 + 24))
        var offset = 0
        func writeWALShaped() throws {
            frames[0] &+= 1
            let written = frames.withUnsafeBytes { pwrite(fd2, $0.baseAddress, $0.count, off_t(offset)) }
            guard written == frames.count, fdatasync(fd2) == 0 else { throw BenchError("write/fdatasync failed: errno \(errno)") }
            // Like the WAL: appends, and starts again from the top after ~4 MB (a checkpoint).
            offset = offset + frames.count > 4_000_000 ? 0 : offset + frames.count
        }

        // Warm-up long enough for the WAL to wrap after its first checkpoint (1,000 pages):
        // from then on commits overwrite the log in place, as in a long session.
        for _ in 0..<(quickMode ? 10 : 1200) { try commitOne() }
        for _ in 0..<(quickMode ? 10 : 900) { try writeWALShaped() }
        for _ in 0..<30 { try writeAndSync() }
        // Interleaved, so all see the same disk conditions.
        var commits: [UInt64] = [], syncs: [UInt64] = [], shapedSyncs: [UInt64] = []
        for _ in 0..<(quickMode ? 5 : 500) {
            var t = nowNanos(); try commitOne(); commits.append(nowNanos() - t)
            t = nowNanos(); try writeAndSync(); syncs.append(nowNanos() - t)
            t = nowNanos(); try writeWALShaped(); shapedSyncs.append(nowNanos() - t)
        }
        let c = Samples(nanos: commits), s = Samples(nanos: syncs), w = Samples(nanos: shapedSyncs)
        let cpu = try commitWithoutDisk()
        log("durability: journal \(durability.journalMode), synchronous \(durability.synchronous)")
        log("LearnerStore.record: \(c.summary)")
        log("pwrite 4 KiB + fsync: \(s.summary)")
        log("pwrite 5 × (4 KiB + 24 B) + fdatasync, WAL-shaped: \(w.summary) (commit / this = \(String(format: "%.2f", c.median / w.median))×)")
        log("the same commit on tmpfs (/dev/shm: no disk, so CPU and memory only): \(cpu.summary)")
        try store.close()
        report.add(Figure(name: "Durable commit of one answer", value: c.median, reference: s.median,
                          referenceName: "pwrite 4 KiB + fsync", comparison: .ratioAtMost(1.5),
                          note: String(format: "WAL, synchronous=FULL; 500 interleaved runs, medians; a WAL-shaped write (5 pages + fdatasync) takes %@; the same commit on tmpfs %@", formatNanos(w.median), formatNanos(cpu.median))))
    }

    /// The commit's own CPU cost: the same `record` on tmpfs, where fsync returns at once.
    static func commitWithoutDisk() throws -> Samples {
        let dir = URL(fileURLWithPath: "/dev/shm/primer-bench-commit-\(getpid())")
        try? FileManager.default.removeItem(at: dir)
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = try LearnerStore.open(directory: dir, now: Date(), options: LearnerStore.Options(automaticBackups: false))
        let learner = try store.learner(named: learnerName, now: Date())
        var rng = SeededGenerator(seed: 8)
        let shown = ["“Do more”", "“Mutual trust”", "“Bilateral agreements”", "“Concessions”"]
        let scheduler = FSRSScheduler(SchedulerConfig())
        var counter = 0
        let samples = try measure(warmup: 300, runs: 500) {
            counter += 1
            let id = DataGen.uuid(&rng)
            let at = Date()
            let record = ReviewRecord(id: id, courseID: "pakistan-us", questionID: "q-\(counter % 100)", reviewedAt: at,
                                      rating: .good, shown: shown, chosen: [shown[0]], correct: true,
                                      responseMilliseconds: 5400, sessionID: "bench-session")
            let state = scheduler.review(.new(at: at), rating: .good, at: at, fuzz: FSRSScheduler.fuzzUnit(forReviewID: id))
            try store.record(record, learner: learner, newState: state)
        }
        try store.close()
        return samples
    }

    // MARK: figure 5

    /// `dataDir/store-1m/primer.sqlite`: learner "bench" with the 1,000,000 reviews of the
    /// queue benchmark's log (100,000 items, 80,000 seen) and the item states its replay
    /// gives. Made once and kept.
    static func ensureLargeStore(dataDir: URL, name: String, courseID: String, make: () -> (DataGen.Log, [String: CardMemory])) throws -> URL {
        let dir = dataDir.appendingPathComponent(name)
        let file = dir.appendingPathComponent("primer.sqlite")
        let done = dir.appendingPathComponent(".complete")
        if FileManager.default.fileExists(atPath: done.path) { return dir }
        try? FileManager.default.removeItem(at: dir)
        let start = nowNanos()
        let (generated, states) = make()
        // The store API creates the schema and the learner, as the app would.
        let store = try LearnerStore.open(directory: dir, now: DataGen.now, options: LearnerStore.Options(automaticBackups: false))
        let learner = try store.learner(named: learnerName, now: Date(timeIntervalSince1970: 1_600_000_000))
        try store.close()
        // Then GRDB directly, in one transaction: a million one-answer commits would take minutes.
        let queue = try DatabaseQueue(path: file.path)
        try queue.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA synchronous = OFF")
            try db.inTransaction {
                let insert = try db.makeStatement(sql: """
                    INSERT INTO review (id, learnerId, courseId, questionId, reviewedAt, rating, shown, chosen,
                                        correct, responseMs, sessionId, affectsSchedule)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)
                    """)
                // An item's records are contiguous and share their option texts: encode once per item.
                var lastItem: Int32 = -1
                var shownJSON = "[]", rightJSON = "[]", wrongJSON = "[]"
                for (i, r) in generated.records.enumerated() {
                    let item = generated.itemOfRecord[i]
                    if item != lastItem {
                        lastItem = item
                        shownJSON = jsonList(r.shown)
                        rightJSON = jsonList(Array(r.shown.prefix(1)))
                        wrongJSON = jsonList(Array(r.shown.dropFirst().prefix(1)))
                    }
                    try insert.execute(arguments: [r.id, learner, r.courseID, r.questionID, millis(r.reviewedAt), r.rating.rawValue,
                                                   shownJSON, r.correct ? rightJSON : wrongJSON, r.correct,
                                                   r.responseMilliseconds, r.sessionID])
                }
                let upsert = try db.makeStatement(sql: """
                    INSERT INTO itemState (learnerId, courseId, questionId, state, step, stability, difficulty, due, lastReview)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """)
                for (question, m) in states {
                    try upsert.execute(arguments: [learner, courseID, question, m.state.rawValue, m.step, m.stability, m.difficulty,
                                                   millis(m.due), m.lastReview.map(millis)])
                }
                return .commit
            }
            _ = try db.checkpoint(.truncate)
        }
        try queue.close()
        // The running summary, as the store keeps it for the app's own writes.
        let reopened = try LearnerStore.open(directory: dir, now: DataGen.now, options: LearnerStore.Options(automaticBackups: false))
        try StoreFixtures.recomputeRunningSummary(reopened)
        try reopened.close()
        try Data().write(to: done)
        let size = (try? FileManager.default.attributesOfItem(atPath: file.path)[.size] as? Int) ?? 0
        log("generated \(file.path): \(generated.records.count) reviews, \(states.count) item states, \(size / 1_000_000) MB in \(formatNanos(Double(nowNanos() - start)))")
        return dir
    }

    static func millis(_ date: Date) -> Int64 { Int64((date.timeIntervalSince1970 * 1000).rounded()) }

    static func jsonList(_ list: [String]) -> String {
        String(decoding: (try? JSONEncoder().encode(list)) ?? Data("[]".utf8), as: UTF8.self)
    }

    /// Realistic option texts, so rows are as long as the app's (about 250 bytes of JSON).
    static func optionTexts(_ item: Int) -> [String] {
        ["The answer the source gives for item \(item), in the course’s words",
         "A tempting wrong answer from the same domain (\(item % 97))",
         "Another plausible distractor that mixes up two ideas",
         "A third distractor, drawn from the wrong-option pool"]
    }

    /// Diagnostic: five opens without the full check, each split into open, load, close.
    static func openFast(storeDir: URL, courseID: String) throws {
        for _ in 0..<5 {
            let t0 = nowNanos()
            let store = try LearnerStore.open(directory: storeDir, now: DataGen.now,
                                              options: LearnerStore.Options(verifyOnOpen: false, automaticBackups: false))
            let t1 = nowNanos()
            guard let learner = try store.existingLearner(named: learnerName) else { throw BenchError("no learner") }
            let states = try store.itemStates(learner: learner, course: courseID)
            let t2 = nowNanos()
            try store.close()
            let t3 = nowNanos()
            log("open \(formatNanos(Double(t1 - t0))), load \(states.count) states \(formatNanos(Double(t2 - t1))), close \(formatNanos(Double(t3 - t2)))")
        }
    }

    static func runOpen(report: Report, storeDir: URL, courseID: String) throws {
        let file = storeDir.appendingPathComponent("primer.sqlite")
        let size = (try? FileManager.default.attributesOfItem(atPath: file.path)[.size] as? Int) ?? 0
        var loaded = 0
        func openAndLoad(verify: Bool) throws {
            let store = try LearnerStore.open(directory: storeDir, now: DataGen.now,
                                              options: LearnerStore.Options(verifyOnOpen: verify, automaticBackups: false))
            guard let learner = try store.existingLearner(named: learnerName) else { throw BenchError("no learner in \(file.path)") }
            loaded = try store.itemStates(learner: learner, course: courseID).count
            try store.close()
        }
        let quick = try measure(warmup: 1, runs: 7) { try openAndLoad(verify: true) }
        let headerOnly = try measure(warmup: 2, runs: 21) { try openAndLoad(verify: false) }
        log("store \(size / 1_000_000) MB, \(loaded) item states loaded")
        log("open + load, verifyOnOpen true (full check): \(quick.summary)")
        log("open + load, verifyOnOpen false: \(headerOnly.summary)")
        report.add(Figure(name: "Open 1M-review store + load states (verifyOnOpen true)", value: quick.median, reference: nil,
                          comparison: .below(50_000_000),
                          note: "\(size / 1_000_000) MB file, \(loaded) item states, full check on open (integrity_check, shape, row types); page cache warm; median of 7"))
        report.add(Figure(name: "Open 1M-review store + load states (verifyOnOpen false)", value: headerOnly.median, reference: nil,
                          comparison: .below(50_000_000),
                          note: "header check only; page cache warm; median of 21"))
    }
}
