#!/usr/bin/env bash
# P1/P2 end to end: lockboxctl's first full sync of N requests from lockbox-sim on loopback into an
# empty profile, then a re-sync with nothing changed (whose pages all come back the same: nothing
# is parsed or merged). Prints one JSON object a line, with each run's peak RSS (P7).
#   bench/sync-bench.sh BUILD_DIR [SUBSCRIPTIONS] [REQUESTS_PER_SUBSCRIPTION]
set -euo pipefail
build=${1:?build directory}
subs=${2:-10}
per=${3:-10000}
work=$(mktemp -d)
trap 'kill "$sim_pid" 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$work"' EXIT

mkfifo "$work/out"
"$build/src/sim/lockbox-sim" --static-token bench --subscriptions "$subs" --requests "$per" --page-size 1000 \
    --seed 1 >"$work/out" 2>/dev/null &
sim_pid=$!
exec 3<"$work/out"
read -r url <&3
export LOCKBOX_BENCH_TOKEN=bench
ctl() { "$build/src/cli/lockboxctl" --endpoint "$url" --token-env LOCKBOX_BENCH_TOKEN --format json "$@"; }
now() { date +%s.%N; }

# Warm-up: the simulator serializes each record once; Azure has no such first-read cost.
ctl --profile "$work/warm" sync --full >/dev/null

rss_file="$work/rss"
resync_rss_file="$work/resync-rss"
t0=$(now)
/usr/bin/time -f '%M' -o "$rss_file" "$build/src/cli/lockboxctl" --endpoint "$url" --token-env LOCKBOX_BENCH_TOKEN \
    --format json --profile "$work/p" sync --full >"$work/first.json"
t1=$(now)
/usr/bin/time -f '%M' -o "$resync_rss_file" "$build/src/cli/lockboxctl" --endpoint "$url" \
    --token-env LOCKBOX_BENCH_TOKEN --format json --profile "$work/p" sync --full >"$work/second.json"
t2=$(now)

python3 - "$work/first.json" "$work/second.json" "$t0" "$t1" "$t2" "$(cat "$rss_file")" "$subs" "$per" \
    "$(cat "$resync_rss_file")" <<'PY'
import json, sys
first, second = (json.load(open(p)) for p in sys.argv[1:3])
t0, t1, t2 = map(float, sys.argv[3:6])
rss_mb = int(sys.argv[6]) / 1024
n = int(sys.argv[7]) * int(sys.argv[8])
resync_rss_mb = int(sys.argv[9]) / 1024
written = lambda runs: sum(r["added"] + r["changed"] + r["removed"] for r in runs)
errors = [r["error"] for r in first + second if "error" in r]
p1 = t1 - t0
p2 = t2 - t1
print(json.dumps({"bench": "first_sync", "requests": n, "seconds": round(p1, 3),
                  "per_second": round(n / p1), "rows_written": written(first), "peak_rss_mb": round(rss_mb, 1),
                  "errors": len(errors)}))
print(json.dumps({"bench": "resync_unchanged", "requests": n, "seconds": round(p2, 3),
                  "ratio_to_first_sync": round(p2 / p1, 2), "rows_written": written(second),
                  "peak_rss_mb": round(resync_rss_mb, 1), "errors": len(errors)}))
PY
