#!/usr/bin/env bash
# P1/P2 against their outside reference: Microsoft's Go SDK for Customer Lockbox (the customerlockbox
# package of azure-sdk-for-go, on go-autorest; bench/go-sdk/main.go) only listing and decoding the
# same pages from the same simulator, 4 subscriptions at a time like lockboxctl. In one run, RUNS
# times each, alternating: the SDK's listing, lockboxctl's first sync into an empty profile, its
# re-sync with nothing changed. Prints one JSON object a line: the medians, each lockboxctl figure
# as a ratio to the SDK's listing, and the load average before and after.
# Needs Go and Debian's golang-github-azure-azure-sdk-for-go-dev (built in GOPATH mode, no module
# downloads); without them it prints {"bench":"go_sdk_listing","skipped":"<reason>"} and exits 0.
#   bench/go-sdk-bench.sh BUILD_DIR [SUBSCRIPTIONS] [REQUESTS_PER_SUBSCRIPTION] [RUNS]
set -euo pipefail
build=${1:?build directory}
subs=${2:-10}
per=${3:-10000}
runs=${4:-3}
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
gocode=${LOCKBOX_GOCODE:-/usr/share/gocode}
sdk=$gocode/src/github.com/Azure/azure-sdk-for-go/services/preview/customerlockbox/mgmt/2018-02-28-preview/customerlockbox

skip() {
    python3 -c 'import json, sys; print(json.dumps({"bench": "go_sdk_listing", "skipped": sys.argv[1]}))' "$1"
    exit 0
}
command -v go >/dev/null || skip "no go on PATH (Debian: golang-go)"
[[ -f $sdk/requests.go && -d $gocode/src/github.com/Azure/go-autorest/autorest ]] ||
    skip "the Go SDK's customerlockbox package is not under $gocode/src (Debian: golang-github-azure-azure-sdk-for-go-dev)"

work=$(mktemp -d)
sim_pid=
trap '[[ -n $sim_pid ]] && kill "$sim_pid" 2>/dev/null; wait 2>/dev/null || true; rm -rf "$work"' EXIT

gocache=$(go env GOCACHE 2>/dev/null || true)
[[ -n $gocache && $gocache != off ]] || gocache=$work/gocache
if ! (cd "$here/go-sdk" && GOPATH=$gocode GO111MODULE=off GOPROXY=off GOFLAGS='' GOCACHE=$gocache \
    go build -o "$work/go-sdk-list" . 2>"$work/go-build.log"); then
    echo "go-sdk-bench: building bench/go-sdk against the SDK failed:" >&2
    head -c 4000 "$work/go-build.log" >&2
    exit 1
fi

mkfifo "$work/out"
"$build/src/sim/lockbox-sim" --static-token bench --subscriptions "$subs" --requests "$per" --page-size 1000 \
    --seed 1 >"$work/out" 2>/dev/null &
sim_pid=$!
exec 3<"$work/out"
read -r url <&3
export LOCKBOX_BENCH_TOKEN=bench
ctl() { "$build/src/cli/lockboxctl" --endpoint "$url" --token-env LOCKBOX_BENCH_TOKEN --format json "$@"; }
now() { date +%s.%N; }

mapfile -t subscriptions < <(ctl --profile "$work/subs" subscriptions |
    python3 -c 'import json, sys; print("\n".join(s["subscriptionId"] for s in json.load(sys.stdin)))')
if ((${#subscriptions[@]} != subs)); then
    echo "go-sdk-bench: lockboxctl listed ${#subscriptions[@]} subscriptions, not $subs" >&2
    exit 1
fi
golist() {
    if ! "$work/go-sdk-list" -url "$url" -token-env LOCKBOX_BENCH_TOKEN -concurrency 4 "${subscriptions[@]}" \
        2>"$work/go.err"; then
        echo "go-sdk-bench: the Go SDK's listing failed:" >&2
        head -c 2000 "$work/go.err" >&2
        echo >&2
        exit 1
    fi
}

load_start=$(cut -d' ' -f1-3 /proc/loadavg)
# Warm-up: the simulator serializes each record once; Azure has no such first-read cost.
ctl --profile "$work/warm" sync --full >/dev/null
golist >/dev/null

for i in $(seq 1 "$runs"); do
    t0=$(now)
    golist >>"$work/go.json"
    t1=$(now)
    ctl --profile "$work/p$i" sync --full >"$work/first$i.json"
    t2=$(now)
    ctl --profile "$work/p$i" sync --full >"$work/second$i.json"
    t3=$(now)
    echo "$t0 $t1 $t2 $t3" >>"$work/times"
    rm -rf "$work/p$i"
done
load_end=$(cut -d' ' -f1-3 /proc/loadavg)

python3 - "$work" "$runs" "$subs" "$per" "$load_start" "$load_end" "$(nproc)" <<'PY'
import json, statistics, sys
work, runs = sys.argv[1], int(sys.argv[2])
n = int(sys.argv[3]) * int(sys.argv[4])
times = [list(map(float, l.split())) for l in open(f"{work}/times")]
go = [json.loads(l) for l in open(f"{work}/go.json") if l.strip()]
first = [json.load(open(f"{work}/first{i}.json")) for i in range(1, runs + 1)]
second = [json.load(open(f"{work}/second{i}.json")) for i in range(1, runs + 1)]
if any(g["requests"] != n for g in go):
    sys.exit(f"go-sdk-bench: the Go SDK listed {[g['requests'] for g in go]} requests, not {n}")
written = lambda sync: sum(r["added"] + r["changed"] + r["removed"] for r in sync)
errors = lambda syncs: sum(1 for s in syncs for r in s if "error" in r)
go_s = [t[1] - t[0] for t in times]
first_s = [t[2] - t[1] for t in times]
second_s = [t[3] - t[2] for t in times]
med = statistics.median
mg, mf, ms = med(go_s), med(first_s), med(second_s)
r3 = lambda xs: [round(x, 3) for x in xs]
print(json.dumps({"bench": "go_sdk_listing", "requests": n, "pages": go[0]["pages"], "runs": runs,
                  "seconds": round(mg, 3), "all_seconds": r3(go_s), "per_second": round(n / mg),
                  "in_process_seconds": round(med(g["seconds"] for g in go), 3)}))
print(json.dumps({"bench": "lockboxctl_first_sync", "requests": n, "runs": runs, "seconds": round(mf, 3),
                  "all_seconds": r3(first_s), "per_second": round(n / mf), "vs_go_sdk": round(mf / mg, 2),
                  "rows_written": written(first[0]), "errors": errors(first)}))
print(json.dumps({"bench": "lockboxctl_resync", "requests": n, "runs": runs, "seconds": round(ms, 3),
                  "all_seconds": r3(second_s), "vs_go_sdk": round(ms / mg, 2), "vs_first_sync": round(ms / mf, 2),
                  "rows_written": max(written(s) for s in second), "errors": errors(second)}))
print(json.dumps({"bench": "go_sdk_comparison_load", "cores": int(sys.argv[7]),
                  "load_average_before": [float(x) for x in sys.argv[5].split()],
                  "load_average_after": [float(x) for x in sys.argv[6].split()]}))
PY
