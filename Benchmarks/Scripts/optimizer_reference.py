"""fsrs-rs reference for primer's FSRS parameter optimizer (StudyCore/FSRS/Optimizer).

Runs fsrs-rs's own optimizer and evaluator through the PyPI binding fsrs-rs-python 0.9.3
(Rust crate fsrs 6.6.2, the optimizer Anki uses). Run it through optimizer_reference.sh,
which makes the virtual environment.

  bench IN.json [--runs N]
      IN.json = {"train": ITEMS, "test": ITEMS, "seeds": [S...], "primer": [[21 weights]
      per seed]}, ITEMS = a list of items in target time order, each a list of
      [rating, delta_t] (history, then target). Fits fsrs-rs on "train" once per batch-
      order seed (compute_parameters, default TrainingConfig otherwise; the first seed's
      fit is timed: the median of N runs after a warm-up, item conversion excluded), then
      scores the defaults, every primer fit and every fsrs-rs fit on "test" with fsrs-rs's
      evaluate. Prints one JSON line.

  fit-once IN.json
      The same fit as "bench" times (first seed), once after one warm-up fit, in a process
      of its own: primer-bench runs it between the timed `primer optimize` commands, so
      both sides are timed on the machine as it is at that moment. Prints one JSON line.

  fixture OUT.json
      Writes the committed test fixture Tests/StudyCoreTests/Resources/optimizer/
      fsrs_rs_fixture.json: a small simulated review log in primer's record shape (times,
      ratings, cram answers, same-day repeats, answers after midnight before the 04:00
      rollover), the training items this script builds from it by primer's documented
      rules (an implementation independent of the Swift one), and fsrs-rs's results on
      those items: evaluate() of the defaults and of fitted weights, and
      compute_parameters() with one batch (order-free, so comparable weight by weight;
      also without short-term training and with 3 relearning steps), with the default
      batch size, and on small hand-made sets that stop at the minimum-data rules.
"""
import argparse
import json
import math
import random
import statistics
import sys
import time
from collections import defaultdict

import fsrs_rs_python as fr

DEFAULT = list(fr.DEFAULT_PARAMETERS)


def to_items(raw):
    return [fr.FSRSItem([fr.FSRSReview(int(r), int(d)) for r, d in item]) for item in raw]


def evaluate(params, items):
    ev = fr.FSRS(list(params)).evaluate(items)
    return {"log_loss": ev.log_loss, "rmse_bins": ev.rmse_bins}


def fit(items, batch_size=512, seed=2023, short_term=True, relearning_steps=None):
    cfg = fr.TrainingConfig(num_epochs=5, batch_size=batch_size, seed=seed, learning_rate=0.04,
                            max_seq_len=256, gamma=1.0)
    return list(fr.FSRS(DEFAULT).compute_parameters(items, enable_short_term=short_term,
                                                    num_relearning_steps=relearning_steps,
                                                    training_config=cfg))


def version():
    from importlib.metadata import version as v
    return v("fsrs-rs-python")


def cmd_bench(a):
    with open(a.input) as f:
        data = json.load(f)
    train, test = to_items(data["train"]), to_items(data["test"])
    seeds = data["seeds"]
    fits = [fit(train, seed=seed) for seed in seeds]  # the first one doubles as warm-up
    seconds = []
    for _ in range(a.runs):  # timed with the first seed, fsrs-rs's default 2023
        start = time.perf_counter()
        again = fit(train, seed=seeds[0])
        seconds.append(time.perf_counter() - start)
        if again != fits[0]:
            sys.exit("fsrs-rs compute_parameters is not deterministic")
    out = {
        "fsrs_rs_python": version(), "n_train": len(train), "n_test": len(test), "seeds": seeds,
        "fit_seconds": statistics.median(seconds), "runs_seconds": seconds,
        "default": evaluate(DEFAULT, test),
        "fsrs_rs": [{"params": w, "evaluate": evaluate(w, test)} for w in fits],
        "primer": [evaluate(w, test) for w in data["primer"]],
    }
    print(json.dumps(out))


