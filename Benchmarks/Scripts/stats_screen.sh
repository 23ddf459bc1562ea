#!/usr/bin/env bash
# The Statistics screen on the million-review store (issue 15): seconds from the key `t`
# on Home to the screen drawn, in a 100x30 tmux pane, and the TUI's peak RSS over the run.
#   Benchmarks/Scripts/stats_screen.sh PRIMER STORE_FOLDER   (the store is copied first)
set -euo pipefail
primer=$1; store=$2
work=$(mktemp -d); trap 'tmux -S "$work/sock" kill-server 2>/dev/null || true; rm -rf "$work"' EXIT
cp -r "$store" "$work/data"
tmux -S "$work/sock" -f /dev/null new-session -d -s t -x 100 -y 30 \
  "/usr/bin/time -v '$primer' --data-dir '$work/data' --learner bench 2>'$work/time'; sleep 60"
screen() { tmux -S "$work/sock" capture-pane -p -t t 2>/dev/null || true; }
for _ in $(seq 1 600); do screen | grep -q "Hello, bench" && break; sleep 0.05; done
start=$(date +%s.%N); tmux -S "$work/sock" send-keys -t t t
for _ in $(seq 1 2400); do screen | grep -q "Retention by theme" && break; sleep 0.05; done
end=$(date +%s.%N)
tmux -S "$work/sock" send-keys -t t Escape; sleep 0.3; tmux -S "$work/sock" send-keys -t t q
for _ in $(seq 1 200); do grep -q "Maximum resident" "$work/time" 2>/dev/null && break; sleep 0.05; done
echo "statistics screen: $(echo "$end - $start" | bc) s; TUI peak: $(awk '/Maximum resident/ {print $6/1024 " MB"}' "$work/time")"
