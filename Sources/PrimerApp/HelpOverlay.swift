import TerminalUI

/// `?` on any screen: the keys that work there, and the ones that work everywhere.
enum HelpOverlay {
    static func entries(for screen: Screen) -> [(String, String)] {
        var keys: [(String, String)]
        switch screen {
        case .dashboard:
            keys = [("↑ ↓  or  k j", "choose"), ("Enter", "open"), ("s", "study today"),
                    ("l", "lessons"), ("p", "practice"), ("x", "mock exam"), ("t", "statistics"), ("q  or  Esc", "quit")]
        case .statistics, .report:
            keys = [("↑ ↓  PgUp PgDn", "scroll"), ("Esc", "back")]
        case .settings:
            keys = [("↑ ↓", "choose a setting"), ("← →  - +", "change it"), ("Enter", "save"), ("Esc", "cancel")]
        case .learner:
            keys = [("↑ ↓", "choose"), ("Enter", "switch to this learner"), ("n", "new learner: type a name"), ("Esc", "back")]
        case .practiceSetup:
            keys = [("↑ ↓", "move"), ("Space", "choose a theme"), ("w", "choose my weakest themes"),
                    ("a", "all or none"), ("c", "cram: don't change my schedule"), ("Enter", "start"), ("Esc", "back")]
        case .exam:
            keys = [("1-9  or  a-i", "answer (multiple: toggle)"), ("Enter", "choose / submit the answer"),
                    ("f", "flag: skip now, come back after the last"), ("s", "submit the exam"),
                    ("r  → ←", "after the end: review wrong answers"), ("Esc", "submit / back")]
        case .lessons:
            keys = [("↑ ↓  or  k j", "move between lessons"), ("PgUp PgDn", "move ten at a time"),
                    ("Home End  or  g G", "first, last"), ("Enter  or  l", "read the lesson"),
                    ("t", "take the lesson's quiz"), ("Esc  q", "back")]
        case .lesson:
            keys = [("↑ ↓  or  k j", "scroll a line"), ("PgUp PgDn  Space b", "scroll a page"),
                    ("Home End  or  g G", "top, bottom"), ("Enter  or  t", "take the quiz"),
                    ("Esc  q  ←", "back")]
        case .quiz, .study:
            keys = [("1-9  or  a-i", "choose an option"), ("↑ ↓  Enter", "move, choose"),
                    ("Space", "toggle (select all that apply)"), ("g", "after answering: I guessed"),
                    ("e", "after answering: too easy"), ("o", "after answering: open the lesson there"),
                    ("Enter", "next question"), ("Esc  q", "stop")]
            if case .study = screen { keys.append(("u", "undo the last answer")) }
        }
        return keys + [("?", "this help"), ("Ctrl-L", "redraw the screen"), ("Ctrl-C", "quit from anywhere")]
    }

    static func draw(for screen: Screen, in bounds: Rect, into buffer: inout CellBuffer) {
        let keys = entries(for: screen)
        let keyWidth = keys.map { DisplayWidth.of($0.0) }.max() ?? 0
        let textWidth = keys.map { DisplayWidth.of($0.1) }.max() ?? 0
        let rect = bounds.centered(width: keyWidth + textWidth + 7, height: keys.count + 4)
        Box.draw(rect, title: "Keys", into: &buffer)
        for (i, (key, text)) in keys.enumerated() where rect.y + 2 + i < rect.maxY - 1 {
            let y = rect.y + 2 + i
            buffer.put(key, x: rect.x + 2, y: y, style: .bold, maxWidth: rect.width - 4)
            buffer.put(text, x: rect.x + 4 + keyWidth, y: y, maxWidth: max(0, rect.width - keyWidth - 6))
        }
        buffer.put(" any key closes ", x: rect.x + 2, y: rect.maxY - 1, style: .dim, maxWidth: rect.width - 4)
    }
}
