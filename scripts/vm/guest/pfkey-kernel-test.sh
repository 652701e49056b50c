#!/bin/bash
# vm-boot: plain selinux
# Real-kernel test of Raccoon's PF_KEY layer (PFKeyListener, driven by the pfkey-probe executable).
# Runs INSIDE a guest whose kernel has af_key (the VM tooling boots one: scripts/vm/run-guest.sh JOB).
# Needs only the project tree (with .build/<config>/pfkey-probe already built on the host) and PATH tools:
# ip (iproute2), nsenter, modprobe, a ping (iputils or busybox), awk.
#
#   1. REGISTER (ESP, AH, IPCOMP) and the supported-algorithm check
#   2. netns a (10.77.0.1) <-veth-> netns b (10.77.0.2), ESP transport policies both ways; SPDDUMP sees them
#   3. a ping from a triggers a real SADB_ACQUIRE; both sides do GETSPI, UPDATE and ADD with keys from the test
#   4. ESP traffic flows (ping answers, `ip -s xfrm state` packet counters move)
#   5. SADB_EXPIRE (soft, then hard) from an SA with a short lifetime
#   6. SADB_FLUSH empties the SAD
#   7. (SELinux active only) a labeled policy: the ACQUIRE carries X_SEC_CTX and labeled UPDATE/ADD are accepted
# Prints "PASS: …" / "FAIL: …" lines and a summary; exits non-zero when any check failed.
# Environment: PFKEY_PROBE (binary), VM_OUT or RACCOON_GUEST_OUT (folder for logs and captured messages).
set -u
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../../.." && pwd)
PROBE=${PFKEY_PROBE:-}
if [ -z "$PROBE" ]; then
	for c in "$ROOT/.build/debug/pfkey-probe" "$ROOT/.build/release/pfkey-probe"; do
		[ -x "$c" ] && PROBE=$c && break
	done
fi
OUT=${VM_OUT:+$VM_OUT/pfkey-kernel-test}
OUT=${OUT:-${RACCOON_GUEST_OUT:-$(mktemp -d /tmp/pfkey-kernel-test.XXXXXX)}}
W=$(mktemp -d /tmp/pfkey-work.XXXXXX)
CAP=$OUT/capture
mkdir -p "$CAP"
A=10.77.0.1
B=10.77.0.2
PASSED=0
FAILED=0

pass() { echo "PASS: $*"; PASSED=$((PASSED + 1)); }
fail() { echo "FAIL: $*"; FAILED=$((FAILED + 1)); }
section() { printf '\n===== %s =====\n' "$*"; }
# nsenter keeps /sys/fs/selinux visible (ip netns exec remounts /sys and hides it)
ns() { local n=$1; shift; nsenter --net=/run/netns/$n "$@"; }
wait_file() { for _ in $(seq 600); do [ -s "$1" ] && return 0; sleep 0.1; done; echo "timeout waiting for $1"; return 1; }
if command -v ping >/dev/null 2>&1; then PING=ping
elif command -v busybox >/dev/null 2>&1; then PING="busybox ping"
else echo "FAIL: no ping (iputils or busybox)"; exit 1; fi
sa_packets() { ip -n "$1" -s xfrm state | awk '/lifetime current:/{getline; for(i=1;i<=NF;i++) if($i ~ /\(packets\)/){v=$i; sub(/\(packets\).*/,"",v); s+=v}} END{print s+0}'; }
ping_until() { # ns dst logfile: ping until the first reply (keys being installed), then 3 recorded pings
	local t0
	t0=$(date +%s)
	until ns "$1" $PING -c 1 -W 1 "$2" >/dev/null 2>&1; do
		[ $(($(date +%s) - t0)) -ge 45 ] && break
		sleep 0.3
	done
	echo "first reply after $(($(date +%s) - t0))s"
	ns "$1" $PING -c 3 -i 0.3 -W 2 "$2" >"$3" 2>&1
	tail -2 "$3"
}
replied() { grep -Eq '(^|[^0-9])[1-9][0-9]* (packets )?received' "$1"; }
finish() {
	section "summary"
	echo "RESULT: passed=$PASSED failed=$FAILED"
	ip netns del a 2>/dev/null
	ip netns del b 2>/dev/null
	[ "$FAILED" = 0 ]
	exit $?
}

