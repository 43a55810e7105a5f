#!/usr/bin/env bash
# Builds the project, then runs the whole test suite headless.
#   scripts/test.sh [extra ctest args...]     e.g. scripts/test.sh -R store -V
# ctest's own summary ("X% tests passed, N tests failed out of M") is the last thing printed,
# and the exit status is ctest's.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

export QT_QPA_PLATFORM="${QT_QPA_PLATFORM:-offscreen}"

bash scripts/build.sh

# Keychain tests need a Secret Service: the suite runs inside its own D-Bus session with an
# unlocked, throwaway gnome-keyring (scripts/with-keyring.sh). The tray smoke test starts its own
# Xvfb with a tray host (scripts/with-tray.sh).
exec bash scripts/with-keyring.sh ctest --test-dir "${LOCKBOX_BUILD_DIR:-build}" --output-on-failure -j2 --timeout 600 "$@"
