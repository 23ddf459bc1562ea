import Foundation
import StudyCore
import TerminalUI

/// Lesson text laid out for a width: headings, paragraphs, bullets with hanging indent,
/// key terms in bold.
public enum LessonLayout {
    public static let keyTermStyle = Style(bold: true, color: .cyan)

    public static func lines(for lesson: Lesson, width: Int) -> [[StyledText]] {
        layout(lesson, width: width).lines
    }

    /// The line where the part covering `paragraphs` starts: the first heading citing
    /// one of them (0 when none does).
    public static func anchorLine(for paragraphs: [Int], in lesson: Lesson, width: Int) -> Int {
        let wanted = Set(paragraphs)
        return layout(lesson, width: width).headings.first { !wanted.isDisjoint(with: $0.sources) }?.line ?? 0
    }

    typealias Layout = (lines: [[StyledText]], headings: [(line: Int, sources: [Int])])

    /// The layout for this width, from a small cache: a frame asks for it two or three
    /// times (scroll range, anchor, the text), and every frame while the lesson is open,
    /// but it changes only when the width does. A pure function of its inputs, so
    /// remembering it keeps `render` pure.
    static func layout(_ lesson: Lesson, width: Int) -> Layout {
        if let hit = LayoutCache.shared.layout(lesson, width: width) { return hit }
        let made = makeLayout(lesson, width: width)
        LayoutCache.shared.store(made, lesson, width: width)
        return made
    }

    static func makeLayout(_ lesson: Lesson, width: Int) -> Layout {
        var headings: [(line: Int, sources: [Int])] = []
        var out: [[StyledText]] = []
        let titleStyle = Style(bold: true, underline: true)
        out += WordWrap.wrap(lesson.title, width: width, style: titleStyle)
        if !lesson.sources.isEmpty { out.append([StyledText("Source: " + citation(lesson.sources), .dim)]) }
        var previousWasBullet = false
        for block in lesson.body {
            switch block {
            case .heading(let text, let sources):
                out.append([])
                headings.append((out.count, sources))
                var spans = spans(text, base: .bold)
                if !sources.isEmpty { spans.append(StyledText("  " + citation(sources), .dim)) }
                out += WordWrap.wrap(spans, width: width)
                previousWasBullet = false
            case .paragraph(let text):
                out.append([])
                out += WordWrap.wrap(spans(text, base: .plain), width: width)
                previousWasBullet = false
            case .bullet(let text):
                if !previousWasBullet { out.append([]) }
                let wrapped = WordWrap.wrap(spans(text, base: .plain), width: max(1, width - 2))
                for (i, line) in wrapped.enumerated() {
                    out.append([StyledText(i == 0 ? "• " : "  ")] + line)
                }
                previousWasBullet = true
            }
        }
        return (out, headings)
    }

    static func spans(_ text: InlineText, base: Style) -> [StyledText] {
        text.runs.map { StyledText($0.text, $0.isKeyTerm ? base.adding(keyTermStyle) : base) }
    }
}

/// The last few lesson layouts, by lesson and width (a lesson read at one size, or two
/// while a window is resized); an entry counts only for an equal lesson.
final class LayoutCache: @unchecked Sendable {
    static let shared = LayoutCache()
    private let lock = NSLock()
    private var entries: [(lesson: Lesson, width: Int, layout: LessonLayout.Layout)] = []
    private let capacity = 8

    func layout(_ lesson: Lesson, width: Int) -> LessonLayout.Layout? {
        lock.lock()
        defer { lock.unlock() }
        return entries.first { $0.width == width && $0.lesson.id == lesson.id && $0.lesson == lesson }?.layout
    }

    func store(_ layout: LessonLayout.Layout, _ lesson: Lesson, width: Int) {
        lock.lock()
        defer { lock.unlock() }
        entries.removeAll { $0.width == width && $0.lesson.id == lesson.id }
        entries.insert((lesson, width, layout), at: 0)
        if entries.count > capacity { entries.removeLast() }
    }
}
