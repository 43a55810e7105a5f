#!/usr/bin/env bash
# Installs the Debian 12 (bookworm) packages that the build, the tests and the demo need.
# Idempotent: when everything is installed it makes no apt call at all and returns at once.
# Never prompts (works with no stdin, as in CI). LOCKBOX_SKIP_DEPS=1 skips it entirely.
set -euo pipefail

if [[ "${LOCKBOX_SKIP_DEPS:-0}" == "1" ]]; then
    echo "setup-deps: skipped (LOCKBOX_SKIP_DEPS=1)"
    exit 0
fi

packages=(
    # Qt 6 and the libraries the code links
    qt6-base-dev
    qt6-httpserver-dev
    qt6-websockets-dev          # Qt6HttpServer's CMake package needs it; the -dev does not depend on it
    qtkeychain-qt6-dev
    libqt6sql6-sqlite
    qt6-tools-dev
    qt6-l10n-tools
    qt6-svg-dev
    qt6-charts-dev
    libqt6opengl6-dev           # Qt6Charts' CMake package needs Qt6OpenGL; the -dev does not depend on it
    qt6-qpa-plugins
    libsqlite3-dev
    libsimdjson-dev             # the parser of the request list pages (On-Demand API)
    qt6-translations-l10n       # Qt's own catalogues (qtbase_de.qm): standard dialogs follow the locale
    libgl-dev
    libxkbcommon-dev            # Qt6Gui's CMake package looks for XKB
    # toolchain
    cmake
    ninja-build
    g++
    clang
    clang-format
    clang-tidy
    pkg-config
    openssl
    curl
    # headless GUI tests, screenshots and the tray
    xvfb
    xauth
    xdotool
    imagemagick
    fonts-dejavu-core           # a pristine root has no font: Qt would draw no text
    trayer
    dunst                       # a desktop notification server for the notification tests
    # secret storage (QtKeychain over the Secret Service)
    dbus
    dbus-x11
    gnome-keyring
    libsecret-tools
    # inspecting profiles in tests and by hand
    sqlite3
    time
    python3                     # the benchmark scripts summarise their runs with it
    # packaging: the validators of the desktop entry and metainfo (ctest desktopfiles), and the
    # manual pages, made from each program's --help at build time
    desktop-file-utils
    appstream
    help2man
    # the package test (ctest packageinstall): cpack's dependency scan, and the pristine root the
    # packages are installed in
    dpkg-dev
    git                         # scripts/in-clean-debian.sh clones the sources into the root it makes
    file                        # cpack's DEB generator runs it to find the programs to scan
    mmdebstrap
)

if ! command -v dpkg-query >/dev/null 2>&1; then
    echo "setup-deps: dpkg-query not found (not a Debian system?); install the equivalents of:" >&2
    echo "  ${packages[*]}" >&2
    exit 0
fi

# One dpkg-query for all packages (unknown names are simply absent from its output).
declare -A installed=()
while read -r name status; do
    [[ "$status" == "install ok installed" ]] && installed["$name"]=1
done < <(dpkg-query -W -f='${Package} ${Status}\n' "${packages[@]}" 2>/dev/null || true)

missing=()
for pkg in "${packages[@]}"; do
    [[ -n "${installed[$pkg]:-}" ]] || missing+=("$pkg")
done

if ((${#missing[@]} == 0)); then
    echo "setup-deps: all ${#packages[@]} packages present"
    exit 0
fi

if [[ "$(id -u)" == "0" ]]; then
    as_root=()
elif command -v sudo >/dev/null 2>&1 && sudo -n true </dev/null >/dev/null 2>&1; then
    as_root=(sudo -n)
else
    {
        echo "setup-deps: missing packages and no root (not root, and 'sudo -n' is not available)."
        echo "setup-deps: run this, then try again:"
        echo "  sudo apt-get update && sudo apt-get install -y --no-install-recommends ${missing[*]}"
    } >&2
    exit 1
fi

echo "setup-deps: installing: ${missing[*]}"

apt_opts=(-q -o Dpkg::Lock::Timeout=300 -o Dpkg::Use-Pty=0)
apt=("${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get "${apt_opts[@]}")
log="$(mktemp "${TMPDIR:-/tmp}/setup-deps.XXXXXX")"
trap 'rm -f "$log"' EXIT
# apt's own chatter goes to a log that is shown only when something fails.
if ! "${apt[@]}" update </dev/null >"$log" 2>&1 \
    || ! "${apt[@]}" install -y --no-install-recommends "${missing[@]}" </dev/null >>"$log" 2>&1; then
    cat "$log" >&2
    echo "setup-deps: apt-get failed installing: ${missing[*]}" >&2
    exit 1
fi
echo "setup-deps: installed ${#missing[@]} package(s)"
