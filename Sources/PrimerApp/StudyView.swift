import Foundation
import StudyCore
import TerminalUI

/// Study today: the scheduler's questions one at a time, then a summary.
enum StudyView {
    static func draw(_ study: StudyState, at now: Date?, in rect: Rect, into buffer: inout CellBuffer) -> [(String, String)] {
        let counter = "Study today · answered \(study.answered) · right \(study.right)"
        switch study.phase {
        case .loading:
            buffer.put(counter, x: rect.x + 1, y: rect.y + 1, style: .dim, maxWidth: rect.width - 2)
            buffer.put("Finding what is due…", x: rect.x + 1, y: rect.y + 3, maxWidth: rect.width - 2)
            return [("Esc", "back")]
        case .question(let session):
            var keys = QuizView.draw(title: "Study today", session: session, scroll: study.scroll, override: study.override,
                                     receipt: study.receipt, counter: counter, in: rect, into: &buffer)
            if !study.history.isEmpty { keys.insert(("u", "undo"), at: max(0, keys.count - 1)) }
            return keys
        case .finished(let nextDue):
            let width = min(rect.width - 2, QuizView.readingWidth)
            let x = rect.x + max(0, (rect.width - width) / 2)
            var lines: [[StyledText]] = [[StyledText("Done for now", .bold)], []]
            if study.answered == 0 {
                lines.append([StyledText("Nothing is due, and no new questions are open yet.")])
                lines += WordWrap.wrap("Read a lesson (Lessons on the home screen) to open its questions for study.", width: width)
            } else {
                let percent = Int((Double(study.right) / Double(study.answered) * 100).rounded())
                lines.append([StyledText("Answered \(study.answered), right \(study.right) (\(percent)%)")])
                let minutes = Int(((now ?? study.startedAt).timeIntervalSince(study.startedAt) / 60).rounded())
                lines.append([StyledText("Time: \(minutes) min", .dim)])
            }
            if let nextDue {
                lines.append([])
                let wait = max(0, nextDue.timeIntervalSince(study.now ?? nextDue))
                if study.now != nil, wait < 3600 {
                    lines.append([StyledText("An item in its learning steps comes back in \(ExamView.clock(wait)) (at \(clock(nextDue))).")])
                    lines.append([StyledText("Wait here and it will be asked, or go home and come back.", .dim)])
                } else {
                    lines.append([StyledText("Next: an item in learning comes back at \(clock(nextDue)).")])
                }
            }
            TextView(lines: lines).draw(offset: 0, in: Rect(x: x, y: rect.y + 1, width: width, height: rect.height - 1), into: &buffer)
            var keys: [(String, String)] = [("Enter", "home")]
            if !study.history.isEmpty { keys.append(("u", "undo last answer")) }
            return keys
        }
    }

    static func clock(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.dateFormat = "HH:mm"
        return formatter.string(from: date)
    }
}
