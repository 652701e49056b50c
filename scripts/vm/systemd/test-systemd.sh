#!/usr/bin/env bash
# test-systemd.sh [DEB] - the systemd guests (issue 18): two Debian 12 systems booted by systemd (PID 1) from one
# cached debootstrap image with the Raccoon package installed by dpkg -i (make-image.sh), on one virtual link
# (qemu -netdev socket over UDP on loopback), running the README walkthrough as a user would, SELinux enforcing with
# Raccoon's policy module: setkey.service loads the labeled policies at boot (setkey_t), raccoon.service
# negotiates (racoon_t). The host drives both guests through the agent in the 9p share (guest/raccoon-vm-agent.sh)
# and checks, in one pair of boots (docs/vm.md, "systemd guests"):
#   boot order and READY=1; ESP on the link; reload (good and broken); journal priorities; stop (SAs deleted, peer
#   told, exit 0); kill -9 and Restart=on-failure; a reboot of B; the binaries run without the Swift toolchain;
#   the daemons' domains and no AVC denial for them; systemd-analyze security; the daemon's startup time.
# DEB defaults to $RACCOON_DEB, else out/deb/raccoon.deb after scripts/build-deb.sh (built if missing).
# Output: VM_TEST_OUT (default out/vm/systemd-<timestamp>): a.console.log, b.console.log, journals, results.tsv.
# Exit status: 0 if every check passed, 1 otherwise, 127 if the guests could not be prepared.
set -uo pipefail
DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$DIR/../../.." && pwd)
cd "$ROOT"
say() { echo "test-systemd: $*"; }
t_start=$(date +%s)
if [ "${RACCOON_SKIP_KERNEL_TESTS:-0}" = 1 ]; then
	say "******************************************************************"
	say "SKIPPED: systemd guests not run (RACCOON_SKIP_KERNEL_TESTS=1)."
	say "The package under systemd is UNTESTED in this run."
	say "******************************************************************"
	exit 0
fi
command -v qemu-system-x86_64 >/dev/null || { say "ERROR: qemu-system-x86_64 not found"; exit 127; }

DEB=${1:-${RACCOON_DEB:-$ROOT/out/deb/raccoon.deb}}
if [ ! -e "$DEB" ]; then
	scripts/build-deb.sh || { say "ERROR: the package could not be built"; exit 127; }
fi
OUT=${VM_TEST_OUT:-$ROOT/out/vm/systemd-$(date +%Y%m%d-%H%M%S)}
mkdir -p "$OUT/share/a" "$OUT/share/b"
OUT=$(realpath "$OUT")
SHARE=$OUT/share
IMAGE=$OUT/disk.raw
vars=$("$DIR/make-image.sh" "$DEB" "$IMAGE") || { say "ERROR: make-image.sh failed"; exit 127; }
eval "$vars"
t_image=$(date +%s)
say "image ready in $((t_image - t_start)) s"

# ------------------------------------------------------------------ the two guests
# SELinux: enforcing (the image's /etc/selinux/config) unless VM_SYSTEMD_SELINUX=permissive, which boots with
# enforcing=0 (every denial is then logged once and nothing is refused: a diagnostic run). printk_ratelimit=0: the
# kernel logs every AVC record (no auditd in the image), none is dropped by the rate limit.
case ${VM_SYSTEMD_SELINUX:-enforcing} in
enforcing) ENFORCING= ;;
permissive) ENFORCING=enforcing=0 ;;
*) say "ERROR: VM_SYSTEMD_SELINUX must be enforcing or permissive"; exit 127 ;;
esac
SELINUX_MODE=${VM_SYSTEMD_SELINUX:-enforcing}
PORT_A=$((20000 + RANDOM % 20000))
PORT_B=$((PORT_A + 1))
declare -A QPID=()
boot() {
	local g=$1 mac=$2 local_port=$3 peer_port=$4
	timeout -k 10 "${VM_SYSTEMD_TIMEOUT:-1500}" qemu-system-x86_64 -name "raccoon-systemd-$g" -machine pc \
		-accel "tcg,thread=multi,tb-size=${VM_TB_SIZE:-256}" -cpu max -smp "${VM_SMP:-1}" -m "${VM_MEM:-1024}" \
		-display none -monitor none -serial "file:$OUT/$g.console.log" \
		-kernel "$VMLINUZ" -initrd "$INITRD" \
		-append "console=ttyS0 root=/dev/vda net.ifnames=0 raccoon.vm=$g panic=-1 loglevel=4 mitigations=off security=selinux selinux=1 $ENFORCING sysctl.kernel.printk_ratelimit=0 systemd.default_timeout_start_sec=300" \
		-drive "file=$IMAGE,format=raw,if=virtio,snapshot=on" \
		-drive "file=$MODULES_IMG,format=raw,if=virtio,readonly=on" \
		-netdev "socket,id=link,udp=127.0.0.1:$peer_port,localaddr=127.0.0.1:$local_port" \
		-device "virtio-net-pci,netdev=link,mac=$mac" \
		-virtfs "local,path=$SHARE,mount_tag=share,security_model=none,multidevs=remap" \
		</dev/null >"$OUT/$g.qemu.log" 2>&1 &
	QPID[$g]=$!
}
cleanup() {
	for g in "${!QPID[@]}"; do kill "${QPID[$g]}" 2>/dev/null; done
}
trap cleanup EXIT

