#!/usr/bin/env bash
# lockboxctl's bash completion offers what lockboxctl itself lists: every command and subcommand of
# `lockboxctl --help` (and no other), every option of `lockboxctl help COMMAND`, the global options
# before and after a command, and the profile folders for --profile.
#   check-bash-completion.sh LOCKBOXCTL COMPLETION_FILE
set -euo pipefail
# lockboxctl's help in English, whatever the locale of who runs the check.
export LC_ALL=C.UTF-8
unset LANGUAGE

lockboxctl=$1 completion=$2
failures=0
fail() {
    echo "FAIL: $*" >&2
    failures=$((failures + 1))
}

# shellcheck source=/dev/null
source "$completion"
declare -F _lockboxctl >/dev/null || {
    echo "FAIL: $completion defines no _lockboxctl" >&2
    exit 1
}

# What the completion offers for a command line whose last word is being completed.
offered() {
    COMP_WORDS=("$@")
    COMP_CWORD=$(($# - 1))
    COMP_LINE="$*"
    COMP_POINT=${#COMP_LINE}
    COMPREPLY=()
    _lockboxctl lockboxctl "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD - 1]}"
    printf '%s\n' "${COMPREPLY[@]}"
}

# expect WORD "what" OFFERED...: WORD is among the offered words.
expect() {
    local word=$1 what=$2
    shift 2
    local w
    for w in "$@"; do
        [[ "$w" == "$word" ]] && return 0
    done
    fail "$what: '$word' is not offered (offered: $*)"
}

help=$("$lockboxctl" --help) || {
    echo "FAIL: $lockboxctl --help failed" >&2
    exit 1
}

# The entries of "Commands:": their leading lower-case words are the command and its subcommand.
mapfile -t entries < <(printf '%s\n' "$help" | awk '
    /^Commands:/ { inside = 1; next }
    inside && /^[^ ]/ { inside = 0 }
    inside && /^  [a-z]/ {
        entry = $0
        sub(/^  /, "", entry)
        sub(/  .*/, "", entry) # the summary, after two spaces
        split(entry, words, / +/)
        line = words[1]
        if (words[2] ~ /^[a-z][a-z-]*$/) line = line " " words[2]
        print line
    }')
((${#entries[@]} >= 10)) || {
    echo "FAIL: too few commands read from lockboxctl --help: ${entries[*]}" >&2
    exit 1
}

mapfile -t top < <(offered lockboxctl '')
declare -A listed=()
for entry in "${entries[@]}"; do
    read -r command sub <<<"$entry"
    listed[$command]=1
    expect "$command" "lockboxctl <TAB>" "${top[@]}"
    if [[ -n "$sub" ]]; then
        mapfile -t subs < <(offered lockboxctl "$command" '')
        expect "$sub" "lockboxctl $command <TAB>" "${subs[@]}"
    fi
done
for command in "${top[@]}"; do
    [[ -n "${listed[$command]:-}" ]] || fail "lockboxctl <TAB> offers '$command', which lockboxctl --help does not list"
done

# Global options: each option word of the "Global options" block, before and after a command.
mapfile -t globals < <(printf '%s\n' "$help" | awk '
    /^Global options/ { inside = 1; next }
    inside && /^[^ ]/ { inside = 0 }
    inside && /^  -/ {
        line = $0
        sub(/^ +/, "", line)
        sub(/   .*/, "", line)
        n = split(line, words, /[ ,]+/)
        for (i = 1; i <= n; i++) if (words[i] ~ /^-/) print words[i]
    }')
((${#globals[@]} >= 8)) || fail "too few global options read from lockboxctl --help: ${globals[*]}"
mapfile -t before < <(offered lockboxctl -)
mapfile -t after < <(offered lockboxctl sync -)
for option in "${globals[@]}"; do
    expect "$option" "lockboxctl -<TAB>" "${before[@]}"
    expect "$option" "lockboxctl sync -<TAB>" "${after[@]}"
done

# Each command's options, as `lockboxctl help COMMAND` lists them.
for command in "${!listed[@]}"; do
    [[ "$command" == help ]] && continue
    mapfile -t options < <("$lockboxctl" help "$command" | awk '
        /^Options:/ { inside = 1; next }
        /^$/ { inside = 0 }
        inside && /^  --/ { print $1 }')
    mapfile -t got < <(offered lockboxctl "$command" --)
    for option in "${options[@]}"; do
        expect "$option" "lockboxctl $command --<TAB>" "${got[@]}"
    done
done

# An option's value is not taken for the command.
mapfile -t got < <(offered lockboxctl --profile /tmp sy)
expect sync "lockboxctl --profile /tmp sy<TAB>" "${got[@]}"
mapfile -t got < <(offered lockboxctl --format '')
expect json "lockboxctl --format <TAB>" "${got[@]}"

# Profiles: the folders beside the default profile, by their full path.
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
mkdir -p "$scratch/lockbox-console/lockbox-console" "$scratch/lockbox-console/team"
export XDG_DATA_HOME=$scratch
mapfile -t got < <(offered lockboxctl --profile '')
expect "$scratch/lockbox-console/lockbox-console" "lockboxctl --profile <TAB>" "${got[@]}"
expect "$scratch/lockbox-console/team" "lockboxctl --profile <TAB>" "${got[@]}"
mapfile -t got < <(offered lockboxctl list --profile "$scratch/lockbox-console/t")
expect "$scratch/lockbox-console/team" "lockboxctl list --profile …/t<TAB>" "${got[@]}"

if ((failures > 0)); then
    echo "$failures failure(s)" >&2
    exit 1
fi
echo "bash completion: ${#entries[@]} command entries, ${#globals[@]} global options and every command's options offered"
