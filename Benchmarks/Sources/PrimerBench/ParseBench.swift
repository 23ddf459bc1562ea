import CourseFormat
import Foundation
import StudyCore

/// Figure 3: parsing a generated course of 10,000 questions in 100 lesson files, from
/// memory (`CourseAssembler.assemble`) and from disk (`CourseLoader.load`).
enum ParseBench {
    static let lessonCount = 100
    static let questionsPerLesson = 100
    static let paragraphs = 20
    static let claims = 40

    static func courseFile() -> String {
        var s = """
        ---
        id: generated
        title: A generated course of 10,000 questions
        description: Made by the benchmark harness to time the parser.
        source: Nothing real (\(paragraphs) numbered paragraphs)
        paragraphs: \(paragraphs)
        ---

        A course for the parser benchmark.

        ## Themes


        """
        for t in 0..<10 { s += "- theme-\(t): Theme number \(t) of the generated course\n" }
        s += "\n## Claims\n\n"
        for c in 1...claims { s += "- C\(c) ¶\((c - 1) % paragraphs + 1): Claim \(c) states something the course teaches.\n" }
        return s
    }

    /// A lesson shaped like the bundled ones: front matter, headed paragraphs with key
    /// terms and ¶ refs, key points, then questions of all three kinds with option feedback.
    static func lessonFile(_ l: Int) -> String {
        let p1 = l % paragraphs + 1, p2 = (l + 1) % paragraphs + 1
        let c1 = l % claims + 1, c2 = (l + 7) % claims + 1
        var s = """
        ---
        id: lesson-\(l)
        title: Lesson \(l): a generated lesson about “things”
        theme: theme-\(l % 10)
        order: \(l / 10)
        sources: ¶\(p1) ¶\(p2)
        claims: C\(c1) C\(c2)
        ---

        This lesson opens with a paragraph that reads like prose, so the parser sees realistic lines, with **key terms** in bold and a ¶ reference (¶\(p1)).

        """
        for h in 0..<4 {
            s += """

            ## Section \(h) of lesson \(l) (¶\(p1))

            A paragraph of lesson text. It explains a **concept** in plain words, gives an example, and ties it to the source; the learner reads it before the questions unlock.

            Another paragraph, shorter, with a second **key term** and a little more detail.

            - a bullet point with a **bold** phrase;
            - another bullet point, a little longer than the first one, to wrap on narrow screens.

            """
        }
        s += "\n## Key points\n\n- The first key point.\n- The second key point, with **emphasis**.\n\n## Questions\n"
        for k in 0..<questionsPerLesson {
            let id = "l\(l)-q\(k)"
            s += "\n### q: \(id)\n"
            switch k % 10 {
            case 3, 7:
                s += """
                kind: multiple
                claims: C\(c1) C\(c2)
                source: ¶\(p1) ¶\(p2)
                Which of these statements about item \(k) of lesson \(l) are supported by the source? Select all that apply.
                - [x] The first supported statement, worded as a full sentence.
                - [x] The second supported statement, also a full sentence.
                - [ ] A plausible but unsupported statement.
                  > Why this one is wrong: the source says something else.
                - [ ] Another plausible distractor from the same domain.
                - [ ] A third distractor, for a larger pool.
                > The explanation says why the two supported statements are right and the others are not (¶\(p1), ¶\(p2)).

                """
            case 5:
                s += """
                kind: true-false
                claims: C\(c1)
                source: ¶\(p1)
                True or false: statement \(k) of lesson \(l) matches what ¶\(p1) says.
                - [x] True
                - [ ] False
                  > It is true: ¶\(p1) says exactly this.
                > ¶\(p1) states it in these words, so the statement is true.

                """
            default:
                s += """
                claims: C\(c1)
                source: ¶\(p1)
                What does ¶\(p1) say about the concept in question \(k) of lesson \(l)?
                - [x] The answer the source gives, in the course’s own words.
                - [ ] A tempting wrong answer.
                  > Tempting, but the source says otherwise.
                - [ ] Another wrong answer from the same domain.
                - [ ] A third wrong answer.
                - [ ] A fourth wrong answer, for the pool.
                  > This belongs to a different paragraph.
                - [ ] A fifth wrong answer.
                > The source says so in ¶\(p1); the wrong answers mix up neighbouring ideas.

                """
            }
        }
        return s
    }

    static func run(report: Report, dataDir: URL) throws {
        let course = CourseSourceFile(name: "generated/course.md", text: courseFile())
        let lessons = (0..<lessonCount).map { CourseSourceFile(name: String(format: "generated/%03d-lesson.md", $0), text: lessonFile($0)) }
        let bytes = lessons.reduce(course.bytes.count) { $0 + $1.bytes.count }

        let folder = dataDir.appendingPathComponent("course-10k")
        try? FileManager.default.removeItem(at: folder)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try Data(course.bytes).write(to: folder.appendingPathComponent("course.md"))
        for (i, lesson) in lessons.enumerated() {
            try Data(lesson.bytes).write(to: folder.appendingPathComponent(String(format: "%03d-lesson.md", i)))
        }

        let check = CourseAssembler.assemble(courseFile: course, lessonFiles: lessons)
        guard let parsed = check.course, check.errors.isEmpty else {
            throw BenchError("the generated course does not parse cleanly: \(check.errors.prefix(3).map(\.description))")
        }
        let questionCount = parsed.questions.count
        guard questionCount == lessonCount * questionsPerLesson, parsed.lessons.count == lessonCount else {
            throw BenchError("the generated course has \(questionCount) questions in \(parsed.lessons.count) lessons")
        }
        log("generated course: \(lessonCount) lesson files, \(questionCount) questions, \(bytes / 1024) KiB, \(check.warnings.count) warnings")

        let inMemory = measure(runs: 21) { blackHole(CourseAssembler.assemble(courseFile: course, lessonFiles: lessons)) }
        let fromDisk = measure(runs: 21) { blackHole(CourseLoader.load(folder: folder.path)) }
        log("assemble (in memory): \(inMemory.summary)")
        log("load (from disk, page cache warm): \(fromDisk.summary)")
        report.add(Figure(name: "Parse 10,000 questions / 100 files (in memory)", value: inMemory.median, reference: nil,
                          comparison: .below(50_000_000), note: "CourseAssembler.assemble, \(bytes / 1024) KiB; median of 21"))
        report.add(Figure(name: "Load 10,000 questions / 100 files (from disk)", value: fromDisk.median, reference: nil,
                          comparison: .below(50_000_000), note: "CourseLoader.load, page cache warm; median of 21"))
    }
}
