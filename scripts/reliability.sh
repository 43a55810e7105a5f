#!/usr/bin/env bash
# Runs the reliability and security checks of QUALITY.md (R1–R8) and prints one JSON object a line
# (docs/quality.md keeps the figures):
#   scripts/reliability.sh            full sizes: 1,000 decisions under faults, 200 kills (a third
#                                     inside database transactions), fuzzing 1,000,000 executions a
#                                     target, the whole suite under ASan + UBSan (about an hour or
#                                     more), 1,000 operations by two lockboxctl on one profile
#   scripts/reliability.sh --quick    the small sizes CI can afford: each fuzz target over its
#                                     corpus plus 20,000 executions, the in-suite sizes of the rest
#                                     (40 decisions, 30 kills, 100 operations), no sanitizer suite
# A row whose full-size harness does not exist yet says "status":"not measured" and why; a check
# that fails says "status":"failed" and the script exits 1 after printing every row.
#
# Environment: LOCKBOX_BUILD_DIR (default build) holds the suite's tests (built here when it has
# no build.ninja yet; otherwise only the targets needed are built), LOCKBOX_FUZZ_BUILD_DIR
# (default build-fuzz, clang + libFuzzer, LOCKBOX_FUZZ=ON), LOCKBOX_FUZZ_RUNS overrides the
# executions a target, LOCKBOX_RELIABILITY_NO_BUILD=1 uses the build folders as they are,
# LOCKBOX_RELIABILITY_ONLY="R4 R7" runs only those rows.
set -uo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
root=$PWD

quick=0
if [[ "${1:-}" == "--quick" ]]; then
    quick=1
fi
mode=$([[ $quick == 1 ]] && echo quick || echo full)
build=${LOCKBOX_BUILD_DIR:-build}
fuzz_build=${LOCKBOX_FUZZ_BUILD_DIR:-build-fuzz}
only=${LOCKBOX_RELIABILITY_ONLY:-R1 R2 R3 R4 R5 R6 R7 R8}
work=$(mktemp -d "${TMPDIR:-/tmp}/lockbox-reliability.XXXXXX")
trap 'rm -rf "$work"' EXIT
export QT_QPA_PLATFORM=${QT_QPA_PLATFORM:-offscreen}
# The tests read English, whatever the locale of who runs them.
export LC_ALL=C.UTF-8
unset LANGUAGE
failed=0

wanted() { [[ " $only " == *" $1 "* ]]; }
log() { echo "reliability: $*" >&2; }
# A JSON string of $1 (quotes, backslashes and control characters escaped).
json_string() { python3 -c 'import json,sys; print(json.dumps(sys.argv[1]))' "$1"; }
now() { date +%s.%N; }
elapsed() { python3 -c "print(round($(now) - $1, 1))"; }

# Runs one QtTest function of the suite's build; prints its QINFO lines (the harness's own
# counts) and keeps the full output in $work/<name>.log. Status: pass / fail.
run_test() { # name test-binary-relative-path function summary-pattern [env...]
    local name=$1 bin=$2 fn=$3 pattern=$4
    shift 4
    local start
    start=$(now)
    local args=()
    # Test functions, and options before them ("-maxwarnings 0 soakOfEveryFaultKind").
    [[ -n "$fn" ]] && read -r -a args <<<"$fn"
    local info_pattern="QINFO  : [^ ]* .*$pattern.*"
    test_all_info=
    # QtTest stops a test function after 5 minutes unless told otherwise; the full sizes take longer.
    if env QTEST_FUNCTION_TIMEOUT="${QTEST_FUNCTION_TIMEOUT:-7200000}" "$@" bash scripts/with-keyring.sh "$build/$bin" \
        "${args[@]}" >"$work/$name.log" 2>&1; then
        test_status=passed
    else
        test_status=failed
        failed=1
        log "$name failed; its output:"
        tail -n 30 "$work/$name.log" >&2
    fi
    test_seconds=$(elapsed "$start")
    test_info=$(grep -a -m1 -o "$info_pattern" "$work/$name.log" | sed 's/^QINFO  : [^ ]* //' || true)
    test_all_info=$(grep -a -o "$info_pattern" "$work/$name.log" | sed 's/^QINFO  : [^ ]* //' || true)
}

