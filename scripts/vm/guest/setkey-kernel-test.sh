#!/bin/bash
# vm-boot: selinux
# setkey against a real kernel, labeled entries included (SELinux permissive):
#   the seed's labeled policy file loads with `setkey -f`; -DP shows it and `ip xfrm policy` agrees;
#   the seed's manual SAs with -ctx load and -D shows them (ip xfrm state agrees); get/deleteall;
#   a kernel refusal names file:line:column; -F and -FP empty the tables; -x sees an ACQUIRE after a ping.
# Raw SADB dump replies are saved in $VM_OUT/*.sadb (fixtures for Tests/SetKeyCoreTests).
. "$(dirname "$0")/lib.sh"

SETKEY=$RACCOON_BUILD_DIR/setkey
FIXTURES=$RACCOON_ROOT/Tests/SetKeyCoreTests/Fixtures
WORK=$(mktemp -d)
LABEL=system_u:object_r:unlabeled_t:s0:c0
SA_LABEL=system_u:object_r:unlabeled_t:s0

echo "kernel $(uname -r), SELinux $(vm_selinux_mode)"
[ -x "$SETKEY" ] || { fail "no setkey binary at $SETKEY (swift build first)"; summary; exit; }
check "namespaces a and b" vm_netns_setup
sk() { in_ns "$VM_NS_A" "$SETKEY" "$@"; }
# has FILE TEXT: FILE contains the fixed string TEXT
has() { grep -qF -- "$2" "$1" || { echo "missing: $2"; cat "$1"; return 1; }; }

# save_dump TYPE FILE: the raw reply messages of SADB_DUMP (10) or SADB_X_SPDDUMP (18) in namespace a
save_dump() {
	in_ns "$VM_NS_A" "$VM_PYTHON" - "$1" "$2" <<'PY'
import os, socket, struct, sys
HDR = "=BBBBHHII"  # RFC 2367 sadb_msg
kind, path = int(sys.argv[1]), sys.argv[2]
s = socket.socket(15, socket.SOCK_RAW, 2)
s.settimeout(30)
pid = os.getpid()
s.send(struct.pack(HDR, 2, kind, 0, 0, 2, 0, 0, pid))
out = b""
while True:
    m = s.recv(65536)
    _, t, err, _, _, _, seq, mpid = struct.unpack_from(HDR, m)
    if t != kind or mpid != pid:
        continue
    if err:
        break
    out += m
    if seq == 0:
        break
open(path, "wb").write(out)
print("%d bytes of type %d replies saved in %s" % (len(out), kind, path))
PY
}

# --- SPD: the seed's labeled policy file, as written ------------------------------------------------
check "setkey -f seed-policy-a.conf" sk -f "$FIXTURES/seed-policy-a.conf"
sk -DP >"$WORK/dp.txt" 2>&1
cat "$WORK/dp.txt" | sed 's/^/    /'
check "-DP shows the out policy selector" has "$WORK/dp.txt" "10.0.0.1[any] 10.0.0.2[any] 255"
check "-DP shows out prio def ipsec" has "$WORK/dp.txt" "	out prio def ipsec"
check "-DP shows in and the RFC-mode fwd policy" sh -c "grep -qx '	in prio def ipsec' '$WORK/dp.txt' && grep -qx '	fwd prio def ipsec' '$WORK/dp.txt'"
check "-DP shows the request" has "$WORK/dp.txt" "	esp/transport//require"
check "-DP shows security context doi" has "$WORK/dp.txt" "	security context doi: 1"
check "-DP shows security context algorithm" has "$WORK/dp.txt" "	security context algorithm: 1"
check "-DP shows security context length" grep -qE "^	security context length: 3[67]$" "$WORK/dp.txt"
check "-DP shows the security context" has "$WORK/dp.txt" "	security context: $LABEL"
in_ns "$VM_NS_A" ip xfrm policy list >"$WORK/xfrm-policy.txt"
sed 's/^/    /' "$WORK/xfrm-policy.txt"
check "ip xfrm policy: 3 policies (out, in, fwd)" sh -c "[ \$(grep -c '^src ' '$WORK/xfrm-policy.txt') = 3 ]"
check "ip xfrm policy: out 10.0.0.1 -> 10.0.0.2" sh -c "grep -A2 '^src 10.0.0.1/32 dst 10.0.0.2/32' '$WORK/xfrm-policy.txt' | grep -q 'dir out'"
check "ip xfrm policy: the label" has "$WORK/xfrm-policy.txt" "security context $LABEL"
check "ip xfrm policy: esp transport template" has "$WORK/xfrm-policy.txt" "tmpl src 0.0.0.0 dst 0.0.0.0"
check "ip xfrm policy: priority 2147483648 (prio def)" has "$WORK/xfrm-policy.txt" "priority 2147483648"
save_dump 18 "$VM_OUT/spddump-labeled.sadb"

