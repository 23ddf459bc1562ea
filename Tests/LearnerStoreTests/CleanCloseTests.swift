@testable import LearnerStore
import StudyCore
import XCTest

/// A store closed cleanly opens next time on the header check alone (a long history must
/// not cost a full integrity check at every start); anything touched since gets the full one.
final class CleanCloseTests: XCTestCase {
    var folder: URL!
    override func setUpWithError() throws { folder = try makeTempFolder(name) }
    override func tearDown() { try? FileManager.default.removeItem(at: folder) }

    func testACleanCloseAfterReadsAndWritesIsRecognisedAtTheNextOpen() throws {
        let data = folder.appendingPathComponent("data")
        let store = try openStore(data)
        let learner = try store.learner(named: "ana", now: testEpoch)
        try recordConsistently(store, makeReview("r1", question: "q1", at: testEpoch), learner: learner)
        // Reads go through the pool's reader connections, which close last.
        _ = try store.itemStates(learner: learner, course: "course")
        _ = try store.reviews(learner: learner, course: nil, since: nil)
        try store.close()
        let file = data.appendingPathComponent("primer.sqlite")
        XCTAssertTrue(CleanClose.isUnchanged(file), "closed cleanly: the next open needs only the header check")

        // Touched outside primer: the identity no longer holds.
        let handle = try FileHandle(forWritingTo: file)
        handle.seekToEndOfFile()
        handle.write(Data(count: 4096))
        try handle.close()
        XCTAssertFalse(CleanClose.isUnchanged(file))
    }
}
