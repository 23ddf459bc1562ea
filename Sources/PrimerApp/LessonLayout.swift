import StudyCore
import TerminalUI

/// Lesson text laid out for a width: headings, paragraphs, bullets with hanging indent,
/// key terms in bold.
public enum LessonLayout {
    public static let keyTermStyle = Style(bold: true, color: .cyan)

    public static func lines(for lesson: Lesson, width: Int) -> [[StyledText]] {
        var out: [[StyledText]] = []
        let titleStyle = Style(bold: true, underline: true)
        out += WordWrap.wrap(lesson.title, width: width, style: titleStyle)
        if !lesson.sources.isEmpty { out.append([StyledText("Source: " + citation(lesson.sources), .dim)]) }
        var previousWasBullet = false
        for block in lesson.body {
            switch block {
            case .heading(let text, let sources):
                out.append([])
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
        return out
    }

    static func spans(_ text: InlineText, base: Style) -> [StyledText] {
        text.runs.map { StyledText($0.text, $0.isKeyTerm ? base.adding(keyTermStyle) : base) }
    }
}
