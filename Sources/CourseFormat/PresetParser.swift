import Foundation
import StudyCore

/// What reading a preset file gave: the preset when there was no error, and every
/// problem found (errors and warnings), each as `FILE:LINE:COLUMN: error: MESSAGE`.
public struct PresetParseResult: Sendable, Equatable {
    public var preset: ExamPreset?
    public var diagnostics: [Diagnostic]
    public var errors: [Diagnostic] { diagnostics.filter(\.isError) }
    public var warnings: [Diagnostic] { diagnostics.filter { !$0.isError } }
}

/// Reads exam preset files (Content/PRESETS.md): `key: value` lines and `#` comments,
/// optionally between `---` lines as in a course file's front matter.
///
/// ```
/// title: Mock exam 1
/// themes: alliance*2 motives sanctions
/// count: 20
/// minutes: 30
/// seed: 42
/// pass_mark: 60
/// feedback: after
/// ```
public enum PresetParser {
    public static let keys = ["title", "themes", "count", "minutes", "seed", "pass_mark", "feedback"]
    public static let maximumCount = 1000
    public static let maximumMinutes = 24.0 * 60

    /// Reads and parses the file at `path`; `file` is how diagnostics name it (default: the path).
    /// With a course, theme ids are checked against it too.
    public static func load(path: String, file: String? = nil, course: Course? = nil) -> PresetParseResult {
        let name = file ?? path
        guard let data = FileManager.default.contents(atPath: path) else {
            let reason = FileManager.default.fileExists(atPath: path) ? "cannot read the preset file" : "no such preset file"
            return PresetParseResult(preset: nil, diagnostics: [Diagnostic(file: name, line: 1, column: 1, message: reason)])
        }
        return parse(bytes: [UInt8](data), file: name, course: course)
    }

    public static func parse(_ text: String, file: String, course: Course? = nil) -> PresetParseResult {
        parse(bytes: Array(text.utf8), file: file, course: course)
    }

    public static func parse(bytes: [UInt8], file: String, course: Course? = nil) -> PresetParseResult {
        var sink = DiagnosticSink(file: file)
        guard let source = SourceText.decode(bytes, sink: &sink) else {
            return PresetParseResult(preset: nil, diagnostics: sink.items)
        }
        var seen = Set<String>()
        guard let entries = readEntries(source.substrings(), seen: &seen, sink: &sink) else {
            return PresetParseResult(preset: nil, diagnostics: sink.items)
        }
        let preset = build(entries, seen: seen, course: course, sink: &sink)
        // In file order, whichever check found them.
        let ordered = sink.items.enumerated().sorted { a, b in
            (a.element.line, a.element.column, a.offset) < (b.element.line, b.element.column, b.offset)
        }.map(\.element)
        return PresetParseResult(preset: sink.hasErrors ? nil : preset, diagnostics: ordered)
    }

    // MARK: lines

    struct Entry {
        var key: String
        var value: Substring
        var line: Int
        var keyColumn: Int
        var valueColumn: Int
    }

    /// The `key: value` entries, after checking the framing, comments, keys and duplicates.
    /// `seen` gets every known key that appears, even with a bad value. nil when the
    /// framing is broken (nothing more can be said about the file).
    static func readEntries(_ lines: [Substring], seen: inout Set<String>, sink: inout DiagnosticSink) -> [String: Entry]? {
        guard let (body, framed) = entryLines(lines, sink: &sink) else { return nil }
        var entries: [String: Entry] = [:]
        for index in body {
            guard let entry = entry(lines[index], lineNumber: index + 1, framed: framed, sink: &sink) else { continue }
            seen.insert(entry.key)
            if let earlier = entries[entry.key] {
                sink.error(entry.line, entry.keyColumn, "duplicate key '\(entry.key)' (first set on line \(earlier.line))")
                continue
            }
            if entry.value.isEmpty {
                sink.error(entry.line, entry.valueColumn, "'\(entry.key)' needs a value")
                continue
            }
            entries[entry.key] = entry
        }
        return entries
    }

