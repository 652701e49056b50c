#!/bin/bash
# vm-boot: mls
# vm-warm: crypto
# mls-dominance.sh - issue 23, item 3: MLS ranges and dominance, on Debian's MLS policy (selinux-policy-mls) in
# enforcing mode. The MLS policy constrains association:polmatch by dominance (policy/mls in the reference policy:
# `mlsconstrain association { polmatch } (( l1 dom l2 ) and ( h1 domby h2 ))`): a flow may use a labeled policy
# only if its level lies within the policy context's range. (The MCS policy, Debian's default, has no such
# constraint: there a category outside a policy's range is not refused by polmatch.)
#
# a (10.0.0.1) protects everything with a policy pair of range s0-s15:c0.c1023; b (10.0.0.2) only s2-s9. So a's
# kernel sends an ACQUIRE for any level, and b's Raccoon decides:
#   - a TCP client at s5 on a (inside b's range) negotiates; b's server reads SO_PEERSEC = the client's context;
#   - a TCP client at s12 (outside) is refused: b answers NO-PROPOSAL-CHOSEN and logs one line naming both
#     contexts and the denied permission; no SA for s12 exists on either host;
#   - selinux-probe asks the loaded policy the same questions the kernel asks before an ACQUIRE (polmatch of the
#     flow's context on the policy's): s5 -> s2-s9 allowed, s12 and s1 denied.
# Daemons' logs and dumps: $VM_OUT/mls-dominance/.
. "$(dirname "$0")/lib.sh"

