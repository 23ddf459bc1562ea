import Foundation
import StudyCore

/// Deterministic large data for the benchmarks: a course of many items and a learner's
/// review log over it, simulated with the real scheduler and replayed, so item states are
/// exactly what the app would hold (fuzz included, drawn from the review ids).
enum DataGen {
    /// The fixed "now" every generated log is relative to (a Sunday noon, UTC).
    static let now = Date(timeIntervalSince1970: 1_748_779_200)  // 2025-06-01T12:00:00Z
    static let settings = StudySettings(timeZone: TimeZone(identifier: "UTC")!)
    static let themeCount = 10

    /// `lessons` × `perLesson` questions over `themeCount` themes, lesson ids l0000…,
    /// question ids q000000…. The text is short: the benchmarks that use this course
    /// measure scheduling, not layout.
    static func syntheticCourse(lessons: Int, perLesson: Int) -> Course {
        let themes = (0..<themeCount).map { Theme(id: "t\($0)", title: "Theme \($0)", order: $0) }
        var lessonList: [Lesson] = []
        lessonList.reserveCapacity(lessons)
        for l in 0..<lessons {
            let lessonID = String(format: "l%04d", l)
            let themeID = "t\(l * themeCount / lessons)"
            let questions = (0..<perLesson).map { k -> Question in
                let id = String(format: "q%06d", l * perLesson + k)
                return Question(id: id, kind: .single, themeID: themeID, lessonID: lessonID, stem: "Stem of \(id)?",
                                choices: [Choice("Right", isCorrect: true), Choice("Wrong A", isCorrect: false),
                                          Choice("Wrong B", isCorrect: false), Choice("Wrong C", isCorrect: false)],
                                explanation: "Because.")
            }
            lessonList.append(Lesson(id: lessonID, title: "Lesson \(l)", themeID: themeID, order: l, questions: questions))
        }
        return Course(id: "bench-course", title: "Benchmark course", themes: themes, lessons: lessonList)
    }

    /// A UUID-shaped id from the generator (the app's review ids are UUID strings).
    static func uuid(_ rng: inout SeededGenerator) -> String {
        let digits = Array("0123456789ABCDEF".utf8)
        var bytes = [UInt8](repeating: UInt8(ascii: "-"), count: 36)
        var bits = rng.next(), used = 0
        for i in 0..<36 where i != 8 && i != 13 && i != 18 && i != 23 {
            if used == 16 { bits = rng.next(); used = 0 }
            bytes[i] = digits[Int(bits & 15)]
            bits >>= 4
            used += 1
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    struct Log {
        var records: [ReviewRecord]
        /// Which generated item (index into the seen items) each record belongs to.
        var itemOfRecord: [Int32]
    }

    /// `totalReviews` reviews over the first `seenItems` of `questionIDs`, 5–20 per item
    /// (summing exactly to `totalReviews`). Each item's history is simulated from its own
    /// start with ratings drawn 10 % Again, 10 % Hard, 70 % Good, 10 % Easy (the last one
    /// never Again) and answers at, a little before, or after each due time; it is then
    /// shifted so its last review lies a day plus up to 1.2 of its last interval before
    /// `now`. FSRS depends only on time differences, so the shift keeps every state valid.
    static func reviewLog(questionIDs: [String], seenItems: Int, totalReviews: Int, courseID: String,
                          shown: (Int) -> [String] = { _ in [] }, seed: UInt64 = 42) -> Log {
        var rng = SeededGenerator(seed: seed)
        var counts = (0..<seenItems).map { _ in Int.random(in: 5...20, using: &rng) }
        var total = counts.reduce(0, +)
        while total != totalReviews {
            let i = Int.random(in: 0..<seenItems, using: &rng)
            if total < totalReviews, counts[i] < 20 { counts[i] += 1; total += 1 }
            else if total > totalReviews, counts[i] > 5 { counts[i] -= 1; total -= 1 }
        }
        let scheduler = FSRSScheduler(settings.schedulerConfig())
        var records: [ReviewRecord] = []
        records.reserveCapacity(totalReviews)
        var itemOfRecord: [Int32] = []
        itemOfRecord.reserveCapacity(totalReviews)
        let sessionID = "bench-session"
        for item in 0..<seenItems {
            let questionID = questionIDs[item % questionIDs.count]
            let options = shown(item)
            var card = CardMemory.new(at: Date(timeIntervalSince1970: 0))
            var t = 0.0
            var times: [Double] = [], ratings: [Rating] = [], ids: [String] = []
            for k in 0..<counts[item] {
                let roll = Int.random(in: 0..<10, using: &rng)
                var rating: Rating = roll == 0 ? .again : roll == 1 ? .hard : roll == 9 ? .easy : .good
                // The last answer so far was a success: most items rest in Review, a few in steps.
                if k == counts[item] - 1, rating == .again { rating = .good }
                let id = uuid(&rng)
                card = scheduler.review(card, rating: rating, at: Date(timeIntervalSince1970: t),
                                        fuzz: FSRSScheduler.fuzzUnit(forReviewID: id))
                times.append(t); ratings.append(rating); ids.append(id)
                let wait = card.due.timeIntervalSince1970 - t
                let jitter = card.state == .review ? Double.random(in: -0.2...0.5, using: &rng) : Double.random(in: 0...0.3, using: &rng)
                t = (card.due.timeIntervalSince1970 + jitter * wait).rounded(.down)
                t = max(t, times.last! + 60)
            }
            let lastInterval = card.due.timeIntervalSince1970 - times.last!
            // Nothing answered yet today (the day's limits are all available), and about
            // a sixth of the items due: the queue has to pick from thousands.
            let lastAt = now.timeIntervalSince1970 - 86_400 - (Double.random(in: 0...1.2, using: &rng) * lastInterval).rounded(.down)
            let shift = lastAt - times.last!
            for k in 0..<times.count {
                let correct = ratings[k] != .again
                records.append(ReviewRecord(
                    id: ids[k], courseID: courseID, questionID: questionID,
                    reviewedAt: Date(timeIntervalSince1970: times[k] + shift), rating: ratings[k],
                    shown: options, chosen: options.isEmpty ? [] : [options[correct ? 0 : 1]],
                    correct: correct, responseMilliseconds: 4000 + (k * 977) % 9000, sessionID: sessionID))
                itemOfRecord.append(Int32(item))
            }
        }
        return Log(records: records, itemOfRecord: itemOfRecord)
    }
}
