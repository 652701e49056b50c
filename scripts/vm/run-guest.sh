#!/usr/bin/env bash
# run-guest.sh - run one job script as root inside a real Linux kernel (Debian's stock kernel
# under qemu, TCG), with this machine's root filesystem shared read-only (+ a RAM overlay), and
# exit with the job's exit code.
#
#   scripts/vm/run-guest.sh [--] JOB [ARGS...]   run JOB (a host path, run with bash) in a guest
#   scripts/vm/run-guest.sh --prepare             only fetch/unpack the packages, build the initramfs
#   scripts/vm/run-guest.sh --help                this text
#
# The job runs with the same cwd as this script was started in; everything on the host is
# visible at the same path (read-only underneath, writes go to RAM and are lost), except the
# output directory $VM_OUT, which is shared read-write: whatever the job writes there is on the
# host afterwards, next to console.log (the guest's serial console) and timing.txt.
#
# Environment (all optional):
#   VM_OUT           output directory (default ./out/vm/<timestamp>); also set inside the guest
#   VM_CACHE         package/kernel cache (default /var/cache/raccoon-vm)
#   VM_KERNEL_PKG    kernel package (default: the one in the cache, else the one linux-image-amd64 depends on)
#   VM_SELINUX       ""|permissive|enforcing: boot with SELinux and load Debian's refpolicy
#   VM_SELINUX_TYPE  default|mls: which installed policy (SELINUXTYPE, rewritten in the guest's /etc/selinux/config)
#   VM_SELINUX_ROOT  a host directory with etc/selinux and var/lib/selinux (a policy store with modules installed on
#                    the host, scripts/vm/selinux-module-root.sh): bound over the guest's before the policy loads
#   VM_TIMEOUT=600   in-guest job timeout in seconds; qemu is killed VM_GRACE=120 s later
#   VM_MEM=1024      guest RAM (MiB)    VM_SMP=2   vCPUs    VM_TB_SIZE=256   TCG code cache (MiB)
#   VM_ACCEL=tcg     qemu accelerator (kvm does not boot on this host; see docs/vm.md)
#   VM_APPEND        extra kernel command line words (e.g. cryptomgr.notests=1)
#   VM_MODULES       modules loaded before the job (default: the IPsec/SELinux test set below)
#   VM_PASS_ENV      names of host variables exported to the job (RACCOON_* and VM_JOB_* always are)
#   VM_QUIET=1       do not echo the console live (console.log is always written)
#
# Exit codes: the job's own (jobs should use 0..123); 124 job timed out in the guest;
# 125 no verdict (guest crashed or hung, qemu killed by the host timeout); 126 guest setup failed
# (9p/overlay mount, SELinux policy load, ...); 127 host setup failed (qemu missing, download, ...).
set -euo pipefail

VM_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
. "$VM_DIR/initramfs-build.sh"
CACHE=${VM_CACHE:-/var/cache/raccoon-vm}
MEM=${VM_MEM:-1024}
SMP=${VM_SMP:-2}
TIMEOUT=${VM_TIMEOUT:-600}
GRACE=${VM_GRACE:-120}
ACCEL=${VM_ACCEL:-tcg}
TB_SIZE=${VM_TB_SIZE-256}
SELINUX=${VM_SELINUX:-}
SELINUX_TYPE=${VM_SELINUX_TYPE:-default}
SELINUX_ROOT=${VM_SELINUX_ROOT:-}
MODULES=${VM_MODULES:-"af_key esp4 xfrm_user veth authenc echainiv des3_ede aesni_intel sha1 sha256 md5 hmac cbc sch_netem nf_tables"}

readonly RC_TIMEOUT=124 RC_NO_VERDICT=125 RC_GUEST_SETUP=126 RC_HOST_SETUP=127

say() { echo "run-guest: $*" >&2; }
die() {
	say "ERROR: $*"
	exit $RC_HOST_SETUP
}

