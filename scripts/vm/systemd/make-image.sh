#!/usr/bin/env bash
# make-image.sh DEB IMAGE - the disk image of one systemd-guest run: a copy of the cached Debian 12 tree
# (build-rootfs.sh), the package installed with dpkg -i (in a chroot: its maintainer scripts enable the units, as
# on a real machine), Raccoon's SELinux policy module installed in the image's policy store (etc/selinux, built by
# ../selinux-module-root.sh), the test scaffolding of guest/ (identity, agent), every file labeled with the
# image's file contexts (setfiles, as `restorecon -R /` would), then mkfs.ext4 -d into IMAGE (raw, sparse; the
# labels travel as security.selinux attributes). Also prints, as shell assignments on standard output for
# test-systemd.sh, the kernel, the initramfs, and the guests' read-only modules disk (the kernel's modules,
# labeled modules_object_t; cached).
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
command -v setfiles >/dev/null || die "setfiles not found (policycoreutils)"

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

# Raccoon's policy module, built and installed with semodule -i into a copy of this machine's policy store
# (cached). The guests' store is the image's own (Debian's selinux-policy-default, built by its postinst during
# debootstrap): when both are the same version the cached store is the image's plus the module, and is copied in.
SELINUX_ROOT=$("$VM_DIR/selinux-module-root.sh" default) || die "selinux-module-root.sh failed"
POLICY_VERSION=$(dpkg-query -W -f='${Version}' selinux-policy-default)
FC=$SELINUX_ROOT/etc/selinux/default/contexts/files/file_contexts

# The kernel's modules as a read-only ext4 disk, every file modules_object_t. Not the 9p share of the busybox
# guests: a 9p file system has no SELinux labels (the policy has no fs_use or genfscon rule for it), so its files
# are unlabeled_t, which kmod_t may not read; and a context= mount option is refused before systemd loads the
# policy, when stage 1 mounts /lib/modules.
MODULES_IMG=$CACHE/debian12-systemd/modules-$KVER-$(echo "$POLICY_VERSION" | sha256sum | cut -c1-8).ext4
exec 7>"$CACHE/debian12-systemd/.lock-modules"
flock 7
if [ ! -s "$MODULES_IMG" ]; then
	say "building $MODULES_IMG"
	tree=$(mktemp -d "$CACHE/modules.XXXXXX")
	mkdir -p "$tree/lib"
	cp -a "$KROOT/lib/modules" "$tree/lib/"
	setfiles -r "$tree" "$FC" "$tree/lib/modules" >&2 || { rm -rf "$tree"; die "setfiles of the modules failed"; }
	size=$(($(du -sm "$tree" | cut -f1) * 5 / 4 + 64))
	mkfs.ext4 -q -F -O ^has_journal -L raccoon-modules -d "$tree/lib/modules" "$MODULES_IMG.partial" "${size}M" >&2 ||
		{ rm -rf "$tree"; die "mkfs.ext4 of the modules failed"; }
	rm -rf "$tree"
	mv "$MODULES_IMG.partial" "$MODULES_IMG"
	find "$CACHE/debian12-systemd" -maxdepth 1 -name "modules-*.ext4" ! -name "$(basename "$MODULES_IMG")" -delete
fi
flock -u 7

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
# / only: stage 1 mounts the modules disk (init), the agent the 9p share (guest/raccoon-vm-agent.sh).
echo "/dev/vda / ext4 defaults 0 1" >"$stage/etc/fstab"
echo raccoon-vm >"$stage/etc/hostname"
# SELinux with Debian's refpolicy and Raccoon's module, enforcing (systemd loads the policy; test-systemd.sh adds
# enforcing=0 to the kernel command line for a permissive run). What docs/labeled-ipsec.md has an administrator do
# (semodule -i raccoon.pp, restorecon), done on the image.
if [ "$(chroot "$stage" dpkg-query -W -f='${Version}' selinux-policy-default)" = "$POLICY_VERSION" ]; then
	rm -rf "$stage/etc/selinux/default" "$stage/var/lib/selinux/default"
	cp -a "$SELINUX_ROOT/etc/selinux/default" "$stage/etc/selinux/"
	cp -a "$SELINUX_ROOT/var/lib/selinux/default" "$stage/var/lib/selinux/"
else
	semodule -p "$stage" -s default -n -i "$SELINUX_ROOT/raccoon.pp" >&2 || die "semodule -i raccoon.pp into the image failed"
fi
sed -i 's/^SELINUX=.*/SELINUX=enforcing/; s/^SELINUXTYPE=.*/SELINUXTYPE=default/' "$stage/etc/selinux/config"
setfiles -r "$stage" "$stage/etc/selinux/default/contexts/files/file_contexts" "$stage" >&2 || die "setfiles of the image failed"
rm -f "$IMAGE"
mkfs.ext4 -q -F -L raccoon-vm -d "$stage" "$IMAGE" 1536M >&2 || die "mkfs.ext4 failed"
echo "VMLINUZ=$KROOT/boot/vmlinuz-$KVER"
echo "INITRD=$INITRD"
echo "MODULES_IMG=$MODULES_IMG"
