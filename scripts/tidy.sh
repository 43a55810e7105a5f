#!/usr/bin/env bash
# Runs clang-tidy (the repository's .clang-tidy) over the C++ sources of src/ that the build
# compiles, in parallel, and prints every warning in our own files (src/ and its headers; never the
# generated moc/uic output in the build folder) as FILE:LINE: message [check]. Exits 1 when there
# is one, 2 when it cannot run.
#   scripts/tidy.sh [--build DIR] [--jobs N] [FILE.cpp...]
# DIR: the build folder holding compile_commands.json (default $LOCKBOX_BUILD_DIR, else build).
# FILE: only these sources (each must be in compile_commands.json); default every .cpp under src/.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
build_dir=""
jobs="$(nproc 2>/dev/null || echo 2)"
clang_tidy="${CLANG_TIDY:-clang-tidy}"
requested=()

fail() {
    echo "tidy: $1" >&2
    exit 2
}

while (($#)); do
    case "$1" in
    --build)
        (($# >= 2)) || fail "--build needs a folder"
        build_dir="$2"
        shift 2
        ;;
    --jobs | -j)
        if (($# < 2)) || ! [[ "$2" =~ ^[1-9][0-9]*$ ]]; then fail "$1 needs a positive number"; fi
        jobs="$2"
        shift 2
        ;;
    -h | --help)
        sed -n '2,8s/^# \{0,1\}//p' "${BASH_SOURCE[0]}"
        exit 0
        ;;
    --)
        shift
        requested+=("$@")
        break
        ;;
    -*) fail "unknown option $1 (scripts/tidy.sh --help)" ;;
    *)
        requested+=("$1")
        shift
        ;;
    esac
done

# --build and FILE are as seen from where the script was started; LOCKBOX_BUILD_DIR from the root.
if [[ -z "$build_dir" ]]; then
    build_dir="$root/${LOCKBOX_BUILD_DIR:-build}"
    [[ "${LOCKBOX_BUILD_DIR:-}" != /* ]] || build_dir="$LOCKBOX_BUILD_DIR"
fi
command -v "$clang_tidy" >/dev/null 2>&1 \
    || fail "$clang_tidy not found (scripts/setup-deps.sh installs clang-tidy; CLANG_TIDY names another binary)"
database="$build_dir/compile_commands.json"
[[ -f "$database" ]] \
    || fail "$database not found: configure the build first (CMAKE_EXPORT_COMPILE_COMMANDS is ON in CMakeLists.txt)"
build_dir="$(cd "$build_dir" && pwd -P)"

# Every source the build compiles (a file built into two targets appears twice), as absolute paths.
mapfile -t compiled < <(sed -n 's/^ *"file": "\(.*\)",\{0,1\}$/\1/p' "$database" | sort -u)
declare -A in_database=()
for f in "${compiled[@]}"; do in_database["$f"]=1; done

files=()
if ((${#requested[@]})); then
    for f in "${requested[@]}"; do
        [[ -f "$f" ]] || fail "$f: no such file"
        abs="$(cd "$(dirname "$f")" && pwd -P)/$(basename "$f")"
        [[ -n "${in_database[$abs]:-}" ]] || fail "$f is not in $database (only compiled sources can be checked)"
        files+=("$abs")
    done
else
    for f in "${compiled[@]}"; do
        [[ "$f" == "$root/src/"* && "$f" == *.cpp && "$f" != "$build_dir/"* ]] || continue
        # A source deleted since the build was configured: the next configure drops it.
        if [[ -f "$f" ]]; then files+=("$f"); else echo "tidy: ${f#"$root/"} no longer exists, skipped" >&2; fi
    done
    ((${#files[@]})) || fail "no source under src/ in $database"
fi

cd "$root"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
started=$SECONDS

# One clang-tidy per source; its output and exit status go to files named after the source's index.
# shellcheck disable=SC2016 # the inner script's arguments, expanded by the inner bash
for i in "${!files[@]}"; do printf '%s\0%s\0' "$i" "${files[$i]}"; done \
    | xargs -0 -n 2 -P "$jobs" bash -c '"$0" -p "$1" --quiet "$4" >"$2/$3.log" 2>&1; echo $? >"$2/$3.status"' \
        "$clang_tidy" "$build_dir" "$out"

# A warning counts when it is in src/ (a header too) and not in the build folder's generated files;
# a header's warning is reported once however many sources include it.
pattern='^(/[^:]+):([0-9]+):[0-9]+: (warning|error): (.*) \[([^]]+)\]$'
warnings=()
broken=()
for i in "${!files[@]}"; do
    log="$out/$i.log"
    while IFS= read -r line; do
        [[ "$line" =~ $pattern ]] || continue
        file="${BASH_REMATCH[1]}" at="${BASH_REMATCH[2]}: ${BASH_REMATCH[4]} [${BASH_REMATCH[5]}]"
        # Headers come as src/core/../store/x.h through the include paths.
        [[ "$file" != */../* ]] || file="$(realpath -m "$file")"
        [[ "$file" == "$root/src/"* && "$file" != "$build_dir/"* ]] || continue
        warnings+=("${file#"$root/"}:$at")
    done <"$log"
    # clang-tidy fails when the source does not compile: then it checked nothing.
    if [[ "$(cat "$out/$i.status" 2>/dev/null)" != "0" ]]; then
        broken+=("${files[$i]#"$root/"}")
        grep -E '(^|: )(fatal )?error: ' "$log" | head -n 5 >&2 || true
    fi
done

elapsed=$((SECONDS - started))
if ((${#warnings[@]})); then
    printf '%s\n' "${warnings[@]}" | sort -u | sort -s -t: -k1,1 -k2,2n
fi
for f in "${broken[@]}"; do echo "tidy: clang-tidy could not check $f (see the errors above)"; done
if ((${#warnings[@]} || ${#broken[@]})); then
    count="$(printf '%s\n' "${warnings[@]}" | sort -u | grep -c . || true)"
    echo "tidy: $count warnings, ${#broken[@]} sources unchecked, in ${#files[@]} sources (${elapsed} s)"
    exit 1
fi
echo "tidy: no warnings in ${#files[@]} sources (${elapsed} s)"
