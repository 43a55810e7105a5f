#!/usr/bin/env bash
# Builds (Release) and runs the benchmarks at full size; prints one JSON object a line.
#   scripts/bench.sh            full sizes (see docs/quality.md)
#   scripts/bench.sh --quick    the small sizes CI runs
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export LOCKBOX_BUILD_DIR="${LOCKBOX_BUILD_DIR:-build-release}"
export LOCKBOX_BUILD_TYPE="${LOCKBOX_BUILD_TYPE:-Release}"
bash scripts/build.sh >&2
"$LOCKBOX_BUILD_DIR/bench/lockbox-simbench" "$@"
