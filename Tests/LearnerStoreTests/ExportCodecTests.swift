@testable import LearnerStore
import Foundation
import XCTest

/// What import does for every review besides reading JSON, done by hand for speed: the
/// same results as the library code it replaced.
final class ExportCodecTests: XCTestCase {
    func testOptionListsAreWrittenExactlyAsJSONEncoderWritesThem() throws {
        var controls = ""
        for i in 0..<0x20 { controls.unicodeScalars.append(Unicode.Scalar(UInt8(i))) }
        let lists: [[String]] = [[], [""], ["a/b", "\"q\" \\ ", controls + "\u{7F}é\u{2028}😀\u{FEFF}"], ["Alpha", "Beta «β»", "گاما"]]
        for list in lists {
            let expected = String(decoding: try JSONEncoder().encode(list), as: UTF8.self)
            XCTAssertEqual(Codecs.encodeList(list), expected)
            XCTAssertEqual(Codecs.decodeList(Codecs.encodeList(list)), list)
        }
    }

    func testDatesFromBytesFollowTheDocumentedGrammar() {
        let accepted: [(String, Int64)] = [
            ("2025-03-01T09:01:15.250Z", 1_740_819_675_250),
            ("2025-03-01T09:01:15Z", 1_740_819_675_000),
            ("2025-03-01T10:01:15.25+01:00", 1_740_819_675_250),
            ("2025-03-01T04:01:15.2496-05:00", 1_740_819_675_250),
            ("1970-01-01T00:00:00.000Z", 0),
        ]
        for (text, ms) in accepted {
            XCTAssertEqual(ISO8601Millis.date(text).map { Int64(($0.timeIntervalSince1970 * 1000).rounded()) }, ms, text)
        }
        for text in ["2025-03-01 09:01:15Z", "2025-13-01T09:01:15Z", "2025-03-01T09:01:15.Z", "2025-03-01T09:01:15",
                     "2025-03-01T24:00:00Z", "2025-03-01T09:01:15+0100", "25-03-01T09:01:15Z", "2025-03-01T09:01:15Zx", ""] {
            XCTAssertNil(ISO8601Millis.date(text), text)
        }
    }
}
