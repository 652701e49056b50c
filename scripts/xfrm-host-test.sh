#!/usr/bin/env bash
# xfrm-host-test.sh - the daemon and setkey over XFRM netlink on THIS machine's kernel (no qemu): issue 22's host test.
# The build machine's kernel has XFRM but neither PF_KEY nor ESP, so every tool must choose XFRM by itself, and the
# kernel refuses the ESP SAs at the very end; the test checks the daemon says so clearly and keeps running.
#
# Two network namespaces (xh-a-PID = 10.0.0.1, xh-b-PID = 10.0.0.2, joined by veth, nothing else) play the
# walkthrough's machines A and B:
#   1. each loads the walkthrough's labeled policies (etc/setkey.conf.example, directions swapped on B, as
#      scripts/vm/guest/e2e-seed.sh does) with this tree's `setkey -f`; `setkey -DP` must print them as PF_KEY setkey
#      does (docs/setkey.md, "Output"). This kernel has no LSM, so it keeps no security context (as PF_KEY does in
#      the plain qemu boot): the dump is compared without the context lines, and the test says so.
#      `setkey --kernel=pfkey` must refuse clearly (no silent fallback).
#   2. `raccoon --kernel=pfkey` must refuse clearly too; then `raccoon -d -F -f CONF` on both (started with nsenter
#      --net, not ip netns exec); its log names the backend ("kernel interface: ..."), which must be XFRM.
#   3. a ping A -> B: A's log shows the ACQUIRE, both logs "ISAKMP-SA established" (Main Mode) and then either
#      "IPsec-SA established" (Quick Mode and SAs installed) or the kernel's refusal of the ESP SA ("the kernel
#      refused ...") once Quick Mode has completed.
#   4. both daemons still answer `raccoonctl show-status`; SIGTERM; both exit 0.
#
# Usage: scripts/xfrm-host-test.sh            (root; after `swift build`)
# Environment: RACCOON_BUILD_DIR (default .build/debug), XFRM_HOST_OUT (default out/xfrm-host-<timestamp>: both
# daemons' logs, the setkey files and dumps), XFRM_HOST_WAIT (seconds to wait for each negotiation step, default 60).
# Bounded: every wait has a limit, and a watchdog stops the whole test after XFRM_HOST_LIMIT s (default 300).
# Exit status: 0 if every check passed.
set -uo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
BUILD=${RACCOON_BUILD_DIR:-$ROOT/.build/debug}
OUT=${XFRM_HOST_OUT:-$ROOT/out/xfrm-host-$(date +%Y%m%d-%H%M%S)}
WAIT=${XFRM_HOST_WAIT:-60}
LIMIT=${XFRM_HOST_LIMIT:-300}
NS_A=xh-a-$$ NS_B=xh-b-$$
IP_A=10.0.0.1 IP_B=10.0.0.2
LABEL="system_u:object_r:unlabeled_t:s0:c0"
T0=$(date +%s.%N)

say() { echo "xfrm-host: $*"; }
# check, vm_wait_for: the guest jobs' helpers (they need no guest); pass and fail also keep the names for the summary
. scripts/vm/guest/lib.sh
PASSED=() FAILED=()
pass() { PASSED+=("$1"); say "PASS  $1"; }
fail() { FAILED+=("$1"); say "FAIL  $1"; }
elapsed() { awk -v a="$T0" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }'; }

for tool in raccoon raccoonctl setkey; do
	[ -x "$BUILD/$tool" ] || { say "ERROR: $BUILD/$tool not built (swift build)"; exit 2; }
done
[ "$(id -u)" = 0 ] || { say "ERROR: must run as root (network namespaces)"; exit 2; }
for tool in ip nsenter; do command -v $tool >/dev/null || { say "ERROR: $tool not found"; exit 2; }; done