# g GUEST SCRIPT [TIMEOUT]: runs SCRIPT (bash) in the guest through its agent; prints its output, returns its status.
# The command number lives in a file: g runs in command substitutions (subshells), where a shell counter would not
# advance, and every command would then find the first one's answer.
g() {
	local guest=$1 script=$2 limit=${3:-120} n waited=0
	n=$(($(cat "$SHARE/.seq" 2>/dev/null || echo 0) + 1))
	echo "$n" >"$SHARE/.seq"
	[ ! -e "$SHARE/$guest/cmd-$n" ] || { echo "(command $n was already sent)"; return 125; }
	printf '%s\n' "$script" >"$SHARE/$guest/.cmd-$n.tmp"
	mv "$SHARE/$guest/.cmd-$n.tmp" "$SHARE/$guest/cmd-$n"
	while [ ! -e "$SHARE/$guest/rc-$n" ]; do
		sleep 0.2
		waited=$((waited + 1))
		if [ $waited -gt $((limit * 5)) ]; then
			echo "(no answer from guest $guest within $limit s)"
			return 124
		fi
	done
	cat "$SHARE/$guest/out-$n"
	return "$(cat "$SHARE/$guest/rc-$n")"
}
# wait_ready GUEST OLD_BOOT_ID TIMEOUT: until the guest's agent reports a boot id other than OLD_BOOT_ID
wait_ready() {
	local guest=$1 old=$2 limit=$3 t0
	t0=$(date +%s)
	while [ "$(cat "$SHARE/$guest/ready" 2>/dev/null)" = "$old" ] || [ ! -s "$SHARE/$guest/ready" ]; do
		[ $(($(date +%s) - t0)) -lt "$limit" ] || return 1
		kill -0 "${QPID[$guest]}" 2>/dev/null || return 1
		sleep 0.5
	done
	# the agent starts in multi-user.target; wait for the whole boot to settle
	g "$guest" 'systemctl is-system-running --wait >/dev/null; systemctl is-system-running' 300 >/dev/null || true
	echo $(($(date +%s) - t0))
}

RESULTS=$OUT/results.tsv
: >"$RESULTS"
failed=0
pass() { say "PASS  $1"; printf 'PASS\t%s\n' "$1" >>"$RESULTS"; }
fail() { say "FAIL  $1"; printf 'FAIL\t%s\n' "$1" >>"$RESULTS"; failed=1; }
# check DESCRIPTION GUEST SCRIPT [TIMEOUT]: PASS if the script exits 0 in the guest (its output is shown)
check() {
	local what=$1 out rc
	out=$(g "$2" "$3" "${4:-120}") && rc=0 || rc=$?
	[ -n "$out" ] && printf '%s\n' "$out" | sed 's/^/    /'
	if [ $rc = 0 ]; then pass "$what"; else fail "$what (exit $rc)"; fi
}

say "booting A and B (Debian 12, systemd, kernel $(basename "$VMLINUZ"); link udp 127.0.0.1:$PORT_A<->$PORT_B)"
t_boot=$(date +%s)
boot a 52:54:00:00:00:0a "$PORT_A" "$PORT_B"
boot b 52:54:00:00:00:0b "$PORT_B" "$PORT_A"
boot_a=$(wait_ready a "" 600) || { fail "guest A booted (see $OUT/a.console.log)"; exit 1; }
boot_b=$(wait_ready b "" 600) || { fail "guest B booted (see $OUT/b.console.log)"; exit 1; }
say "A ready after ${boot_a} s, B after $(($(date +%s) - t_boot)) s"

# Everything the guests run lives in scripts/vm/systemd/checks.sh (sourced by both); see there for each case.
. "$DIR/checks.sh"

g a 'systemctl poweroff --no-block' >/dev/null
g b 'systemctl poweroff --no-block' >/dev/null
for guest in a b; do
	for _ in $(seq 1 120); do kill -0 "${QPID[$guest]}" 2>/dev/null || break; sleep 0.5; done
done
say "summary: $(grep -c '^PASS' "$RESULTS") passed, $(grep -c '^FAIL' "$RESULTS") failed; output in $OUT"
say "timing: image $((t_image - t_start)) s, guests $(($(date +%s) - t_boot)) s, total $(($(date +%s) - t_start)) s"
if [ $failed = 0 ]; then say "PASS"; else say "FAIL"; fi
exit $failed
