import Foundation
import StudyCore

// Question banks in other tools' formats (Moodle GIFT and Aiken) turned into a primer
// course folder. The parsers (GIFTParser, AikenParser) read a bank into `BankQuestion`s;
// `BankImport` gives them ids, themes and lessons and builds a `Course`; `CourseWriter`
// writes that course as primer Markdown.

public enum BankImport {
    public enum Failure: Error, Equatable, CustomStringConvertible {
        case invalidUTF8(line: Int, column: Int)
        case invalidThemeID(String)
        case nothingToImport
        public var description: String {
            switch self {
            case .invalidUTF8(let line, let column): "\(line):\(column): the file is not valid UTF-8; save it as UTF-8"
            case .invalidThemeID(let id): "theme id '\(id)' may use only letters, digits, '-', '_' and '.', starting with a letter or digit"
            case .nothingToImport: "no question could be imported"
            }
        }
    }

    /// The bytes of a bank file as text: UTF-8 (a byte order mark is dropped).
    public static func decode(_ bytes: [UInt8]) throws(Failure) -> String {
        if let bad = SourceText.firstInvalidUTF8(bytes) {
            let (line, column) = SourceText.position(ofByte: bad, in: bytes)
            throw .invalidUTF8(line: line, column: column)
        }
        var text = String(decoding: bytes, as: UTF8.self)
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
        return text
    }

    public static func parse(_ text: String, format: BankFormat) -> BankParseResult {
        switch format {
        case .gift: GIFTParser.parse(text)
        case .aiken: AikenParser.parse(text)
        }
    }

    /// Parses a bank and builds the course folder's files.
    /// - Parameters:
    ///   - fileName: the bank's file name, for the lesson text and the default theme.
    ///   - courseID: the course id unless the bank names one (a `// primer-course:` comment).
    ///   - theme: put every lesson in this one theme instead of one theme per top category.
    public static func importBank(_ text: String, format: BankFormat, fileName: String, courseID: String,
                                  theme: String? = nil) throws(Failure) -> BankImportResult {
        let parsed = parse(text, format: format)
        return try makeCourse(parsed, fileName: fileName, courseID: courseID, theme: theme)
    }

    public static func makeCourse(_ bank: BankParseResult, fileName: String, courseID: String,
                                  theme themeOption: String? = nil) throws(Failure) -> BankImportResult {
        if let t = themeOption, !References.isValidID(t) { throw .invalidThemeID(t) }
        guard !bank.questions.isEmpty else { throw .nothingToImport }
        var builder = CourseBuilder(bank: bank, fileName: fileName, themeOption: themeOption)
        let course = builder.build(courseID: courseID)
        let files = CourseWriter.files(for: course)
        return BankImportResult(course: course, files: files, messages: sorted(builder.messages))
    }

    /// Messages by line; at one line, in the order they were made.
    static func sorted(_ messages: [BankMessage]) -> [BankMessage] {
        messages.enumerated().sorted { ($0.element.line, $0.offset) < ($1.element.line, $1.offset) }.map(\.element)
    }

    /// "The right answer is: Paris." — the explanation of a question whose bank gave none.
    static func statedAnswer(_ q: BankQuestion) -> String {
        func sentence(_ s: String) -> String {
            guard let last = s.last else { return s }
            return ".!?…".contains(last) ? s : s + "."
        }
        let right = q.choices.filter(\.isCorrect).map { oneLine($0.text) }
        switch q.kind {
        case .trueFalse:
            return "The statement is \(right.first?.lowercased() == "true" ? "true" : "false")."
        case .multiple where right.count > 1:
            return sentence("The right answers are: " + right.joined(separator: "; "))
        default:
            return sentence("The right answer is: " + (right.first ?? ""))
        }
    }


    // MARK: - Ids and text

    /// Lowercase letters and digits joined by '-': "Unit 1: Cells" → "unit-1-cells".
    public static func slug(_ text: String, maxLength: Int = 48) -> String {
        var out = ""
        var pendingDash = false
        for scalar in text.precomposedStringWithCanonicalMapping.lowercased().unicodeScalars {
            if scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) {
                if pendingDash && !out.isEmpty { out.append("-") }
                pendingDash = false
                out.unicodeScalars.append(scalar)
            } else {
                pendingDash = true
            }
        }
        if out.unicodeScalars.count > maxLength {
            var cut = String(String.UnicodeScalarView(out.unicodeScalars.prefix(maxLength)))
            while cut.hasSuffix("-") { cut.removeLast() }
            out = cut
        }
        return out
    }

    public static func isValidID(_ id: String) -> Bool { References.isValidID(id) }

    /// `text` as an id: itself when it is one, else its slug, else `fallback`.
    static func validID(_ text: String, fallback: String) -> String {
        let t = oneLine(text)
        if References.isValidID(t), t.unicodeScalars.count <= 64 { return t }
        let s = slug(t)
        return s.isEmpty ? fallback : s
    }

    /// `text` as a lowercase slug, else `fallback`.
    static func validSlug(_ text: String, fallback: String) -> String {
        let s = slug(oneLine(text))
        return s.isEmpty ? fallback : s
    }

    /// Newlines (and runs of spaces around them) become one space; ends trimmed.
    static func oneLine(_ text: String) -> String {
        guard text.contains(where: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" || $0 == "\t" }) else {
            return String(text.trimmingSpaces())
        }
        return text.split(whereSeparator: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" })
            .map { $0.replacingOccurrences(of: "\t", with: " ").trimmingSpaces() }
            .filter { !$0.isEmpty }
            .joined(separator: " ")
    }

    static func nonEmpty(_ s: String?) -> String? {
        guard let s else { return nil }
        let t = oneLine(s)
        return t.isEmpty ? nil : t
    }
}