# The numbers of a summary line as JSON members: `numbers TEXT NAME=REGEX...` prints
# "NAME":<first group of REGEX in TEXT> for each one that matches (numbers only), comma-separated.
numbers() {
    python3 - "$@" <<'PY'
import json, re, sys
text, out = sys.argv[1], []
for spec in sys.argv[2:]:
    name, regex = spec.split("=", 1)
    m = re.search(regex, text)
    if m:
        out.append(json.dumps(name) + ":" + m.group(1))
print(",".join(out))
PY
}

build_suite_targets() {
    [[ "${LOCKBOX_RELIABILITY_NO_BUILD:-}" == 1 ]] && return 0
    if [[ ! -f "$build/build.ninja" ]]; then
        bash scripts/build.sh >&2 || exit 1
    else
        cmake --build "$build" --target "$@" >&2 || exit 1
    fi
}

# R1: the fault soak through the engine's DecisionService against lockbox-sim at 30 % faults or
# more of every kind, judged by the simulator's counters per request (tst_decisionservice's soak,
# sized by LOCKBOX_SOAK_DECISIONS; the engine's logging is left out: it would run to megabytes).
if wanted R1; then
    build_suite_targets tst_decisionservice
    decisions=$([[ $quick == 1 ]] && echo 40 || echo 1000)
    run_test r1 tests/sync/tst_decisionservice "-maxwarnings 0 soakOfEveryFaultKind" "soak:" \
        LOCKBOX_SOAK_DECISIONS=$decisions "QT_LOGGING_RULES=lockbox.*.info=false"
    counts=$(numbers "$test_info" \
        'settled_first_run=, (\d+) settled in the first run' 'acknowledged=; (\d+) acknowledged' \
        'failed=acknowledged, (\d+) failed' 'lost=; (\d+) lost' 'applied_twice=(\d+) applied twice' \
        'opposite=(\d+) opposite' 'posted_after_unambiguous_answer=(\d+) posted after an unambiguous answer' \
        'posts=; (\d+) posts' 'max_posts_one_request=at most (\d+) for one request' 'conflicts=(\d+) conflicts' \
        'faults=; (\d+) faults in' 'requests_while_faulty=faults in (\d+) requests' \
        'observed_fault_rate=requests while faulty \(([0-9.]+)' 'fault_kinds=, (\d+) kinds:')
    status=$([[ $test_status == passed ]] && { [[ $decisions -ge 1000 ]] && echo met || echo "small version"; } || echo failed)
    echo "{\"check\":\"R1\",\"mode\":\"$mode\",\"decisions\":$decisions,\"target_decisions\":1000,\"fault_rate_drawn\":0.33,${counts:+$counts,}\"test\":\"tst_decisionservice::soakOfEveryFaultKind\",\"result\":\"$test_status\",\"seconds\":$test_seconds,\"detail\":$(json_string "$test_info"),\"status\":\"$status\"}"
fi

# R2: kill -9 during sync and decision sending; a third of the kills by the store's kill point
# inside a write transaction (LOCKBOX_KILL_AT_TRANSACTION, see tst_crashresume).
if wanted R2; then
    build_suite_targets tst_crashresume lockboxctl lockbox-sim
    kills=$([[ $quick == 1 ]] && echo 30 || echo 200)
    run_test r2 tests/cli/tst_crashresume "" "iterations (seed" LOCKBOX_CRASH_ITERATIONS=$kills
    counts=$(numbers "$test_info" 'killed=: (\d+) killed' 'finished_before_the_kill=(\d+) finished before the kill' \
        'page_in_flight=with a page in flight (\d+)' 'decision_sending=with a decision sending (\d+)' \
        'after_simulator_applied=(\d+) after the simulator applied it' \
        'inside_transaction=(\d+) inside a write transaction' 'inside_transaction_aimed=before its COMMIT \((\d+) aimed' \
        'decisions=; (\d+) decisions' 'resumed=(\d+) left live by a kill and resumed' 'posts=; (\d+) posts' \
        'conflicts=(\d+) conflicts')
    status=$([[ $test_status == passed ]] && { [[ $kills -ge 200 ]] && echo met || echo "small version"; } || echo failed)
    echo "{\"check\":\"R2\",\"mode\":\"$mode\",\"kills\":$kills,\"target_kills\":200,${counts:+$counts,}\"test\":\"tst_crashresume\",\"result\":\"$test_status\",\"seconds\":$test_seconds,\"detail\":$(json_string "$test_info"),\"status\":\"$status\"}"
