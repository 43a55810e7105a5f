#!/usr/bin/env bash
# Builds the project, then starts the demo: the console with its embedded simulator or, while the
# GUI does not exist yet, the simulator alone with a demo scenario.
#   scripts/demo.sh [extra args for lockbox-console --demo / lockbox-sim...]
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

build_dir="${LOCKBOX_BUILD_DIR:-build}"

# Build output goes to stderr so that this script's stdout is the program's own
# (the simulator's first stdout line is its base URL).
bash scripts/build.sh >&2

console="$build_dir/src/app/lockbox-console"
sim="$build_dir/src/sim/lockbox-sim"

if [[ -x "$console" ]]; then
    exec "$console" --demo "$@"
fi

if [[ ! -x "$sim" ]]; then
    echo "demo: neither $console nor $sim was built" >&2
    exit 1
fi

token=demo-token
fifo_dir=$(mktemp -d)
trap 'rm -rf "$fifo_dir"' EXIT
mkfifo "$fifo_dir/out"
"$sim" --seed 1 --subscriptions 3 --requests 200 --arrival-interval 30 --clock-speed 60 \
    --static-token "$token" "$@" >"$fifo_dir/out" &
sim_pid=$!
trap 'kill "$sim_pid" 2>/dev/null; wait "$sim_pid" 2>/dev/null; rm -rf "$fifo_dir"' EXIT INT TERM
exec 3<"$fifo_dir/out"
if ! IFS= read -r url <&3; then
    echo "demo: the simulator did not start" >&2
    exit 1
fi
sub=$(curl -fsS -H "Authorization: Bearer $token" "$url/subscriptions?api-version=2022-12-01" 2>/dev/null |
    sed -n 's/.*"subscriptionId":"\([^"]*\)".*/\1/p' | head -n 1 || true)
cat <<MSG
lockbox-sim is running at $url (the desktop console is not built yet; Ctrl+C stops the simulator).
It holds 3 subscriptions with 200 Lockbox requests each; a new Pending request arrives about every
30 s, and its clock runs 60 times faster than real time, so pending requests expire while you watch.

Try, in another terminal:
  export URL=$url TOKEN=$token SUB=${sub:-<subscriptionId>}
  curl -H "Authorization: Bearer \$TOKEN" "\$URL/subscriptions?api-version=2022-12-01"
  curl -H "Authorization: Bearer \$TOKEN" "\$URL/subscriptions/\$SUB/providers/Microsoft.CustomerLockbox/requests?api-version=2018-02-28-preview&\\\$filter=properties/status%20eq%20'Pending'"
  curl -H "Authorization: Bearer \$TOKEN" -H 'Content-Type: application/json' -X POST \\
       -d '{"status":"Approve","reason":"Restart agreed with the platform team"}' \\
       "\$URL/subscriptions/\$SUB/providers/Microsoft.CustomerLockbox/requests/<requestId>/updateApproval?api-version=2018-02-28-preview"
  curl "\$URL/_sim/info"; curl "\$URL/_sim/counters"
MSG
# Keep draining the simulator's stdout, then wait for it.
cat <&3 &
wait "$sim_pid"
