"""py-fsrs 6.3.2 reference for the FSRS review-step benchmark.

Builds a deterministic workload (1,000 cards with varied histories, then 100,000
(card, rating, time) review inputs), times `Scheduler.review_card` over all of it with
fuzzing off, and writes the workload plus py-fsrs's outputs to a JSON file so the Swift
benchmark times exactly the same calls and checks it computes the same cards.

Usage: python pyfsrs_bench.py WORKLOAD.json [RUNS]
Prints one JSON line: {"ns_per_review": median, "runs_ns_per_review": [...], ...}.
"""
import json
import random
import sys
import time
from datetime import datetime, timedelta, timezone

import fsrs
from fsrs import Card, Rating, Scheduler

N = 100_000
POOL = 1_000
RATINGS = [1, 2, 3, 3, 3, 3, 4]


def unix(dt):
    return None if dt is None else int(dt.timestamp())


def main():
    out_path = sys.argv[1]
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    scheduler = Scheduler(enable_fuzzing=False)
    rng = random.Random(1729)
    base = datetime(2024, 1, 1, tzinfo=timezone.utc)

    # Cards get explicit ids: Card() without one sleeps 1 ms to make a unique id.
    pool = []
    for i in range(POOL):
        card = Card(card_id=i + 1, due=base)
        t = base + timedelta(seconds=rng.randint(0, 30 * 86400))
        for _ in range(rng.randint(0, 8)):
            card, _ = scheduler.review_card(card, Rating(rng.choice(RATINGS)), t)
            span = max(1.0, (card.due - t).total_seconds())
            t = t + timedelta(seconds=max(1, int(span * rng.uniform(0.3, 1.6))))
        pool.append((card, t))

    inputs = []
    for i in range(N):
        card, t = pool[i % POOL]
        inputs.append((card, Rating(rng.choice(RATINGS)), t + timedelta(seconds=rng.randint(0, 3 * 86400))))

    def run():
        review = scheduler.review_card
        for card, rating, when in inputs:
            review(card, rating, when)

    run()  # warm-up
    per_call = []
    for _ in range(runs):
        start = time.perf_counter_ns()
        run()
        per_call.append((time.perf_counter_ns() - start) / N)

    expected = []
    for card, rating, when in inputs:
        after, _ = scheduler.review_card(card, rating, when)
        expected.append([int(after.state), after.step, after.stability, after.difficulty, unix(after.due)])

    workload = {
        "cards": [[int(c.state), c.step, c.stability, c.difficulty, unix(c.due), unix(c.last_review)] for c, _ in pool],
        "inputs": [[i % POOL, int(r), unix(w)] for i, (_, r, w) in enumerate(inputs)],
        "expected": expected,
    }
    with open(out_path, "w") as f:
        json.dump(workload, f)

    per_call.sort()
    print(json.dumps({
        "ns_per_review": per_call[len(per_call) // 2],
        "runs_ns_per_review": per_call,
        "python": sys.version.split()[0],
        "fsrs": getattr(fsrs, "__version__", "6.3.2"),
        "calls_per_run": N,
    }))


if __name__ == "__main__":
    main()
