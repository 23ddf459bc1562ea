import Foundation
import XCTest
import CourseFormat
import StudyCore
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Seeded mutations of the bundled course fed to `CourseAssembler` in process: truncation,
/// random bytes, invalid UTF-8, very long lines, escape sequences, deep nesting, empty
/// and oversized files, and line-level edits. For every input the assembler returns
/// (no crash, no hang), every diagnostic points at a real place (FILE:LINE:COLUMN within
/// the file, one printable line), a course that does not load or a lesson that is
/// skipped always comes with an error, and whatever is accepted is a course the app can
/// rely on. The seed is fixed (CI sees the same cases every run); set PRIMER_FUZZ_SEED for
/// other cases, PRIMER_FUZZ_CASES for more of them.
final class CourseFuzzTests: XCTestCase {
    static let folder: String = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Content").appendingPathComponent("pakistan-us").path

    struct Original {
        var course: CourseSourceFile
        var lessons: [CourseSourceFile]
    }

    static func loadOriginal() throws -> Original {
        let fm = FileManager.default
        func file(_ name: String) throws -> CourseSourceFile {
            let data = try XCTUnwrap(fm.contents(atPath: (folder as NSString).appendingPathComponent(name)), "cannot read \(name)")
            return CourseSourceFile(name: "pakistan-us/" + name, bytes: [UInt8](data))
        }
        let names = try fm.contentsOfDirectory(atPath: folder).filter(CourseLoader.isLessonFileName).sorted()
        XCTAssertGreaterThanOrEqual(names.count, 2)
        return Original(course: try file(CourseLoader.courseFileName), lessons: try names.map(file))
    }

    // MARK: the properties every input must have

    /// Checks one assembly; returns a one-line summary of what went wrong, if anything.
    @discardableResult
    func assembleAndCheck(course: CourseSourceFile, lessons: [CourseSourceFile], context: String,
                          file: StaticString = #filePath, line: UInt = #line) -> CourseLoadResult {
        let started = Date()
        let result = CourseAssembler.assemble(courseFile: course, lessonFiles: lessons)
        let elapsed = Date().timeIntervalSince(started)
        XCTAssertLessThan(elapsed, 10, "\(context): assembling took \(elapsed) s", file: file, line: line)

        var byName: [String: [UInt8]] = [course.name: course.bytes]
        for lesson in lessons { byName[lesson.name] = lesson.bytes }
        var lineLengths: [String: [Int]] = [:]
        for d in result.diagnostics {
            guard let bytes = byName[d.file] else {
                XCTFail("\(context): diagnostic for a file that was not given: \(d)", file: file, line: line)
                continue
            }
            let lines = lineLengths[d.file] ?? Self.byteLines(bytes)
            lineLengths[d.file] = lines
            XCTAssertTrue((1...lines.count + 1).contains(d.line),
                          "\(context): line \(d.line) is outside the file's \(lines.count) lines: \(d.description.prefix(300))", file: file, line: line)
            let lineLength = d.line <= lines.count ? lines[d.line - 1] : 0
            XCTAssertTrue((1...lineLength + 1).contains(d.column),
                          "\(context): column \(d.column) is outside line \(d.line) (\(lineLength) bytes): \(d.description.prefix(300))", file: file, line: line)
            XCTAssertFalse(d.message.isEmpty, "\(context): empty message at \(d.file):\(d.line)", file: file, line: line)
            let text = d.description
            XCTAssertTrue(text.hasPrefix("\(d.file):\(d.line):\(d.column): \(d.severity.rawValue): "), "\(context): \(text.prefix(300))", file: file, line: line)
            if let bad = text.unicodeScalars.first(where: Self.isControl) {
                XCTFail("\(context): control character U+\(String(bad.value, radix: 16)) in a diagnostic: \(text.debugDescription.prefix(300))",
                        file: file, line: line)
            }
        }
        if result.course == nil {
            XCTAssertFalse(result.errors.isEmpty, "\(context): the course did not load, yet no error was reported", file: file, line: line)
        }
        for skipped in result.skipped {
            XCTAssertTrue(result.errors.contains { $0.file == skipped.file },
                          "\(context): \(skipped.file) was skipped without an error located in it", file: file, line: line)
        }
        if let loaded = result.course { checkUsable(loaded, context: context, file: file, line: line) }
        return result
    }

