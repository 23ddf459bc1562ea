import StudyCore

/// How `ClassReport` turns the sums of an `AnswerTally` into its figures (the definitions
/// are on `ClassReport`): learners' scores, the upper and lower thirds, theme averages, and
/// the analysis of each question.
extension ClassReport {
    /// Computes the report from the sums it needs (see `AnswerTally`), however they were gathered.
    public static func compute(tally: AnswerTally, passMark: Double? = nil, themeOrder: [String] = [],
                               correctOptions: (_ course: String, _ questionID: String) -> Set<String>? = { _, _ in nil }) -> ClassReport {
        let learners = scores(tally, passMark: passMark)
        // Upper and lower thirds by score, ties by name.
        let ranked = learners.sorted { a, b in
            abs(a.score - b.score) > 1e-12 ? a.score > b.score : a.learner < b.learner
        }.map(\.learner)
        let k = ranked.count / 3
        let answerCount = tally.cells.values.reduce(0) { $0 + $1.answered }
        let questionCount = tally.cells.values.reduce(0) { $0 + $1.questions }
        return ClassReport(learners: learners, themes: averages(tally, themeOrder: themeOrder),
                           items: analysis(tally, upper: Set(ranked.prefix(k)), lower: Set(ranked.suffix(k)), thirds: k > 0,
                                           correctOptions: correctOptions),
                           passMark: passMark, groupSize: k, answerCount: answerCount, blankCount: questionCount - answerCount,
                           abandonedSessions: tally.abandonedSessions.count)
    }

    /// Each learner's questions set, answers and right answers, by name.
    private static func scores(_ tally: AnswerTally, passMark: Double?) -> [LearnerScore] {
        var perLearner: [String: AnswerTally.Counts] = [:]
        for (cell, counts) in tally.cells {
            perLearner[cell.learner, default: .init()].questions += counts.questions
            perLearner[cell.learner, default: .init()].answered += counts.answered
            perLearner[cell.learner, default: .init()].correct += counts.correct
        }
        return perLearner.keys.sorted().map { name -> LearnerScore in
            let t = perLearner[name] ?? .init()
            var score = LearnerScore(learner: name, answered: t.answered, correct: t.correct, questions: t.questions, passed: nil)
            if let passMark { score.passed = score.score + 1e-9 >= passMark }
            return score
        }
    }

    /// Each theme: the mean of its learners' shares right, averaged by name so the sum is
    /// the same in every run; in `themeOrder`, the others by id, the unknown theme last.
    private static func averages(_ tally: AnswerTally, themeOrder: [String]) -> [ThemeAverage] {
        var themeLearner: [String: [String: AnswerTally.Counts]] = [:]
        for (cell, counts) in tally.cells {
            themeLearner[cell.theme ?? "", default: [:]][cell.learner, default: .init()].questions += counts.questions
            themeLearner[cell.theme ?? "", default: [:]][cell.learner, default: .init()].correct += counts.correct
        }
        let orderIndex = Dictionary(themeOrder.enumerated().map { ($1, $0) }) { first, _ in first }
        let themeIDs = themeLearner.keys.sorted { a, b in
            let ia = orderIndex[a] ?? Int.max, ib = orderIndex[b] ?? Int.max
            if ia != ib { return ia < ib }
            if a.isEmpty != b.isEmpty { return !a.isEmpty }
            return a < b
        }
        return themeIDs.map { theme -> ThemeAverage in
            let byLearner = (themeLearner[theme] ?? [:]).sorted { $0.key < $1.key }.map(\.value)
            let fractions = byLearner.map { Double($0.correct) / Double($0.questions) }
            return ThemeAverage(theme: theme, learners: byLearner.count,
                                answers: byLearner.reduce(0) { $0 + $1.questions },
                                correct: byLearner.reduce(0) { $0 + $1.correct },
                                average: fractions.reduce(0, +) / Double(max(1, fractions.count)))
        }
    }

    /// Each question's facility, discrimination (when there are thirds) and most chosen
    /// wrong option; hardest first, equal facility by question id, then course.
    private static func analysis(_ tally: AnswerTally, upper: Set<String>, lower: Set<String>, thirds: Bool,
                                 correctOptions: (String, String) -> Set<String>?) -> [Item] {
        struct ItemCounts { var all = AnswerTally.Counts(), upper = AnswerTally.Counts(), lower = AnswerTally.Counts() }
        var perItem: [AnswerTally.QuestionKey: ItemCounts] = [:]
        for (cell, counts) in tally.cells {
            let key = AnswerTally.QuestionKey(course: cell.course, question: cell.question)
            perItem[key, default: .init()].all.questions += counts.questions
            perItem[key, default: .init()].all.correct += counts.correct
            if upper.contains(cell.learner) {
                perItem[key, default: .init()].upper.questions += counts.questions
                perItem[key, default: .init()].upper.correct += counts.correct
            }
            if lower.contains(cell.learner) {
                perItem[key, default: .init()].lower.questions += counts.questions
                perItem[key, default: .init()].lower.correct += counts.correct
            }
        }
        func facility(_ counts: AnswerTally.Counts) -> Double? {
            counts.questions == 0 ? nil : Double(counts.correct) / Double(counts.questions)
        }
        var items: [(key: AnswerTally.QuestionKey, item: Item)] = perItem.map { key, counts in
            var discrimination: Double? = nil
            if thirds, let fu = facility(counts.upper), let fl = facility(counts.lower) { discrimination = fu - fl }
            let chosen = tally.choices[key] ?? AnswerTally.Choices()
            let right = correctOptions(key.course, key.question) ?? chosen.inRightAnswers
            let top = chosen.inWrongAnswers.filter { !right.contains($0.key) }
                .max { a, b in a.value != b.value ? a.value < b.value : a.key > b.key }
            let theme = (tally.questionTheme[key] ?? nil) ?? ""
            return (key, Item(questionID: key.question, theme: theme, answers: counts.all.questions, correct: counts.all.correct,
                              facility: facility(counts.all) ?? 0, discrimination: discrimination,
                              mostChosenWrong: top?.key, mostChosenWrongCount: top?.value ?? 0))
        }
        items.sort { a, b in
            if abs(a.item.facility - b.item.facility) > 1e-12 { return a.item.facility < b.item.facility }
            if a.item.questionID != b.item.questionID { return a.item.questionID < b.item.questionID }
            return a.key.course < b.key.course
        }
        return items.map(\.item)
    }
}
