import Foundation

/// What one pass over an export does with each part the reader meets. Every part is
/// checked (`ExportValidator`) before it is handed over.
protocol ExportVisitor {
    /// Whether reviews come with their option lists in the store's form (writing needs
    /// them; checking only checks them).
    static var keepsOptionText: Bool { get }
    /// A learner's object begins (`index` from 0). Its name may come later in the object.
    mutating func beginLearner(_ index: Int) throws
    mutating func review(_ review: ImportedReview) throws
    mutating func session(_ session: ExportSession) throws
    mutating func lesson(_ lesson: ExportLesson) throws
    mutating func setting(key: String, value: String) throws
    /// The learner's object ended, every part of it valid.
    mutating func endLearner(_ index: Int, name: String, createdAt: Date) throws
}

/// Reads an export document once, from its first byte to its last, checking every part
/// and handing the valid ones to a visitor. What it keeps is what the checks need: the
/// learner names met so far, and the parts of the object being read.
///
/// Problems are reported in the order the whole-document reader reported them: a file
/// that is not JSON (anywhere in it) first, then a top level that is not an object, the
/// header (`format`, `version`), and only then the first problem in the learners. So a
/// problem in the learners is held until the end of the file, which is read on to check
/// it (`learners` comes before `version` in an export's sorted keys). Within a learner,
/// its name and `createdAt` come before its parts (`lessonsRead` precedes `name`).
struct ExportStream {
    let reader: JSONReader
    let validator: ExportValidator
    let file: String
    /// The learner names met so far: two of one name are refused.
    var names = Set<String>()

    init(_ source: ExportSource, file: String, knownQuestions: [String: Set<String>], chunkSize: Int) throws {
        reader = JSONReader(try source.open(), chunkSize: chunkSize)
        validator = ExportValidator(knownQuestions: knownQuestions)
        self.file = file
    }

    /// Reads the document; every refusal is a `StoreError` naming the file.
    mutating func read<V: ExportVisitor>(_ visitor: inout V) throws {
        do {
            try document(&visitor)
        } catch let problem as ExportProblem {
            throw StoreError.invalidExport(detail: problem.message(file: file))
        } catch let error as JSONSyntaxError {
            throw StoreError.invalidExport(detail: "\(file), \(error.place): it is not valid JSON: \(error.message)")
        }
    }

    private struct Header {
        var format: String?
        var version: Int?
        var problem: ExportProblem?
        var hasLearners = false
    }

    private mutating func document<V: ExportVisitor>(_ visitor: inout V) throws {
        guard try reader.peekByte() != nil else { throw StoreError.invalidExport(detail: "the file is empty") }
        let first = try reader.next()
        guard first == .objectStart else { try refuseTopLevel(first) }
        var header = Header()
        var learnersProblem: ExportProblem?
        while try reader.next() == .key {
            do {
                if reader.textIs("format") { header.format = try reader.readOptionalString("format") }
                else if reader.textIs("version") { header.version = try reader.readOptionalInt("version") }
                else if reader.textIs("learners") {
                    header.hasLearners = true
                    try learners(&visitor)
                } else { try reader.skipValue() }
            } catch let problem as ExportProblem {
                if problem.field == "format" || problem.field == "version" {
                    header.problem = header.problem ?? problem
                } else {
                    learnersProblem = learnersProblem ?? problem
                }
                try reader.skip(toDepth: 1)
            }
        }
        _ = try reader.next()   // .end, or the syntax error of what follows the document
        try check(header)
        if let learnersProblem { throw learnersProblem }
    }

    /// Not an object: still read to its end, since a file that is not JSON says so first.
    private func refuseTopLevel(_ first: JSONToken) throws -> Never {
        if first == .arrayStart { try reader.skipRestOfContainer() }
        _ = try reader.next()
        let kind: String
        switch first {
        case .arrayStart: kind = "an array"
        case .string: kind = "a string"
        case .null: kind = "null"
        default: kind = "a number or a boolean"
        }
        throw StoreError.invalidExport(detail: "it is JSON, but \(kind), not the object a primer export is")
    }

    private func check(_ header: Header) throws {
        if let problem = header.problem { throw problem }
        guard header.format == ExportDocument.formatName else {
            let found = header.format.map { "\"\(ExportValidator.show($0))\"" } ?? "missing"
            throw StoreError.invalidExport(detail: "\"format\" is \(found), expected \"\(ExportDocument.formatName)\"")
        }
        guard let version = header.version else { throw StoreError.invalidExport(detail: "\"version\" is missing") }
        guard version <= ExportDocument.currentVersion else {
            throw StoreError.unsupportedExportVersion(found: version, supported: ExportDocument.currentVersion)
        }
        guard version == ExportDocument.currentVersion else {
            throw StoreError.invalidExport(detail: "unknown format version \(version)")
        }
        guard header.hasLearners else { throw JSONReader.missing("learners") }
    }

    private mutating func learners<V: ExportVisitor>(_ visitor: inout V) throws {
        let token = try reader.next()
        guard token == .arrayStart else { throw try reader.mismatch(token, expected: "an array", field: "learners") }
        var index = 0
        while true {
            let element = try reader.next()
            if element == .arrayEnd { return }
            guard element == .objectStart else {
                throw try reader.mismatch(element, expected: "an object", field: "learner \(index + 1)")
            }
            try learner(index, &visitor)
            index += 1
        }
    }
}
