#!/usr/bin/env bash
# Runs a command under a private X server that has a system tray, for the tray smoke test:
# xvfb-run starts Xvfb, Debian's trayer owns the freedesktop XEmbed tray (_NET_SYSTEM_TRAY_S0) in
# it, and the command runs once trayer is up. Returns the command's exit status.
#   scripts/with-tray.sh COMMAND [ARGS...]
# Exits non-zero, saying why, when the X server or the tray host does not start. With no xvfb-run
# the command runs without any display (the test then skips and says why), except under CI=true,
# where that is a failure too.
set -euo pipefail

if (($# == 0)); then
    echo "usage: $0 COMMAND [ARGS...]" >&2
    exit 2
fi

if ! command -v xvfb-run >/dev/null 2>&1; then
    if [[ "${CI:-}" == "true" ]]; then
        echo "with-tray: xvfb-run is not installed (apt install xvfb xauth), and CI needs the tray test" >&2
        exit 1
    fi
    echo "with-tray: xvfb-run is not installed (apt install xvfb xauth); running without a display" >&2
    exec env -u DISPLAY -u WAYLAND_DISPLAY "$@"
fi
for tool in trayer xdotool; do
    if ! command -v "$tool" >/dev/null 2>&1; then
        echo "with-tray: $tool is not installed (apt install $tool)" >&2
        exit 1
    fi
done

# Runs inside the X session that xvfb-run made.
inner='
set -u
tray_log=$(mktemp -t with-tray.XXXXXX)
tray_pid=
stop_tray() {
    if [[ -n "$tray_pid" ]]; then
        kill "$tray_pid" 2>/dev/null || true
        wait "$tray_pid" 2>/dev/null || true
    fi
    rm -f "$tray_log"
}
trap stop_tray EXIT

# Wait until the server answers, and start trayer again should it fall over. trayer takes the
# tray selection as it maps its window; the test then waits until Qt sees the tray. Every wait is
# bounded (20 s each): the machine may be loaded.
wait_for() { # wait_for TENTHS COMMAND...: true as soon as COMMAND succeeds
    local tenths=$1 i
    shift
    for ((i = 0; i < tenths; i++)); do
        "$@" >/dev/null 2>&1 && return 0
        sleep 0.1
    done
    return 1
}
if ! wait_for 200 xdotool getdisplaygeometry; then
    echo "with-tray: the X server on $DISPLAY does not answer" >&2
    exit 1
fi
tray_window() { # true once trayer shows its window; also stops the wait when trayer is gone
    xdotool search --class trayer || ! kill -0 "$tray_pid"
}
for attempt in 1 2 3; do
    trayer --edge top --align right --widthtype request --height 24 --transparent false >"$tray_log" 2>&1 &
    tray_pid=$!
    wait_for 200 tray_window
    if kill -0 "$tray_pid" 2>/dev/null; then
        break
    fi
    echo "with-tray: trayer exited on $DISPLAY (attempt $attempt):" >&2
    cat "$tray_log" >&2
    wait "$tray_pid" 2>/dev/null || true
    tray_pid=
    sleep 0.5
done
if [[ -z "$tray_pid" ]]; then
    echo "with-tray: trayer did not start on $DISPLAY, so there is no tray to test" >&2
    exit 1
fi
"$@"
status=$?
exit "$status"
'

# No session bus from the caller: on a desktop, Qt would otherwise put the icon in that desktop's
# StatusNotifier tray instead of this X server's. -noreset: by default the server resets whenever
# its last client leaves (the readiness probe above), and refuses connections while it does.
exec env -u DBUS_SESSION_BUS_ADDRESS -u WAYLAND_DISPLAY \
    xvfb-run -a -s "-screen 0 1280x800x24 -noreset" bash -c "$inner" with-tray "$@"
