import Foundation

/// Study-day numbering for the optimizer: which day an answer belongs to, as an integer
/// that grows by one at each day rollover. FSRS counts intervals in these days, so two
/// answers on either side of the rollover are a day apart even if minutes separate them,
/// and a night-owl session after midnight still belongs to the evening before (as in
/// Anki, whose day index is measured from the collection's next rollover).
public enum FSRSStudyDays {
    /// Days starting at `rolloverHour`:00 UTC.
    public static func utc(rolloverHour: Int = 4) -> @Sendable (Date) -> Int {
        let offset = TimeInterval(min(max(rolloverHour, 0), 23)) * 3600
        return { date in Int(((date.timeIntervalSince1970 - offset) / 86400).rounded(.down)) }
    }

    /// Days starting at `settings.dayStartHour` in `settings.timeZone`: the learner's own
    /// study days (`StudySettings.studyDay(containing:)`), numbered.
    public static func local(_ settings: StudySettings) -> @Sendable (Date) -> Int {
        let zone = settings.timeZone
        let offset = TimeInterval(min(max(settings.dayStartHour, 0), 23)) * 3600
        // A zone that never changes its offset (UTC, a fixed offset) needs no lookup per
        // answer (each takes a lock inside Foundation).
        if zone.nextDaylightSavingTimeTransition(after: .distantPast) == nil {
            let fixed = offset - TimeInterval(zone.secondsFromGMT())
            return { date in Int(((date.timeIntervalSince1970 - fixed) / 86400).rounded(.down)) }
        }
        return { date in
            let local = date.timeIntervalSince1970 + TimeInterval(zone.secondsFromGMT(for: date))
            return Int(((local - offset) / 86400).rounded(.down))
        }
    }
}

/// Turns primer's review log into the optimizer's training items, the way Anki prepares
/// a revlog for fsrs-rs (`reviews_for_fsrs(training: true)`):
///
/// * Only schedule-affecting answers count (`affectsSchedule`); cram answers are left
///   out, as Anki leaves out filtered-deck cramming.
/// * Each question's answers are taken in time order (ties by record id, the order the
///   scheduler replays them in). Its i-th answer's `deltaT` is the number of study-day
///   rollovers since answer i − 1 (`dayIndex` numbers the days), so answers on the same
///   study day have `deltaT` 0 however many hours apart they are.
/// * Every answer with `deltaT` > 0 becomes the target of one item whose history is
///   every earlier answer to the question. Same-day answers (learning and relearning
///   steps, repeats) are history only, never targets: FSRS predicts recall across
///   days, and within a day a repeat mostly measures the short-term trace.
/// * Items are returned in the time order of their targets, which fsrs-rs relies on:
///   recent items weigh more in training and in evaluation.
///
/// One difference from Anki, on purpose: Anki drops cards whose revlog has no
/// "learning" entry (their history started before the log did) and starts every card
/// at its last block of learning entries (a reset card starts afresh). primer's log has
/// no entry types, always holds a question's whole history, and never resets a question,
/// so a question's first logged answer is its first-ever answer: the start of its history.
public enum FSRSTrainingItems {
    /// The items of `records` (any order, any number of courses and questions) with
    /// study days numbered by `dayIndex`, which must never decrease as time goes on.
    public static func from(records: [ReviewRecord], dayIndex: (Date) -> Int) -> [FSRSTrainingItem] {
        from(log: ScheduleLog(records: records), dayIndex: dayIndex)
    }

    /// `from(records:dayIndex:)` with UTC study days that start at `rolloverHour`.
    public static func from(records: [ReviewRecord], rolloverHour: Int = 4) -> [FSRSTrainingItem] {
        from(records: records, dayIndex: FSRSStudyDays.utc(rolloverHour: rolloverHour))
    }

    /// The items of a log's answers (all schedule-affecting, each question's in replay order).
    public static func from(log: ScheduleLog, dayIndex: (Date) -> Int) -> [FSRSTrainingItem] {
        from(logs: [log], dayIndex: dayIndex)
    }

    /// The items of several logs (a class's learners, each question its own), together in
    /// the time order of their targets. A long log's questions are split in two halves of
    /// about equal answers, whose items are made and sorted side by side (`worker`; by
    /// default from 4,000 answers, with two processors) and then merged: the same items in
    /// the same order either way.
    public static func from(logs: [ScheduleLog], dayIndex: (Date) -> Int, worker: Bool? = nil) -> [FSRSTrainingItem] {
        var questions: [(log: Int, question: Int)] = []
        for (number, log) in logs.enumerated() { questions += log.questions.indices.map { (number, $0) } }
        let answers = logs.reduce(0) { $0 + $1.count }
        let twoParts = worker ?? (answers >= 4_000)
        var cut = questions.count
        if twoParts {
            var counted = 0
            cut = questions.firstIndex { question in
                counted += logs[question.log].questions[question.question].answers.count
                return 2 * counted >= answers
            }.map { $0 + 1 } ?? questions.count
        }
        return withoutActuallyEscaping(dayIndex) { dayIndex in
            guard twoParts else { return Part(logs, questions[...], dayIndex).sortedItems() }
            let threads = worker.map { FSRSTwinThreads(worker: $0) } ?? FSRSTwinThreads()   // by default only with two processors
            defer { threads.stop() }
            let second = PartBox()
            var first: Part!   // set by `run`'s first piece
            let later = questions[cut...], sendableLogs = UncheckedSendable(logs), days = UncheckedSendable(dayIndex)
            threads.run({ first = Part(logs, questions[..<cut], dayIndex) },
                        { second.part = Part(sendableLogs.value, later, days.value) })
            return Part.merged(first, second.part!, logs)   // set by `run`'s second piece
        }
    }