def cmd_fit_once(a):
    with open(a.input) as f:
        data = json.load(f)
    train = to_items(data["train"])
    fit(train, seed=data["seeds"][0])  # warm-up
    start = time.perf_counter()
    fit(train, seed=data["seeds"][0])
    print(json.dumps({"fit_seconds": time.perf_counter() - start}))


# ------------------------------------------------------------------------- fixture
TRUE_W = [0.15, 0.9, 3.5, 12.0, 6.5, 0.7, 2.4, 0.01, 1.6, 0.2, 0.9, 1.8, 0.08, 0.25, 1.4, 0.5,
          2.1, 0.5, 0.2, 0.1, 0.25]
ROLLOVER = 4 * 3600
START = 1_704_067_200  # 2024-01-01T00:00:00Z


def curve(w, t, s):
    decay = -w[20]
    factor = 0.9 ** (1 / decay) - 1
    return (1 + factor * t / s) ** decay


def init_d(w, g):
    return w[4] - math.exp(w[5] * (g - 1)) + 1


def step(w, s, d, t, g):
    r = curve(w, t, s)
    if t == 0:
        inc = math.exp(w[17] * (g - 3 + w[18])) * s ** (-w[19])
        ns = s * (max(inc, 1.0) if g >= 2 else inc)
    elif g == 1:
        ns = min(w[11] * d ** (-w[12]) * ((s + 1) ** w[13] - 1) * math.exp((1 - r) * w[14]),
                 s / math.exp(w[17] * w[18]))
    else:
        hp, eb = (w[15] if g == 2 else 1), (w[16] if g == 4 else 1)
        ns = s * (1 + math.exp(w[8]) * (11 - d) * s ** (-w[9]) * (math.exp((1 - r) * w[10]) - 1) * hp * eb)
    nd = d + (10 - d) * (-w[6] * (g - 3)) / 9
    nd = w[7] * (init_d(w, 4) - nd) + nd
    return min(max(ns, 0.001), 36500), min(max(nd, 1), 10)


def session_time(rng, day):
    """A moment of study day `day`: usually 08:00-23:00, sometimes 00:00-03:59 the next
    calendar day (a night owl's session, still the same study day)."""
    if rng.random() < 0.15:
        return START + (day + 1) * 86400 + rng.randint(0, ROLLOVER - 1)
    return START + day * 86400 + rng.randint(8 * 3600, 23 * 3600)


def simulate_question(rng, q, first_day, horizon):
    out = []

    def answer(at, rating, affects=True):
        out.append({"id": f"r{q:03d}-{len(out):03d}", "question": f"q{q:03d}", "at": at,
                    "rating": rating, "affects": affects})

    day, at = first_day, session_time(rng, first_day)
    g = rng.choices([1, 2, 3, 4], [0.25, 0.1, 0.55, 0.1])[0]
    answer(at, g)
    s, d = TRUE_W[g - 1], min(max(init_d(TRUE_W, g), 1), 10)
    while g in (1, 2) and at - (START + day * 86400) < 86400 - 600:  # learning steps
        at += 600
        g = 3 if rng.random() < curve(TRUE_W, 600 / 86400, s) else 1
        answer(at, g)
        s, d = step(TRUE_W, s, d, 0, g)
        if rng.random() < 0.4:
            break
    while True:
        ivl = max(1, round(s * rng.uniform(0.8, 1.3)))
        if day + ivl >= horizon:
            return out
        day += ivl
        at = max(at + 60, session_time(rng, day))
        g = rng.choices([2, 3, 4], [0.12, 0.78, 0.1])[0] if rng.random() < curve(TRUE_W, ivl, s) else 1
        answer(at, g)
        s, d = step(TRUE_W, s, d, ivl, g)
        if rng.random() < 0.05:
            answer(at + 1800, rng.randint(1, 4), affects=False)  # cram: ignored
        if g == 1 or rng.random() < 0.1:  # relearning step, or a same-day repeat
            at += 600 if g == 1 else 3 * 3600
            if (at - ROLLOVER) // 86400 == (START + day * 86400 + 12 * 3600 - ROLLOVER) // 86400:
                g = 3 if rng.random() < curve(TRUE_W, 0.1, s) else 1
                answer(at, g)
                s, d = step(TRUE_W, s, d, 0, g)


