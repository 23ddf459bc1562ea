import StudyCore
import TerminalUI
import XCTest
@testable import PrimerApp

/// The lesson layout cache gives what laying out afresh gives, per width, and never a
/// stale layout for a lesson that changed under the same id (a course reloaded).
final class LessonLayoutCacheTests: XCTestCase {
    func text(_ lines: [[StyledText]]) -> [String] { lines.map { $0.map(\.text).joined() } }

    func testACachedLayoutEqualsAFreshOneAtEveryWidth() {
        let lesson = Fixtures.longLesson
        for width in [10, 40, 78, 40, 198] {
            XCTAssertEqual(text(LessonLayout.lines(for: lesson, width: width)),
                           text(LessonLayout.makeLayout(lesson, width: width).lines), "width \(width)")
        }
    }

    func testAChangedLessonWithTheSameIDIsLaidOutAgain() {
        var lesson = Fixtures.longLesson
        _ = LessonLayout.lines(for: lesson, width: 60)
        lesson.body.append(.paragraph("A paragraph added after the first layout."))
        XCTAssertEqual(text(LessonLayout.lines(for: lesson, width: 60)).last, "A paragraph added after the first layout.")
    }
}
