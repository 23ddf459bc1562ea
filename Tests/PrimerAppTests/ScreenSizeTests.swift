import Foundation
import StudyCore
import TerminalUI
import XCTest
@testable import PrimerApp

/// Every screen at every size from the minimum (40x12) to 120x40, and at 200x60; and every
/// screen state with its selection at every position at the sizes where layouts change (the
/// smallest heights, the width breakpoints, 80x24, 120x40, 200x60). At each:
/// no crash, every row within the width, the title and the footer intact (nothing drawn
/// over them), the status row intact, and the selected row on screen.
final class ScreenSizeTests: XCTestCase {
    /// A screen to check, and the text its selected row must show (nil: no selection).
    struct Case {
        var name: String
        var state: AppState
        var selected: String?
    }

    static let allSizes: [Size] = (12...40).flatMap { h in (40...120).map { w in Size(width: w, height: h) } }
        + [Size(width: 200, height: 60)]
    static let breakpointSizes: [Size] = [12, 13, 14, 15, 16, 17, 24, 40].flatMap { h in
        [40, 41, 59, 60, 69, 70, 79, 80, 81, 120].map { w in Size(width: w, height: h) }
    } + [Size(width: 200, height: 60)]

    /// Every screen (one state each, its selection at the last position) at every size.
    func testEveryScreenAtEverySize() {
        let all = Self.cases()
        var seen = Set<String>()
        let perScreen = all.filter { c in
            c.name.hasSuffix("#last") || (!c.name.contains("#") && seen.insert(c.state.screen.feature.title).inserted)
        }
        report(Self.check(perScreen, sizes: Self.allSizes))
    }

    /// Every screen state, and every selection position, at the sizes where layouts change.
    func testEverySelectionPositionAtTheSizesWhereLayoutsChange() {
        report(Self.check(Self.cases(), sizes: Self.breakpointSizes))
    }

    /// The plan's headline figures (days left, the target, how far off it the learner is)
    /// stay whole at the minimum width and one above it, as at 80 columns; only the
    /// labels and the bar give way.
    func testThePlansHeadlineStaysWholeOnANarrowScreen() throws {
        let plan = try XCTUnwrap(Self.cases().first { $0.name == "plan" })
        for size in [Size(width: 40, height: 12), Size(width: 41, height: 13), Size(width: 80, height: 24)] {
            var state = plan.state
            _ = state.reduce(.terminalResized(size, at: Fixtures.t0))
            var buffer = CellBuffer(width: size.width, height: size.height)
            render(state, into: &buffer)
            // Lines joined and margins dropped, so a phrase wrapped onto two rows still reads whole.
            let text = buffer.lines.map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
            for phrase in ["21 days left", "target 99%", "points short"] {
                XCTAssertTrue(text.contains(phrase), "'\(phrase)' at \(size.width)x\(size.height):\n\(buffer.text)")
            }
        }
    }

    /// The class report on a small terminal with real-sized counts: a learner's note
    /// ("101 of 105 answered") goes under the bar rather than being cut, and the title is
    /// shortened to the words that fit rather than cut mid-word.
    func testTheClassReportsNotesAndTitleStayWholeOnANarrowScreen() throws {
        let report = try XCTUnwrap(Self.cases().first { $0.name == "report" })
        guard case .report(var r) = report.state.screen, var figures = r.figures else { return XCTFail("not loaded") }
        figures.learners = [.init(name: "learner", score: 0.75, answered: 101, questions: 105),
                            .init(name: "Ayesha Siddiqa-Rahman", score: 0.5, answered: 12_345)]
        r.figures = figures
        for width in 36...92 {
            let lines = ReportView.lines(figures, width: width).map { $0.map(\.text).joined() }
            for line in lines { XCTAssertLessThanOrEqual(DisplayWidth.of(line), width, "'\(line)' at width \(width)") }
            XCTAssertTrue(lines.contains { $0.hasSuffix("101 of 105 answered") }, "at width \(width)")
        }
        for size in [Size(width: 40, height: 12), Size(width: 41, height: 13), Size(width: 80, height: 24)] {
            var state = report.state
            state.screen = .report(r)
            _ = state.reduce(.terminalResized(size, at: Fixtures.t0))
            var buffer = CellBuffer(width: size.width, height: size.height)
            render(state, into: &buffer)
            // Labels may be shortened (names, titles: "Ayesha …"); the title and counts may not.
            let title = buffer.lines.map { $0.trimmingCharacters(in: .whitespaces) }
                .first { $0.hasPrefix("Class report") && !$0.contains("primer ·") }
            XCTAssertTrue(["Class report", "Class report · every learner in this data folder"].contains(title ?? ""),
                          "the title at \(size.width)x\(size.height):\n\(buffer.text)")
            XCTAssertTrue(buffer.text.contains("101 of 105 answered"), buffer.text)
        }
    }

