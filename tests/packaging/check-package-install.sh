#!/usr/bin/env bash
# The packages as a new user meets them (ctest packageinstall): builds lockbox-console, lockboxctl
# and lockbox-sim as Debian packages from this build (cpack), then, in a pristine Debian 12 root
# made by scripts/in-clean-debian.sh, installs them with `apt-get install ./…deb` and nothing
# else, and runs tests/packaging/installed-check.sh there on the installed files.
#   tests/packaging/check-package-install.sh BUILD_DIR
# Needs root (the root is a chroot), apt sources and a network to the mirror. Exits 77 (skipped)
# when it cannot run, unless CI=true, where that is a failure with its reason.
set -euo pipefail
build=$(cd "${1:?build directory}" && pwd)
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)

cannot() {
    if [[ "${CI:-}" == "true" ]]; then
        echo "packageinstall: $*" >&2
        exit 1
    fi
    echo "packageinstall: skipped: $*" >&2
    exit 77
}
[[ "$(id -u)" == 0 ]] || cannot "needs root: the packages are tried in a chroot (run the suite as root, as CI does)"
for tool in cpack dpkg-shlibdeps file unshare chroot; do
    command -v "$tool" >/dev/null 2>&1 || cannot "$tool not found (scripts/setup-deps.sh installs it)"
done

# cpack packages what the build folder holds: every program, manual page and icon must be built.
for built in src/app/lockbox-console src/cli/lockboxctl src/sim/lockbox-sim packaging/man/lockboxctl.1.gz \
    packaging/hicolor/512x512/apps/io.github.lockboxconsole.LockboxConsole.png; do
    [[ -e "$build/$built" ]] || {
        echo "packageinstall: $build/$built is not built: build everything first (scripts/build.sh)" >&2
        exit 1
    }
done

work=$(mktemp -d "${TMPDIR:-/tmp}/lockbox-packageinstall.XXXXXX")
trap 'rm -rf "$work"' EXIT
started=$SECONDS
(cd "$build" && cpack -G DEB -B "$work/cpack") >"$work/cpack.log" 2>&1 || {
    cat "$work/cpack.log" >&2
    echo "packageinstall: cpack failed" >&2
    exit 1
}
mkdir "$work/debs"
cp "$work"/cpack/*.deb "$work/debs/"
echo "packageinstall: $(ls "$work/debs" | tr '\n' ' ')made in $((SECONDS - started)) s"

cp "$here/tests/packaging/installed-check.sh" "$work/debs/"
if unshare --mount --pid --fork --propagation private true 2>/dev/null; then
    LOCKBOX_CLEAN_ROOT_COPY="$work/debs" bash "$here/scripts/in-clean-debian.sh" bash /tmp/lockbox-copy/installed-check.sh
elif [[ "${LOCKBOX_IN_CLEAN_ROOT:-}" == 1 ]]; then
    # CI: the suite already runs in a pristine Debian 12 root made by scripts/in-clean-debian.sh,
    # which refuses a root of its own inside (no nested mount and PID namespaces). That root is
    # thrown away after the run, so the packages are installed into it.
    echo "packageinstall: in the pristine root CI runs in (no nested root can be made here)"
    bash "$work/debs/installed-check.sh" "$work/debs"
else
    cannot "this machine refuses private mount and PID namespaces (unshare --mount --pid): no pristine root can be made"
fi
