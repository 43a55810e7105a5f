#!/usr/bin/env bash
# Runs a command in a pristine Debian 12 (bookworm) root, on a clean clone of this repository:
# nothing installed on this machine by hand can hide a missing install step.
#   scripts/in-clean-debian.sh COMMAND [ARGS...]       e.g. scripts/in-clean-debian.sh scripts/test.sh
#   scripts/in-clean-debian.sh                         an interactive shell in the root
#
# - The root is a minimal bookworm (mmdebstrap --variant=minbase) made from this machine's own apt
#   sources (the files apt reads here, or the one named by LOCKBOX_APT_SOURCES), so no mirror's
#   address is written anywhere in the repository. Its tarball is cached under
#   ${XDG_CACHE_HOME:-$HOME/.cache}/lockbox-console/ and made again when the sources change or with
#   LOCKBOX_CLEAN_ROOT_REFRESH=1 (about 45 s).
# - Each run unpacks a fresh copy, copies a clean clone of the committed HEAD to /src/lockbox-console
#   in it (uncommitted changes are not part of it), and runs COMMAND there with chroot, in private
#   mount and PID namespaces (unshare): proc, sys, dev and dev/pts are mounted for the run only, and
#   every process the command left behind ends with it. The root is removed afterwards, unless
#   LOCKBOX_KEEP_ROOT=1.
# - The command sees CI, TERM and the LOCKBOX_* variables of the caller, and nothing else of its
#   environment, plus LOCKBOX_IN_CLEAN_ROOT=1. Its exit status is returned.
# - LOCKBOX_CLEAN_ROOT_COPY=DIR copies the folder DIR into the root as /tmp/lockbox-copy (the
#   package test brings the packages it installs that way).
# Needs root (chroot, mounts) and apt for mmdebstrap when it is missing. When a step cannot be
# done this says which one and why, and exits non-zero: it never runs the command elsewhere.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
me="in-clean-debian"
fail() {
    echo "$me: $*" >&2
    exit 1
}

[[ "$(id -u)" == "0" ]] || fail "needs root (it makes a chroot and mounts /proc, /sys and /dev in it); run it with sudo"
for tool in unshare chroot mount tar git; do
    command -v "$tool" >/dev/null 2>&1 || fail "$tool not found"
done
if ! command -v mmdebstrap >/dev/null 2>&1; then
    echo "$me: installing mmdebstrap" >&2
    DEBIAN_FRONTEND=noninteractive apt-get -q -o Dpkg::Use-Pty=0 update </dev/null >&2 \
        && DEBIAN_FRONTEND=noninteractive apt-get -q -o Dpkg::Use-Pty=0 install -y --no-install-recommends mmdebstrap </dev/null >&2 \
        || fail "could not install mmdebstrap with apt-get"
fi
unshare --mount --pid --fork --propagation private true 2>/dev/null \
    || fail "this machine refuses private mount and PID namespaces (unshare --mount --pid): the root cannot be run"

# The machine's own apt sources: the files apt itself reads.
sources=()
if [[ -n "${LOCKBOX_APT_SOURCES:-}" ]]; then
    [[ -f "$LOCKBOX_APT_SOURCES" ]] || fail "LOCKBOX_APT_SOURCES=$LOCKBOX_APT_SOURCES is not a file"
    sources=("$LOCKBOX_APT_SOURCES")
