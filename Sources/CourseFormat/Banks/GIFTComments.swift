import StudyCore

/// `// primer-…` comments (what a bank exported by primer keeps) and `$CATEGORY:` paths.
extension GIFTParser.State {
    /// `// primer-KEY: VALUE` → (KEY, VALUE).
    func primerComment(_ trimmed: Substring) -> (String, String)? {
        let body = trimmed.dropFirst(2).trimmingSpaces()
        guard body.hasPrefix("primer-"), let colon = body.firstIndex(of: ":") else { return nil }
        let key = body[body.index(body.startIndex, offsetBy: 7)..<colon]
        return (String(key), String(body[body.index(after: colon)...].trimmingSpaces()))
    }

    /// Course-level comments; false for the ones that belong to a question.
    mutating func globalComment(_ key: String, _ value: String, line: Int) -> Bool {
        func idAndRest(_ v: String) -> (String, String)? {
            guard let colon = v.firstIndex(of: ":") else { return nil }
            return (String(v[..<colon].trimmingSpaces()), String(v[v.index(after: colon)...].trimmingSpaces()))
        }
        switch key {
        case "course": metadata.courseID = value
        case "course-title": metadata.title = value
        case "course-description": metadata.description = value
        case "course-source": metadata.source = value
        case "course-paragraphs":
            if let n = Int(value), n >= 1 { metadata.paragraphCount = n }
            else { messages.append(BankMessage(line: line, .warning, "'primer-course-paragraphs: \(value)' is not a whole number; ignored")) }
        case "claim":
            // "C1 ¶2 ¶3: text"
            guard let (head, text) = idAndRest(value), let id = References.tokens(head).first?.0, !text.isEmpty,
                  References.isValidID(id), !metadata.claims.contains(where: { $0.id == id }) else {
                messages.append(BankMessage(line: line, .warning, "'primer-claim:' expects 'ID ¶N: text' with a new claim id; ignored"))
                return true
            }
            let refs = paragraphs(String(head.dropFirst(id.count)), line: line)
            metadata.claims.append(Claim(id: id, paragraphs: refs, text: text))
        case "theme":
            guard let (id, title) = idAndRest(value), References.isValidID(id), !title.isEmpty else {
                messages.append(BankMessage(line: line, .warning, "'primer-theme:' expects 'ID: Title'; ignored"))
                return true
            }
            if !metadata.themes.contains(where: { $0.id == id }) { metadata.themes.append((id, title)) }
        case "lesson", "lesson-order", "lesson-sources", "lesson-claims":
            guard let (id, rest) = idAndRest(value), !id.isEmpty else {
                messages.append(BankMessage(line: line, .warning, "'primer-\(key):' expects 'LESSON-ID: value'; ignored"))
                return true
            }
            var info = metadata.lessons[id] ?? BankMetadata.LessonInfo()
            switch key {
            case "lesson": info.title = rest
            case "lesson-order": info.order = Int(rest)
            case "lesson-sources": info.sources = paragraphs(rest, line: line)
            default: info.claims = References.tokens(rest).map(\.0)
            }
            metadata.lessons[id] = info
        default:
            return false
        }
        return true
    }

    mutating func paragraphs(_ value: String, line: Int) -> [Int] {
        var sink = DiagnosticSink(file: "")
        // Only the messages are kept (the bank has its own places), so no column is needed.
        let refs = References.paragraphs(value, line: line, at: 0, paragraphCount: nil, sink: &sink)
        for d in sink.items { messages.append(BankMessage(line: line, .warning, d.message)) }
        return refs
    }

    static func categoryPath(_ raw: String) -> [String] {
        // Moodle writes a '/' inside a category name as '//'.
        let marker = "\u{0}"
        let escapedSlash = raw.replacingOccurrences(of: "//", with: marker)
        var parts = escapedSlash.split(separator: "/", omittingEmptySubsequences: true).map {
            BankImport.oneLine(BankText.sanitize(unescape(String($0).replacingOccurrences(of: marker, with: "/"))).0)
        }.filter { !$0.isEmpty }
        // "$course$/top/…", "$system$/top/…": Moodle's context and its root category.
        var hadContext = false
        while let first = parts.first, first.hasPrefix("$"), first.hasSuffix("$"), first.count > 1 {
            parts.removeFirst()
            hadContext = true
        }
        if hadContext, parts.first?.lowercased() == "top" { parts.removeFirst() }
        return parts
    }

    static func unescape(_ s: String) -> String {
        String(GIFTParser.units(Substring(s), number: 0).map(\.ch))
    }
}