mkdir -p "$OUT"
OUT=$(realpath "$OUT")
PID_A= PID_B= WATCHDOG=
cleanup() {
	local pid
	for pid in $PID_A $PID_B; do kill -KILL "$pid" 2>/dev/null; done
	[ -n "$WATCHDOG" ] && kill "$WATCHDOG" 2>/dev/null
	ip netns del "$NS_A" 2>/dev/null
	ip netns del "$NS_B" 2>/dev/null
	return 0
}
trap cleanup EXIT
trap 'say "FAIL: interrupted or TIMEOUT (XFRM_HOST_LIMIT=$LIMIT s); logs in $OUT"; exit 1' INT TERM
# the watchdog bounds the whole test even if a step hangs (its output closed: a pipe reader is not held open)
(
	exec >/dev/null 2>&1
	trap 'kill $s; exit 0' TERM
	sleep "$LIMIT" &
	s=$!
	wait $s && kill -TERM $$
) &
WATCHDOG=$!

ip netns add "$NS_A" && ip netns add "$NS_B" &&
	ip link add xha netns "$NS_A" type veth peer name xhb netns "$NS_B" &&
	ip -n "$NS_A" addr add $IP_A/24 dev xha && ip -n "$NS_B" addr add $IP_B/24 dev xhb &&
	ip -n "$NS_A" link set xha up && ip -n "$NS_B" link set xhb up &&
	ip -n "$NS_A" link set lo up && ip -n "$NS_B" link set lo up ||
	{ say "ERROR: cannot create the namespaces"; exit 2; }
# on M CMD...: run CMD in machine M's network namespace
on() {
	local ns=$NS_A
	[ "$1" = B ] && ns=$NS_B
	shift
	nsenter --net="/run/netns/$ns" -- "$@"
}
log_of() { echo "$OUT/$1.log"; }
ip_of() { [ "$1" = A ] && echo $IP_A || echo $IP_B; }
peer_of() { [ "$1" = A ] && echo B || echo A; }
# ------------------------------------------------------------------ 1. the walkthrough's labeled policies
# etc/setkey.conf.example as machine A loads it; on B the directions are swapped (the file's own comment).
for m in A B; do
	sed -n '/^flush;/,/-P in ipsec esp\/transport\/\/require;/p' etc/setkey.conf.example |
		if [ $m = B ]; then sed -e 's/-P out /-P OUT /' -e 's/-P in /-P out /' -e 's/-P OUT /-P in /'; else cat; fi \
			>"$OUT/setkey-$m.conf"
	check "1.$m machine $m: setkey -f loads the walkthrough's labeled policies" on $m "$BUILD/setkey" -f "$OUT/setkey-$m.conf"
done
grep -q -- "-ctx 1 1 \"$LABEL\"" "$OUT/setkey-A.conf" || fail "1.0 the policy file is the walkthrough's (labeled)"

# The dump setkey -DP prints over PF_KEY for these policies on a kernel without an LSM (docs/setkey.md, "Output";
# Tests/SetKeyCoreTests/RecordedDumpTests.swift): one block per policy, the fwd one setkey -r adds for the in policy.
# Times and ids vary: they are normalised. Blocks are compared as a set (the kernel's order is its own).
expected_dump() {
	local out=out in=in
	[ "$1" = B ] && out=in in=out
	block() {
		printf '%s[any] %s[any] 255\n\t%s prio def ipsec\n\tesp/transport//require\n\tcreated: T  lastused: T\n' "$1" "$2" "$3"
		printf '\tlifetime: 0(s) validtime: 0(s)\n\tspid=N seq=N pid=N\n\trefcnt=N\n'
	}
	{
		block $IP_A $IP_B $out
		block $IP_B $IP_A $in
		[ "$1" = A ] && block $IP_B $IP_A fwd || block $IP_A $IP_B fwd
	} | blocks
}
# blocks: normalise a -DP dump and print its blocks one per line (fields joined by |), sorted
blocks() {
	sed -E -e 's/^\tcreated: .*lastused:.*$/\tcreated: T  lastused: T/' \
		-e 's/^\tspid=[0-9]+ seq=[0-9]+ pid=[0-9]+$/\tspid=N seq=N pid=N/' -e 's/^\trefcnt=[0-9]+$/\trefcnt=N/' |
		awk 'NF == 0 { next } /^[^\t]/ { if (b != "") print b; b = $0; next } { b = b "|" $0 } END { if (b != "") print b }' |
		sort
}
dump_matches() {
	local m=$1
	on $m "$BUILD/setkey" -DP >"$OUT/setkey-DP-$m.txt" 2>&1 || { cat "$OUT/setkey-DP-$m.txt"; return 1; }
	cat "$OUT/setkey-DP-$m.txt"
	diff <(expected_dump $m | tr '|' '\n') <(grep -v '^\tsecurity context' "$OUT/setkey-DP-$m.txt" | blocks | tr '|' '\n')
}
for m in A B; do
	check "1.P$m machine $m: setkey -DP prints the three policies as PF_KEY setkey does" dump_matches $m