mode=run
case "${1:-}" in
--prepare) mode=prepare ;;
--) shift ;;
-h | --help)
	sed -n '2,/^set -euo/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//'
	exit 0
	;;
"") die "no job given (see --help)" ;;
esac
if [ $mode = run ]; then
	[ $# -ge 1 ] || die "no job given (see --help)"
	JOB=$(realpath -e -- "$1" 2>/dev/null) || die "job $1 not found"
	shift
fi
case "$SELINUX" in "" | permissive | enforcing) ;; *) die "VM_SELINUX must be empty, permissive or enforcing (got '$SELINUX')" ;; esac
[ "$(id -u)" = 0 ] || die "must run as root (qemu's 9p export of / needs to read every file)"
command -v qemu-system-x86_64 >/dev/null || die "qemu-system-x86_64 not found: apt-get install --no-install-recommends qemu-system-x86"
for tool in apt-get apt-cache dpkg flock gzip timeout sha256sum; do
	command -v $tool >/dev/null || die "$tool not found"
done

# ------------------------------------------------------------------ packages (cached, locked)
mkdir -p "$CACHE/debs" || die "cannot create cache $CACHE"
# apt-get download drops privileges to _apt when it can write the target directory
id _apt >/dev/null 2>&1 && chown _apt "$CACHE/debs" 2>/dev/null || true
CACHE=$(realpath "$CACHE")
exec 8>"$CACHE/.lock"
flock 8

# fetch PKG -> prints the path of its .deb in the cache (apt-get download on a miss)
fetch() {
	local pkg=$1 deb
	deb=$(find "$CACHE/debs" -maxdepth 1 -name "${pkg}_*.deb" | sort | tail -1)
	if [ -z "$deb" ]; then
		say "downloading $pkg"
		(cd "$CACHE/debs" && apt-get download -q "$pkg" >&2) || die "apt-get download $pkg failed (apt-get update?)"
		deb=$(find "$CACHE/debs" -maxdepth 1 -name "${pkg}_*.deb" | sort | tail -1)
		[ -n "$deb" ] || die "apt-get download $pkg produced no .deb"
	fi
	echo "$deb"
}
# unpack DEB DIR: dpkg -x once; DIR/.complete marks a finished unpack
unpack() {
	[ -e "$2/.complete" ] && return 0
	rm -rf "$2" "$2.partial"
	dpkg -x "$1" "$2.partial" || die "dpkg -x $1 failed"
	touch "$2.partial/.complete"
	mv "$2.partial" "$2"
}

if [ -n "${VM_KERNEL_PKG:-}" ]; then
	KPKG=$VM_KERNEL_PKG
elif [ -s "$CACHE/kernel-package" ]; then
	KPKG=$(cat "$CACHE/kernel-package")
else
	KPKG=$(apt-cache depends linux-image-amd64 2>/dev/null | awk '$1 == "Depends:" && $2 ~ /^linux-image-[0-9]/ { print $2; exit }')
	[ -n "$KPKG" ] || die "cannot tell which kernel linux-image-amd64 depends on (apt-get update?)"