section "setup"
uname -r
if [ -z "$PROBE" ] || [ ! -x "$PROBE" ]; then
	fail "pfkey-probe not found: build it first (swift build --product pfkey-probe) or set PFKEY_PROBE"
	finish
fi
echo "probe: $PROBE; output: $OUT"
for m in af_key esp4 xfrm_user xfrm_algo veth authenc echainiv cbc des_generic des3_ede aes_generic sha1_generic md5 hmac; do
	modprobe "$m" 2>/dev/null || true
done
[ -e /proc/net/pfkey ] && pass "af_key present (/proc/net/pfkey)" || fail "no PF_KEY in this kernel"

section "1. REGISTER"
if "$PROBE" register --capture "$CAP" >"$W/register.log" 2>&1; then pass "REGISTER esp/ah/ipcomp, algorithms validated"; else fail "REGISTER"; fi
grep -v '^recv' "$W/register.log"

section "2. topology and SPDDUMP"
ip netns del a 2>/dev/null; ip netns del b 2>/dev/null
ip netns add a
ip netns add b
ip link add va netns a type veth peer name vb netns b
ip -n a addr add $A/24 dev va
ip -n b addr add $B/24 dev vb
for n in a b; do ip -n $n link set lo up; done
ip -n a link set va up
ip -n b link set vb up
CTX=""
SELINUX=0
if [ -r /sys/fs/selinux/enforce ] && [ -n "$(ls /sys/fs/selinux/class 2>/dev/null)" ]; then SELINUX=1; fi
ip -n a xfrm policy add src $A/32 dst $B/32 dir out tmpl proto esp mode transport
ip -n a xfrm policy add src $B/32 dst $A/32 dir in tmpl proto esp mode transport
ip -n b xfrm policy add src $B/32 dst $A/32 dir out tmpl proto esp mode transport
ip -n b xfrm policy add src $A/32 dst $B/32 dir in tmpl proto esp mode transport
if ns a "$PROBE" spddump --capture "$CAP" >"$W/spddump.log" 2>&1 && grep -q 'SPDDUMP: 2 policies' "$W/spddump.log"; then
	pass "SPDDUMP mirrors the 2 policies of ns a"
else
	fail "SPDDUMP"
fi
grep -v '^recv' "$W/spddump.log"

section "3. ACQUIRE -> GETSPI/UPDATE/ADD on both sides"
X=$W/xchg
mkdir -p "$X"
ns b "$PROBE" keying --role responder --self $B --peer $A --xchg "$X" --timeout 60 --ready "$W/r.ready" --capture "$CAP/responder" >"$W/keying-b.log" 2>&1 &
RPID=$!
ns a "$PROBE" keying --role initiator --self $A --peer $B --xchg "$X" --timeout 60 --ready "$W/i.ready" --capture "$CAP/initiator" >"$W/keying-a.log" 2>&1 &
IPID=$!
wait_file "$W/r.ready"
wait_file "$W/i.ready"
ping_until a $B "$W/ping.log"
wait $IPID
IRC=$?
wait $RPID
RRC=$?
echo "--- initiator (ns a) ---"
grep -v '^recv' "$W/keying-a.log"
echo "--- responder (ns b) ---"
grep -v '^recv' "$W/keying-b.log"
grep -q 'ACQUIRE seq=' "$W/keying-a.log" && pass "real SADB_ACQUIRE received and decoded (policy found in the mirror)" || fail "no ACQUIRE"
[ $IRC = 0 ] && [ $RRC = 0 ] && pass "GETSPI, UPDATE and ADD accepted on both peers" || fail "keying (initiator rc=$IRC, responder rc=$RRC)"

section "4. ESP traffic"
replied "$W/ping.log" && pass "ping a->b answered through the installed SAs" || fail "ping through the SAs"
PA=$(sa_packets a)
PB=$(sa_packets b)
echo "SA packet counters: ns a=$PA ns b=$PB"
[ "$PA" -ge 3 ] && [ "$PB" -ge 3 ] && pass "ip -s xfrm state counters moved (a=$PA, b=$PB)" || fail "SA counters (a=$PA, b=$PB)"
ip -n a xfrm state | grep -E '^src|proto esp|enc|auth' | head -12

