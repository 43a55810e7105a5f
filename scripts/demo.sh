#!/usr/bin/env bash
# Builds the project, then starts the desktop console against its embedded simulator, in a
# temporary profile (nothing real is touched; no Azure account needed).
#   scripts/demo.sh [extra lockbox-console options...]
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

build_dir="${LOCKBOX_BUILD_DIR:-build}"
bash scripts/build.sh >&2

console="$build_dir/src/app/lockbox-console"
if [[ -z "${DISPLAY:-}" && -z "${WAYLAND_DISPLAY:-}" && -z "${QT_QPA_PLATFORM:-}" ]]; then
    echo "demo: no display found (DISPLAY and WAYLAND_DISPLAY are unset)." >&2
    echo "demo: run it from a desktop session, or under a virtual one: xvfb-run -a $0" >&2
    exit 1
fi
exec "$console" --demo "$@"