fi
KVER=${KPKG#linux-image-}
KVER=${KVER%-unsigned}
KROOT=$CACHE/$KPKG
unpack "$(fetch "$KPKG")" "$KROOT"
echo "$KPKG" >"$CACHE/kernel-package"
unpack "$(fetch busybox-static)" "$CACHE/busybox-static"
unpack "$(fetch kmod)" "$CACHE/kmod"
BUSYBOX=$CACHE/busybox-static/bin/busybox
KMOD=$CACHE/kmod/bin/kmod
VMLINUZ=$KROOT/boot/vmlinuz-$KVER
MODDIR=$KROOT/lib/modules/$KVER
[ -x "$BUSYBOX" ] || die "no busybox in busybox-static"
[ -x "$KMOD" ] || die "no kmod binary in kmod"
[ -r "$VMLINUZ" ] || die "no $VMLINUZ in $KPKG"
[ -d "$MODDIR" ] || die "no $MODDIR in $KPKG"
# kmod is a multi-call binary: it acts as depmod/modprobe by argv[0]
mkdir -p "$CACHE/kmod/tools"
for t in depmod modprobe insmod rmmod lsmod modinfo; do ln -sfn ../bin/kmod "$CACHE/kmod/tools/$t"; done
if [ ! -s "$MODDIR/modules.dep.bin" ]; then
	say "depmod $KVER"
	"$CACHE/kmod/tools/depmod" -b "$KROOT" "$KVER" || die "depmod failed"
fi

# initramfs: busybox + stage 1 + stage 2 + the modules needed to reach the host root.
# Cached by the content of its inputs.
BOOT_MODULES="virtio_pci 9pnet_virtio 9p overlay"
key=$( (cat "$VM_DIR/initramfs/init" "$VM_DIR/initramfs/stage2" "$BUSYBOX"; echo "$KVER $BOOT_MODULES") | sha256sum | cut -c1-16)
INITRD=$CACHE/initramfs-$KVER-$key.cpio.gz
if [ ! -s "$INITRD" ]; then
	say "building initramfs $INITRD"
	vm_build_initramfs "$INITRD" "$BOOT_MODULES" "$VM_DIR/initramfs/init" "$VM_DIR/initramfs/stage2"
	find "$CACHE" -maxdepth 1 -name "initramfs-[0-9]*.cpio.gz" ! -name "$(basename "$INITRD")" -delete
fi
flock -u 8

if [ $mode = prepare ]; then
	say "ready: kernel $VMLINUZ, initramfs $INITRD"
	exit 0
fi

# ------------------------------------------------------------------ run directory
OUT=${VM_OUT:-$PWD/out/vm/$(date +%Y%m%d-%H%M%S)-$$}
mkdir -p "$OUT" || die "cannot create $OUT"
OUT=$(realpath "$OUT")
CTL=$OUT/.vm
rm -rf "$CTL"
mkdir -p "$CTL"
rm -f "$OUT/console.log" "$OUT/timing.txt"

q() { printf '%q' "$1"; }
{
	echo "VM_KVER=$(q "$KVER")"
	echo "VM_MODDIR=$(q "$MODDIR")"
	echo "VM_KMOD=$(q "$KMOD")"
	echo "VM_TIMEOUT=$(q "$TIMEOUT")"
	echo "VM_SELINUX=$(q "$SELINUX")"
	echo "VM_SELINUX_TYPE=$(q "$SELINUX_TYPE")"
	echo "VM_SELINUX_ROOT=$(q "$SELINUX_ROOT")"
	echo "VM_MODULES=$(q "$MODULES")"
	echo "VM_CWD=$(q "$PWD")"
	echo "VM_OUT_PATH=$(q "$OUT")"
} >"$CTL/stage2.env"
{
	echo "export VM_OUT=$(q "$OUT") VM_KVER=$(q "$KVER") VM_SELINUX=$(q "$SELINUX") VM_GUEST=1"
	for name in ${VM_PASS_ENV:-} $(compgen -e | grep -E '^(RACCOON_|VM_JOB_)' || true); do
		[ -n "${!name+x}" ] && echo "export $name=$(q "${!name}")"
	done
	printf 'exec /bin/bash'
	for a in "$JOB" "$@"; do printf ' %s' "$(q "$a")"; done
	echo
} >"$CTL/job.sh"

APPEND="console=ttyS0 panic=-1 oops=panic loglevel=4 mitigations=off"
if [ -n "$SELINUX" ]; then
	[ -x /usr/sbin/load_policy ] && [ -d "/etc/selinux/$SELINUX_TYPE/policy" ] ||
		die "VM_SELINUX=$SELINUX needs selinux-policy-$SELINUX_TYPE and policycoreutils installed on this machine"
	[ -z "$SELINUX_ROOT" ] || [ -d "$SELINUX_ROOT/etc/selinux/$SELINUX_TYPE/policy" ] ||
		die "VM_SELINUX_ROOT=$SELINUX_ROOT has no etc/selinux/$SELINUX_TYPE/policy"
	APPEND="$APPEND security=selinux selinux=1 enforcing=0"
fi
APPEND="$APPEND ${VM_APPEND:-}"
case "$ACCEL" in
tcg) ACCEL_ARGS=(-accel "tcg,thread=multi${TB_SIZE:+,tb-size=$TB_SIZE}" -cpu max) ;;
*) ACCEL_ARGS=(-accel "$ACCEL" -cpu host) ;;
esac
QEMU=(qemu-system-x86_64 -name raccoon-vm -machine pc "${ACCEL_ARGS[@]}" -smp "$SMP" -m "$MEM"
	-nographic -no-reboot -nic none -monitor none
	-kernel "$VMLINUZ" -initrd "$INITRD" -append "$APPEND"
	-virtfs "local,path=/,mount_tag=hostroot,security_model=none,readonly=on,multidevs=remap"
	-virtfs "local,path=$OUT,mount_tag=vmout,security_model=none,multidevs=remap"
	-chardev "stdio,id=console,signal=off,logfile=$OUT/console.log" -serial chardev:console)

