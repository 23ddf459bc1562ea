import StudyCore

/// Text clean-up shared by the bank parsers.
enum BankText {
    /// Drops control characters (and whole terminal escape sequences) that primer's
    /// course files do not allow; tabs become spaces, Unicode line separators newlines.
    /// Returns the text and whether anything was removed.
    static func sanitize(_ text: String) -> (String, Bool) {
        var out = String.UnicodeScalarView()
        var removed = false
        var scalars = text.unicodeScalars.makeIterator()
        var pending: Unicode.Scalar? = nil
        func next() -> Unicode.Scalar? {
            if let p = pending { pending = nil; return p }
            return scalars.next()
        }
        while let s = next() {
            let v = s.value
            if v == 0x0A { out.append(s); continue }
            if v == 0x09 { out.append(" "); continue }
            if v == 0x2028 || v == 0x2029 { out.append("\n"); continue }
            if v == 0x1B {
                removed = true
                // CSI: ESC [ parameters… final byte (0x40-0x7E). OSC: ESC ] … BEL or ESC \.
                guard let n = next() else { break }
                if n == "[" {
                    while let c = next(), !(0x40...0x7E).contains(c.value) {}
                } else if n == "]" {
                    while let c = next() {
                        if c.value == 0x07 { break }
                        if c.value == 0x1B { _ = next(); break }
                    }
                } else if !(0x40...0x5F).contains(n.value) {
                    pending = n
                }
                continue
            }
            if v < 0x20 || (0x7F..<0xA0).contains(v) { removed = true; continue }
            out.append(s)
        }
        return (String(out), removed)
    }

    /// Lines trimmed, blank lines at the ends dropped.
    static func tidyLines(_ text: String) -> String {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { String($0.trimmingSpaces()) }
        while lines.first == "" { lines.removeFirst() }
        while lines.last == "" { lines.removeLast() }
        return lines.joined(separator: "\n")
    }

    /// HTML to plain text: tags dropped, `<br>` and block ends as line breaks, entities decoded.
    static func htmlToText(_ html: String) -> String {
        let blockTags: Set<String> = ["p", "div", "li", "ul", "ol", "tr", "table", "blockquote", "pre",
                                      "h1", "h2", "h3", "h4", "h5", "h6"]
        var out = ""
        var chars = Array(html)
        chars.append(" ")
        var i = 0
        var lastWasSpace = false
        while i < chars.count - 1 {
            let c = chars[i]
            if c == "<", chars[i + 1].isLetter || chars[i + 1] == "/" || chars[i + 1] == "!" {
                if let close = chars[(i + 1)...].firstIndex(of: ">") {
                    let inner = String(chars[(i + 1)..<close]).lowercased()
                    let name = inner.drop(while: { $0 == "/" }).prefix(while: { $0.isLetter || $0.isNumber })
                    if name == "br" {
                        out.append("\n")
                        lastWasSpace = true
                    } else if blockTags.contains(String(name)) {
                        out.append("\n")
                        lastWasSpace = true
                    }
                    i = close + 1
                    continue
                }
            }
            if c.isWhitespace {
                if !lastWasSpace { out.append(" ") }
                lastWasSpace = true
            } else {
                out.append(c)
                lastWasSpace = false
            }
            i += 1
        }
        let decoded = decodeEntities(out)
        // Trim lines and keep at most one blank line between paragraphs.
        var lines: [String] = []
        for line in decoded.split(separator: "\n", omittingEmptySubsequences: false) {
            let t = String(line.trimmingSpaces())
            if t.isEmpty && (lines.last ?? "").isEmpty { continue }
            lines.append(t)
        }
        return tidyLines(lines.joined(separator: "\n"))
    }

    static let entities: [String: String] = [
        "amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'", "nbsp": " ",
        "ndash": "–", "mdash": "—", "hellip": "…", "lsquo": "‘", "rsquo": "’", "ldquo": "“", "rdquo": "”",
        "laquo": "«", "raquo": "»", "copy": "©", "reg": "®", "deg": "°", "times": "×", "divide": "÷",
        "eacute": "é", "egrave": "è", "agrave": "à", "aacute": "á", "iacute": "í", "oacute": "ó", "uacute": "ú",
        "ntilde": "ñ", "ccedil": "ç", "uuml": "ü", "ouml": "ö", "auml": "ä", "szlig": "ß", "euro": "€", "pound": "£",
    ]

    static func decodeEntities(_ text: String) -> String {
        guard text.contains("&") else { return text }
        var out = ""
        var rest = Substring(text)
        while let amp = rest.firstIndex(of: "&") {
            out += rest[rest.startIndex..<amp]
            let after = rest[rest.index(after: amp)...]
            if let semi = after.prefix(12).firstIndex(of: ";") {
                let name = String(after[after.startIndex..<semi])
                var replacement: String? = entities[name]
                if replacement == nil, name.hasPrefix("#") {
                    let digits = name.dropFirst()
                    let value = digits.first == "x" || digits.first == "X"
                        ? UInt32(digits.dropFirst(), radix: 16) : UInt32(digits, radix: 10)
                    if let v = value, let scalar = Unicode.Scalar(v) { replacement = String(Character(scalar)) }
                }
                if let r = replacement {
                    out += r
                    rest = after[after.index(after: semi)...]
                    continue
                }
            }
            out += "&"
            rest = after
        }
        out += rest
        return out
    }
}
