#!/usr/bin/env bash
# Builds primer's release benchmarks and runs them, printing one line per figure:
#   figure | value | reference | ratio | target | met/MISSED  [details]
# Details of every measurement go to data/details.log; the table to data/results.tsv.
#
#   Benchmarks/run.sh                 # everything
#   Benchmarks/run.sh fsrs queue      # some figures: fsrs queue parse commit open render startup examsim optimizer optimize-command import settings-save
#   Benchmarks/run.sh live [N]        # the live quiz over SSH with N learners (default 60; root, sshd)
#   Benchmarks/run.sh class-report    # primer report over 100 learners x 10,000 answers (store made once)
#   Benchmarks/run.sh stats-screen    # the Statistics screen on the 1M store (made by the startup figure)
#
# Needs: swift 6, python3 (py-fsrs 6.3.2 is installed from PyPI into a venv under /tmp),
# tmux, pkg-config and libncurses-dev. Large data (about 1.1 GB: two stores of a million
# reviews, a generated course) is made once under Benchmarks/data/ and reused.
# Run it on an idle machine: a build running beside it doubles some figures.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
main="$(dirname "$here")"
data="$here/data"
venv="${PRIMER_BENCH_VENV:-/tmp/pyfsrs-venv}"
mkdir -p "$data"

need=()
command -v tmux >/dev/null 2>&1 || need+=(tmux)
command -v pkg-config >/dev/null 2>&1 || need+=(pkg-config)
[ -f /usr/include/ncursesw/ncurses.h ] || need+=(libncurses-dev)
python3 -c 'import venv' 2>/dev/null || need+=(python3-venv)
if [ ${#need[@]} -gt 0 ]; then
  echo "run.sh: installing ${need[*]}" >&2
  DEBIAN_FRONTEND=noninteractive apt-get update -qq </dev/null >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" </dev/null >&2
fi
if ! "$venv/bin/python" -c 'import fsrs' >/dev/null 2>&1; then
  echo "run.sh: creating $venv with fsrs==6.3.2" >&2
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q fsrs==6.3.2 >&2
fi

echo "run.sh: building (release) …" >&2
# Statically linked Swift runtime and Foundation, as primer is meant to be installed
# (README, "Installing"); the minimal ncurses reference is built the same way.
# Product by product: building everything also links GRDB's dynamic library product,
# which fails with a static Swift runtime (no -l_FoundationCollections to link against).
for product in primer-bench minimal-ncurses primer; do
  swift build -c release --static-swift-stdlib --package-path "$here" --scratch-path "$here/.build" --product "$product" >&2
done
bin="$here/.build/release"

if [ "${1:-}" = live ]; then
  # Not a primer-bench figure: real sshd and ssh processes, observed through terminal
  # emulators (pyte) in Python. Prints the figures as JSON.
  command -v sshd >/dev/null 2>&1 || [ -x /usr/sbin/sshd ] || {
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq openssh-server openssh-client </dev/null >&2; }
  live_venv="${PRIMER_BENCH_LIVE_VENV:-/tmp/live-venv}"
  "$live_venv/bin/python" -c 'import pyte' >/dev/null 2>&1 || {
    python3 -m venv "$live_venv" && "$live_venv/bin/pip" install -q pyte >&2; }
  exec "$live_venv/bin/python" "$here/Scripts/live_load.py" --primer "$bin/primer" --learners "${2:-60}" --questions 10 \
    --json "$data/live.json"
fi

if [ "${1:-}" = class-report ]; then
  # The store (a 527 MB export imported once) is kept under data/class-report.
  exec python3 "$here/Scripts/class_report.py" --primer "$bin/primer" --work "$data/class-report"
fi
if [ "${1:-}" = stats-screen ]; then
  [ -f "$data/store-1m-bundled/primer.sqlite" ] || { echo "run.sh: run the startup figure first (it makes the 1M store)" >&2; exit 2; }
  exec bash "$here/Scripts/stats_screen.sh" "$bin/primer" "$data/store-1m-bundled"
fi
load=$(cut -d' ' -f1 /proc/loadavg)
if awk -v l="$load" 'BEGIN { exit !(l > 1.0) }'; then
  echo "run.sh: warning: load average is $load; figures will be noisy (wait for an idle machine)" >&2
fi

results="$data/results.tsv"
rm -f "$results"
echo "figure | value | reference | ratio | target | verdict"
status=0
"$bin/primer-bench" "$@" \
  --data "$data" \
  --content "$main/Content/pakistan-us" \
  --python "$venv/bin/python" --pyscript "$here/Scripts/pyfsrs_bench.py" \
  --primer "$bin/primer" --minimal "$bin/minimal-ncurses" \
  --results "$results" 2>"$data/details.log" | sed -n 's/^RESULT | //p' || status=$?
echo "run.sh: details in $data/details.log, table in $results" >&2
exit $status
