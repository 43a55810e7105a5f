#!/usr/bin/env bash
# Runs a command on a desktop like GNOME without a tray, for the notification tests: a private X
# server (xvfb-run), a private D-Bus session bus (dbus-run-session) and Debian's dunst answering
# org.freedesktop.Notifications on it. With --tray, trayer adds a system tray (XEmbed), as on a
# desktop that has one. Returns the command's exit status.
#   scripts/with-notifications.sh [--tray] COMMAND [ARGS...]
# Exits non-zero, saying why, when the X server, the bus, dunst or trayer does not start; nothing
# here is skipped.
set -euo pipefail

tray=0
if [[ "${1:-}" == "--tray" ]]; then
    tray=1
    shift
fi
if (($# == 0)); then
    echo "usage: $0 [--tray] COMMAND [ARGS...]" >&2
    exit 2
fi
for tool in xvfb-run dbus-run-session dunst dunstctl xdotool; do
    if ! command -v "$tool" >/dev/null 2>&1; then
        echo "with-notifications: $tool is not installed (scripts/setup-deps.sh installs it)" >&2
        exit 1
    fi
done
if ((tray)) && ! command -v trayer >/dev/null 2>&1; then
    echo "with-notifications: trayer is not installed (scripts/setup-deps.sh installs it)" >&2
    exit 1
fi

# Runs inside the X session and the bus.
inner='
set -u
tray=$1
shift
work=$(mktemp -d -t with-notifications.XXXXXX)
pids=()
stop_all() {
    local pid
    for pid in "${pids[@]}"; do
        kill "$pid" 2>/dev/null || true
        wait "$pid" 2>/dev/null || true
    done
    rm -rf "$work"
}
trap stop_all EXIT
wait_for() { # wait_for TENTHS COMMAND...: true as soon as COMMAND succeeds (bounded: 20 s each)
    local tenths=$1 i
    shift
    for ((i = 0; i < tenths; i++)); do
        "$@" >/dev/null 2>&1 && return 0
        sleep 0.1
    done
    return 1
}
if ! wait_for 200 xdotool getdisplaygeometry; then
    echo "with-notifications: the X server on $DISPLAY does not answer" >&2
    exit 1
fi
# dunst with its defaults, except that notices stay until acted on (a loaded machine may take its
# time to look) and none is kept back as a duplicate.
mkdir -p "$work/dunst"
cat >"$work/dunst/dunstrc" <<RC
[global]
    follow = none
    stack_duplicates = false
[urgency_low]
    timeout = 0
[urgency_normal]
    timeout = 0
[urgency_critical]
    timeout = 0
RC
dunst -config "$work/dunst/dunstrc" >"$work/dunst.log" 2>&1 &
pids+=($!)
# Asked of the bus itself: a call to the name would start a second dunst by D-Bus activation.
has_server() {
    dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \
        org.freedesktop.DBus.NameHasOwner string:org.freedesktop.Notifications | grep -q "boolean true"
}
if ! wait_for 200 has_server; then
    echo "with-notifications: dunst did not take org.freedesktop.Notifications on the session bus:" >&2
    cat "$work/dunst.log" >&2
    exit 1
fi
if ((tray)); then
    trayer --edge top --align right --widthtype request --height 24 --transparent false >"$work/trayer.log" 2>&1 &
    pids+=($!)
    if ! wait_for 200 xdotool search --class trayer; then
        echo "with-notifications: trayer did not start on $DISPLAY:" >&2
        cat "$work/trayer.log" >&2
        exit 1
    fi
fi
"$@"
'

# -noreset: by default the server resets whenever its last client leaves (the readiness probe
# above), and refuses connections while it does.
exec env -u DBUS_SESSION_BUS_ADDRESS -u WAYLAND_DISPLAY \
    xvfb-run -a -s "-screen 0 1280x800x24 -noreset" \
    dbus-run-session -- bash -c "$inner" with-notifications "$tray" "$@"
