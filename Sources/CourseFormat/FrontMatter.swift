import StudyCore
/// The `---` delimited block of `key: value` lines at the top of every course file.
struct FrontMatter {
    struct Entry {
        var value: String
        var line: Int
        /// Column where the value starts (for pointing at a bad value).
        var valueColumn: Int
        var keyColumn: Int
        /// Byte offset of the value in the file, for diagnostics about a token within it.
        var valueOffset: Int
    }
    var entries: [String: Entry] = [:]
    /// Index of the first line after the closing `---`.
    var bodyStart: Int

    subscript(key: String) -> Entry? { entries[key] }

    /// Parses the front matter, checking keys against `allowed` and `required`.
    static func parse(_ source: SourceText, allowed: [String], required: [String],
                      sink: inout DiagnosticSink) -> FrontMatter? {
        func isDashes(_ index: Int) -> Bool { source.equals(source.trimmedTrailing(source.lines[index].range), "---") }
        guard isDashes(0) else {
            sink.error(1, 1, "missing front matter: the file must start with a line '---'")
            return nil
        }
        // Only the closing line is looked for on bytes; the few lines before it are read as text.
        guard let close = (1..<source.lineCount).first(where: isDashes) else {
            sink.error(1, 1, "front matter is not closed: add a line '---' after the last 'key: value' line")
            return nil
        }
        var matter = FrontMatter(bodyStart: close + 1)
        for index in 1..<close {
            let line = source.lineText(index)
            let lineNumber = index + 1
            let trimmed = line.drop(while: { $0 == " " })
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            guard let colon = line.firstIndex(of: ":") else {
                sink.error(lineNumber, column(of: trimmed, in: line), "expected 'key: value' in front matter")
                continue
            }
            let keyPart = line[line.startIndex..<colon].trimmingSpaces()
            let key = String(keyPart)
            let keyColumn = column(of: keyPart.isEmpty ? trimmed : keyPart, in: line)
            if key.isEmpty || key.contains(" ") {
                sink.error(lineNumber, keyColumn, "expected 'key: value' in front matter")
                continue
            }
            var valuePart = line[line.index(after: colon)...]
            valuePart = valuePart.drop(while: { $0 == " " })
            let value = String(valuePart.trimmingTrailingSpaces())
            let valueColumn = column(of: valuePart, in: line)
            guard allowed.contains(key) else {
                sink.error(lineNumber, keyColumn, "unknown key '\(key)'" + Suggest.didYouMean(key, allowed))
                continue
            }
            if let earlier = matter.entries[key] {
                sink.error(lineNumber, keyColumn, "duplicate key '\(key)' (first set on line \(earlier.line))")
                continue
            }
            matter.entries[key] = Entry(value: value, line: lineNumber, valueColumn: valueColumn, keyColumn: keyColumn,
                                        valueOffset: source.offset(of: valuePart, inLine: index, text: line))
        }
        for key in required where (matter.entries[key]?.value ?? "").isEmpty {
            if let entry = matter.entries[key] {
                sink.error(entry.line, entry.valueColumn, "'\(key)' must not be empty")
            } else {
                sink.error(1, 1, "missing required key '\(key)' in front matter")
            }
        }
        return matter
    }
}