done
if grep -q "security context: $LABEL" "$OUT/setkey-DP-A.txt" 2>/dev/null; then
	say "NOTE  this kernel kept the policies' security context (setkey -DP shows it)"
else
	say "NOTE  this kernel (no LSM) dropped the -ctx security context, as PF_KEY does in the plain qemu boot"
fi

# Forcing PF_KEY on a kernel without it: a clear refusal, not a silent fallback.
refuses_pfkey() {
	local out
	out=$(on A "$@" 2>&1) && { echo "$out"; echo "exit 0"; return 1; }
	echo "$out" | tail -n 3
	grep -q "PF_KEY" <<<"$out"
}
check "1.K setkey --kernel=pfkey -DP refuses, naming PF_KEY" refuses_pfkey "$BUILD/setkey" --kernel=pfkey -DP

# ------------------------------------------------------------------ 2. the daemons
for m in A B; do
	printf '%s\t%s\n' "$(ip_of "$(peer_of $m)")" flibbertigibbet >"$OUT/psk-$m.txt"
	chmod 600 "$OUT/psk-$m.txt"
	cat >"$OUT/racoon-$m.conf" <<EOF
path pre_shared_key "$OUT/psk-$m.txt";
path pidfile "$OUT/raccoon-$m.pid";
listen { isakmp $(ip_of $m) [500]; }
remote anonymous {
	exchange_mode main;
	proposal { encryption_algorithm aes; hash_algorithm sha1; authentication_method pre_shared_key; dh_group 2; }
}
sainfo anonymous {
	pfs_group 2; lifetime time 1 hour;
	encryption_algorithm aes; authentication_algorithm hmac_sha1; compression_algorithm deflate;
}
EOF
done
start() {
	RACCOON_ADMIN_SOCKET=$OUT/raccoon-$1.sock nsenter --net="/run/netns/$([ "$1" = A ] && echo $NS_A || echo $NS_B)" -- \
		"$BUILD/raccoon" -d -F -f "$OUT/racoon-$1.conf" >"$(log_of "$1")" 2>&1 &
}
check "2.0 raccoon --kernel=pfkey -F refuses, naming PF_KEY" refuses_pfkey \
	env RACCOON_ADMIN_SOCKET="$OUT/raccoon-pfkey.sock" "$BUILD/raccoon" --kernel=pfkey -F -f "$OUT/racoon-A.conf"
rm -f "$OUT/raccoon-A.pid"
start A
PID_A=$!
start B
PID_B=$!
both() { "$@" A && "$@" B; }
pid_of() { [ "$1" = A ] && echo "$PID_A" || echo "$PID_B"; }
started() { grep -q "Raccoon started" "$(log_of "$1")" && kill -0 "$(pid_of "$1")"; }
dead() { ! kill -0 "$(pid_of A)" 2>/dev/null || ! kill -0 "$(pid_of B)" 2>/dev/null; }
# until both started, or one of them exited
vm_wait_for 30 sh -c "grep -q 'Raccoon started' '$(log_of A)' && grep -q 'Raccoon started' '$(log_of B)' || ! kill -0 $PID_A || ! kill -0 $PID_B"
if both started; then
	pass "2.1 raccoon -d -F starts on both"