say "kernel $KVER, ${SMP} vCPU, ${MEM} MiB, accel $ACCEL${SELINUX:+, SELinux $SELINUX ($SELINUX_TYPE)}; output $OUT"
t0=$(date +%s.%N)
if [ "${VM_QUIET:-0}" = 1 ]; then
	timeout -k 10 $((TIMEOUT + GRACE)) "${QEMU[@]}" </dev/null >/dev/null 2>"$CTL/qemu.stderr" &
else
	timeout -k 10 $((TIMEOUT + GRACE)) "${QEMU[@]}" </dev/null 2>"$CTL/qemu.stderr" &
fi
qpid=$!
trap 'kill -TERM $qpid 2>/dev/null' INT TERM
t_job=""
while kill -0 $qpid 2>/dev/null; do
	if [ -z "$t_job" ] && grep -q '^RACCOON-VM: job start' "$OUT/console.log" 2>/dev/null; then
		t_job=$(date +%s.%N)
	fi
	sleep 0.2
done
qrc=0
wait $qpid || qrc=$?
trap - INT TERM
t1=$(date +%s.%N)

rc=""
[ -s "$CTL/rc" ] && rc=$(tr -dc 0-9 <"$CTL/rc")
if [ -z "$rc" ]; then
	# the share may have lost the last write if the guest died right after it: use the console
	rc=$(sed -n 's/^RACCOON-VM: verdict rc=\([0-9]*\).*/\1/p' "$OUT/console.log" 2>/dev/null | tail -1)
fi
if [ -z "$rc" ]; then
	rc=$RC_NO_VERDICT
	if [ $qrc = 124 ] || [ $qrc = 137 ]; then
		say "no verdict: qemu killed after $((TIMEOUT + GRACE)) s (guest hung)"
	elif grep -q 'Kernel panic' "$OUT/console.log" 2>/dev/null; then
		say "no verdict: guest kernel panic (see $OUT/console.log)"
	else
		say "no verdict: qemu exited with $qrc (see $OUT/console.log, $CTL/qemu.stderr)"
		sed 's/^/run-guest: qemu: /' "$CTL/qemu.stderr" >&2 || true
	fi
fi
{
	echo "kernel=$KVER accel=$ACCEL smp=$SMP mem_mib=$MEM tb_size_mib=${TB_SIZE:-default} selinux=${SELINUX:-off}"
	[ -n "$t_job" ] && echo "boot_to_job_s=$(awk "BEGIN { printf \"%.1f\", $t_job - $t0 }")"
	echo "total_s=$(awk "BEGIN { printf \"%.1f\", $t1 - $t0 }")"
	echo "rc=$rc"
} >"$OUT/timing.txt"
sed 's/^/run-guest: /' "$OUT/timing.txt" >&2
exit "$rc"