# --- SAD: the seed's manual SAs with -ctx --------------------------------------------------------------
check "setkey -f seed-manual-sa.conf" sk -f "$FIXTURES/seed-manual-sa.conf"
sk -D >"$WORK/d.txt" 2>&1
sed 's/^/    /' "$WORK/d.txt"
check "-D shows 10.0.0.1 10.0.0.2" grep -qx "10.0.0.1 10.0.0.2 " "$WORK/d.txt"
check "-D shows esp mode=transport spi=35590" has "$WORK/d.txt" "	esp mode=transport spi=35590(0x00008b06) reqid=0(0x00000000)"
check "-D shows the 3des key" has "$WORK/d.txt" "	E: 3des-cbc  30363138 33323233 63323361 32316538 62333663 35363662"
check "-D shows the hmac-md5 key" has "$WORK/d.txt" "	A: hmac-md5  49505345 54455354 38394142 43444546"
check "-D shows state=mature" has "$WORK/d.txt" "state=mature "
check "-D shows the SA security context" has "$WORK/d.txt" "	security context: $SA_LABEL"
check "-D shows the security context doi" has "$WORK/d.txt" "	security context doi: 1"
in_ns "$VM_NS_A" ip xfrm state list >"$WORK/xfrm-state.txt"
check "ip xfrm state: spi 0x00008b06 and 0x00003048" sh -c "grep -q 'spi 0x00008b06' '$WORK/xfrm-state.txt' && grep -q 'spi 0x00003048' '$WORK/xfrm-state.txt'"
check "ip xfrm state: the label" has "$WORK/xfrm-state.txt" "security context $SA_LABEL"
save_dump 10 "$VM_OUT/dump-labeled.sadb"

echo 'get 10.0.0.1 10.0.0.2 esp 35590;' >"$WORK/get.conf"
sk -f "$WORK/get.conf" >"$WORK/get.txt" 2>&1
check "get prints the SA" has "$WORK/get.txt" "spi=35590(0x00008b06)"

# --- a kernel refusal names the statement ----------------------------------------------------------
printf 'flush esp ;\n\nadd 10.0.0.1 10.0.0.2 esp 0x1000 -E des-cbc 0x0102030405060708;\nadd 10.0.0.1 10.0.0.2 esp 0x1000 -E des-cbc 0x0102030405060708;\n' >"$WORK/dup.conf"
sk -f "$WORK/dup.conf" >"$WORK/dup.txt" 2>&1 && rc=0 || rc=$?
sed 's/^/    /' "$WORK/dup.txt"
check "duplicate add: exit status 1" test "$rc" = 1
check "duplicate add: error names $WORK/dup.conf:4:1: add" has "$WORK/dup.txt" "$WORK/dup.conf:4:1: add: "
printf 'deleteall 10.0.0.1 10.0.0.2 esp;\n' >"$WORK/delall.conf"
check "deleteall" sk -f "$WORK/delall.conf"
check "deleteall removed the SA" sh -c "! nsenter --net=/run/netns/$VM_NS_A ip xfrm state list | grep -q 'spi 0x00001000'"

# --- -F / -FP -------------------------------------------------------------------------------------
check "setkey -F" sk -F
check "-D after -F: No SAD entries." sh -c "[ \"\$(nsenter --net=/run/netns/$VM_NS_A $SETKEY -D)\" = 'No SAD entries.' ]"
check "ip xfrm state empty" sh -c "[ -z \"\$(nsenter --net=/run/netns/$VM_NS_A ip xfrm state list)\" ]"
check "setkey -FP" sk -FP
check "-DP after -FP: No SPD entries." sh -c "[ \"\$(nsenter --net=/run/netns/$VM_NS_A $SETKEY -DP)\" = 'No SPD entries.' ]"
check "ip xfrm policy empty" sh -c "[ -z \"\$(nsenter --net=/run/netns/$VM_NS_A ip xfrm policy list)\" ]"

# --- -x sees the ACQUIRE a ping triggers ------------------------------------------------------------
# The kernel only sends ACQUIREs while a key manager is registered (pfkey_is_alive), as racoon would be:
# hold an SADB_REGISTER (ESP) socket open in namespace a for the duration.
check "reload the labeled policies" sk -f "$FIXTURES/seed-policy-a.conf"
nsenter --net="/run/netns/$VM_NS_A" -- "$VM_PYTHON" -c '
import os, socket, struct, time
s = socket.socket(15, socket.SOCK_RAW, 2)
s.send(struct.pack("=BBBBHHII", 2, 7, 0, 3, 2, 0, 1, os.getpid()))  # SADB_REGISTER, ESP
time.sleep(120)' &
listener=$!
nsenter --net="/run/netns/$VM_NS_A" -- "$SETKEY" -x >"$WORK/x.txt" 2>&1 &
monitor=$!
sleep 20  # the first REGISTER makes af_key probe every algorithm (slow under TCG)
vm_ping "$VM_NS_A" "$VM_IP_B" 2 >/dev/null 2>&1
sleep 3
kill "$monitor" "$listener" 2>/dev/null
wait "$monitor" "$listener" 2>/dev/null
head -40 "$WORK/x.txt" | sed 's/^/    /'
check "-x printed an SADB_ACQUIRE (type 6)" grep -q "^sadb_msg{ version=2 type=6 errno=0 satype=3" "$WORK/x.txt"
check "-x shows the ACQUIRE's policy" grep -q "^sadb_x_policy{ type=2 dir=2" "$WORK/x.txt"
if [ "$(vm_selinux_mode)" = off ]; then
	skip "ACQUIRE security context (SELinux off)"
else
	check "-x shows the ACQUIRE's security context" grep -q '^  ctx="system_u:system_r:kernel_t:s0' "$WORK/x.txt"
fi
sk -FP >/dev/null 2>&1
sk -F >/dev/null 2>&1
cp "$WORK"/*.txt "$VM_OUT/" 2>/dev/null
vm_netns_teardown
summary