fi

# R3: hostile replies.
if wanted R3; then
    build_suite_targets tst_hostilereplies
    run_test r3 tests/azure/tst_hostilereplies "" "100,000-item page"
    kinds=$(grep -c '^PASS   :' "$work/r3.log" || true)
    status=$([[ $test_status == passed ]] && echo met || echo failed)
    echo "{\"check\":\"R3\",\"mode\":\"$mode\",\"cases_passed\":$kinds,\"target_kinds\":40,\"test\":\"tst_hostilereplies\",\"result\":\"$test_status\",\"seconds\":$test_seconds,\"status\":\"$status\"}"
fi

# R4: libFuzzer targets of every parser of server bytes, in a clang build of their own.
if wanted R4; then
    runs=${LOCKBOX_FUZZ_RUNS:-$([[ $quick == 1 ]] && echo 20000 || echo 1000000)}
    fuzz_corpora=(tests/fuzz/corpus/*/)
    if [[ "${LOCKBOX_RELIABILITY_NO_BUILD:-}" != 1 ]] && ! command -v clang++ >/dev/null 2>&1; then
        echo "{\"check\":\"R4\",\"mode\":\"$mode\",\"status\":\"failed\",\"reason\":\"clang++ not found (Debian: apt-get install clang); libFuzzer needs clang\"}"
        failed=1
        fuzz_corpora=()
    elif [[ "${LOCKBOX_RELIABILITY_NO_BUILD:-}" != 1 ]]; then
        if [[ ! -f "$fuzz_build/build.ninja" ]]; then
            cmake -S . -B "$fuzz_build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_COMPILER=clang++ \
                -DLOCKBOX_FUZZ=ON -DLOCKBOX_BUILD_TESTS=OFF >&2 || exit 1
        fi
        nice -n 10 cmake --build "$fuzz_build" --target fuzzers >&2 || exit 1
    fi
    total_crashes=0
    targets=0
    for corpus in "${fuzz_corpora[@]}"; do
        target=$(basename "$corpus")
        exe="$fuzz_build/tests/fuzz/$target"
        if [[ ! -x "$exe" ]]; then
            log "$exe is missing"
            failed=1
            echo "{\"check\":\"R4\",\"target\":\"$target\",\"status\":\"failed\",\"reason\":\"not built\"}"
            continue
        fi
        # New inputs go to a scratch folder; the kept corpus is only read.
        mkdir -p "$work/fuzz/$target" "$work/artifacts/$target"
        start=$(now)
        ASAN_OPTIONS=detect_leaks=1:halt_on_error=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
            nice -n 10 "$exe" -runs="$runs" -max_len=16384 -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
            -artifact_prefix="$work/artifacts/$target/" "$work/fuzz/$target" "$corpus" >"$work/$target.log" 2>&1
        rc=$?
        seconds=$(elapsed "$start")
        executions=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$work/$target.log" | grep -o '[0-9]*$' || echo 0)
        seeds=$(find "$corpus" -type f | wc -l)
        crashes=$(find "$work/artifacts/$target" -type f | wc -l)
        targets=$((targets + 1))
        if ((rc != 0)); then
            crashes=$((crashes > 0 ? crashes : 1))
            failed=1
            mkdir -p "$fuzz_build/fuzz-findings/$target"
            cp "$work/artifacts/$target/"* "$fuzz_build/fuzz-findings/$target/" 2>/dev/null || true
            cp "$work/$target.log" "$fuzz_build/fuzz-findings/$target/" || true
            log "$target found a crash (inputs and log kept in $fuzz_build/fuzz-findings/$target):"
            grep -m5 -E 'ERROR|runtime error|invariant broken|SUMMARY' "$work/$target.log" >&2 || true
        fi
        total_crashes=$((total_crashes + crashes))
        status=$([[ $rc == 0 ]] && { [[ $executions -ge 1000000 ]] && echo met || echo "small version"; } || echo failed)
        echo "{\"check\":\"R4\",\"mode\":\"$mode\",\"target\":\"$target\",\"seed_inputs\":$seeds,\"executions\":${executions:-0},\"seconds\":$seconds,\"crashes\":$crashes,\"status\":\"$status\"}"
    done
    ((targets > 0)) && echo "{\"check\":\"R4\",\"mode\":\"$mode\",\"targets\":$targets,\"executions_each\":$runs,\"crashes\":$total_crashes,\"status\":\"$([[ $total_crashes == 0 ]] && { [[ $runs -ge 1000000 ]] && echo met || echo "small version"; } || echo failed)\"}"
fi

# R5: the whole suite under AddressSanitizer + UndefinedBehaviorSanitizer.
if wanted R5; then
    if [[ $quick == 1 ]]; then
        echo "{\"check\":\"R5\",\"mode\":\"quick\",\"status\":\"not measured\",\"reason\":\"the sanitizer build and suite take far longer than CI allows; scripts/test.sh --sanitize (or this script without --quick) runs it\"}"
    else
        start=$(now)
        bash scripts/test.sh --sanitize >"$work/r5.log" 2>&1
        rc=$?
        seconds=$(elapsed "$start")
        summary=$(grep -m1 -E 'tests passed, [0-9]+ tests failed out of' "$work/r5.log" || echo "no summary")
        reports=$(grep -cE 'ERROR: (AddressSanitizer|LeakSanitizer)|runtime error:' "$work/r5.log" || true)
        if ((rc != 0)); then
            failed=1
            cp "$work/r5.log" "${LOCKBOX_ASAN_BUILD_DIR:-build-asan}/reliability-r5.log" 2>/dev/null || true
        fi
        echo "{\"check\":\"R5\",\"mode\":\"full\",\"seconds\":$seconds,\"suite\":$(json_string "$summary"),\"sanitizer_reports\":$reports,\"status\":\"$([[ $rc == 0 && $reports == 0 ]] && echo met || echo failed)\"}"
    fi
fi

# R6: secrets and trust. The canary test: a fake token and client secret through sign-in, sync,
# decisions and watch; no file under the run's home and nothing printed (--verbose) holds them.
if wanted R6; then
    build_suite_targets tst_secretcanary lockboxctl lockbox-sim
    run_test r6 tests/cli/tst_secretcanary "" "canary"
    status=$([[ $test_status == passed ]] && echo met || echo failed)
    echo "{\"check\":\"R6\",\"mode\":\"$mode\",\"test\":\"tst_secretcanary\",\"result\":\"$test_status\",\"seconds\":$test_seconds,\"detail\":$(json_string "${test_all_info//$'\n'/; }"),\"status\":\"$status\",\"scope\":\"the canary across files and output; file modes, TLS refusal, foreign hosts and bound SQL are the suite's own tests\"}"
fi

# R7: audit tampering.
if wanted R7; then
    build_suite_targets tst_auditlog
    run_test r7 tests/store/tst_auditlog randomMutationsAreAllDetected "mutations detected"
    status=$([[ $test_status == passed ]] && echo met || echo failed)
    echo "{\"check\":\"R7\",\"mode\":\"$mode\",\"mutations\":1000,\"target_mutations\":1000,\"test\":\"tst_auditlog::randomMutationsAreAllDetected\",\"result\":\"$test_status\",\"seconds\":$test_seconds,\"detail\":$(json_string "$test_info"),\"status\":\"$status\"}"
fi

# R8: two lockboxctl processes on one profile (the console beside lockboxctl is tst_sharedprofile,
# at the suite's size).
if wanted R8; then
    build_suite_targets tst_concurrentprofile lockboxctl lockbox-sim
    operations=$([[ $quick == 1 ]] && echo 100 || echo 1000)
    run_test r8 tests/cli/tst_concurrentprofile twoProcessesInterleaved "operations by two processes" \
        LOCKBOX_CONCURRENT_OPERATIONS=$operations
    counts=$(numbers "$test_info" 'decisions=: (\d+) decisions' 'posts=, (\d+) posts' 'conflicts=(\d+) conflicts')
    status=$([[ $test_status == passed ]] && { [[ $operations -ge 1000 ]] && echo "met for two lockboxctl" || echo "small version"; } || echo failed)
    echo "{\"check\":\"R8\",\"mode\":\"$mode\",\"operations\":$operations,\"target_operations\":1000,${counts:+$counts,}\"test\":\"tst_concurrentprofile::twoProcessesInterleaved\",\"result\":\"$test_status\",\"seconds\":$test_seconds,\"detail\":$(json_string "$test_info"),\"status\":\"$status\",\"reason\":\"two lockboxctl processes; the console beside two lockboxctl runs the suite's 90 operations (tst_sharedprofile)\"}"
fi

exit $failed
