#!/bin/bash
# vm-boot: selinux
# vm-warm: crypto
# labeled-levels.sh - issue 23, items 1 and 2, on the refpolicy in permissive mode: several levels under one
# labeled policy pair, and the label delivered to the application.
#
# Both hosts (namespaces a = 10.0.0.1 and b = 10.0.0.2) load the walkthrough's single labeled policy pair. Clients
# run at three levels (`runcon -l s0:cN`, started with nsenter so that selinuxfs stays visible):
#   - TCP from a at s0:c1 and s0:c2, started together before any SA exists (two ACQUIREs behind one phase 1);
#   - TCP from b at s0:c3 to a server on a (b is the initiator of that Quick Mode, over the same ISAKMP SA);
#   - each server reports getsockopt(SO_PEERSEC): exactly the client's context;
#   - UDP from a at s0:c1 and s0:c2, the server on b reads the sender's context with IP_PASSSEC (SCM_SECURITY);
#   - each level has its own SA pair with its own context on both hosts, and there is one ISAKMP SA;
#   - deleting s0:c2's SA pair on a (setkey delete, as an administrator would) deletes it on b too, leaves c1 and
#     c3 untouched and usable without a new negotiation, and a new c2 connection renegotiates with a Quick Mode only.
# Daemons' logs and setkey dumps: $VM_OUT/labeled-levels/.
. "$(dirname "$0")/lib.sh"

