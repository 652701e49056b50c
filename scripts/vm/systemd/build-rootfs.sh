#!/usr/bin/env bash
# build-rootfs.sh - the cached Debian 12 root file system of the systemd guests (docs/vm.md, "systemd guests").
# `debootstrap --variant=minbase bookworm` from the apt mirror this machine uses, plus systemd as PID 1 and the
# few tools the tests call. The tree lives in $VM_CACHE/debian12-systemd/rootfs (outside the repository) and is
# built once: a later call returns at once. The package list below is part of the cache key, so changing it
# rebuilds the tree. Needs root and debootstrap.
set -euo pipefail
CACHE=${VM_CACHE:-/var/cache/raccoon-vm}
# SELinux (refpolicy, booted permissive): the walkthrough's policies are labeled.
PACKAGES="systemd,systemd-sysv,udev,dbus,kmod,iproute2,iputils-ping,procps,libssl3,libselinux1,selinux-policy-default,policycoreutils,selinux-utils"
MIRROR=${VM_DEBIAN_MIRROR:-$(sed -n 's/^URIs: *\(http[^ ]*debian\)$/\1/p' /etc/apt/sources.list.d/*.sources 2>/dev/null | head -1)}
MIRROR=${MIRROR:-http://deb.debian.org/debian}
say() { echo "build-rootfs: $*" >&2; }
[ "$(id -u)" = 0 ] || { say "ERROR: must run as root"; exit 127; }
command -v debootstrap >/dev/null || { say "ERROR: debootstrap not found (apt-get install debootstrap)"; exit 127; }

DIR=$CACHE/debian12-systemd
key=$(echo "bookworm minbase $PACKAGES" | sha256sum | cut -c1-16)
mkdir -p "$DIR"
exec 9>"$DIR/.lock"
flock 9
if [ -e "$DIR/rootfs/.complete" ] && [ "$(cat "$DIR/rootfs/.complete")" = "$key" ]; then
	echo "$DIR/rootfs"
	exit 0
fi
say "debootstrap bookworm from $MIRROR into $DIR/rootfs (a few minutes, once)"
rm -rf "$DIR/rootfs" "$DIR/rootfs.partial"
t0=$(date +%s)
debootstrap --variant=minbase --include="$PACKAGES" bookworm "$DIR/rootfs.partial" "$MIRROR" >"$DIR/debootstrap.log" 2>&1 || {
	say "ERROR: debootstrap failed, see $DIR/debootstrap.log"
	tail -20 "$DIR/debootstrap.log" >&2
	exit 127
}
# No package caches in the image.
rm -rf "$DIR/rootfs.partial/var/cache/apt/archives/"*.deb "$DIR/rootfs.partial/var/lib/apt/lists/"*
echo "$key" >"$DIR/rootfs.partial/.complete"
mv "$DIR/rootfs.partial" "$DIR/rootfs"
say "done in $(($(date +%s) - t0)) s: $(du -sh "$DIR/rootfs" | cut -f1)"
echo "$DIR/rootfs"
