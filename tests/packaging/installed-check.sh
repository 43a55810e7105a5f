#!/usr/bin/env bash
# Runs in a pristine Debian 12 root (tests/packaging/check-package-install.sh puts it there, with
# the packages in /tmp/lockbox-copy, or in the folder given as its argument): installs them as a user would, with apt-get and nothing
# else, then checks the installed programs, manual pages, desktop files and translations.
set -euo pipefail
# As a user's login would: none of the caller's environment (the suite's QT_QPA_PLATFORM=offscreen,
# LC_ALL or LANGUAGE would hide the window and the translations this checks).
if [[ -z "${LOCKBOX_INSTALLED_CHECK_CLEAN_ENV:-}" ]]; then
    exec env -i LOCKBOX_INSTALLED_CHECK_CLEAN_ENV=1 HOME="${HOME:-/root}" PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
        TERM=dumb bash "$0" "$@"
fi
export DEBIAN_FRONTEND=noninteractive
step() { echo "installed-check: $*"; }
fail() {
    echo "installed-check: FAILED: $*" >&2
    exit 1
}
apt() { apt-get -q -o Dpkg::Use-Pty=0 "$@" </dev/null >>/tmp/apt.log 2>&1 || { tail -n 40 /tmp/apt.log >&2; fail "apt-get $*"; }; }

cd "${1:-/tmp/lockbox-copy}"
apt update
step "apt-get install $(ls ./*.deb | tr '\n' ' ')"
apt install -y ./lockbox-console_*.deb ./lockboxctl_*.deb ./lockbox-sim_*.deb
# What the checks use, not the programs: an X server, a window finder, man.
apt install -y --no-install-recommends xvfb xauth xdotool man-db
cd /

# lockboxctl and its manual, on the installed files.
lockboxctl --help | grep -q '^Usage: lockboxctl' || fail "lockboxctl --help"
man_text=$(MANPAGER=cat MANWIDTH=100 man lockboxctl 2>/dev/null) || fail "man lockboxctl"
grep -q 'lockboxctl' <<<"$man_text" && grep -qi 'exit' <<<"$man_text" || fail "man lockboxctl shows no manual"
for page in lockbox-console lockbox-sim; do
    MANPAGER=cat man "$page" >/dev/null 2>&1 || fail "man $page"
done
lockbox-sim --help >/dev/null || fail "lockbox-sim --help"
[[ -f /usr/share/bash-completion/completions/lockboxctl ]] || fail "no bash completion installed"
[[ -f /usr/share/zsh/vendor-completions/_lockboxctl ]] || fail "no zsh completion installed"
# lockboxctl's messages follow the locale; what scripts read does not.
LANG=de_DE.UTF-8 lockboxctl --help | grep -q '^Verwendung: lockboxctl' || fail "LANG=de_DE.UTF-8 lockboxctl --help is not German"
# (The console is a QApplication: its --help too needs a display, here Qt's offscreen one.)
console_help=$(LANG=de_DE.UTF-8 QT_QPA_PLATFORM=offscreen lockbox-console --help 2>&1) || fail "lockbox-console --help: $console_help"
grep -q 'Kunden-Lockbox' <<<"$console_help" || fail "LANG=de_DE.UTF-8 lockbox-console --help is not German: $console_help"
step "lockboxctl --help, man pages, completion and German messages: ok"

# The demo from the installed files, in English and in German: the window's title names the demo
# in the language of the locale, and begins with the count of pending requests once the demo's
# requests are in the table (its simulator answered and the cache opened).
demo_window() { # LANG expected-title-part
    local lang=$1 expected=$2 log
    log=$(mktemp)
    xvfb-run -a -s '-screen 0 1280x800x24' bash -c '
        LANG=$1 lockbox-console --demo >"$2" 2>&1 &
        demo=$!
        for _ in $(seq 1 150); do
            title=$(xdotool search --onlyvisible --name "Lockbox Console" getwindowname 2>/dev/null | head -n 1)
            if [[ "$title" =~ ^\([0-9]+\)\  ]]; then
                echo "$title"
                kill "$demo"
                exit 0
            fi
            kill -0 "$demo" 2>/dev/null || exit 1
            sleep 0.2
        done
        kill "$demo"
        exit 1' bash "$lang" "$log" >/tmp/title || {
        cat "$log" >&2
        fail "LANG=$lang lockbox-console --demo showed no window with pending requests within 30 s"
    }
    grep -qF "$expected" /tmp/title || fail "LANG=$lang: the window is titled '$(cat /tmp/title)', not '$expected…'"
    step "LANG=$lang lockbox-console --demo: $(cat /tmp/title)"
}
demo_window C.UTF-8 "DEMO: simulated Azure"
demo_window de_DE.UTF-8 "DEMO: simuliertes Azure"

# The desktop entry, metainfo and icon where desktops and software centres look.
for f in /usr/share/applications/io.github.lockboxconsole.LockboxConsole.desktop \
    /usr/share/metainfo/io.github.lockboxconsole.LockboxConsole.metainfo.xml \
    /usr/share/icons/hicolor/scalable/apps/io.github.lockboxconsole.LockboxConsole.svg \
    /usr/share/icons/hicolor/16x16/apps/io.github.lockboxconsole.LockboxConsole.png \
    /usr/share/icons/hicolor/512x512/apps/io.github.lockboxconsole.LockboxConsole.png; do
    [[ -f "$f" ]] || fail "$f is not installed"
done
step "ok: the three packages install with apt-get alone and run"
