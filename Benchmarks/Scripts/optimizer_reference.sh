#!/usr/bin/env bash
# Runs optimizer_reference.py (fsrs-rs's optimizer and evaluator, for primer's optimizer
# benchmark and test fixture) in a virtual environment with fsrs-rs-python 0.9.3, which it
# creates on first use. Arguments go to the Python script:
#   optimizer_reference.sh bench IN.json [--runs N]
#   optimizer_reference.sh fit-once IN.json
#   optimizer_reference.sh fixture OUT.json
# PRIMER_BENCH_FSRSRS_VENV picks the environment (default /tmp/fsrs-rs-venv).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
venv="${PRIMER_BENCH_FSRSRS_VENV:-/tmp/fsrs-rs-venv}"
if ! "$venv/bin/python" -c 'import fsrs_rs_python' >/dev/null 2>&1; then
  echo "optimizer_reference.sh: creating $venv with fsrs-rs-python==0.9.3" >&2
  python3 -m venv "$venv" >&2
  "$venv/bin/pip" install -q fsrs-rs-python==0.9.3 >&2
fi
exec "$venv/bin/python" "$here/optimizer_reference.py" "$@"
