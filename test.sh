#!/usr/bin/env bash
# Builds everything (the primer binary included, which the end-to-end tests drive)
# and runs the whole test suite. Extra arguments go to `swift test`.
set -uo pipefail
cd "$(dirname "$0")"
swift build --build-tests || exit $?

# The suite is XCTest; Swift Testing would only add an empty run after it.
log=$(mktemp)
trap 'rm -f "$log"' EXIT
swift test --skip-build --disable-swift-testing "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}

# One closing line with the totals, whatever the runner printed last.
# XCTest says "with N tests skipped and M failures" when any were skipped.
summary=$(grep -E "Executed [0-9]+ tests?, with ([0-9]+ tests? skipped and )?[0-9]+ failures?" "$log" | tail -1)
if [ -n "$summary" ]; then
  total=$(sed -E 's/.*Executed ([0-9]+) tests?.*/\1/' <<<"$summary")
  failed=$(sed -E 's/.* ([0-9]+) failures?.*/\1/' <<<"$summary")
  skipped=0
  grep -qE "[0-9]+ tests? skipped" <<<"$summary" && skipped=$(sed -E 's/.*with ([0-9]+) tests? skipped.*/\1/' <<<"$summary")
  echo "$((total - failed - skipped)) passed, $failed failed, $skipped skipped"
fi
exit "$status"
