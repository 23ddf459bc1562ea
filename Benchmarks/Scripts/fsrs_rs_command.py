"""`primer optimize`'s steps as a command around fsrs-rs: the whole-process reference.

    python fsrs_rs_command.py STORE.sqlite LEARNER

What a tool built on fsrs-rs-python would do for the same job, as one process: start
Python, load fsrs-rs, read the learner's schedule-affecting answers from primer's store,
make the training items (primer's rules: study days from 04:00 UTC, one item per answer on
a later day than the one before it, in target time order), hold out the last 20% of them
(whole days), fit with `compute_parameters` (fsrs-rs's defaults), score the defaults and
the fit on the held-out items with `evaluate`, and save the weights (one row, committed)
when they are better. It does less than primer: no check of the file, no item states
recomputed, no backup or locking. Only the standard library and fsrs_rs_python are
imported, so its start is as short as Python allows. Prints one line.
"""
import sqlite3
import sys
from collections import defaultdict

import fsrs_rs_python as fr

ROLLOVER_MS = 4 * 3600 * 1000


def items_of(rows):
    by_question = defaultdict(list)
    for row in rows:
        by_question[(row[1], row[2])].append(row)
    dated = []
    for answers in by_question.values():
        answers.sort(key=lambda r: (r[3], r[0]))
        reviews, previous = [], None
        for k, (rid, _, _, at, rating) in enumerate(answers):
            day = (at - ROLLOVER_MS) // 86_400_000
            dt = 0 if k == 0 else max(0, day - previous)
            previous = day if k == 0 else max(previous, day)
            reviews.append(fr.FSRSReview(rating, dt))
            if dt > 0:
                dated.append(((at, rid), day, fr.FSRSItem(list(reviews))))
    dated.sort(key=lambda x: x[0])
    return [item for _, _, item in dated], [day for _, day, _ in dated]


def main():
    path, learner = sys.argv[1], sys.argv[2]
    db = sqlite3.connect(path)
    rows = db.execute("""
        SELECT r.id, r.courseId, r.questionId, r.reviewedAt, r.rating FROM review r JOIN learner l ON l.id = r.learnerId
        WHERE l.name = ? AND r.affectsSchedule = 1""", (learner,)).fetchall()
    items, days = items_of(rows)
    boundary = -(-len(items) * 8 // 10)
    while 0 < boundary < len(items) and days[boundary] == days[boundary - 1]:
        boundary += 1
    train, test = items[:boundary], items[boundary:]
    fitted = list(fr.FSRS(list(fr.DEFAULT_PARAMETERS)).compute_parameters(train))
    before = fr.FSRS(list(fr.DEFAULT_PARAMETERS)).evaluate(test)
    after = fr.FSRS(fitted).evaluate(test)
    saved = after.log_loss < before.log_loss and after.rmse_bins <= before.rmse_bins
    if saved:
        with db:
            db.execute("""
                INSERT INTO setting (learnerId, key, value) SELECT id, 'fsrs-rs-weights', ? FROM learner WHERE name = ?
                ON CONFLICT (learnerId, key) DO UPDATE SET value = excluded.value""",
                       (",".join(f"{w:.6f}" for w in fitted), learner))
    db.close()
    print(f"{len(rows)} answers, {len(items)} items, log loss {before.log_loss:.5f} -> {after.log_loss:.5f}, saved {saved}")


if __name__ == "__main__":
    main()
