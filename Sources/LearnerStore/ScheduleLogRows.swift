import Foundation
import GRDB
import GRDBSQLite
import StudyCore

/// Reads a learner's schedule-affecting answers into a `ScheduleLog` from the
/// `review_by_item` index alone, in its order (course, question, time, id): no sort, no
/// row visited, no string made per answer (only per question). A value of an unexpected
/// type leaves this path: its row is decoded as everywhere else (`Codecs.review`), which
/// names the row and column it cannot hold, or reads it as GRDB would.
enum ScheduleLogRows {
    static let query = """
        SELECT rowid, id, courseId, questionId, reviewedAt, rating, affectsSchedule FROM review WHERE learnerId = ?
        ORDER BY courseId, questionId, reviewedAt, id
        """

    static func log(_ db: Database, learner: Int64) throws -> ScheduleLog {
        var log = ScheduleLog()
        log.reserve(try answersAtMost(db))
        let statement = try db.makeStatement(sql: query)
        try statement.setArguments([learner])
        var question = QuestionBytes()
        try SQLiteRows.forEach(statement, in: db) { s in
            if let answer = Answer(s) {
                guard answer.movesSchedule else { return true }
                if question.changes(to: answer.course, answer.question) {
                    log.startQuestion(courseID: String(decoding: answer.course, as: UTF8.self),
                                      questionID: String(decoding: answer.question, as: UTF8.self))
                }
                log.appendAnswer(time: Double(answer.reviewedAt) / 1000, rating: answer.rating, id: answer.id)
            } else {
                let rowid = sqlite3_column_int64(s, 0)
                guard let row = try Row.fetchOne(db, sql: "SELECT * FROM review WHERE rowid = ?", arguments: [rowid]) else {
                    throw StoreError.notFound("review row \(rowid)")
                }
                let record = try Codecs.review(row, withOptions: false)
                guard record.affectsSchedule else { return true }
                var course = record.courseID, questionID = record.questionID, id = record.id
                course.withUTF8 { c in
                    questionID.withUTF8 { q in
                        if question.changes(to: UnsafeRawBufferPointer(c), UnsafeRawBufferPointer(q)) {
                            log.startQuestion(courseID: record.courseID, questionID: record.questionID)
                        }
                        id.withUTF8 { log.appendAnswer(time: record.reviewedAt.timeIntervalSince1970, rating: record.rating,
                                                       id: UnsafeRawBufferPointer($0)) }
                    }
                }
            }
            return true
        }
        log.orderTies()
        return log
    }

    /// At most how many answers the file holds: the largest rowid (found in a few pages;
    /// rowids are distinct and positive, so there are no more rows than that), capped at a
    /// million. The log's arrays are reserved that large before reading instead of
    /// doubling as they fill, which copied them into fresh memory each time; memory
    /// reserved and never touched costs nothing. Measured on 14,000 answers: 34 fewer page
    /// faults and no copying, a fraction of a millisecond.
    private static func answersAtMost(_ db: Database) throws -> Int {
        let statement = try db.makeStatement(sql: "SELECT max(rowid) FROM review")
        let s = statement.sqliteStatement
        defer { sqlite3_reset(s) }
        guard sqlite3_step(s) == SQLITE_ROW, sqlite3_column_type(s, 0) == SQLITE_INTEGER else { return 0 }
        return Int(min(max(sqlite3_column_int64(s, 0), 0), 1_000_000))
    }

    /// The row under the statement, when every value is of its column's type.
    private struct Answer {
        let id: UnsafeRawBufferPointer
        let course: UnsafeRawBufferPointer
        let question: UnsafeRawBufferPointer
        let reviewedAt: Int64
        let rating: Rating
        let movesSchedule: Bool

        init?(_ s: SQLiteStatement) {
            func type(_ column: Int32) -> Int32 { sqlite3_column_type(s, column) }
            guard type(1) == SQLITE_TEXT, type(2) == SQLITE_TEXT, type(3) == SQLITE_TEXT, type(4) == SQLITE_INTEGER,
                  type(5) == SQLITE_INTEGER, type(6) == SQLITE_INTEGER,
                  let rating = Rating(rawValue: Int(sqlite3_column_int64(s, 5))) else { return nil }
            // Their type is known to be text: no need to ask again, as `SQLiteColumns` would.
            id = Self.text(s, 1)
            course = Self.text(s, 2)
            question = Self.text(s, 3)
            reviewedAt = sqlite3_column_int64(s, 4)
            self.rating = rating
            movesSchedule = sqlite3_column_int64(s, 6) != 0
        }

        /// A text column's bytes as SQLite holds them (valid until the next step).
        private static func text(_ s: SQLiteStatement, _ column: Int32) -> UnsafeRawBufferPointer {
            guard let text = sqlite3_column_text(s, column) else { return UnsafeRawBufferPointer(start: nil, count: 0) }
            return UnsafeRawBufferPointer(start: UnsafeRawPointer(text), count: Int(sqlite3_column_bytes(s, column)))
        }
    }

    /// The course and question of the answer before, as bytes.
    private struct QuestionBytes {
        private var course: [UInt8]?
        private var question: [UInt8] = []

        /// Whether this answer's question differs from the one before (and remembers it).
        mutating func changes(to course: UnsafeRawBufferPointer, _ question: UnsafeRawBufferPointer) -> Bool {
            if let known = self.course, Self.same(known, course), Self.same(self.question, question) { return false }
            self.course = Array(course)
            self.question = Array(question)
            return true
        }

        private static func same(_ held: [UInt8], _ bytes: UnsafeRawBufferPointer) -> Bool {
            held.count == bytes.count && held.withUnsafeBytes { h in
                guard let a = h.baseAddress, let b = bytes.baseAddress else { return true }   // both empty
                return memcmp(a, b, bytes.count) == 0
            }
        }
    }
}
