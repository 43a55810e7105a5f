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
    "$build/bench/lockbox-pollbench" --quick 2>/dev/null
    "$build/bench/lockbox-searchbench" --quick 2>/dev/null
    bench/console-bench.sh "$build" 2 1000 1
else
    "$build/bench/lockbox-simbench" 2>/dev/null
    "$build/bench/lockbox-storebench" 2>/dev/null
    bench/sync-bench.sh "$build" 10 10000
    bench/go-sdk-bench.sh "$build" 10 10000 3
    # P3 (pending poll of 1,000 subscriptions at 50 ms, 8 at once) and P9's writes (60 s of polls).
    "$build/bench/lockbox-pollbench" 2>/dev/null
    # P6 (search as you type over 100,000 rows) and P4, P5, P7 for the console.
    "$build/bench/lockbox-searchbench" 2>/dev/null
    bench/console-bench.sh "$build" 10 10000 5
fi