    /// The indices of the lines that hold entries: every line, or those between the `---`
    /// lines when the first significant line opens a frame (optional, but then it must
    /// close). nil, with an error, when it does not.
    private static func entryLines(_ lines: [Substring], sink: inout DiagnosticSink) -> (indices: [Int], framed: Bool)? {
        let significant = lines.indices.filter { i in
            let t = lines[i].drop(while: { $0 == " " || $0 == "\t" })
            return !t.isEmpty && !t.hasPrefix("#")
        }
        guard let first = significant.first, lines[first].trimmingSpaces() == "---" else { return (Array(lines.indices), false) }
        guard let close = significant.dropFirst().first(where: { lines[$0].trimmingSpaces() == "---" }) else {
            sink.error(first + 1, 1, "the '---' on this line is not closed: add a line '---' after the last 'key: value' line")
            return nil
        }
        for i in significant where i > close {
            sink.error(i + 1, column(of: lines[i].drop(while: { $0 == " " || $0 == "\t" }), in: lines[i]),
                       "unexpected text after the closing '---' (line \(close + 1)); use '#' for notes")
            break
        }
        return (Array((first + 1)..<close), true)
    }

    /// The line's entry when it is `key: value` with a known key (its value possibly empty);
    /// nil for blank lines and comments, and, with an error, for anything else.
    private static func entry(_ line: Substring, lineNumber: Int, framed: Bool, sink: inout DiagnosticSink) -> Entry? {
        let trimmed = line.drop(while: { $0 == " " || $0 == "\t" })
        if trimmed.isEmpty || trimmed.hasPrefix("#") { return nil }
        if !framed && trimmed.trimmingSpaces() == "---" {
            sink.error(lineNumber, column(of: trimmed, in: line),
                       "'---' may only open and close the preset, around all of its 'key: value' lines")
            return nil
        }
        guard let colon = line.firstIndex(of: ":") else {
            sink.error(lineNumber, column(of: trimmed, in: line), "expected 'key: value'")
            return nil
        }
        let keyPart = line[line.startIndex..<colon].trimmingSpaces()
        let key = String(keyPart)
        let keyColumn = column(of: keyPart.isEmpty ? trimmed : keyPart, in: line)
        if key.isEmpty || key.contains(" ") || key.contains("\t") {
            sink.error(lineNumber, keyColumn, "expected 'key: value'")
            return nil
        }
        let valuePart = line[line.index(after: colon)...].drop(while: { $0 == " " || $0 == "\t" })
        guard keys.contains(key) else {
            sink.error(lineNumber, keyColumn, "unknown key '\(key)'" + Suggest.didYouMean(key, keys))
            return nil
        }
        return Entry(key: key, value: valuePart.trimmingSpaces(), line: lineNumber, keyColumn: keyColumn,
                     valueColumn: column(of: valuePart, in: line))
    }

    // MARK: values

