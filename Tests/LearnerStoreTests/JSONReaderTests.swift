@testable import LearnerStore
import Foundation
import XCTest

/// The streaming JSON reader import is built on: the same tokens whatever the chunk size
/// (a chunk of one byte splits every token), every escape, and malformed input refused
/// with its line, column and byte offset.
final class JSONReaderTests: XCTestCase {
    /// The tokens of `json`, with the text of keys, strings and numbers.
    func tokens(_ json: String, chunkSize: Int) throws -> [String] {
        let reader = JSONReader(DataBytes(data: Data(json.utf8)), chunkSize: chunkSize)
        var out: [String] = []
        while true {
            let token = try reader.next()
            switch token {
            case .end: return out
            case .key: out.append("key:" + reader.string)
            case .string: out.append("string:" + reader.string)
            case .number: out.append("number:" + reader.numberText)
            default: out.append("\(token)")
            }
        }
    }

    func syntaxError(_ json: String, chunkSize: Int = 3, file: StaticString = #filePath, line: UInt = #line) -> JSONSyntaxError? {
        do {
            _ = try tokens(json, chunkSize: chunkSize)
            XCTFail("accepted: \(json)", file: file, line: line)
            return nil
        } catch let error as JSONSyntaxError {
            return error
        } catch {
            XCTFail("\(error)", file: file, line: line)
            return nil
        }
    }

    static let tricky = """
        \u{FEFF} \t\r\n{ "a\\"b" :[ "\\\\ \\/ \\b\\f\\n\\r\\t" , "\\u00e9\\u4E2D" ,"\\ud83d\\ude00 x\\uD834\\uDD1E",
          "é中😀", -0 , 0.5,-12.25e+3 ,1E-2, 6.02e23, 123456789012345678 ] ,
          "empty":{ } , "list" : [ ] ,"lit":[true,false , null],
          "nested" : {"x" : [[{"y":"z"}]]}
        }\n\n
        """

    func testTheSameTokensWhateverTheChunkSize() throws {
        let whole = try tokens(Self.tricky, chunkSize: 1 << 20)
        XCTAssertEqual(whole.prefix(8), ["objectStart", "key:a\"b", "arrayStart", "string:\\ / \u{08}\u{0C}\n\r\t",
                                         "string:é中", "string:😀 x𝄞", "string:é中😀", "number:-0"])
        XCTAssertTrue(whole.contains("number:-12.25e+3") && whole.contains("number:6.02e23"), "\(whole)")
        XCTAssertEqual(Array(whole.suffix(13)), ["key:nested", "objectStart", "key:x", "arrayStart", "arrayStart", "objectStart",
                                                 "key:y", "string:z", "objectEnd", "arrayEnd", "arrayEnd", "objectEnd", "objectEnd"])
        for size in [1, 2, 3, 5, 7, 64] {
            XCTAssertEqual(try tokens(Self.tricky, chunkSize: size), whole, "chunk size \(size)")
        }
    }

    func testNumbers() throws {
        func number(_ text: String) throws -> (Int?, Double) {
            let reader = JSONReader(DataBytes(data: Data("[\(text)]".utf8)), chunkSize: 2)
            _ = try reader.next()
            XCTAssertEqual(try reader.next(), .number)
            return (reader.integerValue, reader.doubleValue)
        }
        XCTAssertEqual(try number("4000").0, 4000)
        XCTAssertEqual(try number("4e3").0, 4000, "integral in exponent form, as JSONDecoder reads it")
        XCTAssertEqual(try number("4000.0").0, 4000)
        XCTAssertNil(try number("4000.5").0)
        XCTAssertEqual(try number("-9223372036854775808").0, Int.min)
        XCTAssertNil(try number("9223372036854775808").0, "beyond Int")
        XCTAssertEqual(try number("-12.25e+3").1, -12_250)
        XCTAssertEqual(try number("1E-2").1, 0.01)
        XCTAssertEqual(try number("1e400").1, .infinity)
        XCTAssertNil(try number("1e400").0)
    }

