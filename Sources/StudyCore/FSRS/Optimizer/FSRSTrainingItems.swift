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
    /// the time order of their targets.
    public static func from(logs: [ScheduleLog], dayIndex: (Date) -> Int) -> [FSRSTrainingItem] {
        var items: [FSRSTrainingItem] = []
        var targets: [(log: Int, answer: Int)] = []   // the answer each item predicts
        for (number, log) in logs.enumerated() {
            items.reserveCapacity(items.count + log.count)
            targets.reserveCapacity(targets.count + log.count)
            let times = log.times, ratings = log.ratings
            for question in log.questions {
                // A new array per question: each item keeps a copy of the history so far.
                var reviews: [FSRSTrainingReview] = []
                var previousDay = 0
                for index in question.answers {
                    let first = index == question.answers.lowerBound
                    let day = dayIndex(Date(timeIntervalSince1970: times[index]))
                    // A day function that steps back (a clock change it mishandles) must not
                    // produce a negative interval; treat it as the same day.
                    let deltaT = first ? 0 : max(0, day - previousDay)
                    previousDay = first ? day : max(previousDay, day)
                    reviews.append(FSRSTrainingReview(rating: ratings[index], deltaT: deltaT))
                    if deltaT > 0 {
                        items.append(FSRSTrainingItem(reviews: reviews, targetDay: day))
                        targets.append((number, index))
                    }
                }
            }
        }
        // Sorted as positions by time (ids only on a tie): moving items would move references.
        // Times as integers that order as they do, positions beside them, sorted as plain
        // pairs; then each run of one time is put in id order (a comparison closure over
        // the whole array cost a millisecond more).
        var order = targets.indices.map { (time: orderKey(logs[targets[$0].log].times[targets[$0].answer]), item: $0) }
        order.sort { $0 < $1 }
        var runStart = 0
        while runStart < order.count {
            var runEnd = runStart + 1
            while runEnd < order.count && order[runEnd].time == order[runStart].time { runEnd += 1 }
            if runEnd - runStart > 1 {
                order[runStart..<runEnd].sort { x, y in
                    let a = targets[x.item], b = targets[y.item]
                    return a.log == b.log ? logs[a.log].idPrecedes(a.answer, b.answer) : logs[a.log].id(a.answer) < logs[b.log].id(b.answer)
                }
            }
            runStart = runEnd
        }
        return order.map { items[$0.item] }
    }

    /// An integer that orders as the time does (IEEE 754's bits, negatives flipped).
    private static func orderKey(_ time: Double) -> UInt64 {
        let bits = time.bitPattern
        return bits >> 63 == 0 ? bits | (1 << 63) : ~bits
    }
}