    /// Home on a small terminal, where the progress panel has no room: today's counts
    /// wrap rather than being cut, and mastery and readiness still show, in the header.
    func testHomeShowsItsFiguresAtEverySize() throws {
        for size in [Size(width: 40, height: 12), Size(width: 41, height: 13), Size(width: 60, height: 16),
                     Size(width: 69, height: 20), Size(width: 80, height: 24), Size(width: 200, height: 60)] {
            var state = Self.base()
            state.figures?.laterToday = 7
            state.figures?.beyondLimit = 12
            _ = state.reduce(.terminalResized(size, at: Fixtures.t0))
            var buffer = CellBuffer(width: size.width, height: size.height)
            render(state, into: &buffer)
            let text = buffer.lines.map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
            let percent = { (x: Double) in percentText(x) }
            for phrase in ["Due now: \(Self.figures.dueNow)", "later today: 7", "over today's limit: 12", "streak: \(Self.figures.streakDays) days",
                           "Mastery", "Exam readiness", percent(Self.figures.mastery), percent(Self.figures.examReadiness)] {
                XCTAssertTrue(text.contains(phrase), "'\(phrase)' at \(size.width)x\(size.height):\n\(buffer.text)")
            }
        }
    }

    /// With an exam date, the countdown shows at every size (it was dropped below about 20
    /// rows), said once, and the hint for a new learner is never cut.
    func testHomeShowsTheExamCountdownAtEverySize() throws {
        for size in [Size(width: 40, height: 12), Size(width: 41, height: 13), Size(width: 60, height: 24),
                     Size(width: 80, height: 24), Size(width: 200, height: 60)] {
            var state = Self.base()
            let exam = Fixtures.t0.addingTimeInterval(45 * 86_400)
            state.figures?.exam = ExamPlan(date: exam)
            state.figures?.examDaysLeft = 45
            state.figures?.horizon = exam
            state.figures?.horizonIsExam = true
            state.figures?.reviewsTotal = 0
            _ = state.reduce(.terminalResized(size, at: Fixtures.t0))
            var buffer = CellBuffer(width: size.width, height: size.height)
            render(state, into: &buffer)
            let text = buffer.lines.map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
            XCTAssertEqual(text.components(separatedBy: "45 days").count - 1, 1, "the countdown once at \(size.width)x\(size.height):\n\(buffer.text)")
            if size.height >= 20 {
                XCTAssertTrue(text.contains("New here? Open Lessons and read one: its questions then join Study today."),
                              "\(size.width)x\(size.height):\n\(buffer.text)")
            }
        }
    }

    /// What cram mode does, and what a learner is, read whole at the minimum width and one
    /// above it (they wrap instead of being cut).
    func testPracticeModeAndLearnerNoteStayWholeOnANarrowScreen() {
        let cram = Self.pressed([.character("p"), .character("c")], on: Self.base())
        let learner = Self.pressed([.end, .up, .up, .up, .enter], on: Self.base())
        for size in [Size(width: 40, height: 12), Size(width: 41, height: 13)] {
            for (state, phrase) in [(cram, "Cram: on — answers are kept but do not change your schedule"),
                                    (cram, "Choose themes; questions come weakest first, \(PracticeSetupState.roundSize) at a time."),
                                    (learner, "Each learner has their own progress, schedule and settings.")] {
                var sized = state
                _ = sized.reduce(.terminalResized(size, at: Fixtures.t0))
                var buffer = CellBuffer(width: size.width, height: size.height)
                render(sized, into: &buffer)
                let text = buffer.lines.map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
                XCTAssertTrue(text.contains(phrase), "'\(phrase)' at \(size.width)x\(size.height):\n\(buffer.text)")
            }
        }
    }