    static func build(_ entries: [String: Entry], seen: Set<String>, course: Course?, sink: inout DiagnosticSink) -> ExamPreset {
        var preset = ExamPreset(title: "")
        if let e = entries["title"] {
            preset.title = String(e.value)
        } else if !seen.contains("title") {
            sink.error(1, 1, "missing required key 'title' (the name shown to learners and stored with their results)")
        }
        if let e = entries["themes"] { preset.themes = themes(e, course: course, sink: &sink) }
        if let e = entries["count"] {
            if let n = Int(e.value), (1...maximumCount).contains(n) {
                preset.count = n
            } else {
                sink.error(e.line, e.valueColumn, "'count' must be a whole number from 1 to \(maximumCount), not '\(e.value)'")
            }
        }
        if let e = entries["minutes"] {
            if let m = Double(e.value), m.isFinite, m > 0, m <= maximumMinutes {
                preset.minutes = m
            } else {
                sink.error(e.line, e.valueColumn, "'minutes' must be a number of minutes above 0 and at most \(Int(maximumMinutes)), not '\(e.value)'")
            }
        }
        if let e = entries["seed"] {
            if let s = UInt64(e.value) {
                preset.seed = s
            } else {
                sink.error(e.line, e.valueColumn, "'seed' must be a whole number from 0 to \(UInt64.max), not '\(e.value)'")
            }
        }
        if let e = entries["pass_mark"] {
            var text = e.value
            if text.hasSuffix("%") { text = text.dropLast().trimmingSpaces() }
            if let p = Double(text), p.isFinite, (0...100).contains(p) {
                preset.passMark = p / 100
            } else {
                sink.error(e.line, e.valueColumn, "'pass_mark' must be a percentage from 0 to 100, such as 60 or 60%, not '\(e.value)'")
            }
        }
        if let e = entries["feedback"] {
            let names = ExamPreset.Feedback.allCases.map(\.rawValue)
            if let f = ExamPreset.Feedback(rawValue: String(e.value)) {
                preset.feedback = f
            } else {
                sink.error(e.line, e.valueColumn, "'feedback' must be 'during' or 'after', not '\(e.value)'"
                           + (Suggest.closest(to: String(e.value), among: names).map { "; did you mean '\($0)'?" } ?? ""))
            }
        }
        if let course, !sink.hasErrors {
            let available = preset.effectiveThemes(for: course).reduce(0) { total, theme in
                total + course.questions.filter { $0.themeID == theme.themeID }.count
            }
            if available < preset.count {
                let e = entries["count"]
                sink.warning(e?.line ?? 1, e?.valueColumn ?? 1,
                             "the exam asks for \(plural(preset.count, "question")) but its themes have \(available); it will have \(available)")
            }
        }
        return preset
    }

    /// `alliance*2 motives, sanctions*0.5`: theme ids separated by spaces or commas, each
    /// optionally with `*WEIGHT` (a number above 0; default 1).
    static func themes(_ e: Entry, course: Course?, sink: inout DiagnosticSink) -> [ExamPreset.ThemeWeight] {
        var result: [ExamPreset.ThemeWeight] = []
        var firstSeen: [String: Int] = [:]
        let courseThemes = course.map { c in
            c.themes.map(\.id) + c.questions.map(\.themeID).filter { id in !c.themes.contains { $0.id == id } }
        }
        var start = e.value.startIndex
        let value = e.value
        while start < value.endIndex {
            if value[start] == " " || value[start] == "\t" || value[start] == "," {
                start = value.index(after: start)
                continue
            }
            var end = start
            while end < value.endIndex, value[end] != " ", value[end] != "\t", value[end] != "," { end = value.index(after: end) }
            let token = value[start..<end]
            let tokenColumn = e.valueColumn + value.distance(from: value.startIndex, to: start)
            start = end

            var id = token
            var weight = 1.0
            if let star = token.firstIndex(of: "*") {
                id = token[token.startIndex..<star]
                let weightText = token[token.index(after: star)...]
                let weightColumn = tokenColumn + token.distance(from: token.startIndex, to: star) + 1
                if let w = Double(weightText), w.isFinite, w > 0, w <= 1000 {
                    weight = w
                } else {
                    sink.error(e.line, weightColumn, "a theme's weight must be a number above 0 (at most 1000), not '\(weightText)'")
                    continue
                }
            }
            guard !id.isEmpty else {
                sink.error(e.line, tokenColumn, "expected a theme id before '*'")
                continue
            }
            let themeID = String(id)
            if let line = firstSeen[themeID] {
                sink.error(e.line, tokenColumn, "theme '\(themeID)' is listed twice (first at column \(line)); give it one weight instead")
                continue
            }
            firstSeen[themeID] = tokenColumn
            if let courseThemes {
                guard courseThemes.contains(themeID) else {
                    sink.error(e.line, tokenColumn, "the course has no theme '\(themeID)'" + Suggest.didYouMean(themeID, courseThemes))
                    continue
                }
                if let course, !course.questions.contains(where: { $0.themeID == themeID }) {
                    sink.warning(e.line, tokenColumn, "theme '\(themeID)' has no questions")
                }
            }
            result.append(ExamPreset.ThemeWeight(themeID, weight: weight))
        }
        return result
    }
}
