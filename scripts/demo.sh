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
sim="$build_dir/src/sim/app/lockbox-sim"

if [[ -x "$console" ]]; then
    exec "$console" --demo "$@"
fi

if [[ ! -x "$sim" ]]; then
    echo "demo: neither $console nor $sim was built" >&2
    exit 1
fi

cat >&2 <<'MSG'
demo: lockbox-console is not built yet; starting the simulator alone (Ctrl+C stops it).
demo: the first line it prints on stdout is its base URL; call it URL. Then, for example:
  curl "$URL/subscriptions?api-version=2022-12-01" -H 'Authorization: Bearer demo-token'
  curl -H 'Authorization: Bearer demo-token' "$URL/subscriptions/<sub>/providers/Microsoft.CustomerLockbox/requests?api-version=2018-02-28-preview"
  curl $URL/_sim/counters
(<sub> is a subscriptionId from the first call.)
MSG

exec "$sim" --seed 1 --subscriptions 3 --requests 200 --arrival-interval 30 --clock-speed 60 \
    --static-token demo-token "$@"