    /// Study today's counts stay whole on a narrow screen ("· right 0" was cut at 41
    /// columns); the screen's name, already in the title bar, gives way first.
    func testStudyTodaysCountsStayWholeOnANarrowScreen() {
        var study = Self.pressed([.character("s")], on: Self.base())
        _ = study.reduce(.studyItemReady(Self.course.questions[0], nextDue: nil, left: 12, at: Fixtures.t0))
        for (size, name) in [(Size(width: 40, height: 12), false), (Size(width: 41, height: 13), false), (Size(width: 80, height: 24), true)] {
            var sized = study
            _ = sized.reduce(.terminalResized(size, at: Fixtures.t0))
            var buffer = CellBuffer(width: size.width, height: size.height)
            render(sized, into: &buffer)
            XCTAssertTrue(buffer.text.contains("12 left · answered 0 · right 0"), "\(size.width)x\(size.height):\n\(buffer.text)")
            XCTAssertEqual(buffer.text.contains("Study today · 12 left"), name, "\(size.width)x\(size.height):\n\(buffer.text)")
        }
    }

    /// A mock exam's score, pass mark and review position stay whole on a narrow screen
    /// ("· pass mark 70%" and "question 1 of 20" were cut at 40 columns).
    func testAMockExamsResultStaysWholeOnANarrowScreen() {
        let exam = Self.pressed([.character("x")], on: Self.base())
        let handedIn = Self.pressed([.character("1"), .character("s"), .character("y")], on: exam)
        guard case .exam(let state) = handedIn.screen, let result = state.exam.result else { return XCTFail("not handed in") }
        let review = Self.pressed([.character("r"), .right], on: handedIn)
        for size in [Size(width: 40, height: 12), Size(width: 41, height: 13), Size(width: 80, height: 24)] {
            for (state, phrase) in [(handedIn, "pass mark \(percentText(result.passMark))"), (review, "question 2 of \(result.total)")] {
                var sized = state
                _ = sized.reduce(.terminalResized(size, at: Fixtures.t0))
                var buffer = CellBuffer(width: size.width, height: size.height)
                render(sized, into: &buffer)
                XCTAssertTrue(buffer.text.contains(phrase), "'\(phrase)' at \(size.width)x\(size.height):\n\(buffer.text)")
            }
        }
    }

    /// The mock exam's overview says how to hand in ("s hands in") at every size: the
    /// footer has no room for it on a small terminal, and the note was cut before it.
    func testTheExamOverviewSaysHowToHandInAtEverySize() {
        let overview = Self.pressed([.character("x"), .character("v")], on: Self.base())
        let answered = Self.pressed([.character("x"), .character("1"), .character("v")], on: Self.base())
        for size in [Size(width: 40, height: 12), Size(width: 41, height: 13), Size(width: 80, height: 24)] {
            for state in [overview, answered] {
                var sized = state
                _ = sized.reduce(.terminalResized(size, at: Fixtures.t0))
                var buffer = CellBuffer(width: size.width, height: size.height)
                render(sized, into: &buffer)
                let text = buffer.lines.map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
                XCTAssertTrue(text.contains("s hands in"), "at \(size.width)x\(size.height):\n\(buffer.text)")
                XCTAssertTrue(text.contains("⚑ flagged"), "the legend at \(size.width)x\(size.height):\n\(buffer.text)")
            }
        }
    }

    /// The key help (`?`) on the smallest terminal: every key's description whole, on
    /// every page, on every screen.
    func testEveryKeysHelpIsWholeOnTheSmallestTerminal() {
        var failures: [String] = []
        for c in Self.cases() {
            var state = c.state
            _ = state.reduce(.terminalResized(Size(width: 40, height: 12), at: Fixtures.t0))
            _ = state.reduce(.keyPressed(.character("?"), at: Fixtures.t0))
            guard state.showingHelp else { continue }
            let entries = HelpOverlay.entries(state)
            for page in 0..<HelpOverlay.pageCount(state) {
                var buffer = CellBuffer(width: 40, height: 12)
                render(state, into: &buffer)
                let text = buffer.lines.joined(separator: "\n")
                let rows = HelpOverlay.Layout(state).perPage
                for (_, description) in entries.dropFirst(page * rows).prefix(rows) where !text.contains(description) {
                    failures.append("\(c.name), page \(page + 1): '\(description)' not whole:\n\(buffer.text)")
                }
                let pages = HelpOverlay.pageCount(state)
                let closing = page + 1 < pages ? "Space: more · Esc: close" : "any key closes"
                if !text.contains(closing) { failures.append("\(c.name), page \(page + 1): '\(closing)' not whole:\n\(buffer.text)") }
                _ = state.reduce(.keyPressed(.character(" "), at: Fixtures.t0))
            }
        }
        report(failures)
    }

