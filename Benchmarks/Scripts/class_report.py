#!/usr/bin/env python3
"""The class report at scale (issue 15): 100 learners x 10,000 answers each (500 mock exams
of 20 questions, preset "Class bench"), built through `primer import` of a generated export
(the official path), then `primer report --preset` timed (median of 5) with its peak RSS.

    python3 class_report.py --primer PATH [--work DIR]

The answers are drawn, with a fixed seed, from two real sittings of the whole bundled
course (every question answered with its first option, then its second), so every
(question, options shown, options chosen, correct) tuple is one primer itself produced.
"""
import argparse, datetime, json, os, random, resource, statistics, subprocess, tempfile, time


def sittings(primer, work):
    folder = os.path.join(work, "template")
    for answer in ("1", "2"):
        subprocess.run([primer, "exam", "--plain", "--count", "118", "--data-dir", folder, "--learner", "t" + answer],
                       input=(answer + "\n") * 200, text=True, capture_output=True,
                       env=dict(os.environ, PRIMER_SEED=answer), check=True)
    exported = subprocess.run([primer, "export", "--data-dir", folder], capture_output=True, text=True, check=True)
    pool = {}
    for learner in json.loads(exported.stdout)["learners"]:
        for review in learner["reviews"]:
            pool.setdefault(review["question"], []).append(review)
    return pool


def class_export(pool, path, learners=100, exams=500, per_exam=20):
    rng = random.Random(7)
    questions = sorted(pool)
    base = datetime.datetime(2026, 1, 1, tzinfo=datetime.timezone.utc)
    iso = lambda t: t.strftime("%Y-%m-%dT%H:%M:%S.") + "%03dZ" % (t.microsecond // 1000)
    people = []
    for n in range(learners):
        reviews, sessions = [], []
        for s in range(exams):
            start = base + datetime.timedelta(hours=8 * s, minutes=n)
            paper, sid, right = rng.sample(questions, per_exam), "L%03d-S%03d" % (n, s), 0
            for k, q in enumerate(paper):
                t = rng.choice(pool[q])
                right += t["correct"]
                reviews.append({"affectsSchedule": True, "chosen": t["chosen"], "correct": t["correct"], "course": t["course"],
                                "id": "%s-%02d" % (sid, k), "question": q, "rating": "good" if t["correct"] else "again",
                                "responseMilliseconds": 5000, "reviewedAt": iso(start + datetime.timedelta(seconds=30 * (k + 1))),
                                "session": sid, "shown": t["shown"]})
            sessions.append({"answered": per_exam, "correct": right, "course": "pakistan-us", "id": sid, "kind": "exam",
                             "finishedAt": iso(start + datetime.timedelta(minutes=11)), "outcome": "submitted", "paper": paper,
                             "preset": "Class bench", "questions": per_exam, "score": right / per_exam, "startedAt": iso(start)})
        people.append({"createdAt": iso(base), "lessonsRead": [], "name": "learner-%03d" % n, "reviews": reviews,
                       "sessions": sessions, "settings": {}})
    with open(path, "w") as f:
        json.dump({"format": "primer-export", "learners": people, "version": 1}, f)


def timed(command):
    start = time.monotonic()
    child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, usage = os.wait4(child.pid, 0)[1:]
    return time.monotonic() - start, usage.ru_maxrss / 1024


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--primer", required=True)
    parser.add_argument("--work", default=None)
    args = parser.parse_args()
    primer = os.path.abspath(args.primer)
    work = args.work or tempfile.mkdtemp(prefix="primer-class-report-")
    os.makedirs(work, exist_ok=True)
    data, export = os.path.join(work, "data"), os.path.join(work, "class.json")
    if not os.path.exists(os.path.join(data, "primer.sqlite")):
        class_export(sittings(primer, work), export)
        seconds, peak = timed([primer, "import", export, "--data-dir", data])
        print("import: %.1f s, peak %.0f MB" % (seconds, peak))
    preset = os.path.join(work, "cb.preset")
    with open(preset, "w") as f:
        f.write("title: Class bench\ncount: 20\n")
    runs = [timed([primer, "report", "--data-dir", data, "--preset", preset]) for _ in range(5)]
    print("primer report --preset, 100 learners x 10,000 answers: median %.2f s (min %.2f s), peak %.0f MB"
          % (statistics.median(r[0] for r in runs), min(r[0] for r in runs), max(r[1] for r in runs)))


if __name__ == "__main__":
    main()