def build_items(records):
    """primer's rules (FSRSTrainingItems), written independently of the Swift code."""
    def day_index(t):
        return (t - ROLLOVER) // 86400

    by_question = defaultdict(list)
    for r in records:
        if r["affects"]:
            by_question[r["question"]].append(r)
    dated = []
    for answers in by_question.values():
        answers.sort(key=lambda r: (r["at"], r["id"]))
        reviews, previous = [], None
        for k, r in enumerate(answers):
            day = day_index(r["at"])
            dt = 0 if k == 0 else max(0, day - previous)
            previous = day if k == 0 else max(previous, day)
            reviews.append([r["rating"], dt])
            if dt > 0:
                dated.append(((r["at"], r["id"]), day, [list(x) for x in reviews]))
    dated.sort(key=lambda x: x[0])
    return [item for _, _, item in dated], [day for _, day, _ in dated]


def small_cases():
    """Sets that stop at fsrs-rs's minimum-data rules (first long-term reviews only)."""
    def first_reviews(first, interval, passed, failed):
        return [[[first, 0], [3, interval]]] * passed + [[[first, 0], [1, interval]]] * failed
    yield "five items: initial weights", first_reviews(3, 2, 4, 1)
    yield "55 items, Again and Good: initial stability only", \
        first_reviews(3, 2, 24, 6) + first_reviews(1, 1, 15, 10)
    yield "70 first reviews of Good: initial stability only", first_reviews(3, 3, 60, 10)
    yield "three ratings with an outlier interval", \
        first_reviews(3, 2, 40, 8) + first_reviews(4, 5, 20, 2) + first_reviews(2, 1, 18, 9) \
        + first_reviews(3, 40, 1, 1)


def cmd_fixture(a):
    rng = random.Random(20240601)
    records = []
    for q in range(a.questions):
        records += simulate_question(rng, q, q // 8, a.horizon)
    rng.shuffle(records)  # the builder must sort
    items, days = build_items(records)
    fitems = to_items(items)
    single = fit(fitems, batch_size=100_000)
    variants = {"no_short_term": fit(fitems, batch_size=100_000, short_term=False),
                "relearning_steps_3": fit(fitems, batch_size=100_000, relearning_steps=3)}
    batched = fit(fitems)
    small = []
    for name, items_ in small_cases():
        small.append({"name": name, "items": [" ".join(f"{r}:{t}" for r, t in item) for item in items_],
                      "params": fit(to_items(items_))})
    out = {
        "about": "Generated by Benchmarks/Scripts/optimizer_reference.py fixture; expected values "
                 "are fsrs-rs " + version() + " (fsrs crate 6.6.2) on these items.",
        "rollover_hour": 4,
        "records": records,
        # "rating:delta_t" per review, history first, target last
        "items": [" ".join(f"{r}:{t}" for r, t in item) for item in items],
        "target_days": days,
        "expected": {
            "evaluate_default": evaluate(DEFAULT, fitems),
            "fit_single_batch": {"params": single, "evaluate": evaluate(single, fitems)},
            "fit_default_batches": {"params": batched, "evaluate": evaluate(batched, fitems)},
            # one batch, enable_short_term=False / num_relearning_steps=3
            "fit_single_batch_variants": variants,
            # compute_parameters on hand-made sets below the minimum-data thresholds
            "small_cases": small,
        },
    }
    with open(a.output, "w") as f:
        json.dump(out, f, separators=(",", ":"))
    n = sum(1 for r in records if r["affects"])
    print(f"{len(records)} records ({n} schedule-affecting), {len(items)} items -> {a.output}")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    b = sub.add_parser("bench")
    b.add_argument("input")
    b.add_argument("--runs", type=int, default=5)
    o = sub.add_parser("fit-once")
    o.add_argument("input")
    f = sub.add_parser("fixture")
    f.add_argument("output")
    f.add_argument("--questions", type=int, default=130)
    f.add_argument("--horizon", type=int, default=150)
    a = ap.parse_args()
    {"bench": cmd_bench, "fit-once": cmd_fit_once, "fixture": cmd_fixture}[a.cmd](a)


if __name__ == "__main__":
    main()