    /// The reading-column screens build their lines for a width; the buffer would cut
    /// anything longer silently (a verdict, a count). No line may be wider than asked.
    func testReadingColumnLinesFitTheirWidth() throws {
        let cases = Self.cases()
        let stats = try XCTUnwrap(cases.first { $0.name == "statistics" }?.state)
        let plan = try XCTUnwrap(cases.first { $0.name == "plan" }?.state)
        guard case .statistics(let s) = stats.screen, let statsFigures = s.figures,
              case .plan(let p) = plan.screen, let planFigures = p.figures else { return XCTFail("not loaded") }
        for width in 36...120 {   // 36: the column at the smallest terminal, 40 wide
            var all = [("statistics", StatsView.lines(statsFigures, zone: stats.timeZone, width: width)),
                       ("plan", PlanView.lines(planFigures, zone: stats.timeZone, width: width))]
            for c in cases {
                switch c.state.screen {
                case .report(let r): if let figures = r.figures { all.append((c.name, ReportView.lines(figures, width: width))) }
                case .live(let l): all.append((c.name, LiveView.lines(l, course: Self.course, width: width)))
                case .liveHost(let h): all.append((c.name, LiveHostView.lines(h, course: Self.course, width: width)))
                default: break
                }
            }
            all += Self.course.lessons.map { ("lesson \($0.id)", LessonLayout.lines(for: $0, width: width)) }
            for (name, lines) in all {
                for line in lines where DisplayWidth.of(line.map(\.text).joined()) > width {
                    XCTFail("\(name) at width \(width): '\(line.map(\.text).joined())'")
                }
            }
        }
        let narrow = StatsView.lines(statsFigures, zone: stats.timeZone, width: 38).map { $0.map(\.text).joined() }
        XCTAssertTrue(narrow.contains { $0.hasSuffix("pass") }, narrow.joined(separator: "\n"))
        XCTAssertTrue(narrow.contains { $0.hasSuffix("abandoned") }, narrow.joined(separator: "\n"))
        let narrowest = StatsView.lines(statsFigures, zone: stats.timeZone, width: 36).map { $0.map(\.text).joined() }
        XCTAssertTrue(narrowest.contains { $0.hasSuffix("█ most") }, "the heatmap's legend whole at 40 columns")
        // Enough answers for the calibration's summary figures, with a two-digit gap.
        let calibration = Calibration((0..<60).map { (predicted: 0.95, correct: $0 % 3 == 0) })
        XCTAssertTrue(calibration.isEnough)
        for width in 36...80 {
            let lines = StatsView.calibrationLines(calibration, width: width).map { $0.map(\.text).joined() }
            for line in lines { XCTAssertLessThanOrEqual(DisplayWidth.of(line), width, "'\(line)' at width \(width)") }
            XCTAssertTrue(lines.contains { $0.hasSuffix("points") }, "the gap over bins whole at width \(width)")
        }
    }

    func report(_ failures: [String], file: StaticString = #filePath, line: UInt = #line) {
        for failure in failures.prefix(20) { XCTFail(failure, file: file, line: line) }
        if failures.count > 20 { XCTFail("… and \(failures.count - 20) more", file: file, line: line) }
    }

