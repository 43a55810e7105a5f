#!/usr/bin/env bash
# The console's figures (QUALITY P4, P5, P7 GUI, P8): launch to first painted rows with N cached
# requests against the same console launched on an empty profile and an empty QMainWindow, in the
# same run, and until every row is in the table (sortable and searchable), with the peak RSS of the
# launch; the longest gap between two turns of the GUI's event loop while the first full sync of N
# requests runs, and that run's peak RSS; the time from a request's creation in the simulator to
# the console's alert. Prints one JSON object a line.
#   bench/console-bench.sh BUILD_DIR [SUBSCRIPTIONS] [REQUESTS_PER_SUBSCRIPTION] [RUNS]
set -euo pipefail
build=${1:?build directory}
subs=${2:-10}
per=${3:-10000}
runs=${4:-5}
work=$(mktemp -d)
trap 'kill "$sim_pid" 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$work"' EXIT
export QT_QPA_PLATFORM=${QT_QPA_PLATFORM:-offscreen}

mkfifo "$work/out"
"$build/src/sim/lockbox-sim" --static-token bench --subscriptions "$subs" --requests "$per" --page-size 1000 \
    --seed 1 >"$work/out" 2>/dev/null &
sim_pid=$!
exec 3<"$work/out"
read -r url <&3
export LOCKBOX_BENCH_TOKEN=bench
console=("$build/bench/lockbox-console-probe" --endpoint "$url" --token-env LOCKBOX_BENCH_TOKEN)

# P5 + P7: the first full sync into an empty profile, with the GUI's watchdog.
/usr/bin/time -f '%M' -o "$work/rss" "${console[@]}" --profile "$work/p" --measure-sync-stall >"$work/stall.json"
rss_kb=$(cat "$work/rss")

# P8: a request created in the simulator after the first sync, until the console alerts, with the
# pending poll at its shortest setting (15 s; the default is 60 s).
mkdir -p "$work/q"
printf '[sync]\npendingPollSec=15\n' >"$work/q/console.ini"
"${console[@]}" --profile "$work/q" --measure-alert >"$work/alert.json"

# P4 + P7 at launch: the console with the cache full (the endpoint unreachable, so only the cache
# shows), against the same console on an empty profile and against an empty QMainWindow,
# alternating, median of RUNS. The empty profile is created by a first, untimed launch.
offline=("$build/bench/lockbox-console-probe" --endpoint "http://127.0.0.1:9" --token-env LOCKBOX_BENCH_TOKEN)
mkdir -p "$work/e"
"${offline[@]}" --profile "$work/e" --quit-when-loaded >/dev/null
for i in $(seq 1 "$runs"); do
    "$build/bench/lockbox-emptywindow" >>"$work/empty.json"
    "${offline[@]}" --profile "$work/e" --quit-when-loaded >>"$work/emptyprofile.json"
    "${offline[@]}" --profile "$work/p" --quit-when-loaded >>"$work/launch.json"
done

python3 - "$work/stall.json" "$work/empty.json" "$work/launch.json" "$rss_kb" "$work/alert.json" \
    "$work/emptyprofile.json" <<'PY'
import json, statistics, sys
stall = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
alert = [json.loads(l) for l in open(sys.argv[5]) if l.strip()]
empty = [json.loads(l)["ms"] for l in open(sys.argv[2]) if l.strip()]
launch = [json.loads(l) for l in open(sys.argv[3]) if l.strip()]
bare = [json.loads(l) for l in open(sys.argv[6]) if l.strip()]
for s in stall:
    s["peak_rss_mb"] = round(int(sys.argv[4]) / 1024, 1)
    print(json.dumps(s))
for a in alert:
    print(json.dumps(a))
med = lambda rows, key: statistics.median(r[key] for r in rows)
me = statistics.median(empty)
mb = med(bare, "first_rows_ms")  # the empty profile's window, loaded and painted
mf = med(launch, "first_rows_ms")
ml = med(launch, "ms")
print(json.dumps({"bench": "console_launch", "rows": launch[0]["rows"], "runs": len(launch),
                  "first_rows_painted_median_ms": mf, "empty_profile_median_ms": mb,
                  "ratio_first_rows_to_empty_profile": round(mf / mb, 2), "target_ratio_to_empty_profile": 1.2,
                  "all_rows_sortable_searchable_median_ms": ml, "target_all_rows_ms": 500,
                  "first_search_median_ms": med(launch, "first_search_ms"),
                  "first_text_sort_median_ms": med(launch, "first_text_sort_ms"),
                  "empty_window_median_ms": me,
                  "ratio_first_rows_to_empty_window": round(mf / me, 2),
                  "ratio_all_rows_to_empty_window": round(ml / me, 2),
                  "launch_peak_rss_median_mb": med(launch, "peak_rss_mb"), "target_launch_rss_mb": 150,
                  "empty_profile_peak_rss_median_mb": med(bare, "peak_rss_mb")}))
PY