else
    [[ -s /etc/apt/sources.list ]] && sources+=(/etc/apt/sources.list)
    for f in /etc/apt/sources.list.d/*.sources /etc/apt/sources.list.d/*.list; do
        [[ -s "$f" ]] && sources+=("$f")
    done
fi
((${#sources[@]} > 0)) || fail "no apt sources on this machine (/etc/apt/sources.list, /etc/apt/sources.list.d); name one with LOCKBOX_APT_SOURCES"

cache_dir="${XDG_CACHE_HOME:-$HOME/.cache}/lockbox-console"
mkdir -p "$cache_dir"
variant_args=(--variant=minbase --include=ca-certificates)
key=$( (cat "${sources[@]}"; echo "${variant_args[*]}") | sha256sum | cut -c1-16)
tarball="$cache_dir/bookworm-$key.tar"
if [[ "${LOCKBOX_CLEAN_ROOT_REFRESH:-0}" == "1" || ! -s "$tarball" ]]; then
    echo "$me: making a bookworm root from ${sources[*]} (cached as $tarball)" >&2
    started=$SECONDS
    log="$cache_dir/mmdebstrap.log"
    if ! mmdebstrap --quiet --format=tar "${variant_args[@]}" bookworm "$tarball.part" "${sources[@]}" </dev/null >"$log" 2>&1; then
        tail -n 30 "$log" >&2
        rm -rf "$tarball.part"
        fail "mmdebstrap could not make the root (log: $log)"
    fi
    mv "$tarball.part" "$tarball"
    echo "$me: root made in $((SECONDS - started)) s" >&2
fi

work="$(mktemp -d "${LOCKBOX_CLEAN_ROOT_DIR:-/var/tmp}/lockbox-root.XXXXXX")"
root="$work/root"
cleanup() {
    if [[ "${LOCKBOX_KEEP_ROOT:-0}" == "1" ]]; then
        echo "$me: root kept in $root" >&2
    else
        rm -rf --one-file-system "$work"
    fi
}
trap cleanup EXIT
mkdir "$root"
tar -C "$root" -xf "$tarball"

# What a freshly installed system has that a bootstrap leaves out: a machine id (D-Bus wants one),
# /etc/hosts (the installer writes it; without it "localhost" does not resolve) and a resolver
# configuration (apt reaches the mirror by name).
tr -d '-' </proc/sys/kernel/random/uuid >"$root/etc/machine-id"
[[ -e "$root/etc/hosts" ]] || printf '127.0.0.1\tlocalhost\n::1\t\tlocalhost ip6-localhost ip6-loopback\n' >"$root/etc/hosts"
cp -L /etc/resolv.conf "$root/etc/resolv.conf" 2>/dev/null || true

# A clean clone of what is committed, as a fresh checkout would have it.
git clone --quiet --no-hardlinks "$here" "$root/src/lockbox-console"
git -C "$root/src/lockbox-console" checkout --quiet --detach "$(git -C "$here" rev-parse HEAD)"
if [[ -n "${LOCKBOX_CLEAN_ROOT_COPY:-}" ]]; then
    [[ -d "$LOCKBOX_CLEAN_ROOT_COPY" ]] || fail "LOCKBOX_CLEAN_ROOT_COPY=$LOCKBOX_CLEAN_ROOT_COPY is not a folder"
    cp -a "$LOCKBOX_CLEAN_ROOT_COPY" "$root/tmp/lockbox-copy"
fi
echo "$me: running in a pristine bookworm root at $(git -C "$here" rev-parse --short HEAD): ${*:-bash}" >&2

envs=(HOME=/root PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 LOCKBOX_IN_CLEAN_ROOT=1)
[[ -n "${TERM:-}" ]] && envs+=("TERM=$TERM")
[[ -n "${CI:-}" ]] && envs+=("CI=$CI")
while IFS='=' read -r name _; do
    [[ "$name" == LOCKBOX_* ]] && envs+=("$name=${!name}")
done < <(env)

# Inside the new namespaces: the mounts vanish with them, and so does every process left behind.
inner='
set -e
root=$1
shift
mount -t proc proc "$root/proc"
mount -t sysfs sys "$root/sys"
mount --rbind /dev "$root/dev"
mount -t devpts -o newinstance,ptmxmode=0666 devpts "$root/dev/pts" 2>/dev/null || true
mount -t tmpfs -o mode=1777 tmpfs "$root/dev/shm"
mount -t tmpfs -o mode=755 tmpfs "$root/run"
cmd=("$@")
((${#cmd[@]})) || cmd=(bash)
exec chroot "$root" /usr/bin/env -i "${ENVS[@]}" bash -c "cd /src/lockbox-console && exec \"\$@\"" bash "${cmd[@]}"
'
status=0
ENVS_DECL="$(declare -p envs)"
unshare --mount --pid --fork --propagation private \
    bash -c "${ENVS_DECL/envs=/ENVS=}; $inner" "$me" "$root" "$@" || status=$?
((status == 0)) || echo "$me: the command failed with status $status" >&2
exit "$status"
