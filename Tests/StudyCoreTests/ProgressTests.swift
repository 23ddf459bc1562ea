import Foundation
import XCTest
@testable import StudyCore

final class ProgressTests: XCTestCase {
    let settings = StudySettings(timeZone: TimeZone(secondsFromGMT: 0)!)
    let now = utc("2024-03-11T10:00:00Z")
    let course = makeCourse(themes: 2, lessonsPerTheme: 1, questionsPerLesson: 2)

    func progress(_ records: [ReviewRecord], read: Set<String> = [], at: Date? = nil) -> (StudyProgress, ReplayedLog) {
        let log = plainScheduler.replayLog(records)
        let p = StudyProgress(course: course, states: log.states, reviews: log.reviews, readLessons: read,
                              settings: settings, scheduler: plainScheduler, now: at ?? now)
        return (p, log)
    }

    func testFiguresPerThemeAndOverall() throws {
        let records = [
            record("a1", "t1-l1-q1", .easy, at: now - 20 * day),
            record("a2", "t1-l1-q1", .good, at: now - 5 * day),    // review answer, recalled
            record("b1", "t1-l1-q2", .easy, at: now - 3 * day),    // due in 5 days
            record("c1", "t2-l1-q1", .easy, at: now - 40 * day),
            record("c2", "t2-l1-q1", .again, at: now - 2 * day),   // review answer, lapsed → relearning, overdue
            record("d1", "t2-l1-q2", .good, at: now - 1 * hour, affectsSchedule: false),  // cram only
        ]
        let (p, log) = progress(records, read: ["t1-l1"])
        // Mastery is recall a week ahead (every one of these was answered right once).
        let r = { (id: String) in plainScheduler.recallProbability(of: log.states[id]!, at: self.now + 7 * day) }

        XCTAssertEqual(p.overall.seen, 3)
        XCTAssertEqual(p.overall.total, 4)
        XCTAssertEqual(p.overall.mastery, (r("t1-l1-q1") + r("t1-l1-q2") + r("t2-l1-q1")) / 4, accuracy: 1e-15)
        XCTAssertEqual(p.overall.dueToday, 1)
        XCTAssertEqual(p.overall.retention, 0.5)
        XCTAssertEqual(p.overall.retentionAnswers, 2)
        XCTAssertEqual(p.overall.lessonsRead, 1)
        XCTAssertEqual(p.overall.lessonsTotal, 2)
        XCTAssertEqual(p.streakDays, 1)

        var forecast = [Int](repeating: 0, count: 30)
        forecast[0] = 1
        forecast[5] = 1
        let q1Due = log.states["t1-l1-q1"]!.due
        let q1Day = Int((q1Due.timeIntervalSince(settings.studyDay(containing: now).start) / day).rounded(.down))
        if q1Day < 30 { forecast[q1Day] += 1 }
        XCTAssertEqual(p.overall.forecast, forecast)

        let t1 = try XCTUnwrap(p.figures(forTheme: "t1")), t2 = try XCTUnwrap(p.figures(forTheme: "t2"))
        XCTAssertEqual(p.themes.map(\.themeID), ["t1", "t2"])
        XCTAssertEqual([t1.seen, t1.total, t2.seen, t2.total], [2, 2, 1, 2])
        XCTAssertEqual(t1.mastery, (r("t1-l1-q1") + r("t1-l1-q2")) / 2, accuracy: 1e-15)
        XCTAssertEqual(t2.mastery, r("t2-l1-q1") / 2, accuracy: 1e-15)
        XCTAssertEqual(t1.retention, 1)
        XCTAssertEqual(t2.retention, 0)
        XCTAssertEqual([t1.dueToday, t2.dueToday], [0, 1])
        XCTAssertEqual([t1.lessonsRead, t2.lessonsRead], [1, 0])
        XCTAssertEqual(zip(t1.forecast, t2.forecast).map { $0 + $1 }, p.overall.forecast)
    }

    func testRetentionOnlyCoversTheLastThirtyStudyDays() {
        let records = [
            record("a1", "t1-l1-q1", .easy, at: now - 60 * day),
            record("a2", "t1-l1-q1", .again, at: now - 31 * day),  // outside the window
        ]
        let (p, _) = progress(records)
        XCTAssertNil(p.overall.retention)
        XCTAssertEqual(p.overall.retentionAnswers, 0)
    }

    func testNothingStudied() {
        let (p, _) = progress([])
        XCTAssertEqual(p.overall.seen, 0)
        XCTAssertEqual(p.overall.mastery, 0)
        XCTAssertNil(p.overall.retention)
        XCTAssertEqual(p.overall.forecast, [Int](repeating: 0, count: 30))
        XCTAssertEqual(p.streakDays, 0)
    }

    func testStreakCountsConsecutiveStudyDays() {
        let today = settings.studyDay(containing: now)
        let answers = { (offsets: [Double]) in
            offsets.enumerated().map { i, d in record("s\(i)", "t1-l1-q1", .good, at: today.start + d * day + hour) }
        }
        XCTAssertEqual(progress(answers([0, -1, -2, -4])).0.streakDays, 3)
        XCTAssertEqual(progress(answers([-1, -2, -4])).0.streakDays, 2, "not broken until today ends")
        XCTAssertEqual(progress(answers([-2, -3])).0.streakDays, 0)
        // 03:59 today belongs to yesterday's study day.
        let lateNight = [record("n", "t1-l1-q1", .good, at: today.start - 1), record("m", "t1-l1-q2", .good, at: now)]
        XCTAssertEqual(progress(lateNight).0.streakDays, 2)
    }
}
