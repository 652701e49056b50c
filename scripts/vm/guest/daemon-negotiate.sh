#!/bin/bash
# vm-boot: plain
# vm-warm: crypto
# daemon-negotiate.sh - issue 7's whole-process tests: two `raccoon -F -d` processes in namespaces a and b
# negotiate on a ping; a follows an address added and removed (rtnetlink); raccoonctl show-sa/flush-sa; SIGHUP with a valid then a broken config; a second instance is
# refused by the pid file; SIGTERM removes exactly Raccoon's SAs (a manual SA survives) and the peer logs the
# DELETEs. Both daemons' logs are kept in $VM_OUT/daemon-negotiate/.
. "$(dirname "$0")/lib.sh"

RACCOON=$RACCOON_BUILD_DIR/raccoon
RACCOONCTL=$RACCOON_BUILD_DIR/raccoonctl
SETKEY=$RACCOON_BUILD_DIR/setkey
WORK=$(mktemp -d /tmp/daemon-negotiate.XXXXXX)
ART=$VM_OUT/daemon-negotiate
mkdir -p "$ART"
PID_A= PID_B=
cleanup() {
	[ -n "$PID_A" ] && kill "$PID_A" 2>/dev/null
	[ -n "$PID_B" ] && kill "$PID_B" 2>/dev/null
	wait 2>/dev/null
	cp "$WORK"/*.log "$ART/" 2>/dev/null
	vm_netns_teardown
	rm -rf "$WORK"
}
trap cleanup EXIT

vm_netns_setup

# conf NAME SELF PEER: racoon.conf, psk.txt and SPD script for one side
conf() {
	local name=$1 self=$2 peer=$3 dir=$WORK/$1 listen="listen { isakmp $2 [500]; }"
	# a lists its addresses itself (no listen section), so it follows address changes
	[ "$name" = a ] && listen=""
	mkdir -p "$dir"
	printf '%s %s\n' "$peer" "0xa1b2c3d4e5f60718293a4b5c6d7e8f90" >"$dir/psk.txt"
	chmod 600 "$dir/psk.txt"
	cat >"$dir/racoon.conf" <<CONF
path pre_shared_key "$dir/psk.txt";
path pidfile "$dir/raccoon.pid";
$listen
remote $peer {
	exchange_mode main;
	proposal { encryption_algorithm aes; hash_algorithm sha1; authentication_method pre_shared_key; dh_group 2; }
}
sainfo anonymous {
	encryption_algorithm aes; authentication_algorithm hmac_sha1; compression_algorithm deflate;
}
CONF
	cat >"$dir/spd.conf" <<SPD
flush; spdflush;
spdadd $self $peer any -P out ipsec esp/transport//require;
spdadd $peer $self any -P in ipsec esp/transport//require;
add $self 192.0.2.99 esp 0x999 -E aes-cbc 0x00112233445566778899aabbccddeeff;
SPD
}
conf a "$VM_IP_A" "$VM_IP_B"
conf b "$VM_IP_B" "$VM_IP_A"
in_ns a "$SETKEY" -f "$WORK/a/spd.conf"
in_ns b "$SETKEY" -f "$WORK/b/spd.conf"

# start NS: raccoon in the foreground (nsenter execs it, so $! is raccoon's pid), logging to $WORK/NS.log
start() {
	RACCOON_ADMIN_SOCKET=$WORK/$1/raccoon.sock nsenter --net="/run/netns/$1" -- \
		"$RACCOON" -F -d -f "$WORK/$1/racoon.conf" >"$WORK/$1.log" 2>&1 &
}
start a
PID_A=$!
start b
PID_B=$!
if vm_wait_log 120 "$WORK/a.log" "Raccoon started" && vm_wait_log 120 "$WORK/b.log" "Raccoon started"; then
	pass "raccoon in a and b started"
else
	fail "raccoon in a and b started"
	sed 's/^/    a: /' "$WORK/a.log"
	sed 's/^/    b: /' "$WORK/b.log"
	summary
	exit
fi
check "a logs its isakmp port" grep -qF "$VM_IP_A[500] used as isakmp port" "$WORK/a.log"
check "the pid file holds raccoon's pid" test "$(cat "$WORK/a/raccoon.pid")" = "$PID_A"

# rtnetlink: an address added in a gets an IKE socket, and loses it when removed (no restart)
bound_in_a() { ip netns exec a ss -Huan 'sport = :500' 2>/dev/null | grep -qF "$1:500"; }
ip -n a addr add 10.99.0.1/32 dev lo
check "an added address gets an isakmp port" vm_wait_log 20 "$WORK/a.log" "10.99.0.1[500] used as isakmp port"
check "  and UDP 10.99.0.1:500 is bound" bound_in_a 10.99.0.1
ip -n a addr del 10.99.0.1/32 dev lo
check "a removed address loses its isakmp port" vm_wait_log 20 "$WORK/a.log" "10.99.0.1[500] is no longer a local address"
check "  and UDP 10.99.0.1:500 is closed" vm_wait_for 10 sh -c "! ip netns exec a ss -Huan 'sport = :500' | grep -qF 10.99.0.1:500"

# A ping triggers an ACQUIRE in a; the first packet is lost while IKE runs.
vm_ping a "$VM_IP_B" 1 >/dev/null 2>&1
check "a and b negotiate (IPsec-SA established on both)" \
	vm_wait_for 60 sh -c "grep -q 'IPsec-SA established' '$WORK/a.log' && grep -q 'IPsec-SA established' '$WORK/b.log'"
check "ping a -> b over ESP" vm_wait_for 20 vm_ping a "$VM_IP_B" 1
# sa_count [NS]: ESP SAs in the namespace's SAD (each side also holds one manual SA to 192.0.2.99)
sa_count() { in_ns "${1:-a}" "$SETKEY" -D | grep -c 'esp mode=transport'; }
sa_count_is() { [ "$(sa_count "$1")" = "$2" ]; }
# Two negotiated SAs plus the manual one.
check "a holds the negotiated ESP SAs with b and the manual one" test "$(sa_count)" = 3

ctl() { RACCOON_ADMIN_SOCKET=$WORK/$1/raccoon.sock in_ns "$1" "$RACCOONCTL" "${@:2}"; }
check "raccoonctl show-status" ctl a show-status
isakmp_listed() { ctl a show-sa isakmp | grep -F "$VM_IP_B[500]" | grep -q established; }
check "raccoonctl show-sa isakmp lists the ISAKMP SA with b" isakmp_listed
check "raccoonctl show-sa esp lists both SAs" test "$(ctl a show-sa esp | grep -c 'esp mode=transport')" = 2

check "SIGHUP with a valid config" sh -c "kill -HUP $PID_A && sleep 1 && grep -q 'configuration reloaded' '$WORK/a.log'"
cp "$WORK/a/racoon.conf" "$WORK/a/good.conf"
echo 'remote { broken' >"$WORK/a/racoon.conf"
check "SIGHUP with a broken config keeps running" sh -c "kill -HUP $PID_A && sleep 1 && kill -0 $PID_A && grep -q 'config reload failed' '$WORK/a.log'"
cp "$WORK/a/good.conf" "$WORK/a/racoon.conf"
check "SAs survive both reloads" test "$(sa_count)" = 3

out=$(RACCOON_ADMIN_SOCKET=$WORK/a/second.sock in_ns a "$RACCOON" -F -f "$WORK/a/racoon.conf" 2>&1) && rc=0 || rc=$?
if [ $rc = 1 ] && printf '%s' "$out" | grep -q "another raccoon is already running (pid $PID_A"; then
	pass "the pid file blocks a second instance"
else
	fail "the pid file blocks a second instance (exit $rc: $out)"
fi

check "raccoonctl flush-sa ipsec" ctl a flush-sa ipsec
check "flush-sa: only the manual SA left in a" test "$(sa_count)" = 1
check "flush-sa: b received the DELETE and dropped its SAs" vm_wait_for 10 sa_count_is b 1
check "b logs the peer's DELETE" vm_wait_log 10 "$WORK/b.log" "IPsec-SA deleted"
# Renegotiate, so that SIGTERM has SAs to delete.
vm_ping a "$VM_IP_B" 1 >/dev/null 2>&1
check "a renegotiates after the flush" vm_wait_for 60 sa_count_is a 3
deletes_before=$(grep -c "IPsec-SA deleted" "$WORK/b.log")

kill -TERM $PID_A
wait $PID_A && rc=0 || rc=$?
PID_A=
[ $rc = 0 ] && pass "SIGTERM: exit 0" || fail "SIGTERM: exit $rc"
check "pid file removed" test ! -e "$WORK/a/raccoon.pid"
dump_a=$(in_ns a "$SETKEY" -D 2>&1)
check "the manual SA survives shutdown" grep -q '0x00000999' <<<"$dump_a"
if grep -q "$VM_IP_B" <<<"$dump_a"; then fail "no negotiated SA left in a"; else pass "no negotiated SA left in a"; fi
check "b received the DELETEs of the shutdown" vm_wait_for 10 sh -c "[ \$(grep -c 'IPsec-SA deleted' '$WORK/b.log') -gt $deletes_before ]"
check "b dropped its SAs with a (its manual SA stays)" vm_wait_for 10 sa_count_is b 1

summary