    /// What the app relies on in a course that loaded: ids unique, references resolved,
    /// every question answerable, and no control character anywhere in its text.
    func checkUsable(_ course: Course, context: String, file: StaticString, line: UInt) {
        let themes = Set(course.themes.map(\.id))
        var lessonIDs = Set<String>(), questionIDs = Set<String>()
        var texts = [course.title, course.description] + course.themes.map(\.title) + course.claims.map(\.text)
        for lesson in course.lessons {
            XCTAssertTrue(lessonIDs.insert(lesson.id).inserted, "\(context): lesson id \(lesson.id) twice", file: file, line: line)
            XCTAssertTrue(themes.contains(lesson.themeID), "\(context): lesson \(lesson.id) has unknown theme", file: file, line: line)
            texts.append(lesson.title)
            for block in lesson.body {
                switch block {
                case let .heading(text, _), let .paragraph(text), let .bullet(text): texts.append(text.plain)
                }
            }
            for q in lesson.questions {
                let where_ = "\(context): question \(q.id)"
                XCTAssertTrue(questionIDs.insert(q.id).inserted, "\(where_) twice", file: file, line: line)
                XCTAssertEqual(q.lessonID, lesson.id, where_, file: file, line: line)
                XCTAssertTrue(themes.contains(q.themeID), "\(where_): unknown theme", file: file, line: line)
                XCTAssertFalse(q.stem.isEmpty, "\(where_): empty stem", file: file, line: line)
                XCTAssertFalse(q.explanation.isEmpty, "\(where_): empty explanation", file: file, line: line)
                XCTAssertGreaterThanOrEqual(q.choices.count, 2, "\(where_): fewer than two options", file: file, line: line)
                let correct = q.choices.filter(\.isCorrect).count
                XCTAssertGreaterThanOrEqual(correct, 1, "\(where_): no correct option", file: file, line: line)
                if q.kind != .multiple { XCTAssertEqual(correct, 1, "\(where_): \(correct) correct options", file: file, line: line) }
                XCTAssertGreaterThanOrEqual(q.shownCount, max(2, correct), "\(where_): shows \(q.shownCount)", file: file, line: line)
                XCTAssertEqual(Set(q.choices.map(\.text)).count, q.choices.count, "\(where_): duplicate options", file: file, line: line)
                texts += [q.stem, q.explanation] + q.choices.map(\.text) + q.choices.compactMap(\.feedback)
            }
        }
        for text in texts {
            // Line breaks are part of multi-line stems and explanations; nothing else may be a control.
            if let bad = text.unicodeScalars.first(where: { $0 != "\n" && Self.isControl($0) }) {
                XCTFail("\(context): control character U+\(String(bad.value, radix: 16)) in accepted course text: \(text.debugDescription.prefix(200))",
                        file: file, line: line)
                break
            }
        }
    }

    /// C0 controls (tab aside), DEL and C1 controls: what could drive a terminal.
    static func isControl(_ s: Unicode.Scalar) -> Bool {
        (s.value < 0x20 && s.value != 0x09) || (0x7F..<0xA0).contains(s.value)
    }

