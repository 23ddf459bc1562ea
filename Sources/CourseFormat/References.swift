/// Parsing of `¶N` paragraph refs and claim ids, and of ids in general.
enum References {
    /// Parses "¶6 ¶7", "¶6, ¶7" or "¶2-¶5" / "¶2–5". Reports bad tokens at their column.
    static func paragraphs(_ value: String, line: Int, column: Int, paragraphCount: Int?,
                           sink: inout DiagnosticSink) -> [Int] {
        var result: [Int] = []
        for (token, offset) in tokens(value) {
            let col = column + offset
            let parts = token.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "-" || $0 == "–" })
            let numbers = parts.compactMap { part -> Int? in
                var p = Substring(part)
                if p.hasPrefix("¶") { p = p.dropFirst() }
                return Int(p)
            }
            guard token.hasPrefix("¶"), (1...2).contains(parts.count), numbers.count == parts.count,
                  let low = numbers.first, let high = numbers.last else {
                sink.error(line, col, "'\(token)' is not a paragraph ref; write ¶N, e.g. ¶6, or a range ¶2-¶5")
                continue
            }
            if low > high {
                sink.error(line, col, "paragraph range '\(token)' runs backwards")
                continue
            }
            for n in low...high {
                if let count = paragraphCount, n < 1 || n > count {
                    sink.error(line, col, "¶\(n) does not exist: the source has paragraphs ¶1-¶\(count)")
                    break
                }
                result.append(n)
            }
        }
        return result
    }

    /// Space- or comma-separated tokens with their character offsets.
    static func tokens(_ value: String) -> [(String, Int)] {
        var out: [(String, Int)] = []
        var current = "", start = 0, index = 0
        for ch in value {
            if ch == " " || ch == "," || ch == "\t" {
                if !current.isEmpty { out.append((current, start)) }
                current = ""
            } else {
                if current.isEmpty { start = index }
                current.append(ch)
            }
            index += 1
        }
        if !current.isEmpty { out.append((current, start)) }
        return out
    }

    /// Ids: letters, digits, '-', '_' and '.', starting with a letter or digit.
    static func isValidID(_ id: String) -> Bool {
        guard let first = id.unicodeScalars.first, first.properties.isAlphabetic || ("0"..."9").contains(first) else { return false }
        return id.unicodeScalars.allSatisfy { $0.properties.isAlphabetic || ("0"..."9").contains($0) || "-_.".unicodeScalars.contains($0) }
    }
}
