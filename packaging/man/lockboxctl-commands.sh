#!/usr/bin/env bash
# The COMMANDS section of lockboxctl's manual page, as a help2man include, from the program itself:
# `lockboxctl help COMMAND` for every command its --help lists, so the page cannot drift from it.
#   lockboxctl-commands.sh LOCKBOXCTL OUTPUT
set -euo pipefail
program=$1 output=$2
# The manual is in English, whatever the builder's locale.
export LC_ALL=C.UTF-8
unset LANGUAGE

# The commands: the first word of each entry of --help's "Commands:" list, in its order.
mapfile -t commands < <("$program" --help | awk '
    /^Commands:/ { inside = 1; next }
    inside && /^[^ ]/ { inside = 0 }
    inside && /^  [a-z]/ { if (!seen[$1]++ && $1 != "help") print $1 }')
if ((${#commands[@]} == 0)); then
    echo "lockboxctl-commands.sh: no commands in '$program --help'" >&2
    exit 1
fi

{
    echo "[COMMANDS]"
    for command in "${commands[@]}"; do
        "$program" help "$command"
    done | awk '
        # roff: a backslash is \e, a line may not start with a dot or quote, and option dashes are
        # minus signs.
        function roff(text) {
            gsub(/\\/, "\\e", text)
            gsub(/--/, "\\-\\-", text)
            if (text ~ /^[.\x27]/) text = "\\&" text
            return text
        }
        function flush() { if (para != "") { print ".PP"; print roff(para) } para = "" }
        # A synopsis "lockboxctl COMMAND ..." (continued by indented lines) opens a command.
        /^lockboxctl / { flush(); synopsis = $0; state = "synopsis"; next }
        state == "synopsis" && /^ +[^ ]/ { sub(/^ +/, " "); synopsis = synopsis $0; next }
        state == "synopsis" {
            sub(/^lockboxctl /, "", synopsis)
            print ".SS \"" roff(synopsis) "\""
            state = "text"
        }
        /^Global options and exit codes:/ { flush(); next }
        /^Options:$/ { flush(); state = "options"; next }
        state == "options" && /^  [^ ]/ {
            # "  --name ARG    text": the option, then its text.
            line = $0
            sub(/^  /, "", line)
            text = line
            sub(/^[^ ]+( [^ ]+)?  +/, "", text)
            if (text == line) text = ""
            tag = substr(line, 1, length(line) - length(text))
            sub(/ +$/, "", tag)
            print ".TP"
            print "\\fB" roff(tag) "\\fR"
            if (text != "") print roff(text)
            next
        }
        state == "options" && /^ +[^ ]/ { line = $0; sub(/^ +/, "", line); print roff(line); next }
        /^$/ { flush(); next }
        { para = (para == "" ? $0 : para " " $0) }
        END { flush() }'
} >"$output.tmp"
mv "$output.tmp" "$output"
