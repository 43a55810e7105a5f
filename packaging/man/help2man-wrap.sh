#!/usr/bin/env bash
# What help2man runs for a program's manual page (packaging/CMakeLists.txt):
#   help2man-wrap.sh NAME PROGRAM ARGS...
# runs PROGRAM as NAME (its usage line then names the program, not the build folder). lockboxctl's
# --help wraps long synopses of its command list onto lines of their own, which help2man would take
# for paragraphs: those lines are joined to the command they continue.
set -euo pipefail
# The manual pages are in English, whatever the builder's locale.
export LC_ALL=C.UTF-8
unset LANGUAGE
name=$1 program=$2
shift 2
if [[ "$name" == lockboxctl && "${1:-}" == --help ]]; then
    "$program" --help | awk '
        /^      [^ ]/ && NR > 1 { sub(/^ +/, " "); held = held $0; next }
        NR > 1 { print held }
        { held = $0 }
        END { if (NR > 0) print held }'
    exit "${PIPESTATUS[0]}"
fi
exec -a "$name" "$program" "$@"