SETKEY=$RACCOON_BUILD_DIR/setkey
WORK=/run/labeled-levels
ART=$VM_OUT/labeled-levels
POLICY_CTX="system_u:object_r:unlabeled_t:s0:c0"
rm -rf "$WORK"
mkdir -p "$WORK" "$ART"
PIDS=()
cleanup() {
	local p
	for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null; done
	wait 2>/dev/null
	cp "$WORK"/*.log "$WORK"/*.txt "$ART/" 2>/dev/null
	vm_netns_teardown
}
trap cleanup EXIT

if [ "$(vm_selinux_mode)" = off ]; then
	skip "needs SELinux (selinux boot)"
	summary
	exit
fi
T0=$SECONDS
SELF_CTX=$(cat /proc/self/attr/current | tr -d '\0')
BASE_CTX=${SELF_CTX%:s0*}
echo "job context: $SELF_CTX; clients run as $BASE_CTX:s0:cN"
vm_netns_setup || { fail "namespaces"; summary; exit; }

for ns in a b; do
	[ $ns = a ] && self=$VM_IP_A peer=$VM_IP_B || self=$VM_IP_B peer=$VM_IP_A
	vm_labeled_host "$WORK/$ns" $ns "$self" "$peer" "$POLICY_CTX" || fail "labeled policies loaded in $ns"
	vm_start_raccoon $ns "$WORK/$ns" "$WORK/$ns.log"
	PIDS+=($VM_RACCOON_PID)
done
if ! { vm_wait_log 5 "$WORK/a.log" "Raccoon started" && vm_wait_log 5 "$WORK/b.log" "Raccoon started"; }; then
	fail "raccoon started in a and b"
	summary
	exit
fi
pass "raccoon started in a and b"

# ------------------------------------------------------------------ the servers and clients (python3)
# tcp_server NS PORT COUNT OUT: accept COUNT connections, one line per connection: "<SO_PEERSEC> <data>"
tcp_server() {
	in_ns "$1" "$VM_PYTHON" - "$2" "$3" >"$4" 2>&1 <<'PY' &
import socket, sys
s = socket.socket()
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("0.0.0.0", int(sys.argv[1])))
s.listen(8)
s.settimeout(150)
for _ in range(int(sys.argv[2])):
    c, _ = s.accept()
    # The peer's context: for a labeled IPsec connection the kernel takes it from the SA (getpeercon(3)).
    peer = c.getsockopt(socket.SOL_SOCKET, socket.SO_PEERSEC, 1024).rstrip(b"\0").decode()
    c.settimeout(30)
    data = c.recv(100).decode()
    print(peer, data, flush=True)
    c.close()
PY
	PIDS+=($!)
}
# udp_server NS PORT COUNT OUT: COUNT datagrams, one line each: "<SCM_SECURITY context> <data>"
udp_server() {
	in_ns "$1" "$VM_PYTHON" - "$2" "$3" >"$4" 2>&1 <<'PY' &
import socket, sys
IP_PASSSEC, SCM_SECURITY = 18, 3  # linux/in.h
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.setsockopt(socket.SOL_IP, IP_PASSSEC, 1)
s.bind(("0.0.0.0", int(sys.argv[1])))
s.settimeout(120)
seen = set()
while len(seen) < int(sys.argv[2]):
    data, ancillary, _, _ = s.recvmsg(100, 4096)
    context = [d for level, kind, d in ancillary if level == socket.SOL_IP and kind == SCM_SECURITY]
    line = "%s %s" % (context[0].rstrip(b"\0").decode() if context else "NO-CONTEXT", data.decode())
    if data not in seen:
        seen.add(data)
        print(line, flush=True)
PY
	PIDS+=($!)
}
# client NS LEVEL PROTO DST PORT: send "LEVEL" from a process at LEVEL (TCP: connect, retrying the SYN while IKE
# runs; UDP: five datagrams)
client() {
	nsenter --net="/run/netns/$1" -- runcon -l "s0:$2" "$VM_PYTHON" - "$2" "$3" "$4" "$5" <<'PY'
import socket, sys, time
level, proto, dst, port = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
if proto == "tcp":
    s = socket.create_connection((dst, port), timeout=90)
    s.sendall(level.encode())
    s.close()
else:
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    for _ in range(5):  # the level's SA pair exists already (TCP above): no datagram is lost to an ACQUIRE
        s.sendto(level.encode(), (dst, port))
        time.sleep(0.5)
PY
}
ctx_of() { echo "$BASE_CTX:s0:$1"; }
# reports FILE LEVEL PROTO: the server's line for LEVEL names exactly that level's context
reports() {
	local line
	line=$(grep -E " $2\$" "$1") || { echo "no line for $2 in $1:"; cat "$1"; return 1; }
	echo "$3 server saw: $line"
	[ "$line" = "$(ctx_of "$2") $2" ]
}

# ------------------------------------------------------------------ item 1+2: TCP at c1, c2 (a -> b), c3 (b -> a)
tcp_server b 7001 2 "$WORK/tcp-b.txt"
tcp_server a 7003 1 "$WORK/tcp-a.txt"
sleep 1
T_NEG=$SECONDS
client a c1 tcp "$VM_IP_B" 7001 &
c1=$!
client a c2 tcp "$VM_IP_B" 7001 &
c2=$!
wait $c1 && rc1=0 || rc1=$?
wait $c2 && rc2=0 || rc2=$?
check "TCP client at s0:c1 on a connects to b" test $rc1 = 0
check "TCP client at s0:c2 on a connects to b (started with c1, before any SA)" test $rc2 = 0
check "TCP client at s0:c3 on b connects to a (b initiates)" client b c3 tcp "$VM_IP_A" 7003
echo "three levels connected in $((SECONDS - T_NEG)) s"
check "SO_PEERSEC on b: exactly the s0:c1 client's context" reports "$WORK/tcp-b.txt" c1 TCP
check "SO_PEERSEC on b: exactly the s0:c2 client's context" reports "$WORK/tcp-b.txt" c2 TCP
check "SO_PEERSEC on a: exactly the s0:c3 client's context (b was the initiator)" reports "$WORK/tcp-a.txt" c3 TCP

# ------------------------------------------------------------------ SAs per level on both hosts
dump() { in_ns "$1" "$SETKEY" -D; }
# pairs_for NS LEVEL: the number of SAs carrying LEVEL's context in NS
sas_for() { dump "$1" | grep -cxF "	security context: $(ctx_of "$2")"; }
# has_pairs NS LEVEL...: each LEVEL has exactly one SA pair (2 SAs) in NS
has_pairs() {
	local ns=$1 level n
	shift
	for level in "$@"; do
		n=$(sas_for "$ns" "$level")
		echo "$ns: $n SAs with $(ctx_of "$level")"
		[ "$n" = 2 ] || return 1
	done
}
dump a >"$WORK/setkey-D-a.txt"
dump b >"$WORK/setkey-D-b.txt"
check "a: one SA pair per level (c1, c2, c3), each with its own context" has_pairs a c1 c2 c3
check "b: one SA pair per level (c1, c2, c3), each with its own context" has_pairs b c1 c2 c3
one_isakmp() {
	local na nb
	na=$(grep -c "ISAKMP-SA established" "$WORK/a.log")
	nb=$(grep -c "ISAKMP-SA established" "$WORK/b.log")
	echo "ISAKMP-SA established: a $na, b $nb"
	[ "$na" = 1 ] && [ "$nb" = 1 ]
}
check "one ISAKMP SA carries all three Quick Modes" one_isakmp
check "b initiated the s0:c3 Quick Mode" grep -q "initiate new phase 2 negotiation" "$WORK/b.log"

# ------------------------------------------------------------------ item 2: UDP with IP_PASSSEC
udp_server b 7002 2 "$WORK/udp-b.txt"
sleep 1
client a c1 udp "$VM_IP_B" 7002 &
u1=$!
client a c2 udp "$VM_IP_B" 7002 &
u2=$!
wait $u1 $u2
check "IP_PASSSEC on b: exactly the s0:c1 sender's context" reports "$WORK/udp-b.txt" c1 UDP
check "IP_PASSSEC on b: exactly the s0:c2 sender's context" reports "$WORK/udp-b.txt" c2 UDP

# ------------------------------------------------------------------ delete one level, the others stay
established_a=$(grep -c "IPsec-SA established" "$WORK/a.log")
deleted_b=$(grep -c "IPsec-SA deleted" "$WORK/b.log")
# The SPIs of a's c2 SAs (setkey -D: the "esp mode=..." line carries the spi, the context line comes later).
c2_deletes=$(dump a | awk -v ctx="$(ctx_of c2)" '
	/^[0-9.]+ [0-9.]+ *$/ { src = $1; dst = $2 }
	/esp mode=/ { match($0, /spi=[0-9]+/); spi = substr($0, RSTART + 4, RLENGTH - 4) }
	$0 == "\tsecurity context: " ctx { printf "delete %s %s esp %s;\n", src, dst, spi }')
echo "$c2_deletes"
delete_c2() { [ "$(grep -c delete <<<"$c2_deletes")" = 2 ] && in_ns a "$SETKEY" -c <<<"$c2_deletes"; }
check "setkey on a deletes the s0:c2 SA pair" delete_c2
c2_gone() { [ "$(sas_for a c2)" = 0 ] && [ "$(sas_for b c2)" = 0 ]; }
check "a's raccoon sends the DELETE: b drops its s0:c2 pair" vm_wait_for 15 c2_gone
check "b logs the peer's DELETE" vm_wait_for 5 sh -c "[ \$(grep -c 'IPsec-SA deleted' '$WORK/b.log') -gt $deleted_b ]"
check "a: the c1 and c3 pairs are untouched" has_pairs a c1 c3
check "b: the c1 and c3 pairs are untouched" has_pairs b c1 c3
tcp_server b 7004 2 "$WORK/tcp-b2.txt"
sleep 1
check "s0:c1 still works without a negotiation" client a c1 tcp "$VM_IP_B" 7004
no_new_qm() { [ "$(grep -c "IPsec-SA established" "$WORK/a.log")" = "$established_a" ]; }
check "... (no new IPsec-SA on a)" no_new_qm
check "s0:c2 renegotiates and connects" client a c2 tcp "$VM_IP_B" 7004
check "SO_PEERSEC after the renegotiation: exactly s0:c2" reports "$WORK/tcp-b2.txt" c2 TCP
check "... with a Quick Mode only (still one ISAKMP SA)" one_isakmp
check "a: three pairs again" has_pairs a c1 c2 c3
echo "labeled-levels: $((SECONDS - T0)) s"
summary
