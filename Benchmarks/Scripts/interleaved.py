#!/usr/bin/env python3
"""Two (or more) builds of primer timed on one command, interleaved, for a change whose
effect is smaller than the machine's drift (BENCHMARKS.md's "before → after" medians).

    python3 interleaved.py --runs 30 --command "optimize --learner ana" OLD_PRIMER NEW_PRIMER

Each run copies the store afresh (default: the optimize-command benchmark's
data/optimize-store-before, which `primer-bench optimizer optimize-command` makes), runs
`primer learners` on it with the same build (so the copy is a store that build closed
cleanly), then times the command alone: wall time, and the child's minor page faults and
CPU time from wait4. The builds alternate, their order flipping each round. Prints the
median, quartiles and minimum of each.
"""
import argparse, os, shutil, statistics, subprocess, tempfile, time

here = os.path.dirname(os.path.abspath(__file__))
parser = argparse.ArgumentParser()
parser.add_argument("--runs", type=int, default=30)
parser.add_argument("--command", default="optimize --learner ana")
parser.add_argument("--store", default=os.path.join(here, "..", "data", "optimize-store-before"))
parser.add_argument("builds", nargs="+")
args = parser.parse_args()

work = tempfile.mkdtemp(prefix="primer-interleaved-")
copy = os.path.join(work, "store")
times = {b: [] for b in args.builds}
faults = {b: [] for b in args.builds}
cpu = {b: [] for b in args.builds}
try:
    with open(os.devnull, "w") as devnull:
        for round in range(args.runs):
            for build in args.builds if round % 2 == 0 else reversed(args.builds):
                shutil.rmtree(copy, ignore_errors=True)
                shutil.copytree(args.store, copy)
                subprocess.run([build, "learners", "--data-dir", copy], stdout=devnull, check=True)
                start = time.perf_counter()
                pid = os.posix_spawn(build, [build] + args.command.split() + ["--data-dir", copy], os.environ,
                                     file_actions=[(os.POSIX_SPAWN_OPEN, 1, os.devnull, os.O_WRONLY, 0)])
                _, status, usage = os.wait4(pid, 0)
                elapsed = time.perf_counter() - start
                if status != 0:
                    raise SystemExit(f"{build} {args.command}: exit status {status}")
                times[build].append(elapsed * 1000)
                faults[build].append(usage.ru_minflt)
                cpu[build].append((usage.ru_utime + usage.ru_stime) * 1000)
finally:
    shutil.rmtree(work, ignore_errors=True)

for build in args.builds:
    t = sorted(times[build])
    print(f"{build}: {args.command}: median {statistics.median(t):.2f} ms (q1 {t[len(t) // 4]:.2f}, "
          f"q3 {t[3 * len(t) // 4]:.2f}, min {t[0]:.2f}), {statistics.median(faults[build]):.0f} minor faults, "
          f"CPU {statistics.median(cpu[build]):.2f} ms; {len(t)} runs")
