#!/usr/bin/env bash
# Checks that every C++ file in src/, tests/ and bench/ is as clang-format (.clang-format) leaves
# it; ctest runs it (test "format"). With --fix, formats them in place instead.
#   scripts/check-format.sh [--fix]
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
command -v clang-format >/dev/null 2>&1 || {
    echo "check-format: clang-format not found (scripts/setup-deps.sh installs it)" >&2
    exit 1
}
mapfile -d '' files < <(find src tests bench -type f \( -name '*.cpp' -o -name '*.h' \) -print0 | sort -z)
((${#files[@]})) || { echo "check-format: no C++ files found" >&2; exit 1; }
if [[ "${1:-}" == "--fix" ]]; then
    clang-format -i "${files[@]}"
    echo "check-format: formatted ${#files[@]} files"
    exit 0
fi
unformatted=()
for f in "${files[@]}"; do
    clang-format --dry-run --Werror "$f" >/dev/null 2>&1 || unformatted+=("$f")
done
if ((${#unformatted[@]})); then
    printf '%s\n' "${unformatted[@]}"
    echo "check-format: ${#unformatted[@]} of ${#files[@]} files differ from .clang-format (scripts/check-format.sh --fix)"
    exit 1
fi
echo "check-format: ${#files[@]} files as .clang-format leaves them"
