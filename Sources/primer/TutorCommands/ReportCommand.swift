import ArgumentParser
import CourseFormat
import Foundation
import LearnerStore
import StudyCore
import StudyServices

enum ReportFormat: String, CaseIterable, ExpressibleByArgument {
    case table, csv
}

/// `primer report`: a class report with item analysis, over the store or results files.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "A class report: learners' scores, theme averages, and item analysis of every question.",
        discussion: """
            Over every learner in the data folder, or over results files (from primer results, \
            CSV or JSON) given as arguments. --preset FILE keeps only sessions run from that \
            preset (by its title) and judges pass or fail by its pass mark; --since keeps \
            answers from that date (2025-03-01, local midnight) or time (ISO 8601) on, and the \
            blanks of exams handed in from then on (a question answered before the date is no \
            blank); \
            --learner keeps one learner's answers. \
            A learner's score is their right answers over the questions set: their answers, and \
            the questions of handed-in exams they left blank, which count as wrong as in the \
            exam's own score. Exams left before the end (abandoned) are in no figure; the \
            heading says how many there were. A theme's average \
            is the mean of the learners' shares right in it. For each question, hardest first: \
            N answers; the facility index, the share of answers right; the discrimination \
            index, the facility among the top third of learners by score minus that among the \
            bottom third (from -1 to +1; "-" with fewer than 3 learners or when a third did not \
            answer it); and the wrong option chosen most often, with how often. \
            --format csv writes one RFC 4180 table with a section column (learner, theme, \
            question); scores, averages, facility and discrimination are fractions there \
            (0.6667), not percentages.
            """)

    @OptionGroup var options: GlobalOptions

    @Option(name: .long, help: ArgumentHelp("Only sessions run from this preset; its pass mark decides pass or fail.", valueName: "FILE"))
    var preset: String?

    @Option(name: .long, help: ArgumentHelp("Only answers from this date or time on.", valueName: "DATE"))
    var since: String?

    @Option(name: .long, help: ArgumentHelp("table or csv.", valueName: "FORMAT"))
    var format: ReportFormat = .table

    @Argument(help: ArgumentHelp("Results files (CSV or JSON from primer results) instead of the data folder.", valueName: "RESULTS_FILE"))
    var files: [String] = []

    func validate() throws {
        if let since { _ = try TutorDates.since(since) }
    }

    func run() throws {
        do {
            let sinceDate = try since.map(TutorDates.since)
            let course = optionalCourse(options)
            let presetValue = try preset.map { try PresetFile.load($0, course: nil) }
            let learner = options.learner.flatMap { $0.isEmpty ? nil : $0 }
            // Themes come from the course when it has the question (answers or rows of another course keep theirs).
            let themes = Dictionary((course?.questions ?? []).map { ($0.id, $0.themeID) }) { first, _ in first }
            func theme(_ courseID: String, _ questionID: String) -> String? {
                guard let course, courseID == course.id || courseID.isEmpty else { return nil }
                return themes[questionID]
            }
            var tally = AnswerTally()
            if files.isEmpty {
                // The data folder: one pass over the log that keeps sums, not rows.
                let store = try StoreCommandSupport.openStore(options)
                defer { StoreCommandSupport.close(store) }
                tally = try store.tallyAnswers(.init(learner: learner, since: sinceDate, preset: presetValue?.title), theme: theme)
            } else {
                for file in files {
                    for var row in try ResultsCodec.read(path: file) {
                        if let sinceDate, row.time < sinceDate { continue }
                        if let presetValue, row.preset != presetValue.title { continue }
                        if let learner, row.learner != learner { continue }
                        if row.theme == nil { row.theme = theme(row.course, row.questionID) }
                        tally.add(row)
                    }
                }
            }
            let report = ClassReport.compute(
                tally: tally, passMark: presetValue?.passMark, themeOrder: course?.themes.map(\.id) ?? [],
                correctOptions: { courseID, questionID in
                    guard let course, courseID == course.id || courseID.isEmpty, let q = course.question(questionID) else { return nil }
                    return Set(q.correctChoices.map(\.text))
                })
            switch format {
            case .table:
                let scope = presetValue.map { "“\($0.title)”" } ?? (files.isEmpty ? "all answers in the data folder" : "all answers in the files")
                Streams.line(ReportText.table(report, scope: scope, since: since))
            case .csv:
                Streams.out(ReportText.csv(report), kind: .csv)
            }
        }
    }
}