    /// Checks every case at every size, on both cores; returns the failures.
    static func check(_ cases: [Case], sizes: [Size]) -> [String] {
        final class Failures: @unchecked Sendable {
            let lock = NSLock()
            var all: [String] = []
            func add(_ more: [String]) { lock.lock(); all += more; lock.unlock() }
        }
        let failures = Failures()
        let workers = 2
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            var mine: [String] = []
            for (index, size) in sizes.enumerated() where index % workers == worker {
                for c in cases { if let failure = check(c, size) { mine.append(failure) } }
            }
            failures.add(mine)
        }
        return failures.all.sorted()
    }

    /// One screen at one size; the failure, if any.
    static func check(_ c: Case, _ size: Size) -> String? {
        var state = c.state
        _ = state.reduce(.terminalResized(size, at: Fixtures.t0))
        var buffer = CellBuffer(width: size.width, height: size.height)
        render(state, into: &buffer)
        let lines = buffer.lines
        let label = "\(c.name) at \(size.width)x\(size.height)"
        guard lines.count == size.height else { return "\(label): \(lines.count) rows" }
        if let row = lines.first(where: { DisplayWidth.of($0) > size.width }) { return "\(label): a row is wider than the terminal: \(row)" }
        guard lines[0].hasPrefix(" primer ·") else { return "\(label): title row is '\(lines[0])'" }
        // The footer, drawn on its own, must be exactly the last row.
        var footer = CellBuffer(width: size.width, height: 1)
        Footer.draw(FeatureDispatch.footer(state), y: 0, width: size.width, into: &footer)
        guard lines[size.height - 1] == footer.lines[0], footer.lines[0].hasSuffix("? help") else {
            return "\(label): the footer was drawn over: '\(lines[size.height - 1])'"
        }
        if let status = FeatureDispatch.statusLine(state) {
            var row = CellBuffer(width: size.width, height: 1)
            row.put(status, x: 2, y: 0, maxWidth: size.width - 3)
            guard lines[size.height - 2] == row.lines[0] else { return "\(label): the status row was drawn over" }
        }
        guard let selected = c.selected else { return nil }
        // The list marks its selected row with "›" in its first column.
        let body = lines[1..<(size.height - 1)]
        guard let row = body.first(where: { $0.trimmingCharacters(in: .whitespaces).hasPrefix("›") }) else {
            return "\(label): no selected row on screen\n\(buffer.text)"
        }
        let prefix = String(selected.prefix(6))
        return row.contains(prefix) ? nil : "\(label): the selected row '\(row)' does not show '\(prefix)'\n\(buffer.text)"
    }

    // MARK: the screens

    /// A course with enough lessons and themes to scroll, long titles and wide characters.
    static let course: Course = {
        var themes: [Theme] = []
        var lessons: [Lesson] = []
        for t in 1...8 {
            themes.append(Theme(id: "t\(t)", title: "Theme \(t): Pakistan’s role, پاکستان and 日本 in a long title", order: t))
            for l in 1...2 {
                let lessonID = "t\(t)-l\(l)"
                let questions = (1...3).map { q in
                    Question(id: "\(lessonID)-q\(q)", kind: q == 2 ? .multiple : (q == 3 ? .trueFalse : .single),
                             themeID: "t\(t)", lessonID: lessonID, sources: [6],
                             stem: "Question \(q) of lesson \(lessonID): which of these does ¶6 say about coercive diplomacy, in full?",
                             choices: q == 3 ? [Choice("True", isCorrect: true), Choice("False", isCorrect: false)]
                                 : [Choice("A powerful country dictates “do more” and sets a timeline", isCorrect: true),
                                    Choice("Both sides agree concessions for mutual benefit", isCorrect: q == 2,
                                           feedback: "That is normal diplomacy in ¶6."),
                                    Choice("Mutual trust", isCorrect: false), Choice("日本 and پاکستان", isCorrect: false),
                                    Choice("Instrumental exchange", isCorrect: false)],
                             explanation: String(repeating: "¶6 describes a diplomacy of coercion and tough conditions. ", count: 6),
                             shownCount: 5)
                }
                lessons.append(Lesson(id: lessonID, title: "Lesson \(l) of theme \(t): the coercive style and “do more”",
                                      themeID: "t\(t)", order: l, sources: [6],
                                      body: (1...30).map { LessonBlock.paragraph(InlineText(stringLiteral: "Paragraph \($0): diplomacy and war go side by side (¶6), پاکستان 日本.")) },
                                      questions: questions))
            }
        }
        return Course(id: "sweep", title: "Pakistan-US relations and the War on Terror", themes: themes, lessons: lessons)
    }()

    static var figures: DashboardFigures {
        DashboardFigures(dueNow: 4, laterToday: 13, beyondLimit: 2, newAvailable: 9, streakDays: 12, mastery: 0.31,
                         examReadiness: 0.47, reviewsTotal: 1234,
                         themes: course.themes.map { .init(id: $0.id, title: $0.title, mastery: 0.5, seen: 3, total: 6) },
                         lessonMastery: [:])
    }

    static func base() -> AppState {
        var state = AppState(course: course, learnerName: "Ayesha پاکستان", notices: ["Skipped 03-x.md: line 4: an error", "Skipped 04-y.md: another", "Skipped 05-z.md: a third"],
                             seed: 7)
        state.figures = figures
        state.learnerNames = (1...12).map { "Learner \($0)" }
        return state
    }

    static func positions(_ count: Int) -> [(String, Int)] {
        (0..<count).map { i in
            let tag = i == 0 ? "first" : (i == count - 1 ? "last" : (i == count / 2 ? "middle" : "\(i)"))
            return (tag, i)
        }
    }

    static func pressed(_ keys: [Key], on state: AppState) -> AppState {
        var s = state
        _ = Fixtures.press(&s, keys)
        return s
    }

    static func cases() -> [Case] {
        var cases: [Case] = []
        let home = base()
        // Home: every menu entry.
        for (tag, i) in positions(MenuEntry.allCases.count) {
            cases.append(Case(name: "home#\(tag)", state: pressed(Array(repeating: .down, count: i), on: home),
                              selected: MenuEntry.allCases[i].rawValue))
        }
        var loading = home
        loading.figures = nil
        cases.append(Case(name: "home loading", state: loading, selected: "Study today"))
        // Lessons: every lesson.
        let lessons = pressed([.character("l")], on: home)
        for (tag, i) in positions(course.lessons.count) {
            cases.append(Case(name: "lessons#\(tag)", state: pressed(Array(repeating: .down, count: i), on: lessons),
                              selected: course.lessons[i].title))
        }
        // A lesson: top, middle, end.
        let lesson = pressed([.enter], on: lessons)
        cases.append(Case(name: "lesson top", state: lesson, selected: nil))
        cases.append(Case(name: "lesson middle", state: pressed(Array(repeating: .down, count: 20), on: lesson), selected: nil))
        cases.append(Case(name: "lesson end", state: pressed([.end], on: lesson), selected: nil))
        // The lesson quiz: each question kind asked, each cursor position, feedback, summary.
        let quiz = pressed([.enter], on: lesson)
        // The option under the cursor stays on screen at every size (it walked off the
        // bottom of a small terminal, and Enter answered an option nobody could see).
        for (tag, i) in positions(5) {
            let moved = pressed(Array(repeating: .down, count: i), on: quiz)
            guard case .quiz(let asking) = moved.screen, let shown = asking.session.current?.shown else { continue }
            cases.append(Case(name: "quiz asking#\(tag)", state: moved, selected: shown[min(i, shown.count - 1)].text))
        }
        let feedback = pressed([.character("2")], on: quiz)
        var saved = feedback
        _ = saved.reduce(.answerSaved(SaveReceipt(reviewID: "r", returns: "again in a minute")))
        cases.append(Case(name: "quiz feedback saving", state: feedback, selected: nil))
        cases.append(Case(name: "quiz feedback saved", state: saved, selected: nil))
        cases.append(Case(name: "quiz feedback scrolled", state: pressed([.pageDown, .pageDown], on: saved), selected: nil))
        cases.append(Case(name: "quiz feedback note", state: pressed([.character("e")], on: saved), selected: nil))
        let multiple = pressed([.enter], on: saved)
        cases.append(Case(name: "quiz multiple", state: pressed([.character("1"), .character("3")], on: multiple), selected: nil))
        let summary = pressed([.character("2"), .enter, .enter, .character("2"), .enter], on: multiple)
        cases.append(Case(name: "quiz summary", state: summary, selected: "Question 1 of lesson"))
        cases.append(Case(name: "quiz summary missed", state: pressed([.enter], on: summary), selected: nil))
        // Study today: loading, a question, feedback, done.
        var study = pressed([.character("s")], on: home)
        cases.append(Case(name: "study loading", state: study, selected: nil))
        _ = study.reduce(.studyItemReady(course.questions[0], nextDue: nil, left: 5, at: Fixtures.t0))
        cases.append(Case(name: "study question", state: study, selected: nil))
        cases.append(Case(name: "study feedback", state: pressed([.character("1")], on: study), selected: nil))
        var done = pressed([.character("s")], on: home)
        _ = done.reduce(.studyItemReady(nil, nextDue: Fixtures.t0.addingTimeInterval(600), left: 0, at: Fixtures.t0))
        cases.append(Case(name: "study done", state: done, selected: nil))
        // The mock exam: a question, the overview at every row, the hand-in prompt, the summary, a review.
        let exam = pressed([.character("x")], on: home)
        cases.append(Case(name: "exam question", state: exam, selected: nil))
        if case .exam(let first) = exam.screen, let shown = first.exam.current?.shown {
            for (tag, i) in positions(shown.count) {
                cases.append(Case(name: "exam cursor#\(tag)", state: pressed(Array(repeating: .down, count: i), on: exam),
                                  selected: shown[i].text))
            }
        }
        let overview = pressed([.character("v")], on: exam)
        guard case .exam(let examState) = overview.screen else { return cases }
        for (tag, i) in positions(examState.exam.items.count) {
            let moved = pressed([.home] + Array(repeating: .down, count: i), on: overview)
            cases.append(Case(name: "exam overview#\(tag)", state: moved, selected: String(format: "%2d", i + 1)))
        }
        cases.append(Case(name: "exam hand-in prompt", state: pressed([.character("s")], on: exam), selected: nil))
        let handedIn = pressed([.character("1"), .character("s"), .character("y")], on: exam)
        cases.append(Case(name: "exam summary", state: handedIn, selected: nil))
        cases.append(Case(name: "exam review", state: pressed([.character("r"), .right], on: handedIn), selected: nil))
        // Practice: every theme.
        let practice = pressed([.character("p")], on: home)
        for (tag, i) in positions(course.themes.count) {
            cases.append(Case(name: "practice#\(tag)", state: pressed(Array(repeating: .down, count: i) + [.character(" ")], on: practice),
                              selected: course.themes[i].title))
        }
        // Settings: every field; Learner: every name, and typing one.
        let settings = pressed([.end, .up, .up, .up, .up, .enter], on: home)
        for (tag, i) in positions(SettingsState.Field.allCases.count) {
            cases.append(Case(name: "settings#\(tag)", state: pressed(Array(repeating: .down, count: i), on: settings),
                              selected: SettingsView.rows(Preferences(), zone: TimeZone(identifier: "UTC")!)[i].0))
        }
        let learner = pressed([.end, .up, .up, .up, .enter], on: home)
        for (tag, i) in positions(12) {
            cases.append(Case(name: "learner#\(tag)", state: pressed([.home] + Array(repeating: .down, count: i), on: learner),
                              selected: "Learner \(i + 1)"))
        }
        cases.append(Case(name: "learner typing", state: pressed([.character("n")] + "A very long name پاکستان 日本 that goes on".map { .character($0) }, on: learner),
                          selected: nil))
        // Statistics and the class report, loaded; and help over a screen.
        var stats = pressed([.character("t")], on: home)
        _ = stats.reduce(.statsLoaded(StatsFigures(reviewsPerDay: Array(repeating: 3, count: 182), todayWeekday: 3,
                                                   forecast: Array(repeating: 2, count: 30),
                                                   retention: course.themes.map { ($0.title, 0.8, 10) },
                                                   masteryByWeek: Array(repeating: 0.4, count: 12),
                                                   exams: [(Fixtures.t0, 0.8, true), (Fixtures.t0, nil, false)])))
        cases.append(Case(name: "statistics", state: stats, selected: nil))
        // The exam plan, with a plan to a date three weeks ahead, and with none set.
        var plan = pressed([.character("e")], on: home)
        let forecast = PlanForecast(course: course, states: [:], recalled: [], today: TodayCounts(introduced: 0, reviewed: 0), settings: StudySettings(),
                                    scheduler: FSRSScheduler(SchedulerConfig()), now: Fixtures.t0,
                                    exam: ExamPlan(date: Fixtures.t0 + 21 * 86_400, target: 0.99), secondsPerAnswer: 20)
        _ = plan.reduce(.planLoaded(PlanFigures(forecast: forecast, passed: nil, newPerDayLimit: 5, now: Fixtures.t0)))
        cases.append(Case(name: "plan", state: plan, selected: nil))
        var noPlan = pressed([.character("e")], on: home)
        _ = noPlan.reduce(.planLoaded(PlanFigures(forecast: nil, passed: nil, newPerDayLimit: 20, now: Fixtures.t0)))
        cases.append(Case(name: "no plan", state: noPlan, selected: nil))
        cases += liveCases(home: home, course: course)
        var report = pressed([.end, .up, .up, .enter], on: home)
        _ = report.reduce(.reportLoaded(ReportFigures(
            learners: (1...5).map { .init(name: "Learner \($0)", score: 0.5, answered: 10) },
            themes: course.themes.map { .init(title: $0.title, average: 0.5, learners: 5) },
            items: course.questions.prefix(5).map { .init(questionID: $0.id, stem: $0.stem, answers: 5, facility: 0.4,
                                                          discrimination: 0.2, mostChosenWrong: "Mutual trust", mostChosenWrongCount: 2) })))
        cases.append(Case(name: "report", state: report, selected: nil))
        return cases
    }

    /// The live quiz as a learner sees it in every phase (an answer chosen, sent, revealed,
    /// the end with missed questions), and as the tutor sees it with 40 learners.
    static func liveCases(home: AppState, course: Course) -> [Case] {
        let paper = course.questions.prefix(5).map { LiveQuiz.Item(question: $0.id, shown: $0.choices.map(\.text)) }
        var quiz = LiveQuiz(id: "q", courseID: course.id, title: "A long quiz title that goes on and on, پاکستان 日本",
                            preset: nil, paper: Array(paper), secondsPerQuestion: 30, showsBoard: true,
                            phaseStartedAt: Fixtures.t0)
        var cases: [Case] = []
        var onLive = home   // the learner's screen follows the quiz from phase to phase
        func learner(_ name: String, _ seat: LiveSeat, keys: [Key] = []) {
            _ = onLive.reduce(.liveUpdated(seat, at: Fixtures.t0))
            cases.append(Case(name: "live " + name, state: pressed(keys, on: onLive), selected: nil))
        }
        func tutor(_ name: String, _ room: LiveRoom) {
            var state = home
            state.push(.liveHost(LiveHostState(room: room, now: Fixtures.t0)))
            cases.append(Case(name: "live host " + name, state: state, selected: nil))
        }
        let names = (1...40).map { "Learner \($0)" }
        tutor("waiting", LiveRoom(quiz: quiz, participants: names.map { ($0, true) }, answers: []))
        learner("waiting", LiveSeat(quiz: quiz, mine: []))
        quiz.advance(at: Fixtures.t0)
        learner("question", LiveSeat(quiz: quiz, mine: []), keys: [.character("1")])
        let answers = names.enumerated().map { LiveAnswer(learner: $1, questionIndex: 0, chosen: [$0 % 3], correct: $0 % 3 == 0,
                                                          answeredAt: Fixtures.t0) }
        tutor("question", LiveRoom(quiz: quiz, participants: names.map { ($0, true) }, answers: answers))
        learner("sent", LiveSeat(quiz: quiz, mine: [answers[1]]))
        quiz.reveal(at: Fixtures.t0)
        learner("revealed", LiveSeat(quiz: quiz, mine: [answers[1]]))
        tutor("revealed", LiveRoom(quiz: quiz, participants: names.map { ($0, true) }, answers: answers))
        quiz.end(at: Fixtures.t0)
        let ended = LiveRoom(quiz: quiz, participants: names.map { ($0, $0 != "Learner 3") }, answers: answers)
        learner("ended", LiveSeat(quiz: quiz, mine: [answers[1]], board: ended.board(reader: "Learner 2")))
        tutor("ended", LiveRoom(quiz: quiz, participants: names.map { ($0, $0 != "Learner 3") }, answers: answers))
        return cases
    }

    func testTheCasesCoverEveryScreen() {
        let names = Set(Self.cases().map { $0.state.screen.feature.title })
        XCTAssertEqual(names, ["Home", "Lessons", "Lesson", "Quiz", "Study today", "Mock exam", "Practice", "Settings",
                               "Learner", "Statistics", "Class report", "Exam plan", "Live quiz", "Live quiz (tutor)"])
    }
}
