#!/usr/bin/env bash
# Builds the Debian packages lockbox-console, lockboxctl and lockbox-sim from a clean clone of the
# committed HEAD (what is not committed is not packaged) into dist/, checks that lockboxctl links no
# GUI library, and runs lintian on each package (docs/packaging.md lists what it still says, and
# why).
#   scripts/package.sh [--no-lintian]
# Environment: LOCKBOX_JOBS (default nproc), LOCKBOX_DIST_DIR (default dist), LOCKBOX_KEEP_BUILD=1
# keeps the temporary clone and build folder (and says where).
# Needs: git, cmake, ninja, g++, the Qt development packages (scripts/setup-deps.sh), help2man,
# dpkg-dev (dpkg-shlibdeps and dpkg-buildflags), and lintian unless --no-lintian.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
dist=${LOCKBOX_DIST_DIR:-$root/dist}
jobs=${LOCKBOX_JOBS:-$(nproc 2>/dev/null || echo 2)}
lint=1
for arg in "$@"; do
    case $arg in
    --no-lintian) lint=0 ;;
    *)
        echo "usage: scripts/package.sh [--no-lintian]" >&2
        exit 1
        ;;
    esac
done

missing=()
for tool in git cmake ninja g++ help2man dpkg-shlibdeps dpkg-buildflags; do
    command -v "$tool" >/dev/null || missing+=("$tool")
done
((lint)) && ! command -v lintian >/dev/null && missing+=(lintian)
if ((${#missing[@]} > 0)); then
    echo "package: missing ${missing[*]}; on Debian: apt-get install -y help2man dpkg-dev lintian" \
        "(and scripts/setup-deps.sh for the rest)" >&2
    exit 1
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/lockbox-package.XXXXXX")
if [[ "${LOCKBOX_KEEP_BUILD:-0}" == "1" ]]; then
    echo "package: keeping $work"
else
    trap 'rm -rf "$work"' EXIT
fi

head=$(git -C "$root" rev-parse --short HEAD)
if [[ -n "$(git -C "$root" status --porcelain --untracked-files=no)" ]]; then
    echo "package: the working tree has uncommitted changes; packaging the committed $head only"
fi
git clone --quiet --no-local "$root" "$work/src"

# Debian's build flags (hardening: stack protector, fortify, relro, bind now), as dpkg-buildpackage
# would set them; without -g, as the packages carry no debug symbols.
export DEB_BUILD_MAINT_OPTIONS=hardening=+all
eval "$(dpkg-buildflags --export=sh)"
CXXFLAGS="$(sed 's/\(^\| \)-g\( \|$\)/ /' <<<"$CXXFLAGS") $CPPFLAGS"
export CXXFLAGS LDFLAGS

echo "package: configuring and building $head (Release)"
cmake -S "$work/src" -B "$work/build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DCMAKE_INSTALL_PREFIX=/usr \
    -DLOCKBOX_BUILD_TESTS=OFF -DLOCKBOX_MANPAGES=ON -DCMAKE_SKIP_INSTALL_ALL_DEPENDENCY=ON >"$work/configure.log" ||
    {
        cat "$work/configure.log" >&2
        exit 1
    }
cmake --build "$work/build" -j "$jobs" --target lockbox-console lockboxctl lockbox-sim manpages appicons

# Whatever is installed outside the three components would be left out of every package.
cmake --install "$work/build" --component Unspecified --prefix "$work/unspecified" >/dev/null
if [[ -d "$work/unspecified" ]] && [[ -n "$(find "$work/unspecified" -type f)" ]]; then
    echo "package: these are installed without a COMPONENT, so no package has them:" >&2
    find "$work/unspecified" -type f >&2
    exit 1
fi

(cd "$work/build" && cpack -G DEB -B "$work/cpack" >"$work/cpack.log") || {
    cat "$work/cpack.log" >&2
    exit 1
}
mkdir -p "$dist"
debs=()
for deb in "$work"/cpack/*.deb; do
    cp "$deb" "$dist/"
    debs+=("$dist/$(basename "$deb")")
done
((${#debs[@]} == 3)) || {
    echo "package: cpack made ${#debs[@]} packages, not 3" >&2
    exit 1
}

# lockboxctl runs on a server without any GUI library.
dpkg-deb -x "$dist"/lockboxctl_*.deb "$work/lockboxctl-root"
gui=$(ldd "$work/lockboxctl-root/usr/bin/lockboxctl" | grep -E 'libQt6(Gui|Widgets)' || true)
if [[ -n "$gui" ]]; then
    echo "package: lockboxctl links GUI libraries:" >&2
    echo "$gui" >&2
    exit 1
fi

for deb in "${debs[@]}"; do
    echo "package: $(basename "$deb")"
    dpkg-deb --field "$deb" Package Version Depends Recommends Suggests | sed 's/^/  /'
done

status=0
if ((lint)); then
    for deb in "${debs[@]}"; do
        echo "lintian $(basename "$deb"):"
        lintian --display-info --fail-on error "$deb" | sed 's/^/  /' || status=1
    done
fi
echo "package: ${#debs[@]} packages in $dist"
exit "$status"
