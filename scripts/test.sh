#!/usr/bin/env bash
# Builds the project, then runs the whole test suite headless.
#   scripts/test.sh [extra ctest args...]     e.g. scripts/test.sh -R store -V
#   scripts/test.sh --sanitize [extra ctest args...]
#       the same suite built with AddressSanitizer and UndefinedBehaviorSanitizer (LOCKBOX_SANITIZE)
#       in build-asan (LOCKBOX_ASAN_BUILD_DIR), at nice 10 and 2 jobs; the first report of either
#       fails its test. The lint tests (layers, format, tidy) run no code of ours and are left out.
# ctest's own summary ("X% tests passed, N tests failed out of M") is the last thing printed,
# and the exit status is ctest's.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

export QT_QPA_PLATFORM="${QT_QPA_PLATFORM:-offscreen}"

if [[ "${1:-}" == "--sanitize" ]]; then
    shift
    asan_dir="${LOCKBOX_ASAN_BUILD_DIR:-build-asan}"
    LOCKBOX_BUILD_DIR="$asan_dir" LOCKBOX_JOBS="${LOCKBOX_JOBS:-2}" \
        nice -n 10 bash scripts/build.sh -DLOCKBOX_SANITIZE=ON
    supp="$PWD/tests/sanitizers"
    export ASAN_OPTIONS="detect_leaks=1:abort_on_error=0:halt_on_error=1:strict_string_checks=1:check_initialization_order=1:suppressions=$supp/asan.supp"
    export LSAN_OPTIONS="suppressions=$supp/lsan.supp:print_suppressions=0"
    export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1:suppressions=$supp/ubsan.supp"
    exec bash scripts/with-keyring.sh ctest --test-dir "$asan_dir" --output-on-failure -j2 --timeout 1800 \
        -LE lint "$@"
fi

bash scripts/build.sh

# Keychain tests need a Secret Service: the suite runs inside its own D-Bus session with an
# unlocked, throwaway gnome-keyring (scripts/with-keyring.sh). The tray smoke test starts its own
# Xvfb with a tray host (scripts/with-tray.sh).
exec bash scripts/with-keyring.sh ctest --test-dir "${LOCKBOX_BUILD_DIR:-build}" --output-on-failure -j2 --timeout 600 "$@"