/// The report as a terminal table or as CSV.
enum ReportText {
    static func fraction(_ value: Double) -> String { String(format: "%.4f", value) }

    static func signed(_ value: Double?) -> String {
        guard let value else { return "-" }
        let text = String(format: "%+.2f", value)
        return text == "-0.00" ? "+0.00" : text
    }

    static func table(_ report: ClassReport, scope: String, since: String?) -> String {
        var out: [String] = []
        let learners = report.learners.count
        var heading = "Class report: \(scope) · \(plural(learners, "learner")) · " + plural(report.answerCount, "answer")
        if report.blankCount > 0 { heading += " · \(report.blankCount) left blank" }
        if let passMark = report.passMark { heading += " · pass mark \(percent(passMark))" }
        if report.abandonedSessions > 0 { heading += " · \(plural(report.abandonedSessions, "abandoned exam")) left out" }
        if let since { heading += " · since \(since)" }
        out.append(clean(heading))
        guard report.answerCount + report.blankCount > 0 else {
            out.append("")
            out.append("No answers to report.")
            return out.joined(separator: "\n")
        }

        out.append("")
        out.append("Learners")
        var learnerHeader = ["LEARNER", "QUESTIONS", "ANSWERED", "RIGHT", "SCORE"]
        if report.passMark != nil { learnerHeader.append("RESULT") }
        out.append(TextTable.render(learnerHeader, report.learners.map { l in
            var row = [TextTable.truncate(l.learner, to: 30), String(l.questions), String(l.answered), String(l.correct), percent(l.score)]
            if let passed = l.passed { row.append(passed ? "pass" : "fail") }
            return row
        }, rightAligned: [1, 2, 3, 4]))
        if report.passMark != nil {
            let passed = report.learners.filter { $0.passed == true }.count
            out.append("\(passed) of \(learners) passed.")
        }

        out.append("")
        out.append("Themes")
        out.append(TextTable.render(["THEME", "LEARNERS", "ANSWERS", "AVERAGE"], report.themes.map { t in
            [t.theme.isEmpty ? "(unknown)" : t.theme, String(t.learners), String(t.answers), percent(t.average)]
        }, rightAligned: [1, 2, 3]))

        out.append("")
        out.append("Questions, hardest first")
        out.append(TextTable.render(["QUESTION", "THEME", "N", "FACILITY", "DISCRIMINATION", "MOST CHOSEN WRONG OPTION"],
                                    report.items.map { item in
            [item.questionID, item.theme.isEmpty ? "-" : item.theme, String(item.answers), percent(item.facility),
             signed(item.discrimination),
             item.mostChosenWrong.map { "“\(TextTable.truncate($0, to: 40))” (\(item.mostChosenWrongCount))" } ?? "-"]
        }, rightAligned: [2, 3, 4]))
        out.append("")
        out.append("Score and averages: right answers over questions set; a question left blank in a handed-in exam counts as wrong.")
        if report.groupSize > 0 {
            out.append("Facility: share of answers right. Discrimination: facility among the top \(plural(report.groupSize, "learner")) "
                       + "by score minus the bottom \(report.groupSize), from -1 to +1.")
        } else {
            out.append("Facility: share of answers right. Discrimination needs at least 3 learners.")
        }
        return out.joined(separator: "\n")
    }

    static let csvColumns = ["section", "learner", "theme", "question_id", "questions", "answers", "correct", "score", "passed",
                             "learners", "average", "facility", "discrimination", "most_chosen_wrong", "most_chosen_wrong_count"]

    static func csv(_ report: ClassReport) -> String {
        var out = CSV.record(csvColumns)
        for l in report.learners {
            out += CSV.record(["learner", l.learner, "", "", String(l.questions), String(l.answered), String(l.correct), fraction(l.score),
                               l.passed.map { $0 ? "true" : "false" } ?? "", "", "", "", "", "", ""])
        }
        for t in report.themes {
            out += CSV.record(["theme", "", t.theme, "", "", String(t.answers), String(t.correct), "", "",
                               String(t.learners), fraction(t.average), "", "", "", ""])
        }
        for item in report.items {
            out += CSV.record(["question", "", item.theme, item.questionID, "", String(item.answers), String(item.correct), "", "",
                               "", "", fraction(item.facility), item.discrimination.map(fraction) ?? "",
                               item.mostChosenWrong ?? "", item.mostChosenWrong == nil ? "" : String(item.mostChosenWrongCount)])
        }
        return out
    }
}
