import ArgumentParser
import CourseFormat
import Foundation
import StudyCore
import TerminalUI

enum SheetFormat: String, CaseIterable, ExpressibleByArgument {
    case md, txt
}

/// `primer sheet --preset FILE`: the preset's exam on paper, with an answer key.
struct SheetCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sheet",
        abstract: "Print a preset's questions for paper, numbered with lettered options, and an answer key.",
        discussion: """
            The questions and their options are exactly those of primer exam --preset FILE: \
            the same seed gives the same questions in the same order with the same options \
            (option a is option 1 on screen). Without a seed in the preset, --seed or a fresh \
            one is used and named on the answer key, so the paper can be given as an exam too \
            by adding that seed to the preset. The answer key starts on a new page: after a \
            form feed in txt, after a '---' break and an "Answer key" heading in md. Writes to \
            stdout; redirect it to a file to print.
            """)

    @OptionGroup var options: GlobalOptions

    @Option(name: .long, help: ArgumentHelp("The exam preset (see Content/PRESETS.md).", valueName: "FILE"))
    var preset: String

    @Option(name: .long, help: ArgumentHelp("md or txt.", valueName: "FORMAT"))
    var format: SheetFormat = .txt

    @Option(name: .long, help: "Seed to use when the preset has none.")
    var seed: UInt64?

    func run() throws {
        do {
            let course = try PlainSetup.loadCourse(options)
            let preset = try PresetFile.load(self.preset, course: course)
            let seed = PresetFile.seed(preset, option: self.seed)
            let exam = preset.makeSession(course: course, startedAt: Clock.now(), seed: seed)
            guard !exam.items.isEmpty else { throw PrimerError("the preset's themes have no questions") }
            let sheet = Sheet(preset: preset, course: course, items: exam.items, seed: seed, seedFromPreset: preset.seed != nil)
            Streams.out(format == .md ? sheet.markdown() : sheet.text(width: PlainOutput(environment: options.environment).width),
                        kind: .pages)
        }
    }
}

/// A paper exam: the questions, then the answer key on a page of its own.
struct Sheet {
    let preset: ExamPreset
    let course: Course
    let items: [AskedQuestion]
    let seed: UInt64
    let seedFromPreset: Bool

    static func letter(_ index: Int) -> String {
        index < 26 ? String(UnicodeScalar(UInt8(97 + index))) : String(index + 1)
    }

    var summary: String {
        let minutes = preset.minutes == preset.minutes.rounded() ? String(Int(preset.minutes)) : String(preset.minutes)
        return "\(plural(items.count, "question")) · \(minutes) minutes · pass mark \(percent(preset.passMark))"
    }

    var instructions: String {
        "Choose one answer for each question and circle its letter; where a question says "
            + "“select all that apply”, circle every right answer."
    }

    func key(_ asked: AskedQuestion) -> String {
        let letters = asked.shown.indices.filter { asked.shown[$0].isCorrect }.map(Self.letter)
        let texts = asked.shown.filter(\.isCorrect).map { clean($0.text) }
        var line = letters.joined(separator: ", ") + " — " + texts.joined(separator: "; ")
        if !asked.question.sources.isEmpty { line += " (\(citation(asked.question.sources)))" }
        return line
    }

    var seedNote: String {
        seedFromPreset ? "Seed \(seed) (from the preset)."
            : "Seed \(seed): add the line 'seed: \(seed)' to the preset to give learners this same paper with primer exam."
    }

    /// Plain text wrapped to `width`, a form feed before the answer key.
    func text(width: Int) -> String {
        var out: [String] = []
        func wrap(_ text: String, prefix: String = "", indent: String? = nil) {
            let hanging = indent ?? String(repeating: " ", count: prefix.count)
            let lines = WordWrap.wrapPlain(clean(text), width: max(10, width - prefix.count))
            for (i, l) in lines.enumerated() { out.append((i == 0 ? prefix : hanging) + l) }
        }
        wrap(preset.title)
        wrap(course.title)
        out.append(summary)
        out.append("")
        out.append("Name: ______________________________   Date: ______________")
        out.append("")
        wrap(instructions)
        for (n, asked) in items.enumerated() {
            out.append("")
            let number = "\(n + 1). "
            let pad = String(repeating: " ", count: number.count)
            wrap(asked.question.stem, prefix: number)
            if asked.question.kind == .multiple && !asked.question.stemSaysSelectAll { out.append(pad + "(Select all that apply.)") }
            for (i, choice) in asked.shown.enumerated() {
                wrap(choice.text, prefix: pad + Self.letter(i) + ") ")
            }
        }
        var text = out.joined(separator: "\n") + "\n\u{0C}"
        var keyLines: [String] = []
        let keyTitle = "Answer key: " + clean(preset.title)
        keyLines.append(keyTitle)
        keyLines.append("")
        for (n, asked) in items.enumerated() {
            let prefix = "\(n + 1). "
            for (i, l) in WordWrap.wrapPlain(key(asked), width: max(10, width - prefix.count)).enumerated() {
                keyLines.append((i == 0 ? prefix : String(repeating: " ", count: prefix.count)) + l)
            }
        }
        keyLines.append("")
        keyLines.append(contentsOf: WordWrap.wrapPlain(seedNote, width: width))
        text += keyLines.joined(separator: "\n") + "\n"
        return text
    }

    /// Markdown: a `---` break and an "Answer key" heading before the key.
    func markdown() -> String {
        var out: [String] = []
        out.append("# \(clean(preset.title))")
        out.append("")
        out.append("\(clean(course.title)) · \(summary)")
        out.append("")
        out.append("Name: ______________________________ Date: ______________")
        out.append("")
        out.append(instructions)
        for (n, asked) in items.enumerated() {
            out.append("")
            out.append("**\(n + 1).** \(clean(asked.question.stem))" + (asked.question.kind == .multiple && !asked.question.stemSaysSelectAll ? " *(Select all that apply.)*" : ""))
            out.append("")
            for (i, choice) in asked.shown.enumerated() {
                out.append("- \(Self.letter(i))) \(clean(choice.text))")
            }
        }
        out.append("")
        out.append("---")
        out.append("")
        out.append("## Answer key")
        out.append("")
        for (n, asked) in items.enumerated() {
            out.append("\(n + 1). \(key(asked))")
        }
        out.append("")
        out.append(seedNote)
        return out.joined(separator: "\n") + "\n"
    }
}
