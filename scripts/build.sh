#!/usr/bin/env bash
# Installs missing dependencies, configures (when needed) and builds the project.
#   scripts/build.sh [extra cmake configure args...]
# Environment: LOCKBOX_BUILD_DIR (default build), LOCKBOX_BUILD_TYPE (default RelWithDebInfo),
#              LOCKBOX_JOBS (default nproc), CI=true adds -DLOCKBOX_WERROR=ON,
#              LOCKBOX_SKIP_DEPS=1 skips the package check.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

bash scripts/setup-deps.sh

build_dir="${LOCKBOX_BUILD_DIR:-build}"
build_type="${LOCKBOX_BUILD_TYPE:-RelWithDebInfo}"
jobs="${LOCKBOX_JOBS:-$(nproc 2>/dev/null || echo 2)}"

configure_args=(-S . -B "$build_dir" -G Ninja "-DCMAKE_BUILD_TYPE=${build_type}")
if [[ "${CI:-}" == "true" ]]; then
    configure_args+=(-DLOCKBOX_WERROR=ON)
fi

needs_configure=0
cache="$build_dir/CMakeCache.txt"
if [[ ! -f "$build_dir/build.ninja" ]] || (($# > 0)); then
    needs_configure=1
elif ! grep -qx "CMAKE_BUILD_TYPE:STRING=${build_type}" "$cache" 2>/dev/null; then
    needs_configure=1 # LOCKBOX_BUILD_TYPE changed since the last configure
elif [[ "${CI:-}" == "true" ]] && ! grep -qx "LOCKBOX_WERROR:BOOL=ON" "$cache" 2>/dev/null; then
    needs_configure=1
fi

if ((needs_configure)); then
    cmake "${configure_args[@]}" "$@"
fi

cmake --build "$build_dir" -j "$jobs"