    func testMalformedInputIsRefusedWithItsPlace() throws {
        let cases: [(String, String, Int, Int, Int)] = [
            // json, words of the message, line, column, byte offset
            ("{\"a\": 1,\n \"b\" 2}", "expected ':'", 2, 6, 14),
            ("[1, 2", "expected ',' or ']', found the end of the file", 1, 6, 5),
            ("[1 2]", "expected ',' or ']', found '2'", 1, 4, 3),
            ("{\"a\":1,}", "expected a member name", 1, 8, 7),
            ("[01]", "cannot start with 0", 1, 3, 2),
            ("[1.]", "expected a digit after '.'", 1, 4, 3),
            ("[1e+]", "expected a digit after an exponent", 1, 5, 4),
            ("[tru]", "expected true", 1, 5, 4),
            ("[\"a\tb\"]", "control character (U+0009)", 1, 4, 3),
            ("[\"é\\x\"]", "unknown escape \\x", 1, 5, 5),
            ("[\"\\u12G4\"]", "four hexadecimal digits", 1, 7, 6),
            ("[\"\\ud83d\"]", "half of a surrogate pair", 1, 10, 9),
            ("[\"\\ude00\"]", "low half of a surrogate pair", 1, 9, 8),
            ("[\"\\ud83d\\u0041\"]", "not the low half", 1, 15, 14),
            ("{}\n x", "'x' after the end of the JSON document", 2, 2, 4),
            ("  ", "the file ends where a value was expected", 1, 3, 2),
            ("[\"abc", "the file ends inside a string", 1, 6, 5),
        ]
        for (json, words, line, column, offset) in cases {
            for size in [1, 4, 1 << 20] {
                guard let error = syntaxError(json, chunkSize: size) else { continue }
                XCTAssertTrue(error.message.contains(words), "\(json): \(error.message)")
                XCTAssertEqual([error.line, error.column, error.offset], [line, column, offset], "\(json) (chunk \(size)): \(error)")
            }
        }
    }

    func testInvalidUTF8AndDeepNestingAreRefused() throws {
        var bytes = Data("[\"ab".utf8)
        bytes.append(contentsOf: [0xC3, 0x28, 0x22, 0x5D])   // a lead byte without its continuation
        let reader = JSONReader(DataBytes(data: bytes), chunkSize: 2)
        _ = try reader.next()
        XCTAssertThrowsError(try reader.next()) { error in
            XCTAssertEqual((error as? JSONSyntaxError)?.message, "a string that is not valid UTF-8")
            XCTAssertEqual((error as? JSONSyntaxError)?.offset, 1, "the string's start")
        }
        let deep = String(repeating: "[", count: 200) + String(repeating: "]", count: 200)
        XCTAssertTrue(syntaxError(deep)?.message.contains("nested more than") ?? false)
        for valid in ["aé中😀", "\u{7F}", "\u{10FFFF}"] { XCTAssertTrue(Array(valid.utf8).withUnsafeBufferPointer(UTF8Check.isValid), valid) }
        for invalid: [UInt8] in [[0xC0, 0x80], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xE2, 0x82], [0x80]] {
            XCTAssertFalse(invalid.withUnsafeBufferPointer(UTF8Check.isValid), "\(invalid)")
        }
    }

    func testSkippingChecksTheGrammarToo() throws {
        let reader = JSONReader(DataBytes(data: Data(#"{"skip": [1, {"a": [true, "x"]}], "keep": 5}"#.utf8)), chunkSize: 3)
        XCTAssertEqual(try reader.next(), .objectStart)
        XCTAssertEqual(try reader.next(), .key)
        try reader.skipValue()
        XCTAssertEqual(try reader.next(), .key)
        XCTAssertTrue(reader.textIs("keep"))
        XCTAssertEqual(try reader.next(), .number)
        XCTAssertEqual(try reader.next(), .objectEnd)
        XCTAssertEqual(try reader.next(), .end)
        let broken = JSONReader(DataBytes(data: Data(#"{"skip": [1, {"a" 2}], "keep": 5}"#.utf8)), chunkSize: 3)
        _ = try broken.next()
        _ = try broken.next()
        XCTAssertThrowsError(try broken.skipValue())
    }
}
