#!/usr/bin/env bash
# Checks that the README's demo command shows the console: builds (as demo.sh does), then starts
# scripts/demo.sh under a private X server (xvfb-run, 1280x800) and waits up to 30 s for a visible
# window titled "Lockbox Console". Prints the window's title and size, and exits non-zero with
# the demo's output when no such window appeared or the demo ended first.
#   scripts/demo-check.sh [seconds]        CI runs it in a pristine root (.ci/run)
# LOCKBOX_DEMO_SHOT=FILE also saves a screenshot of the screen once the window is there.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
limit="${1:-30}"

# The build (and the packages it installs) comes first, so that the limit counts the start alone.
bash scripts/build.sh >&2
for tool in xvfb-run xdotool; do
    command -v "$tool" >/dev/null 2>&1 || {
        echo "demo-check: $tool not found (scripts/setup-deps.sh installs it)" >&2
        exit 1
    }
done

inner='
set -u
limit=$1
log=$(mktemp -t demo-check.XXXXXX)
trap "rm -f \"\$log\"" EXIT
bash scripts/demo.sh >"$log" 2>&1 &
demo=$!
started=$SECONDS
window=
while ((SECONDS - started < limit)); do
    window=$(xdotool search --onlyvisible --name "Lockbox Console" 2>/dev/null | head -n 1)
    [[ -n "$window" ]] && break
    if ! kill -0 "$demo" 2>/dev/null; then
        wait "$demo"
        echo "demo-check: the demo ended (status $?) before showing its window:" >&2
        cat "$log" >&2
        exit 1
    fi
    sleep 0.2
done
if [[ -z "$window" ]]; then
    echo "demo-check: no window titled \"Lockbox Console\" within $limit s; the demo said:" >&2
    cat "$log" >&2
    kill "$demo" 2>/dev/null
    exit 1
fi
echo "demo-check: \"$(xdotool getwindowname "$window")\" shown $((SECONDS - started)) s after start,"\
" $(xdotool getwindowgeometry "$window" | sed -n "s/ *Geometry: //p")"
if [[ -n "${LOCKBOX_DEMO_SHOT:-}" ]]; then
    sleep 2 # the first sync fills the table
    import -window root "$LOCKBOX_DEMO_SHOT" && echo "demo-check: screenshot in $LOCKBOX_DEMO_SHOT"
fi
kill "$demo" 2>/dev/null
wait "$demo" 2>/dev/null
exit 0
'
exec env -u WAYLAND_DISPLAY -u QT_QPA_PLATFORM \
    xvfb-run -a -s "-screen 0 1280x800x24 -noreset" bash -c "$inner" demo-check "$limit"
