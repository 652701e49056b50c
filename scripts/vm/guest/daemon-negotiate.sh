#!/bin/bash
# vm-boot: plain
# daemon-negotiate.sh - two `raccoon -F -d` processes in namespaces a and b negotiate on a ping; SIGHUP with a
# valid then a broken config; raccoonctl show-sa/flush-sa; a second instance is refused by the pid file;
# SIGTERM removes exactly Raccoon's SAs (a manual SA survives) and the peer logs the DELETEs.
. "$(dirname "$0")/lib.sh"

RACCOON=$RACCOON_BUILD_DIR/raccoon
RACCOONCTL=$RACCOON_BUILD_DIR/raccoonctl
SETKEY=$RACCOON_BUILD_DIR/setkey
WORK=$(mktemp -d /tmp/daemon-negotiate.XXXXXX)
PID_A= PID_B=
cleanup() {
	[ -n "$PID_A" ] && kill "$PID_A" 2>/dev/null
	[ -n "$PID_B" ] && kill "$PID_B" 2>/dev/null
	wait 2>/dev/null
	# both daemons' logs are the artifacts of this job
	mkdir -p "$VM_OUT/daemon-negotiate" && cp "$WORK"/*.log "$VM_OUT/daemon-negotiate/" 2>/dev/null
	vm_netns_teardown
	rm -rf "$WORK"
}
trap cleanup EXIT

vm_netns_setup

# conf NAME SELF PEER: racoon.conf, psk.txt and SPD script for one side
conf() {
	local name=$1 self=$2 peer=$3 dir=$WORK/$1
	mkdir -p "$dir"
	printf '%s %s\n' "$peer" "0xa1b2c3d4e5f60718293a4b5c6d7e8f90" >"$dir/psk.txt"
	chmod 600 "$dir/psk.txt"
	cat >"$dir/racoon.conf" <<CONF
path pre_shared_key "$dir/psk.txt";
path pidfile "$dir/raccoon.pid";
listen { isakmp $self [500]; }
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

start() { # start NS: runs raccoon in the foreground, logging to $WORK/NS.log
	RACCOON_ADMIN_SOCKET=$WORK/$1/raccoon.sock in_ns "$1" "$RACCOON" -F -d -f "$WORK/$1/racoon.conf" \
		>"$WORK/$1.log" 2>&1 &
}
start a; PID_A=$!
start b; PID_B=$!
sleep 2
if ! kill -0 $PID_A 2>/dev/null; then
	fail "raccoon in a started"
	sed 's/^/    a: /' "$WORK/a.log"
	summary
	exit
fi
pass "raccoon in a and b started"
check "a logs its isakmp port" grep -q "$VM_IP_A\[500\] used as isakmp port" "$WORK/a.log"

# A ping triggers an ACQUIRE in a; the first packets are lost while IKE runs.
vm_ping a "$VM_IP_B" 8 >/dev/null 2>&1
check "ping a -> b over ESP" vm_ping a "$VM_IP_B" 3
sa_count() { in_ns a "$SETKEY" -D | grep -c 'esp mode=transport'; }
# Two negotiated SAs plus the manual one.
check "a holds the negotiated ESP SAs with b" test "$(sa_count)" -ge 3

ctl() { RACCOON_ADMIN_SOCKET=$WORK/$1/raccoon.sock in_ns "$1" "$RACCOONCTL" "${@:2}"; }
check "raccoonctl show-status" ctl a show-status
check "raccoonctl show-sa isakmp" ctl a show-sa isakmp

check "SIGHUP with a valid config" sh -c "kill -HUP $PID_A && sleep 1 && grep -q 'configuration reloaded' '$WORK/a.log'"
cp "$WORK/a/racoon.conf" "$WORK/a/good.conf"
echo 'remote { broken' >"$WORK/a/racoon.conf"
check "SIGHUP with a broken config keeps running" sh -c "kill -HUP $PID_A && sleep 1 && kill -0 $PID_A && grep -q 'config reload failed' '$WORK/a.log'"
cp "$WORK/a/good.conf" "$WORK/a/racoon.conf"

out=$(RACCOON_ADMIN_SOCKET=$WORK/a/second.sock in_ns a "$RACCOON" -F -f "$WORK/a/racoon.conf" 2>&1) && rc=0 || rc=$?
if [ $rc = 1 ] && printf '%s' "$out" | grep -q "another raccoon is already running (pid $PID_A"; then
	pass "the pid file blocks a second instance"
else
	fail "the pid file blocks a second instance (exit $rc: $out)"
fi

check "raccoonctl flush-sa ipsec" ctl a flush-sa ipsec

kill -TERM $PID_A
wait $PID_A && rc=0 || rc=$?
[ $rc = 0 ] && pass "SIGTERM: exit 0" || fail "SIGTERM: exit $rc"
check "pid file removed" test ! -e "$WORK/a/raccoon.pid"
dump_a=$(in_ns a "$SETKEY" -D 2>&1)
check "the manual SA survives shutdown" grep -q 'spi=2457(0x00000999)' <<<"$dump_a"
if grep -q "$VM_IP_B" <<<"$dump_a"; then fail "no negotiated SA left in a"; else pass "no negotiated SA left in a"; fi
check "b received the DELETEs" grep -q -i "delete" "$WORK/b.log"

summary
