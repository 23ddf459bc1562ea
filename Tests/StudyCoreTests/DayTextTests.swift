import Foundation
import XCTest
@testable import StudyCore

final class DayTextTests: XCTestCase {
    let utc = TimeZone(identifier: "UTC")!
    let iso = ISO8601DateFormatter()

    /// An exam set in December for January said "Fri 1 Jan" with no year.
    func testADayInAnotherYearShowsItsYear() throws {
        let now = try XCTUnwrap(iso.date(from: "2026-12-01T18:00:00Z"))
        let january = try XCTUnwrap(iso.date(from: "2027-01-01T09:00:00Z"))
        let december = try XCTUnwrap(iso.date(from: "2026-12-18T09:00:00Z"))
        XCTAssertEqual(DayText.short(january, zone: utc, from: now), "Fri 1 Jan 2027")
        XCTAssertEqual(DayText.short(december, zone: utc, from: now), "Fri 18 Dec")
        XCTAssertEqual(DayText.short(january, zone: utc, from: nil), "Fri 1 Jan")
        // The year is the learner's: 23:30 UTC on 31 December is already 2027 in Tokyo.
        let tokyo = try XCTUnwrap(TimeZone(identifier: "Asia/Tokyo"))
        let lateNight = try XCTUnwrap(iso.date(from: "2026-12-31T23:30:00Z"))
        XCTAssertEqual(DayText.short(lateNight, zone: tokyo, from: now), "Fri 1 Jan 2027")
    }
}