else
	fail "2.1 raccoon -d -F starts on both"
	for m in A B; do tail -n 5 "$(log_of $m)" | sed "s/^/    $m: /"; done
fi
if dead; then
	fail "2.x a daemon exited: the negotiation and shutdown checks (3.x, 4.x) were not run"
fi
backend() { grep -m1 "kernel interface: " "$(log_of "$1")" | grep -i xfrm; }
check "2.2 the startup line names the XFRM backend (kernel interface: ...)" both backend

if ! dead; then
# ------------------------------------------------------------------ 3. ping A -> B
ping_b() {
	if command -v busybox >/dev/null; then
		on A busybox ping -c 1 -W 1 $IP_B
	else # no ping here: one UDP datagram starts the same ACQUIRE
		on A python3 -c "import socket; socket.socket(socket.AF_INET, socket.SOCK_DGRAM).sendto(b'x', ('$IP_B', 9))"
	fi
}
ping_b >/dev/null 2>&1
acquired() { grep -E "ACQUIRE.*$IP_A->$IP_B" "$(log_of A)"; }
check "3.1 A's log: the ping's ACQUIRE" vm_wait_for 10 acquired
phase1() { grep -q "ISAKMP-SA established" "$(log_of "$1")"; }
check "3.2 Main Mode completes on both (ISAKMP-SA established)" vm_wait_for "$WAIT" both phase1
# Quick Mode ends either in installed SAs or in the kernel's refusal of the ESP SA (no esp4 in this kernel).
phase2_end() { grep -qE "IPsec-SA established|the kernel refused" "$(log_of "$1")"; }
vm_wait_for "$WAIT" both phase2_end
outcome() {
	local log
	log=$(log_of "$1")
	if grep -q "IPsec-SA established" "$log"; then
		grep -m2 "IPsec-SA established" "$log"
	else
		grep -m1 "the kernel refused" "$log"
	fi
}
for m in A B; do
	check "3.3$m machine $m: Quick Mode ends in IPsec-SA established or the kernel's clear refusal of the ESP SA" outcome $m
done
if grep -q "the kernel refused" "$(log_of A)"; then
	say "NOTE  this kernel refused the ESP SA: $(grep -m1 'the kernel refused' "$(log_of A)" | sed 's/^.*failed: //')"
fi

# ------------------------------------------------------------------ 4. still running; SIGTERM exits 0
status() { RACCOON_ADMIN_SOCKET=$OUT/raccoon-$1.sock "$BUILD/raccoonctl" show-status; }
for m in A B; do check "4.1$m machine $m: the daemon still answers raccoonctl show-status" status $m; done
# SIGTERM and the exit status, in this shell (the daemons are its children; check's $(...) could not wait for them);
# a daemon still running 10 s later is killed and fails.
for m in A B; do
	pid=$(pid_of $m)
	kill -TERM "$pid" 2>/dev/null
	(exec >/dev/null 2>&1; sleep 10; kill -KILL "$pid") &
	killer=$!
	wait "$pid"
	rc=$?
	kill "$killer" 2>/dev/null
	if [ $rc = 0 ]; then pass "4.2$m SIGTERM: $m exits 0"; else fail "4.2$m SIGTERM: $m exits 0 (exit $rc)"; fi
	tail -n 2 "$(log_of $m)" | sed "s/^/    $m: /"
done
PID_A= PID_B=

fi

# ------------------------------------------------------------------ summary
say "===== summary ($(elapsed) s; logs and dumps in $OUT)"
for p in "${PASSED[@]}"; do say "  PASS  $p"; done
for f in "${FAILED[@]}"; do say "  FAIL  $f"; done
if [ ${#FAILED[@]} = 0 ] && [ ${#PASSED[@]} -gt 0 ]; then
	say "PASS (${#PASSED[@]} checks, $(elapsed) s)"
	exit 0
fi
say "FAIL (${#FAILED[@]} of $((${#PASSED[@]} + ${#FAILED[@]})) checks failed, $(elapsed) s)"
exit 1
