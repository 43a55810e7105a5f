#!/usr/bin/env bash
# Remakes the README's screenshots at 1280 x 800: runs `lockbox-console --demo` under a virtual X server (Xvfb),
# with a session bus of its own where Debian's dunst shows the desktop notifications, drives it with
# the keyboard (xdotool) and captures the screen (ImageMagick's import).
#   scripts/screenshots.sh [output dir]      default: docs/screenshots
set -euo pipefail
# The README's screenshots are in English, and the keys pressed below are the English menus'.
export LC_ALL=C.UTF-8
unset LANGUAGE

cd "$(dirname "${BASH_SOURCE[0]}")/.."
out="${1:-docs/screenshots}"
mkdir -p "$out"
bash scripts/build.sh >&2
console="${LOCKBOX_BUILD_DIR:-build}/src/app/lockbox-console"

if [[ -z "${LOCKBOX_IN_XVFB:-}" ]]; then
    export LOCKBOX_IN_XVFB=1
    exec env -u DBUS_SESSION_BUS_ADDRESS xvfb-run -a -s "-screen 0 1280x800x24" dbus-run-session -- bash "$0" "$@"
fi

export QT_QPA_PLATFORM=xcb
# A tray host, so the console shows its tray icon as on a desktop.
trayer --edge top --align right --widthtype request --height 22 --transparent true --alpha 255 >/dev/null 2>&1 &
tray_pid=$!
# A notification server whose notices stay until closed, so that one can be photographed.
dunst_rc=$(mktemp -t screenshots-dunstrc.XXXXXX)
printf '[global]\n    follow = none\n    font = DejaVu Sans 10\n[urgency_normal]\n    timeout = 0\n[urgency_critical]\n    timeout = 0\n' >"$dunst_rc"
dunst -config "$dunst_rc" >/dev/null 2>&1 &
dunst_pid=$!
sleep 1 # the tray host and the notification server first, so the console finds them
"$console" --demo >/dev/null 2>&1 &
app_pid=$!
trap 'kill $app_pid $tray_pid $dunst_pid 2>/dev/null || true; wait 2>/dev/null || true; rm -f "$dunst_rc"' EXIT

window=""
for _ in $(seq 1 100); do
    window=$(xdotool search --name "Lockbox Console" 2>/dev/null | tail -n 1 || true)
    [[ -n "$window" ]] && break
    sleep 0.2
done
[[ -n "$window" ]] || { echo "screenshots: the console window did not appear" >&2; exit 1; }
xdotool windowmove "$window" 0 0 windowsize "$window" 1280 800 2>/dev/null || true
sleep 16 # first sync, a few arrivals, and the tray's first message gone again
xdotool windowfocus --sync "$window" 2>/dev/null || true

shoot() { import -window root "$out/$1.png"; echo "screenshots: $out/$1.png"; }

# A new request as a desktop notification: the next arrival after the first sync's news is gone.
dunstctl close-all
for _ in $(seq 1 120); do
    [[ "$(dunstctl count displayed 2>/dev/null || echo 0)" -ge 1 ]] && break
    sleep 0.5
done
sleep 0.5
shoot notification
dunstctl close-all
sleep 0.5

shoot main-window
xdotool key --window "$window" ctrl+shift+a
sleep 2.5
shoot decision-dialog
# Without a window manager the dialog does not take the keyboard focus by itself.
dialog=$(xdotool search --name "Approve Lockbox request" 2>/dev/null | tail -n 1 || true)
[[ -n "$dialog" ]] && xdotool windowfocus --sync "$dialog" 2>/dev/null || true
xdotool key Escape
sleep 0.5
xdotool windowfocus --sync "$window" 2>/dev/null || true
# Without a window manager the keyboard follows the pointer: point at the window, then Ctrl+H.
xdotool mousemove --window "$window" 450 650
xdotool key ctrl+h
sleep 3
shoot audit-history
xdotool key Escape
sleep 0.5
xdotool windowfocus --sync "$window" 2>/dev/null || true
xdotool key --window "$window" ctrl+1
# Account → Sign in as someone else… → a code (against the demo's simulator).
xdotool key --window "$window" alt+n
sleep 0.5
xdotool key e
sleep 1
xdotool key Return
sleep 2.5
shoot sign-in
xdotool key Escape
sleep 0.3
xdotool key Escape
