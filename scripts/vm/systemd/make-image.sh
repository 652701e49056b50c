#!/usr/bin/env bash
# make-image.sh DEB IMAGE - the disk image of one systemd-guest run: a copy of the cached Debian 12 tree
# (build-rootfs.sh), the package installed with dpkg -i (in a chroot: its maintainer scripts enable the units, as
# on a real machine), the test scaffolding of guest/ (identity, agent), then mkfs.ext4 -d into IMAGE (raw,
# sparse). Also prints the kernel and initramfs paths for test-systemd.sh as shell assignments on standard output.
set -euo pipefail
DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
VM_DIR=$(dirname "$DIR")
. "$VM_DIR/initramfs-build.sh"
CACHE=${VM_CACHE:-/var/cache/raccoon-vm}
say() { echo "make-image: $*" >&2; }
die() { say "ERROR: $*"; exit 127; }
[ $# = 2 ] || die "usage: make-image.sh DEB IMAGE"
DEB=$(realpath -e "$1") || die "no package $1"
IMAGE=$2
command -v mkfs.ext4 >/dev/null || die "mkfs.ext4 not found (e2fsprogs)"

ROOTFS=$("$DIR/build-rootfs.sh")
# The kernel, its modules and kmod come from run-guest.sh's cache (the busybox guests' Debian 6.1 kernel).
"$VM_DIR/run-guest.sh" --prepare >&2
KPKG=$(cat "$CACHE/kernel-package")
KVER=${KPKG#linux-image-}
KVER=${KVER%-unsigned}
KROOT=$CACHE/$KPKG
BUSYBOX=$CACHE/busybox-static/bin/busybox

# Initramfs of the systemd guests: busybox, init, and the modules needed to mount the image and the module share.
BOOT_MODULES="virtio_pci virtio_blk virtio_net ext4 9pnet_virtio 9p"
key=$( (cat "$DIR/init" "$BUSYBOX"; echo "$KVER $BOOT_MODULES") | sha256sum | cut -c1-16)
# Kept in a subdirectory: run-guest.sh (of any checkout sharing this cache) deletes stale initramfs-* files at the
# top of the cache when it rebuilds its own.
INITRD=$CACHE/debian12-systemd/initramfs-$KVER-$key.cpio.gz
mkdir -p "$CACHE/debian12-systemd"
exec 8>"$CACHE/debian12-systemd/.lock-initramfs"
flock 8
if [ ! -s "$INITRD" ]; then
	say "building $INITRD"
	vm_build_initramfs "$INITRD" "$BOOT_MODULES" "$DIR/init"
	find "$CACHE/debian12-systemd" -maxdepth 1 -name "initramfs-*.cpio.gz" ! -name "$(basename "$INITRD")" -delete
fi
flock -u 8

stage=$(mktemp -d "$CACHE/stage.XXXXXX")
trap 'rm -rf "$stage"' EXIT
cp -a "$ROOTFS/." "$stage/"
rm -f "$stage/.complete"
# The package, installed the way a user would: dpkg -i (inside the image's root, so its maintainer scripts run there).
cp "$DEB" "$stage/tmp/raccoon.deb"
chroot "$stage" dpkg -i /tmp/raccoon.deb >&2 || die "dpkg -i of the package failed"
rm -f "$stage/tmp/raccoon.deb"
# Test scaffolding: identity, agent, mounts, and quiet, predictable boots.
install -m 755 "$DIR/guest/raccoon-vm-setup.sh" "$stage/usr/local/sbin/raccoon-vm-setup"
install -m 755 "$DIR/guest/raccoon-vm-agent.sh" "$stage/usr/local/sbin/raccoon-vm-agent"
install -m 644 "$DIR/guest/raccoon-vm-setup.service" "$DIR/guest/raccoon-vm-agent.service" "$stage/etc/systemd/system/"
ln -sf /etc/systemd/system/raccoon-vm-setup.service "$stage/etc/systemd/system/multi-user.target.wants/"
ln -sf /etc/systemd/system/raccoon-vm-agent.service "$stage/etc/systemd/system/multi-user.target.wants/"
for unit in apt-daily.timer apt-daily-upgrade.timer e2scrub_all.timer e2scrub_reap.service fstrim.timer; do
	ln -sf /dev/null "$stage/etc/systemd/system/$unit"
done
mkdir -p "$stage/vm/share" "$stage/lib/modules"
cat >"$stage/etc/fstab" <<'FSTAB'
/dev/vda / ext4 defaults 0 1
share /vm/share 9p trans=virtio,version=9p2000.L,msize=262144,cache=none,nofail 0 0
FSTAB
echo raccoon-vm >"$stage/etc/hostname"
# SELinux permissive with Debian's refpolicy (the walkthrough's policies carry labels); systemd loads the policy.
sed -i 's/^SELINUX=.*/SELINUX=permissive/' "$stage/etc/selinux/config"
rm -f "$IMAGE"
mkfs.ext4 -q -F -L raccoon-vm -d "$stage" "$IMAGE" 1536M >&2 || die "mkfs.ext4 failed"
echo "VMLINUZ=$KROOT/boot/vmlinuz-$KVER"
echo "INITRD=$INITRD"
echo "MODULES_DIR=$KROOT/lib/modules"
