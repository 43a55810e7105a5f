#!/usr/bin/env bash
# The desktop entry and the AppStream metainfo as Debian and Flathub check them: desktop-file-validate
# and `appstreamcli validate --pedantic` print nothing, and every name follows the app id.
#   check-desktop-files.sh SOURCE_DIR APP_ID DESKTOP_FILE METAINFO_FILE
# A missing validator skips (exit 77), or fails with CI=true.
set -euo pipefail

src=$1 id=$2 desktop=$3 metainfo=$4
failures=0
fail() {
    echo "FAIL: $*" >&2
    failures=$((failures + 1))
}

for tool in desktop-file-validate appstreamcli; do
    if ! command -v "$tool" >/dev/null; then
        echo "$tool is not installed (Debian: desktop-file-utils, appstream; scripts/setup-deps.sh)" >&2
        [[ "${CI:-}" == "true" ]] && exit 1
        exit 77
    fi
done

out=$(desktop-file-validate "$desktop" 2>&1) || fail "desktop-file-validate failed"
[[ -z "$out" ]] || fail "desktop-file-validate says: $out"

# The only word allowed is the pedantic note on the upper-case letters of the chosen app id
# (reverse DNS as Flathub spells it); any other hint, warning or error fails. --no-net: the
# screenshots' addresses are not fetched here.
out=$(appstreamcli validate --pedantic --no-net "$metainfo" 2>&1) || fail "appstreamcli validate failed"
rest=$(printf '%s\n' "$out" | grep -E '^[EWIP]: ' | grep -v -E "^P: ${id//./\\.}:[0-9]+: cid-contains-uppercase-letter$" || true)
[[ -z "$rest" ]] || fail "appstreamcli validate --pedantic says: $rest"

# Every name follows the app id.
[[ "$(basename "$desktop")" == "$id.desktop" ]] || fail "the desktop entry is $(basename "$desktop"), not $id.desktop"
grep -qx "Icon=$id" "$desktop" || fail "the desktop entry's Icon= is not $id"
[[ -f "$src/packaging/icons/$id.svg" ]] || fail "no icon packaging/icons/$id.svg"
grep -q "<id>$id</id>" "$metainfo" || fail "the metainfo's <id> is not $id"
grep -q "<launchable type=\"desktop-id\">$id.desktop</launchable>" "$metainfo" ||
    fail "the metainfo's launchable is not $id.desktop"
grep -q "setDesktopFileName(u\"$id\"_s)" "$src/src/app/consoleapp.cpp" ||
    fail "src/app/consoleapp.cpp does not set the desktop file name $id"
# Every screenshot the metainfo names is in docs/screenshots.
while read -r shot; do
    [[ -f "$src/docs/screenshots/$shot" ]] || fail "the metainfo names docs/screenshots/$shot, which does not exist"
done < <(grep -o 'docs/screenshots/[^<]*\.png' "$metainfo" | sed 's|docs/screenshots/||')

if ((failures > 0)); then
    exit 1
fi
echo "desktop entry and metainfo: valid, named $id"
