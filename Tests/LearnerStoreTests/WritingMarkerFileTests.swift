@testable import LearnerStore
import StudyCore
import XCTest

/// The writing marker is overwritten in place after every answer (never truncated), so
/// what a reader finds must still be exactly the last record, whatever came before it.
final class WritingMarkerFileTests: XCTestCase {
    var folder: URL!
    override func setUpWithError() throws { folder = try makeTempFolder(name) }
    override func tearDown() { try? FileManager.default.removeItem(at: folder) }

    func testAShorterRecordAfterALongerOneReadsBackAsItself() throws {
        let url = folder.appendingPathComponent("primer.sqlite.writing-1")
        let marker = WritingMarkerFile.shared(url)
        let long = WALProgress.Record(salt1: 4_000_000_000, salt2: 3_999_999_999, frames: 123_456,
                                      review: "8E0B6F0A-1D2C-4B7E-9A51-3C2D1E0F9A8B")
        let short = WALProgress.Record(salt1: 1, salt2: 2, frames: 3)
        marker.write(long.text)
        XCTAssertEqual(CleanClose.writingRecord(url), long)
        marker.write(short.text)
        XCTAssertEqual(CleanClose.writingRecord(url), short, "the longer record's tail must not survive")
        XCTAssertEqual(try Data(contentsOf: url).count, long.text.utf8.count, "overwritten in place, not truncated")

        // Emptied by another process's `logSettled`, then written again by this one.
        XCTAssertEqual(truncate(url.path, 0), 0)
        XCTAssertNil(CleanClose.writingRecord(url))
        marker.write(short.text)
        XCTAssertEqual(CleanClose.writingRecord(url), short)

        // Let go and opened again: what the file already holds is covered too.
        marker.release()
        marker.write(long.text)
        marker.release()
        marker.write(short.text)
        XCTAssertEqual(CleanClose.writingRecord(url), short)
        marker.remove()
        XCTAssertFalse(FileManager.default.fileExists(atPath: url.path))
        marker.write(short.text)
        XCTAssertEqual(CleanClose.writingRecord(url), short, "a write after removal makes the marker again")
        marker.remove()
    }

    func testAStoreKeepsItsRecordCurrentAnswerByAnswerAndRemovesItOnClose() throws {
        let data = folder.appendingPathComponent("data")
        let store = try openStore(data)
        let learner = try store.learner(named: "ana", now: testEpoch)
        let file = data.appendingPathComponent("primer.sqlite")
        let url = CleanClose.writingMarker(for: file)
        var frames = 0
        for n in 1...5 {
            try recordConsistently(store, makeReview("r\(n)", question: "q\(n % 2)", at: testEpoch.addingTimeInterval(Double(n) * 60)),
                                   learner: learner)
            let record = try XCTUnwrap(CleanClose.writingRecord(url), "after answer \(n)")
            XCTAssertEqual(record.review, "r\(n)")
            XCTAssertGreaterThan(record.frames, frames, "the log grows with every answer")
            frames = record.frames
        }
        try store.close()
        XCTAssertFalse(FileManager.default.fileExists(atPath: url.path), "a clean close leaves no writing marker")
    }
}