    /// The length in bytes of each line (split at "\n", as editors count lines).
    static func byteLines(_ bytes: [UInt8]) -> [Int] {
        var lengths: [Int] = []
        var start = 0
        bytes.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            // memchr: a debug build would crawl through a 10 MB file byte by byte.
            while start < buffer.count, let hit = memchr(base + start, 0x0A, buffer.count - start) {
                let index = base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
                lengths.append(index - start)
                start = index + 1
            }
        }
        lengths.append(bytes.count - start)
        return lengths
    }

    /// Offsets where lines start.
    static func lineStarts(_ bytes: [UInt8]) -> [Int] {
        var starts = [0]
        for length in byteLines(bytes).dropLast() { starts.append(starts.last! + length + 1) }
        return starts
    }

    // MARK: mutations

    enum Mutation: String, CaseIterable {
        case truncate, randomBytes, invalidUTF8, longLine, escapeSequence, deepNesting, empty,
             deleteLines, duplicateLines, swapLines, crlf, byteOrderMark, spliceOtherFile, oddUnicode, markupSoup, huge
    }

    static let invalidUTF8: [[UInt8]] = [
        [0xFF], [0xC0, 0x80], [0x80], [0xED, 0xA0, 0x80], [0xF0, 0x80, 0x80, 0x80], [0xE2, 0x80],
        [0xF4, 0x90, 0x80, 0x80], [0xC3], [0xFE, 0xFF],
    ]
    static let escapes: [String] = [
        "\u{1B}[31m", "\u{1B}[2J\u{1B}[H", "\u{1B}]0;pwned\u{07}", "\u{1B}]8;;http://x\u{1B}\\", "\u{9B}31m", "\u{07}",
        "\u{00}", "\u{7F}", "\r", "\u{08}\u{08}", "\u{1B}P+q\u{1B}\\", "\u{0C}", "\u{1B}",
    ]
    static let oddUnicode: [String] = [
        "\u{202E}evil\u{202C}", "\u{200B}\u{200D}\u{FEFF}", "e\u{301}\u{301}\u{301}\u{301}", "👩‍👩‍👧‍👦🏳️‍🌈",
        "\u{FFFD}", "\u{10FFFF}", "日本語テキスト", "¶¶¶¶", "¶99999999999999999999", "\u{2028}\u{2029}", "\u{85}",
    ]
    static let markup: [String] = ["**", "*", "_", "`", "[", "]", "(", ")", "> ", "- ", "- [x] ", "- [ ] ", "### q: ", "## ",
                                   "---", ":", "¶", "\\", "<", "&", "#", "id: ", "claims: ", "source: ", "kind: ", "shown: "]

    func mutate(_ bytes: [UInt8], with mutation: Mutation, others: [[UInt8]], rng: inout SeededGenerator) -> [UInt8] {
        var b = bytes
        func position() -> Int { b.isEmpty ? 0 : Int.random(in: 0...b.count, using: &rng) }
        func lineStarts() -> [Int] { Self.lineStarts(b) }
        func lines() -> [[UInt8]] { b.split(separator: 0x0A, omittingEmptySubsequences: false).map(Array.init) }
        func join(_ lines: [[UInt8]]) -> [UInt8] { Array(lines.joined(separator: [0x0A])) }
        switch mutation {
        case .truncate:
            b = Array(b.prefix(position()))
        case .randomBytes:
            for _ in 0..<Int.random(in: 1...40, using: &rng) where !b.isEmpty {
                b[Int.random(in: 0..<b.count, using: &rng)] = UInt8.random(in: 0...255, using: &rng)
            }
        case .invalidUTF8:
            b.insert(contentsOf: Self.invalidUTF8.randomElement(using: &rng)!, at: position())
        case .longLine:
            // Mostly 10-100 KB; now and then 1 MB (still under the 1 MiB limit with the file).
            let length = Int.random(in: 0..<10, using: &rng) == 0 ? 1_000_000 : Int.random(in: 10_000...100_000, using: &rng)
            let unit = ["a", "word ", "**bold** ", "¶3 ", "[", "“", "`", "- [x] "].randomElement(using: &rng)!
            let long = Array(String(repeating: unit, count: max(1, length / unit.utf8.count)).utf8)
            let starts = lineStarts()
            let at = starts.randomElement(using: &rng)!
            b.insert(contentsOf: long + [0x0A], at: at)
        case .escapeSequence:
            b.insert(contentsOf: Array(Self.escapes.randomElement(using: &rng)!.utf8), at: position())
        case .deepNesting:
            let depth = Int.random(in: 1_000...10_000, using: &rng)
            let shape = Int.random(in: 0..<6, using: &rng)
            var inserted: [UInt8]
            switch shape {
            case 0: inserted = Array(String(repeating: ">", count: depth).utf8) + Array(" deep".utf8)
            case 1: inserted = Array(String(repeating: "- ", count: depth).utf8) + Array("x".utf8)
            case 2: inserted = Array(String(repeating: "#", count: depth).utf8) + Array(" heading".utf8)
            case 3: inserted = Array((String(repeating: "[", count: depth) + String(repeating: "]", count: depth / 2)).utf8)
            case 4: inserted = Array(String(repeating: "**", count: depth).utf8)
            default:
                // A staircase of nested list items, one per line (kept well under 1 MiB).
                let steps = min(depth, 1_200)
                inserted = Array((0..<steps).map { String(repeating: " ", count: $0) + "- [x] level \($0)" }.joined(separator: "\n").utf8)
            }
            b.insert(contentsOf: inserted + [0x0A], at: lineStarts().randomElement(using: &rng)!)
        case .empty:
            b = [[], Array("---".utf8), Array("---\n---\n".utf8), Array("\n\n\n".utf8), Array(" ".utf8)].randomElement(using: &rng)!
        case .deleteLines:
            var ls = lines()
            let start = Int.random(in: 0..<ls.count, using: &rng)
            ls.removeSubrange(start..<min(ls.count, start + Int.random(in: 1...8, using: &rng)))
            b = join(ls)
        case .duplicateLines:
            var ls = lines()
            let start = Int.random(in: 0..<ls.count, using: &rng)
            let block = Array(ls[start..<min(ls.count, start + Int.random(in: 1...30, using: &rng))])
            ls.insert(contentsOf: block, at: Int.random(in: 0...ls.count, using: &rng))
            b = join(ls)
        case .swapLines:
            var ls = lines()
            for _ in 0..<Int.random(in: 1...5, using: &rng) {
                ls.swapAt(Int.random(in: 0..<ls.count, using: &rng), Int.random(in: 0..<ls.count, using: &rng))
            }
            b = join(ls)
        case .crlf:
            b = Array(lines().joined(separator: [0x0D, 0x0A]))
            if Bool.random(using: &rng) { b.insert(0x0D, at: position()) }   // and a lone CR
        case .byteOrderMark:
            b.insert(contentsOf: [0xEF, 0xBB, 0xBF], at: Bool.random(using: &rng) ? 0 : position())
        case .spliceOtherFile:
            let other = others.randomElement(using: &rng) ?? []
            let from = other.isEmpty ? 0 : Int.random(in: 0..<other.count, using: &rng)
            let piece = other[from..<min(other.count, from + Int.random(in: 1...4_000, using: &rng))]
            b.insert(contentsOf: piece, at: position())
        case .oddUnicode:
            for _ in 0..<Int.random(in: 1...5, using: &rng) {
                b.insert(contentsOf: Array(Self.oddUnicode.randomElement(using: &rng)!.utf8), at: lineBoundaryOrAnywhere(b, &rng))
            }
        case .markupSoup:
            for _ in 0..<Int.random(in: 1...20, using: &rng) {
                b.insert(contentsOf: Array(Self.markup.randomElement(using: &rng)!.utf8), at: lineBoundaryOrAnywhere(b, &rng))
            }
        case .huge:
            // Over the 1 MiB limit: refused with a location, never parsed.
            let target = Bool.random(using: &rng) ? 10 * 1024 * 1024 : (1 << 20) + 1
            var big = [UInt8](repeating: UInt8(ascii: "a"), count: target)
            big.replaceSubrange(0..<min(b.count, target), with: b.prefix(target))
            b = big
        }
        return b
    }

    /// A position at the start of a line (where markup means something) or, half the time, anywhere.
    private func lineBoundaryOrAnywhere(_ b: [UInt8], _ rng: inout SeededGenerator) -> Int {
        if b.isEmpty { return 0 }
        let at = Int.random(in: 0...b.count, using: &rng)
        if Bool.random(using: &rng) { return at }
        var start = at
        while start > 0 && b[start - 1] != 0x0A { start -= 1 }
        return start
    }

    // MARK: the tests

    /// Hundreds of seeded cases: one or two mutations of course.md or of one lesson
    /// (assembled with course.md and a second, intact lesson, so cross-file checks run).
    func testSeededMutationsOfTheBundledCourse() throws {
        let original = try Self.loadOriginal()
        let environment = ProcessInfo.processInfo.environment
        // A fixed seed by default, so CI runs the same cases every time; set PRIMER_FUZZ_SEED
        // (and PRIMER_FUZZ_CASES) to explore further.
        let seed = UInt64(environment["PRIMER_FUZZ_SEED"] ?? "") ?? 20_261_129
        let cases = Int(environment["PRIMER_FUZZ_CASES"] ?? "") ?? 300
        var rng = SeededGenerator(seed: seed)
        let allBytes = [original.course.bytes] + original.lessons.map(\.bytes)
        var counts: [Mutation: Int] = [:], timeBy: [Mutation: Double] = [:]
        var loaded = 0, rejected = 0, slowest = (0.0, ""), assembling = 0.0
        let started = Date()

        for n in 0..<cases {
            let lessonIndex = Int.random(in: 0..<original.lessons.count, using: &rng)
            let otherIndex = (lessonIndex + 1 + Int.random(in: 0..<(original.lessons.count - 1), using: &rng)) % original.lessons.count
            var course = original.course
            var lesson = original.lessons[lessonIndex]
            let other = original.lessons[otherIndex]
            let mutateCourse = Int.random(in: 0..<10, using: &rng) < 3
            var applied: [Mutation] = []
            for _ in 0..<(Int.random(in: 0..<4, using: &rng) == 0 ? 2 : 1) where applied.last != .huge {
                let mutation = Mutation.allCases.randomElement(using: &rng)!
                applied.append(mutation)
                counts[mutation, default: 0] += 1
                if mutateCourse {
                    course.bytes = mutate(course.bytes, with: mutation, others: allBytes, rng: &rng)
                } else {
                    lesson.bytes = mutate(lesson.bytes, with: mutation, others: allBytes, rng: &rng)
                }
            }
            let context = "case \(n) of seed \(seed) (PRIMER_FUZZ_SEED=\(seed)): \(applied.map(\.rawValue).joined(separator: "+")) of \(mutateCourse ? course.name : lesson.name)"
            let caseStart = Date()
            let result = assembleAndCheck(course: course, lessons: [lesson, other], context: context)
            let took = Date().timeIntervalSince(caseStart)
            assembling += took
            for m in applied { timeBy[m, default: 0] += took / Double(applied.count) }
            if took > slowest.0 { slowest = (took, context) }
            if result.errors.isEmpty { loaded += 1 } else { rejected += 1 }
            if n % 25 == 0 {
                // Same input, same diagnostics: nothing depends on hashing or timing.
                let again = CourseAssembler.assemble(courseFile: course, lessonFiles: [lesson, other])
                XCTAssertEqual(again.diagnostics, result.diagnostics, "\(context): not deterministic")
                XCTAssertEqual(again.course, result.course, "\(context): not deterministic")
            }
        }
        XCTAssertEqual(Set(counts.keys), Set(Mutation.allCases), "every mutation ran at least once: \(counts)")
        XCTAssertGreaterThan(rejected, cases / 4, "most mutations should be caught")
        let total = (Date().timeIntervalSince(started) * 10).rounded() / 10, slowestTime = (slowest.0 * 100).rounded() / 100
        let costly = timeBy.sorted { $0.value > $1.value }.prefix(4).map { "\($0.key.rawValue) \(Int($0.value * 1000)) ms/\(counts[$0.key] ?? 0)" }
        print("course fuzz: costliest mutations: \(costly.joined(separator: ", "))")
        print("course fuzz: seed \(seed), \(cases) cases in \(total) s, \((assembling * 10).rounded() / 10) s of it assembling and checking (\(loaded) without errors, \(rejected) with); slowest \(slowestTime) s: \(slowest.1)")
    }

    /// The named shapes, each on course.md and on a lesson, with the error expected.
    func testHandPickedHostileFilesAreRejectedWithLocations() throws {
        let original = try Self.loadOriginal()
        let lesson = original.lessons[0]
        let lines = Self.byteLines(lesson.bytes).count
        func with(_ bytes: [UInt8]) -> CourseSourceFile { CourseSourceFile(name: lesson.name, bytes: bytes) }
        /// The lesson replaced by `bytes` is skipped with an error in it (containing `message`, at `line`:`column` when given).
        func expect(_ bytes: [UInt8], _ message: String?, line: Int? = nil, column: Int? = nil, _ what: String) {
            let result = assembleAndCheck(course: original.course, lessons: [with(bytes)], context: what)
            let hit = result.errors.first { d in d.file == lesson.name && (message.map { d.message.contains($0) } ?? true) }
            XCTAssertNotNil(hit, "\(what): expected an error\(message.map { " containing '\($0)'" } ?? ""), got \(result.errors.map(\.description).map { $0.prefix(200) })")
            if let hit, let line { XCTAssertEqual(hit.line, line, "\(what): \(hit)") }
            if let hit, let column { XCTAssertEqual(hit.column, column, "\(what): \(hit)") }
            XCTAssertEqual(result.skipped.map(\.file), [lesson.name], what)
        }
        let body = lesson.bytes
        let newline: [UInt8] = [0x0A]
        // An ESC on the last line, at column 3.
        expect(body + newline + Array("ab\u{1B}[2J".utf8), "escape sequence", line: lines + 1, column: 3, "an escape sequence")
        expect(body + newline + Array("x".utf8) + [0xC3, 0x28], "invalid UTF-8", line: lines + 1, column: 2, "invalid UTF-8")
        expect(Array(body.prefix(1)), nil, "truncated to one byte")
        expect([], nil, "an empty lesson")
        expect(Array(repeating: UInt8(ascii: "a"), count: 10 * 1024 * 1024), "limited to 1 MiB", line: 1, column: 1, "a 10 MB file")
        let deepQuote = Array(String(repeating: ">", count: 10_000).utf8)
        // 10k '>' levels after the last option (an explanation line), and as a line of lesson text.
        assembleAndCheck(course: original.course, lessons: [with(body + deepQuote + Array(" why".utf8) + newline)], context: "10k '>' in an explanation")
        let afterMatter = Self.byteLines(body).prefix(8).reduce(0) { $0 + $1 + 1 }
        assembleAndCheck(course: original.course, lessons: [with(Array(body.prefix(afterMatter)) + deepQuote + newline + Array(body.dropFirst(afterMatter)))],
                         context: "10k '>' in lesson text")
        // A 1 MB line in the lesson text, then a control character after it: the column counts characters.
        let long = Array(repeating: UInt8(ascii: "a"), count: 1_000_000)
        expect(Array(body.prefix(afterMatter)) + long + Array("\u{7}".utf8) + newline + Array(body.dropFirst(afterMatter)),
               "control character (U+0007)", line: 9, column: 1_000_001, "a 1 MB line ending in BEL")

        // course.md itself: empty, or cut inside its front matter: no course, and an error in course.md.
        for bytes in [[], Array(original.course.bytes.prefix(40)), Array("\u{1B}".utf8)] {
            let result = assembleAndCheck(course: CourseSourceFile(name: original.course.name, bytes: bytes), lessons: original.lessons,
                                          context: "course.md of \(bytes.count) bytes")
            XCTAssertNil(result.course)
            XCTAssertTrue(result.errors.contains { $0.file == original.course.name }, "\(result.errors)")
        }
        // The intact course is accepted without a word.
        let intact = assembleAndCheck(course: original.course, lessons: original.lessons, context: "the bundled course")
        XCTAssertEqual(intact.diagnostics, [])
    }
}
