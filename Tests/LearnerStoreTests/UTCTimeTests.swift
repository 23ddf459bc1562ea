import Foundation
import XCTest
@testable import LearnerStore

/// The backup names' UTC date and time, by arithmetic, against Foundation's calendar.
final class UTCTimeTests: XCTestCase {
    func testAgreesWithTheGregorianCalendarInUTC() {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        // Leap days, century years (1900 and 2100 are not leap years, 2000 is), the epoch
        // and the second before it, and a spread of moments from 1601 to 2400.
        var moments: [Double] = [0, -1, 951_782_400, 951_868_799, 4_107_542_400, -2_203_891_200, 1_796_169_600.999]
        var x: UInt64 = 0x9E37_79B9_7F4A_7C15
        for _ in 0..<5_000 {
            x = x &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            moments.append(Double(Int64(bitPattern: x >> 1) % 25_000_000_000) - 11_600_000_000)
        }
        for seconds in moments {
            let date = Date(timeIntervalSince1970: seconds)
            let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
            let t = UTCTime(date)
            XCTAssertEqual([t.year, t.month, t.day, t.hour, t.minute, t.second],
                           [c.year!, c.month!, c.day!, c.hour!, c.minute!, c.second!], "\(seconds)")
        }
    }

    func testBackupNamesKeepTheirShape() {
        let date = Date(timeIntervalSince1970: 1_740_819_600 + 3_723)   // 2025-03-01T10:02:03Z
        XCTAssertEqual(Backups.day(date), "2025-03-01")
        XCTAssertEqual(Backups.stamp(date), "2025-03-01T100203Z")
        XCTAssertEqual(Backups.day(Date(timeIntervalSince1970: -62_135_596_800)), "0001-01-01")
    }
}
