import XCTest
@testable import CourseFormat
import StudyCore

/// Whatever a bank holds, import-bank never crashes; whatever it imports passes the course
/// check with zero errors, reads back as the same model, and survives export → import.
/// Banks are generated from the formats' grammar with hostile text mixed in (seeded, so
/// a failure is reproducible).
final class BankFuzzTests: XCTestCase {
    /// Text that is hard on both formats and on primer's Markdown.
    static let textPieces = [
        "a", "b", "word", "Word two", " ", " ", "  ", "\\{", "\\}", "\\=", "\\~", "\\#", "\\:", "\\\\", "\\n", "\\n\\n",
        ":", "%", "%50%", "->", "<b>", "</p>", "&amp;", "&#x41;", "&bogus;", "- ", "* ", "> ", "### q: x", "kind: multiple",
        "note:", "#", "A) ", "ANSWER: A", "¶12", "\u{07}", "\u{1B}[31m", "\u{85}", "é", "日本", "**", "_", "[x]",
        "- [ ] ", "  > ", "True", "//", "\t", "[html]", "[markdown]", "[moodle]", "[plain]",
    ]
    static let noise = ["{", "}", "=", "~", "#", "::", "\n", "\n\n", "$CATEGORY: ", "// primer-shown: 1", "T", "FALSE", "{#3:1}", "{}"]

    private func text(_ rng: inout SeededGenerator, max: Int = 5) -> String {
        (0..<Int.random(in: 1...max, using: &rng)).map { _ in Self.textPieces.randomElement(using: &rng)! }.joined()
    }

    private func giftBank(_ rng: inout SeededGenerator) -> String {
        var blocks: [String] = []
        for _ in 0..<Int.random(in: 1...6, using: &rng) {
            var lines: [String] = []
            if Bool.random(using: &rng) && Int.random(in: 0..<4, using: &rng) == 0 {
                blocks.append("$CATEGORY: " + ["$course$/top/", "", "x/"].randomElement(using: &rng)! + text(&rng, max: 3))
            }
            if Int.random(in: 0..<3, using: &rng) == 0 {
                lines.append(["// primer-claims: C1", "// primer-sources: ¶3", "// primer-shown: 3", "// primer-question-theme: zz",
                              "// a comment", "// primer-theme: t: T"].randomElement(using: &rng)!)
            }
            var q = Bool.random(using: &rng) ? "::" + text(&rng, max: 3) + "::" : ""
            if Int.random(in: 0..<5, using: &rng) == 0 { q += ["[html]", "[markdown]", "[plain]"].randomElement(using: &rng)! }
            q += text(&rng)
            var answers: [String] = []
            switch Int.random(in: 0..<4, using: &rng) {
            case 0:
                answers = [["T", "F", "TRUE", "FALSE"].randomElement(using: &rng)!]
                if Bool.random(using: &rng) { answers[0] += "#" + text(&rng, max: 2) + "#" + text(&rng, max: 2) }
            default:
                for _ in 0..<Int.random(in: 1...6, using: &rng) {
                    let marker = ["=", "~", "~%50%", "~%-100%", "~%33.33333%", "~%100%", "="].randomElement(using: &rng)!
                    var answer = marker + text(&rng, max: 3)
                    if Bool.random(using: &rng) { answer += "#" + text(&rng, max: 2) }
                    answers.append(answer)
                }
            }
            if Bool.random(using: &rng) { answers.append("####" + text(&rng, max: 3)) }
            q += "{" + answers.joined(separator: Bool.random(using: &rng) ? " " : "\n") + "}"
            if Int.random(in: 0..<5, using: &rng) == 0 { q += text(&rng, max: 2) }
            if Int.random(in: 0..<6, using: &rng) == 0 { q += Self.noise.randomElement(using: &rng)! }
            lines.append(q)
            blocks.append(lines.joined(separator: "\n"))
        }
        return blocks.joined(separator: "\n\n")
    }

    private func aikenBank(_ rng: inout SeededGenerator) -> String {
        var lines: [String] = []
        for _ in 0..<Int.random(in: 1...5, using: &rng) {
            lines.append(text(&rng).replacingOccurrences(of: "\\n", with: " "))
            let n = Int.random(in: 1...5, using: &rng)
            for i in 0..<n {
                lines.append("\(Character(Unicode.Scalar(UInt8(65 + i))))\([".", ")"].randomElement(using: &rng)!) " + text(&rng, max: 3))
            }
            lines.append("ANSWER: \(Character(Unicode.Scalar(UInt8(65 + Int.random(in: 0..<6, using: &rng))))))")
            if Int.random(in: 0..<6, using: &rng) == 0 { lines.append(Self.noise.randomElement(using: &rng)!) }
            if Bool.random(using: &rng) { lines.append("") }
        }
        return lines.joined(separator: "\n")
    }

    func testGeneratedBanksAlwaysPassTheCheck() {
        var rng = SeededGenerator(seed: 20_250_301)
        var imported: [BankFormat: Int] = [:]
        for round in 0..<500 {
            for format in BankFormat.allCases {
                let bank = format == .gift ? giftBank(&rng) : aikenBank(&rng)
                let result: BankImportResult
                do {
                    result = try BankImport.importBank(bank, format: format, fileName: "fuzz.txt", courseID: "fuzz")
                } catch {
                    continue
                }
                imported[format, default: 0] += 1
                let loaded = assembleWritten(result.files)
                if !loaded.errors.isEmpty || loaded.course != result.course {
                    XCTFail("round \(round), \(format): \(loaded.errors.map(\.description))\nbank:\n\(bank)\nfiles:\n"
                            + result.files.map { "== \($0.name)\n" + fileText($0) }.joined(separator: "\n"))
                    return
                }
                let gift = GIFTWriter.write(result.course)
                let again = try? BankImport.importBank(gift, format: .gift, fileName: "x.gift", courseID: "fuzz")
                if again?.course.questions != result.course.questions || again?.messages != [] {
                    XCTFail("round \(round), \(format): GIFT round trip differs: \(again?.messages.map(\.description) ?? [])\n"
                            + "bank:\n\(bank)\nexport:\n\(gift)")
                    return
                }
            }
        }
        XCTAssertGreaterThan(imported[.gift, default: 0], 300, "the generator should make importable GIFT banks")
        XCTAssertGreaterThan(imported[.aiken, default: 0], 300, "the generator should make importable Aiken banks")
    }
}
