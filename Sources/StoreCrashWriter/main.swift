// A child process for the LearnerStore tests (the kill test above all): it opens the
// store in a folder and writes answers until it is killed. It prints a review's id
// only after `record` returned, i.e. after the commit reached the disk, so every id
// on its stdout must survive a SIGKILL at any instant.
//
// Usage:
//   StoreCrashWriter DIR                    record answers forever, one id per line
//   StoreCrashWriter --count N DIR          record N answers, then exit
//   StoreCrashWriter --count N --then-wait DIR  record N answers, print "waiting", then
//                                            block on stdin (the test SIGKILLs it there,
//                                            with the answers still in the write-ahead log)
//   --scheduled                              store the states the real scheduler computes
//                                            (default: made-up states, which doctor flags)
//   StoreCrashWriter --hold-lock DIR        take the write lock, print "locked", hold it
//                                            until a line (or the end) on stdin, then
//                                            release it and print "released"
//   StoreCrashWriter --hold-live-tutor QUIZ DIR  hold the tutor's presence lock of QUIZ in DIR,
//                                            print "holding", wait on stdin (the test kills it)
//   StoreCrashWriter --open-only [--as-uid UID] DIR  open, print "opened" (errors: exit 3)
//   StoreCrashWriter --write-v1-fixture DIR  write the schema-version-1 fixture
//   StoreCrashWriter --fsize-limit BYTES DIR  as DIR, under a file-size limit (RLIMIT_FSIZE):
//                                            runs until a write fails, prints the error, exits 3
import Foundation
import LearnerStore
import StudyCore
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

func fail(_ message: String, code: Int32) -> Never {
    FileHandle.standardError.write(Data((message + "\n").utf8))
    exit(code)
}

/// Unbuffered: one write(2) per line, so a line is out before the next commit starts.
func say(_ line: String) {
    FileHandle.standardOutput.write(Data((line + "\n").utf8))
}

var arguments = Array(CommandLine.arguments.dropFirst())
var mode = "write", count = Int.max, uid: UInt32?, sizeLimit: UInt64?, thenWait = false, scheduled = false
var quiz = ""
while let first = arguments.first, first.hasPrefix("--") {
    arguments.removeFirst()
    switch first {
    case "--count": count = Int(arguments.removeFirst()) ?? 0
    case "--hold-lock": mode = "hold"
    case "--open-only": mode = "open"
    case "--hold-live-tutor": mode = "tutor"; quiz = arguments.removeFirst()
    case "--as-uid": uid = UInt32(arguments.removeFirst())
    case "--write-v1-fixture": mode = "fixture"
    case "--fsize-limit": sizeLimit = UInt64(arguments.removeFirst())
    case "--then-wait": thenWait = true
    case "--scheduled": scheduled = true
    default: fail("unknown option \(first)", code: 2)
    }
}
guard let path = arguments.first else { fail("usage: StoreCrashWriter [options] DIR", code: 2) }
let directory = URL(fileURLWithPath: path, isDirectory: true)

if let uid {
    // Tests run as root, for whom permission bits mean nothing: drop to an ordinary user
    // so a read-only folder really is read-only.
    guard setgroups(0, nil) == 0, setgid(uid) == 0, setuid(uid) == 0 else { fail("cannot switch to uid \(uid)", code: 2) }
}

if let sizeLimit {
    // Over the limit, write(2) fails with EFBIG instead of the process being killed.
    signal(SIGXFSZ, SIG_IGN)
    var limit = rlimit(rlim_cur: rlim_t(sizeLimit), rlim_max: rlim_t(sizeLimit))
    #if canImport(Glibc)
    let resource = __rlimit_resource_t(RLIMIT_FSIZE.rawValue)
    #else
    let resource = RLIMIT_FSIZE
    #endif
    guard setrlimit(resource, &limit) == 0 else { fail("cannot set the file-size limit", code: 2) }
}

do {
    switch mode {
    case "fixture":
        try StoreFixtures.writeVersion1File(directory: directory)
        say("written")
    case "open":
        _ = try LearnerStore.open(directory: directory, now: Date())
        say("opened")
    case "tutor":
        let presence = try LiveTutorPresence.hold(quiz: quiz, in: directory)
        say("holding")
        _ = readLine()
        presence.release(removingFile: true)
    case "hold":
        let store = try LearnerStore.open(directory: directory, now: Date())
        _ = try store.learner(named: "holder", now: Date())
        // Held until the test says so: the test waits on this process's state, never on a time.
        try StoreFixtures.holdWriteLock(store) {
            say("locked")
            _ = readLine()
        }
        say("released")
    default:
        let store = try LearnerStore.open(directory: directory, now: Date())
        let learner = try store.learner(named: "crash", now: Date())
        let pid = ProcessInfo.processInfo.processIdentifier
        let session = "session-\(pid)-\(UUID().uuidString)"
        try store.startSession(id: session, learner: learner, course: "crash-course", kind: .practice, at: Date(), preset: nil)
        let scheduler = FSRSScheduler(StudySettings().schedulerConfig())
        let scheduling = ItemScheduling(
            next: { stored, review in
                scheduler.review(stored ?? CardMemory.new(at: review.reviewedAt), rating: review.rating, at: review.reviewedAt,
                                 fuzz: FSRSScheduler.fuzzUnit(forReviewID: review.id))
            },
            replay: { log in log.first.flatMap { scheduler.replayLog(log).states[$0.questionID] } })
        var i = 0
        while i < count {
            let now = Date()
            let question = "q\(i % 50)"
            let review = ReviewRecord(
                id: UUID().uuidString, courseID: "crash-course", questionID: question, reviewedAt: now,
                rating: i % 4 == 0 ? .again : .good, shown: ["A", "B", "C", "D"], chosen: ["A"],
                correct: i % 4 != 0, responseMilliseconds: 800 + i % 700, sessionID: session)
            let state = CardMemory(state: .review, step: nil, stability: Double(i % 30) + 0.5, difficulty: 5.25,
                                   due: now.addingTimeInterval(86_400), lastReview: now)
            if scheduled {
                try store.record(review, learner: learner, scheduling: scheduling)
            } else {
                try store.record(review, learner: learner, newState: state)
            }
            say(review.id)
            i += 1
        }
        if thenWait {
            say("waiting")
            _ = readLine()
        }
    }
} catch let error as StoreError {
    fail(error.description, code: 3)
} catch {
    fail("\(error)", code: 4)
}
