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

    static func layout(_ lesson: Lesson, width: Int) -> (lines: [[StyledText]], headings: [(line: Int, sources: [Int])]) {
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
