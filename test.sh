#!/usr/bin/env bash
# Builds everything (the primer binary included, which the end-to-end tests drive)
# and runs the whole test suite. Extra arguments go to `swift test`.
set -euo pipefail
cd "$(dirname "$0")"
swift build --build-tests
swift test --skip-build "$@"