    /// The second part, handed back from the other thread.
    private final class PartBox: @unchecked Sendable {
        var part: Part?
    }

    /// Some questions' items, with their order by time (ids only on a tie).
    private struct Part {
        var items: [FSRSTrainingItem] = []
        /// The answer each item predicts.
        var targets: [(log: Int, answer: Int)] = []
        /// Items by target time, then id; positions into `items`.
        var order: [(time: UInt64, item: Int)] = []

        init(_ logs: [ScheduleLog], _ questions: ArraySlice<(log: Int, question: Int)>, _ dayIndex: (Date) -> Int) {
            let answers = questions.reduce(0) { $0 + logs[$1.log].questions[$1.question].answers.count }
            items.reserveCapacity(answers)
            targets.reserveCapacity(answers)
            var days: [Int] = []
            for (number, index) in questions {
                let log = logs[number], question = log.questions[index]
                // The question's answers first, in one array; then its items, each the
                // answers up to its target, all sharing that array.
                var reviews: [FSRSTrainingReview] = []
                reviews.reserveCapacity(question.answers.count)
                days.removeAll(keepingCapacity: true)
                var previousDay = 0
                for index in question.answers {
                    let first = index == question.answers.lowerBound
                    let day = dayIndex(Date(timeIntervalSince1970: log.times[index]))
                    // A day function that steps back (a clock change it mishandles) must not
                    // produce a negative interval; treat it as the same day.
                    let deltaT = first ? 0 : max(0, day - previousDay)
                    previousDay = first ? day : max(previousDay, day)
                    reviews.append(FSRSTrainingReview(rating: log.ratings[index], deltaT: deltaT))
                    days.append(day)
                }
                for (position, review) in reviews.enumerated() where review.deltaT > 0 {
                    items.append(FSRSTrainingItem(first: position + 1, of: reviews, targetDay: days[position]))
                    targets.append((number, question.answers.lowerBound + position))
                }
            }
            // Sorted as positions by time (ids only on a tie): moving items would move
            // references. Times as integers that order as they do, positions beside them
            // in ascending order, sorted stably by time (as pairs, with the positions
            // breaking ties); then each run of one time is put in id order (a comparison
            // closure over the whole array cost a millisecond more).
            order = targets.indices.map { (time: orderKey(logs[targets[$0].log].times[targets[$0].answer]), item: $0) }
            RadixSort.sort(&order) { $0.time }
            var runStart = 0
            while runStart < order.count {
                var runEnd = runStart + 1
                while runEnd < order.count && order[runEnd].time == order[runStart].time { runEnd += 1 }
                if runEnd - runStart > 1 {
                    order[runStart..<runEnd].sort { x, y in Self.idPrecedes(targets[x.item], targets[y.item], logs) }
                }
                runStart = runEnd
            }
        }

        func sortedItems() -> [FSRSTrainingItem] { order.map { items[$0.item] } }

        /// Both parts' items in one order: by time, then id, then the first part's first
        /// (its questions come first), as sorting them all together gives.
        static func merged(_ a: Part, _ b: Part, _ logs: [ScheduleLog]) -> [FSRSTrainingItem] {
            var result: [FSRSTrainingItem] = []
            result.reserveCapacity(a.items.count + b.items.count)
            var i = 0, j = 0
            while i < a.order.count && j < b.order.count {
                let x = a.order[i], y = b.order[j]
                let takeB = y.time < x.time || (y.time == x.time && idPrecedes(b.targets[y.item], a.targets[x.item], logs))
                if takeB {
                    result.append(b.items[y.item])
                    j += 1
                } else {
                    result.append(a.items[x.item])
                    i += 1
                }
            }
            for k in i..<a.order.count { result.append(a.items[a.order[k].item]) }
            for k in j..<b.order.count { result.append(b.items[b.order[k].item]) }
            return result
        }

        /// Whether answer `a`'s id comes before `b`'s as text.
        private static func idPrecedes(_ a: (log: Int, answer: Int), _ b: (log: Int, answer: Int), _ logs: [ScheduleLog]) -> Bool {
            a.log == b.log ? logs[a.log].idPrecedes(a.answer, b.answer) : logs[a.log].id(a.answer) < logs[b.log].id(b.answer)
        }
    }

    /// An integer that orders as the time does (IEEE 754's bits, negatives flipped).
    private static func orderKey(_ time: Double) -> UInt64 {
        let bits = time.bitPattern
        return bits >> 63 == 0 ? bits | (1 << 63) : ~bits
    }
}