SETKEY=$RACCOON_BUILD_DIR/setkey
PROBE=$RACCOON_BUILD_DIR/selinux-probe
WORK=/run/mls-dominance
ART=$VM_OUT/mls-dominance
WIDE="system_u:object_r:ipsec_spd_t:s0-s15:c0.c1023"
NARROW="system_u:object_r:ipsec_spd_t:s2-s9"
rm -rf "$WORK"
mkdir -p "$WORK"
PIDS=()
cleanup() {
	local p
	for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null; done
	wait 2>/dev/null
	# The output share is unlabeled: write the artifacts in permissive mode (batch.sh restores the mode).
	echo 0 >/sys/fs/selinux/enforce
	mkdir -p "$ART" && cp "$WORK"/*.log "$WORK"/*.txt "$ART/" 2>/dev/null
	vm_netns_teardown
}
trap cleanup EXIT

echo "SELinux: $(vm_selinux_mode), mls $(cat /sys/fs/selinux/mls 2>/dev/null), policy $(sed -n 's/^SELINUXTYPE=//p' /etc/selinux/config)"
check "Debian's MLS policy is loaded, enforcing" sh -c \
	'[ "$(cat /sys/fs/selinux/enforce)" = 1 ] && grep -qx SELINUXTYPE=mls /etc/selinux/config'
SELF_CTX=$(tr -d '\0' </proc/self/attr/current)
BASE_CTX=${SELF_CTX%%:s[0-9]*}
ctx_at() { echo "$BASE_CTX:$1"; }
echo "job context $SELF_CTX; clients run as $(ctx_at sN)"

# ------------------------------------------------------------------ the policy's answers (the kernel's own check)
probe_is() { # probe_is EXIT SUBJECT OBJECT
	local out rc
	out=$("$PROBE" polmatch "$2" "$3" 2>&1) && rc=0 || rc=$?
	printf '%s\n' "$out" | grep -E '^(decision|reason)=' | sed 's/^/    /'
	[ "$rc" = "$1" ]
}
check "polmatch s5 -> $NARROW: allowed (inside the range)" probe_is 0 "$(ctx_at s5)" "$NARROW"
check "polmatch s12 -> $NARROW: denied (above the range)" probe_is 1 "$(ctx_at s12)" "$NARROW"
check "polmatch s1 -> $NARROW: denied (below the range)" probe_is 1 "$(ctx_at s1)" "$NARROW"
check "polmatch s12 -> $WIDE: allowed" probe_is 0 "$(ctx_at s12)" "$WIDE"

# ------------------------------------------------------------------ two hosts, two ranges
vm_netns_setup || { fail "namespaces"; summary; exit; }
check "a loads its policy pair with range s0-s15:c0.c1023" \
	vm_labeled_host "$WORK/a" a "$VM_IP_A" "$VM_IP_B" "$WIDE"
check "b loads its policy pair with range s2-s9" vm_labeled_host "$WORK/b" b "$VM_IP_B" "$VM_IP_A" "$NARROW"
vm_start_raccoon a "$WORK/a" "$WORK/a.log"
PIDS+=($VM_RACCOON_PID)
vm_start_raccoon b "$WORK/b" "$WORK/b.log"
PIDS+=($VM_RACCOON_PID)
if ! { vm_wait_log 5 "$WORK/a.log" "Raccoon started" && vm_wait_log 5 "$WORK/b.log" "Raccoon started"; }; then
	fail "raccoon started in a and b"
	summary
	exit
fi
pass "raccoon started in a and b"
check "b reports SELinux enforcing with MLS" grep -q "SELinux: SELinux enabled, enforcing, MLS/MCS on" "$WORK/b.log"

# b's server: one line per connection, the peer's context (SO_PEERSEC, from the SA)
in_ns b "$VM_PYTHON" - >"$WORK/server.txt" 2>&1 <<'PY' &
import socket
s = socket.socket()
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("0.0.0.0", 7001))
s.listen(4)
s.settimeout(150)
while True:
    c, _ = s.accept()
    print(c.getsockopt(socket.SOL_SOCKET, socket.SO_PEERSEC, 1024).rstrip(b"\0").decode(), flush=True)
    c.close()
PY
PIDS+=($!)
sleep 1
# client LEVEL SECONDS: a TCP connection from a process at LEVEL on a. The process changes its own level (setcon;
# kernel_t may): runcon would need the unlabeled python3 to be an entry point, which enforcing MLS refuses.
client() {
	nsenter --net=/run/netns/a -- "$VM_PYTHON" - "$1" "$VM_IP_B" "$2" <<'PY'
import socket, sys
user, role, kind, _ = open("/proc/self/attr/current").read().rstrip("\0\n").split(":", 3)
open("/proc/self/attr/current", "w").write(":".join((user, role, kind, sys.argv[1])))
socket.create_connection((sys.argv[2], 7001), timeout=float(sys.argv[3])).close()
PY
}
sas_at() { in_ns "$1" "$SETKEY" -D | grep -cxF "	security context: $(ctx_at "$2")"; }

# ------------------------------------------------------------------ inside the range
check "TCP from s5 (inside b's range) connects" client s5 60
check "b's server reads SO_PEERSEC = $(ctx_at s5)" grep -qxF "$(ctx_at s5)" "$WORK/server.txt"
check "a holds one SA pair at s5" test "$(sas_at a s5)" = 2
check "b holds one SA pair at s5" test "$(sas_at b s5)" = 2

# ------------------------------------------------------------------ outside the range
npc_before=$(grep -c "NO-PROPOSAL-CHOSEN" "$WORK/a.log")
if client s12 25; then fail "TCP from s12 (outside b's range) is refused"; else pass "TCP from s12 (outside b's range) is refused"; fi
check "a's ACQUIRE carried s12" grep -q "ACQUIRE carries security context.*$(ctx_at s12)" "$WORK/a.log"
npc() { [ "$(grep -c "NO-PROPOSAL-CHOSEN" "$WORK/a.log")" -gt "$npc_before" ]; }
check "a receives NO-PROPOSAL-CHOSEN from b" vm_wait_for 10 npc
refusal_line() {
	local line
	line=$(grep -F "denied: association:polmatch from $(ctx_at s12) to $NARROW" "$WORK/b.log") || return 1
	printf '%s\n' "$line"
	[ "$(wc -l <<<"$line")" -ge 1 ]
}
check "b logs one line naming both contexts and association:polmatch" refusal_line
check "no SA at s12 on a" test "$(sas_at a s12)" = 0
check "no SA at s12 on b" test "$(sas_at b s12)" = 0
check "the s5 pair is untouched on both" sh -c "[ $(sas_at a s5) = 2 ] && [ $(sas_at b s5) = 2 ]"
in_ns a "$SETKEY" -D >"$WORK/setkey-D-a.txt" 2>&1
in_ns b "$SETKEY" -D >"$WORK/setkey-D-b.txt" 2>&1
summary
