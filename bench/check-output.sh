#!/usr/bin/env bash
# Runs a benchmark script at a small size and fails unless it printed what a harness that works
# prints: at least LINES lines, each a JSON object naming its bench, every figure a number (no
# null, NaN or empty value) and no errors. For ctest, so that a broken harness shows in CI.
#   bench/check-output.sh LINES COMMAND [ARGS...]
set -euo pipefail
want=${1:?lines}
shift
out=$("$@")
printf '%s\n' "$out"
lines=$(printf '%s\n' "$out" | grep -c '^{"bench": "[a-z_0-9]*", .*}$' || true)
if ((lines < want)); then
    echo "check-output: $lines bench line(s), $want expected" >&2
    exit 1
fi
if printf '%s\n' "$out" | grep -Eiq ':[[:space:]]*(null|nan|-?inf|""|,|\})'; then
    echo "check-output: a figure is missing or not a number" >&2
    exit 1
fi
if printf '%s\n' "$out" | grep -Eq '"errors":[[:space:]]*[1-9]'; then
    echo "check-output: the run had errors" >&2
    exit 1
fi
