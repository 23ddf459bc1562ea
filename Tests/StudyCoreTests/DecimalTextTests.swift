import Foundation
import XCTest
@testable import StudyCore

final class DecimalTextTests: XCTestCase {
    /// The same text as `String(format:)` wherever its value is not within rounding of a
    /// tie (and is not a negative shown as zero, where printf writes "-0.00"): seeded
    /// values over many magnitudes, signs and places.
    func testAgreesWithPrintf() {
        var generator = SeededGenerator(seed: 42)
        for _ in 0..<20_000 {
            let places = Int.random(in: 0...6, using: &generator)
            let magnitude = pow(10, Double.random(in: -6...6, using: &generator))
            let x = Double.random(in: -1...1, using: &generator) * magnitude
            var scale = 1.0
            for _ in 0..<places { scale *= 10 }
            let scaled = abs(x) * scale
            guard abs(scaled - scaled.rounded(.down) - 0.5) > 1e-3 else { continue }   // a tie: the two may round apart
            guard x >= 0 || scaled.rounded() > 0 else { continue }
            XCTAssertEqual(decimalText(x, places: places), String(format: "%.\(places)f", x), "\(x), \(places) places")
        }
    }

    func testCasesByHand() {
        XCTAssertEqual(decimalText(0.31314766312165526, places: 4), "0.3131")
        XCTAssertEqual(decimalText(0.03616, places: 4), "0.0362")
        XCTAssertEqual(decimalText(2.5, places: 0), "3", "half away from zero")
        XCTAssertEqual(decimalText(-0.00001, places: 4), "0.0000", "no minus on a value shown as zero")
        XCTAssertEqual(decimalText(-1.23456, places: 2), "-1.23")
        XCTAssertEqual(decimalText(12, places: 3), "12.000")
        XCTAssertEqual(decimalText(.nan, places: 4), "?")
        XCTAssertEqual(decimalText(.infinity, places: 4), "?")
        XCTAssertEqual(decimalText(1e300, places: 4), "?")
    }
}
