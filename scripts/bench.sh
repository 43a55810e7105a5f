#!/usr/bin/env bash
# Builds (Release) and runs the benchmarks; prints one JSON object a line (docs/quality.md).
#   scripts/bench.sh            full sizes (100,000 requests)
#   scripts/bench.sh --quick    the small sizes CI runs
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export LOCKBOX_BUILD_DIR="${LOCKBOX_BUILD_DIR:-build-release}"
export LOCKBOX_BUILD_TYPE="${LOCKBOX_BUILD_TYPE:-Release}"
bash scripts/build.sh >&2
build=$LOCKBOX_BUILD_DIR
if [[ "${1:-}" == "--quick" ]]; then
    "$build/bench/lockbox-simbench" --quick 2>/dev/null
    "$build/bench/lockbox-storebench" --quick 2>/dev/null
    bench/sync-bench.sh "$build" 2 1000
else
    "$build/bench/lockbox-simbench" 2>/dev/null
    "$build/bench/lockbox-storebench" 2>/dev/null
    bench/sync-bench.sh "$build" 10 10000
fi
