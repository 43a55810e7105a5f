#!/usr/bin/env bash
# The Debian changelog of a package (share/doc/PACKAGE/changelog.gz), made from CHANGELOG.md: an
# entry for each release heading "## VERSION — YYYY-MM-DD", its list items as the entry's items
# (the text under the heading when it has no list).
#   changelog.sh PACKAGE CHANGELOG.md "NAME <EMAIL>" OUTPUT.gz
set -euo pipefail
package=$1 changelog=$2 maintainer=$3 output=$4

# One line for each release ("R VERSION DATE") and each of its items ("I TEXT").
records=$(awk '
    function flush() { if (item != "") print "I " item; item = "" }
    /^## / {
        flush(); inside = 0
        if (match($0, /[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]$/)) {
            print "R " $2 " " substr($0, RSTART, RLENGTH); inside = 1; items = 0
        }
        next
    }
    /^#/ { flush(); inside = 0; next }
    !inside { next }
    /^[-*] / { flush(); item = substr($0, 3); items++; next }
    /^ +[^ ]/ && item != "" { sub(/^ +/, " "); item = item $0; next }
    /^$/ { flush(); next }
    { item = (item == "" ? $0 : item " " $0) }
    END { flush() }' "$changelog" | sed 's/`//g; s/\*\*//g')
if ! grep -q '^R ' <<<"$records"; then
    echo "changelog.sh: no release heading in $changelog" >&2
    exit 1
fi

{
    first=1
    while read -r kind rest; do
        if [[ "$kind" == R ]]; then
            ((first)) || printf '\n -- %s  %s\n\n' "$maintainer" "$date"
            first=0
            read -r version day <<<"$rest"
            date=$(LC_ALL=C date -u -R -d "$day 12:00")
            printf '%s (%s) unstable; urgency=medium\n\n' "$package" "$version"
        else
            printf '%s\n' "$rest" | fold -s -w 74 | sed '1s/^/  * /; 2,$s/^/    /; s/ *$//'
        fi
    done <<<"$records"
    printf '\n -- %s  %s\n' "$maintainer" "$date"
} | gzip -9n >"$output.tmp"
mv "$output.tmp" "$output"
