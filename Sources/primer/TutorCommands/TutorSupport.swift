import ArgumentParser
import CourseFormat
import Foundation
import StudyCore
import StudyServices
import TerminalUI

/// Reading a preset file for a command: diagnostics go to stderr as
/// `FILE:LINE:COLUMN: error: MESSAGE`, and any error ends the command with status 1.
enum PresetFile {
    static func load(_ path: String, course: Course?) throws -> ExamPreset {
        let expanded = (path as NSString).expandingTildeInPath
        let result = PresetParser.load(path: expanded, file: path, course: course)
        for diagnostic in result.diagnostics { standardError(diagnostic.description) }
        guard let preset = result.preset else { throw ExitCode(1) }
        return preset
    }

    /// The seed an exam or sheet from `preset` uses: the preset's, else `--seed`, else a fresh one.
    static func seed(_ preset: ExamPreset, option: UInt64?) -> UInt64 {
        preset.seed ?? option ?? RandomSeed.fresh()
    }
}

/// RFC 4180 CSV: fields holding a comma, a double quote, CR or LF are quoted, quotes inside
/// are doubled, and every record (the header too) ends in CRLF.
enum CSV {
    static func field(_ text: String) -> String {
        let special = text.unicodeScalars.contains { $0 == "," || $0 == "\"" || $0 == "\r" || $0 == "\n" }
        guard special else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    static func record(_ fields: [String]) -> String {
        fields.map(field).joined(separator: ",") + "\r\n"
    }

    struct ParseError: Error, CustomStringConvertible {
        var line: Int
        var message: String
        var description: String { "line \(line): \(message)" }
    }

    /// Records and the line each starts on. Accepts CRLF or LF line ends; a final line
    /// end is optional; empty lines between records are skipped.
    static func parse(_ text: String) throws -> [(line: Int, fields: [String])] {
        var reader = Reader()
        let scalars = Array(text.unicodeScalars)
        var i = 0
        while i < scalars.count {
            let next = i + 1 < scalars.count ? scalars[i + 1] : nil
            if reader.inQuotes {
                i += reader.readQuoted(scalars[i], next: next)
            } else {
                try reader.readUnquoted(scalars[i], next: next)
                i += 1
            }
        }
        return try reader.finish()
    }

    /// Where reading is: the records so far, the record and field being read.
    private struct Reader {
        var records: [(line: Int, fields: [String])] = []
        var fields: [String] = []
        var field = String.UnicodeScalarView()
        var line = 1, recordLine = 1
        var inQuotes = false, wasQuoted = false, atFieldStart = true

        /// A character inside a quoted field; returns how many characters it took (2 for a doubled quote).
        mutating func readQuoted(_ c: Unicode.Scalar, next: Unicode.Scalar?) -> Int {
            if c == "\"" {
                if next == "\"" {
                    field.append("\"")
                    return 2
                }
                inQuotes = false
            } else {
                if c == "\n" { line += 1 }
                field.append(c)
            }
            return 1
        }

        mutating func readUnquoted(_ c: Unicode.Scalar, next: Unicode.Scalar?) throws {
            switch c {
            case "\"" where atFieldStart:
                inQuotes = true
                wasQuoted = true
                atFieldStart = false
            case "\"":
                throw ParseError(line: line, message: "a double quote inside a field that is not quoted")
            case ",":
                endField()
            case "\r" where next == "\n":
                break   // the \n ends the record
            case "\n":
                endRecord()
                line += 1
                recordLine = line
            default:
                if wasQuoted { throw ParseError(line: line, message: "text after a closing double quote") }
                field.append(c)
                atFieldStart = false
            }
        }

        /// The records, once the text has ended.
        mutating func finish() throws -> [(line: Int, fields: [String])] {
            if inQuotes { throw ParseError(line: recordLine, message: "a quoted field is not closed") }
            if !field.isEmpty || !fields.isEmpty || wasQuoted { endRecord() }
            return records
        }

        mutating func endField() {
            fields.append(String(field))
            field = String.UnicodeScalarView()
            wasQuoted = false
            atFieldStart = true
        }

        mutating func endRecord() {
            endField()
            if !(fields.count == 1 && fields[0].isEmpty) { records.append((recordLine, fields)) }
            fields = []
        }
    }
}

/// Dates on the command line and in results.
enum TutorDates {
    /// ISO 8601 in UTC with milliseconds: `2025-03-01T09:21:05.123Z`.
    static func iso(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        formatter.timeZone = TimeZone(identifier: "UTC")
        return formatter.string(from: date)
    }

    /// ISO 8601 date-time with a zone, with or without fractional seconds.
    static func parseISO(_ text: String) -> Date? {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let date = formatter.date(from: text) { return date }
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.date(from: text)
    }

    /// `--since`: `2025-03-01` (midnight, local time) or an ISO 8601 date-time such as `2025-03-01T09:00:00Z`.
    static func since(_ text: String) throws -> Date {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if let date = parseISO(trimmed) { return date }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone.current
        formatter.dateFormat = "yyyy-MM-dd"
        formatter.isLenient = false
        if trimmed.count == 10, let date = formatter.date(from: trimmed) { return date }
        throw ValidationError("--since: expected a date such as 2025-03-01 or 2025-03-01T09:00:00Z, not '\(text)'")
    }
}

/// A plain-text table aligned by display width (names and options may be in any script).
enum TextTable {
    static func render(_ header: [String], _ rows: [[String]], rightAligned: Set<Int> = []) -> String {
        let cells = ([header] + rows).map { $0.map(clean) }
        let columns = header.count
        let widths = (0..<columns).map { c in cells.map { c < $0.count ? DisplayWidth.of($0[c]) : 0 }.max() ?? 0 }
        return cells.map { row in
            var line = ""
            for c in 0..<columns {
                let text = c < row.count ? row[c] : ""
                let pad = String(repeating: " ", count: max(0, widths[c] - DisplayWidth.of(text)))
                if c > 0 { line += "  " }
                line += rightAligned.contains(c) ? pad + text : text + pad
            }
            while line.hasSuffix(" ") { line.removeLast() }
            return line
        }.joined(separator: "\n")
    }

    /// Cuts text to `width` display columns, ending in "…" when cut.
    static func truncate(_ text: String, to width: Int) -> String {
        guard DisplayWidth.of(text) > width else { return text }
        var out = "", used = 0
        for character in text {
            let w = DisplayWidth.of(character)
            if used + w > width - 1 { break }
            out.append(character)
            used += w
        }
        return out + "…"
    }
}

/// The course for themes and right options, when one loads; commands that work on
/// results still run without it.
func optionalCourse(_ options: GlobalOptions) -> Course? {
    guard let folder = try? ContentLocator.courseFolder(option: options.content, environment: options.environment) else { return nil }
    return CourseLoader.load(folder: folder).course
}