section "5. EXPIRE"
ns a "$PROBE" wait expire --count 2 --timeout 60 --ready "$W/e.ready" --capture "$CAP/expire" >"$W/expire.log" 2>&1 &
EPID=$!
wait_file "$W/e.ready"
# The same transform as the a->b SA, so no slow first-use crypto set-up delays the timer: Linux counts the
# lifetime from allocation, and a hard limit passed before the first timer run skips the soft expiry.
ip -n a xfrm state add src $A dst $B proto esp spi 0x00007777 reqid 7 mode transport \
	enc 'cbc(des3_ede)' 0x$(printf '55%.0s' $(seq 24)) auth-trunc 'hmac(sha1)' 0x$(printf '66%.0s' $(seq 20)) 96 \
	limit time-soft 5 limit time-hard 10
wait $EPID
ERC=$?
grep -v '^recv' "$W/expire.log"
[ $ERC = 0 ] && grep -q 'EXPIRE soft' "$W/expire.log" && grep -q 'EXPIRE hard' "$W/expire.log" &&
	pass "soft then hard SADB_EXPIRE decoded" || fail "EXPIRE (rc=$ERC)"

section "6. FLUSH"
BEFORE=$(ip -n a xfrm state | grep -c '^src')
if ns a "$PROBE" flush --satype esp --capture "$CAP/flush" >"$W/flush.log" 2>&1; then
	AFTER=$(ip -n a xfrm state | grep -c '^src')
	[ "$AFTER" = 0 ] && pass "SADB_FLUSH removed all $BEFORE SAs in ns a" || fail "SAs left after FLUSH: $AFTER"
else
	fail "FLUSH"
fi
grep -v '^recv' "$W/flush.log"

section "7. labeled IPsec (SEC_CTX)"
if [ $SELINUX = 1 ]; then
	CTX=${PFKEY_TEST_CTX:-system_u:object_r:unlabeled_t:s0}
	for n in a b; do ip -n $n xfrm state flush; ip -n $n xfrm policy flush; done
	ip -n a xfrm policy add src $A/32 dst $B/32 dir out ctx "$CTX" tmpl proto esp mode transport
	ip -n a xfrm policy add src $B/32 dst $A/32 dir in ctx "$CTX" tmpl proto esp mode transport
	ip -n b xfrm policy add src $B/32 dst $A/32 dir out ctx "$CTX" tmpl proto esp mode transport
	ip -n b xfrm policy add src $A/32 dst $B/32 dir in ctx "$CTX" tmpl proto esp mode transport
	ns a "$PROBE" spddump --capture "$CAP/labeled" >"$W/spddump-ctx.log" 2>&1
	grep -q 'ctx "' "$W/spddump-ctx.log" && pass "SPDDUMP keeps the policies' security context" || fail "SPDDUMP without ctx"
	grep -v '^recv' "$W/spddump-ctx.log"
	X=$W/xchg-ctx
	mkdir -p "$X"
	ns b "$PROBE" keying --role responder --ctx auto --self $B --peer $A --xchg "$X" --timeout 60 --ready "$W/r2.ready" --capture "$CAP/labeled-responder" >"$W/keying-ctx-b.log" 2>&1 &
	RPID=$!
	ns a "$PROBE" keying --role initiator --ctx auto --self $A --peer $B --xchg "$X" --timeout 60 --ready "$W/i2.ready" --capture "$CAP/labeled-initiator" >"$W/keying-ctx-a.log" 2>&1 &
	IPID=$!
	wait_file "$W/r2.ready"
	wait_file "$W/i2.ready"
	ping_until a $B "$W/ping-ctx.log"
	wait $IPID
	IRC=$?
	wait $RPID
	RRC=$?
	grep -v '^recv' "$W/keying-ctx-a.log"
	grep -v '^recv' "$W/keying-ctx-b.log"
	grep -Eq 'ACQUIRE seq=.*ctx="' "$W/keying-ctx-a.log" && pass "ACQUIRE carries X_SEC_CTX" || fail "ACQUIRE without X_SEC_CTX"
	[ $IRC = 0 ] && [ $RRC = 0 ] && pass "labeled UPDATE/ADD accepted on both peers" || fail "labeled keying (rc $IRC/$RRC)"
	replied "$W/ping-ctx.log" && pass "ping through labeled SAs" || fail "ping through labeled SAs"
	ip -n b xfrm state | grep -E 'security context' | head -2
else
	echo "SKIP: SELinux not active in this guest"
fi

cp "$W"/*.log "$OUT/" 2>/dev/null
finish
