#!/usr/bin/env bash
# Runs a command inside a private D-Bus session with an unlocked gnome-keyring (Secret Service),
# so that the keychain code (QtKeychain over libsecret) is exercised for real, headless:
#   scripts/with-keyring.sh ctest --test-dir build -L keychain
#   scripts/with-keyring.sh build/src/cli/lockboxctl login --device-code
# The keyring lives in a temporary directory removed at exit, unless LOCKBOX_KEYRING_DIR names
# one to keep (so that a secret survives from one run to the next). The keyring password is a
# fixed, public test value: never point this at a keyring holding anything real.
set -euo pipefail

if [[ $# -eq 0 ]]; then
    echo "usage: $0 COMMAND [ARGS...]" >&2
    exit 2
fi

for tool in dbus-run-session gnome-keyring-daemon; do
    if ! command -v "$tool" >/dev/null 2>&1; then
        echo "$0: $tool not found (Debian: apt-get install dbus gnome-keyring)" >&2
        exit 127
    fi
done

if [[ "${LOCKBOX_IN_KEYRING_SESSION:-}" != "1" ]]; then
    export LOCKBOX_IN_KEYRING_SESSION=1
    exec dbus-run-session -- bash "$0" "$@"
fi

# Inside the private session bus from here on.
scratch=$(mktemp -d "${TMPDIR:-/tmp}/lockbox-keyring.XXXXXX")
trap 'rm -rf "$scratch"' EXIT
keyring_home="${LOCKBOX_KEYRING_DIR:-$scratch/data}"
mkdir -p "$keyring_home" "$scratch/run"
chmod 700 "$keyring_home" "$scratch/run"

# Only the daemon sees these: its keyrings under $keyring_home/keyrings and its control socket in
# the scratch directory, not in the user's home. A first unlock creates the "login" keyring with
# this password and makes it the default collection; an empty password creates nothing.
if ! printf '%s' "${LOCKBOX_KEYRING_PASSWORD:-lockbox-test-keyring}" |
    XDG_DATA_HOME="$keyring_home" XDG_RUNTIME_DIR="$scratch/run" \
        gnome-keyring-daemon --unlock --components=secrets >"$scratch/daemon.log" 2>&1; then
    cat "$scratch/daemon.log" >&2
    echo "$0: gnome-keyring-daemon did not start, so the keychain tests cannot run" >&2
    exit 1
fi

# The daemon registers on the bus before it forks; wait until the Secret Service answers (bounded:
# the machine may be loaded). Without it the keychain tests would only skip: this is a failure.
answers=0
for _ in $(seq 1 200); do
    if dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \
        org.freedesktop.DBus.NameHasOwner string:org.freedesktop.secrets 2>/dev/null | grep -q 'boolean true'; then
        answers=1
        break
    fi
    sleep 0.1
done
if ((!answers)); then
    cat "$scratch/daemon.log" >&2
    echo "$0: no Secret Service on the session bus 20 s after gnome-keyring-daemon started" >&2
    exit 1
fi

status=0
"$@" || status=$?
exit "$status"
