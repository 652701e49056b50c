#!/bin/bash
# vm-boot: plain
# pidfile-full.sh - issue 11 (robustness), a full disk when the pid file is written. The pid file lives on a
# 4 KiB tmpfs filled to the last byte: creating the file still works (tmpfs counts inodes apart), writing the pid
# fails with ENOSPC. raccoon must say so (standard error and the log), exit 1 without a crash, leave no empty pid
# file, release port 500, and leave the kernel's SAs and policies alone. In the background (no -F) the
# parent has already exited 0 when the pid is written (racoon's daemon() order): the child logs the line to the
# -l file and exits 1. With space freed, the same command starts. Artifacts in $VM_OUT/pidfile-full/.
. "$(dirname "$0")/lib.sh"

RACCOON=$RACCOON_BUILD_DIR/raccoon
SETKEY=$RACCOON_BUILD_DIR/setkey
WORK=$(mktemp -d /run/pidfile-full.XXXXXX)
FULL=$WORK/full
ART=$VM_OUT/pidfile-full
mkdir -p "$ART" "$FULL"
cleanup() {
	local pid
	pid=$(cat "$FULL/raccoon.pid" 2>/dev/null) && [ -n "$pid" ] && kill "$pid" 2>/dev/null
	sleep 0.5
	cp "$WORK"/*.log "$WORK"/*.txt "$ART/" 2>/dev/null
	umount "$FULL" 2>/dev/null
	vm_netns_teardown
	rm -rf "$WORK"
}
trap cleanup EXIT

vm_netns_setup || { fail "namespaces"; summary; exit; }
mount -t tmpfs -o size=4k,mode=755 tmpfs "$FULL" || { fail "mount a 4 KiB tmpfs"; summary; exit; }
# Fill it: dd stops at ENOSPC.
dd if=/dev/zero of="$FULL/filler" bs=512 2>"$WORK/dd.txt"
check "the tmpfs is full (dd: No space left on device)" grep -q "No space left on device" "$WORK/dd.txt"
check "  writing one more byte fails" sh -c "! printf x >'$FULL/probe' 2>/dev/null"
rm -f "$FULL/probe"
df -k "$FULL" | sed 's/^/    /'

printf '%s %s\n' "$VM_IP_B" "0xa1b2c3d4e5f60718293a4b5c6d7e8f90" >"$WORK/psk.txt"
chmod 600 "$WORK/psk.txt"
cat >"$WORK/racoon.conf" <<CONF
path pre_shared_key "$WORK/psk.txt";
path pidfile "$FULL/raccoon.pid";
listen { isakmp $VM_IP_A [500]; }
remote $VM_IP_B {
	exchange_mode main;
	proposal { encryption_algorithm aes; hash_algorithm sha1; authentication_method pre_shared_key; dh_group 2; }
}
sainfo anonymous {
	encryption_algorithm aes; authentication_algorithm hmac_sha1; compression_algorithm deflate;
}
CONF
# The kernel's state before: policies and an SA that must survive a failed start.
cat >"$WORK/spd.conf" <<SPD
flush; spdflush;
spdadd $VM_IP_A $VM_IP_B any -P out ipsec esp/transport//require;
spdadd $VM_IP_B $VM_IP_A any -P in ipsec esp/transport//require;
add $VM_IP_A $VM_IP_B esp 0x1001 -E aes-cbc 0x00112233445566778899aabbccddeeff -A hmac-sha1 0x0011223344556677889900112233445566778899;
SPD
in_ns a "$SETKEY" -f "$WORK/spd.conf" || fail "setkey -f"
in_ns a "$SETKEY" -D >"$WORK/sad-before.txt"
in_ns a "$SETKEY" -DP >"$WORK/spd-before.txt"
# the dumps without what changes by itself (times, the dumping process's pid, kernel reference counts)
stable() { grep -v 'current:\|diff:\|created:\|lastused\|pid=\|refcnt='; }
kernel_unchanged() {
	in_ns a "$SETKEY" -D | stable | diff - <(stable <"$WORK/sad-before.txt") &&
		in_ns a "$SETKEY" -DP | stable | diff - <(stable <"$WORK/spd-before.txt")
}
no_pidfile() { [ ! -e "$FULL/raccoon.pid" ]; }
port_free() { ! ip netns exec a ss -Huan 'sport = :500' | grep -q .; }
expected="cannot use the pid file $FULL/raccoon.pid: pwrite: No space left on device"

# ------------------------------------------------------------------ foreground: -F
in_ns a timeout 120 "$RACCOON" -F -d -f "$WORK/racoon.conf" >"$WORK/foreground.log" 2>&1
rc=$?
sed 's/^/    /' "$WORK/foreground.log"
check "-F: exit status 1 (not a crash)" test $rc = 1
check "-F: standard error says why" grep -qF "raccoon: $expected" "$WORK/foreground.log"
check "-F: the log says it" grep -qF "cannot write the pid file, exiting: $expected" "$WORK/foreground.log"
check "-F: it got as far as the write (PF_KEY registered, SPD read)" grep -qF "SPD: 3 security policies" "$WORK/foreground.log"
check "-F: no pid file left (neither empty nor stale)" no_pidfile
check "-F: port 500 released" port_free
check "-F: the kernel's SAs and policies untouched" kernel_unchanged

# (A stale pid file is no test of a full disk: truncating it frees the space the new pid needs.)

# ------------------------------------------------------------------ background: no -F, log to a file
rm -f "$FULL/filler"
dd if=/dev/zero of="$FULL/filler" bs=512 2>/dev/null
in_ns a "$RACCOON" -f "$WORK/racoon.conf" -l "$WORK/background.log" >"$WORK/background-stderr.log" 2>&1
rc=$?
check "background: the parent exits 0 (it forks before the pid is written, as racoon)" test $rc = 0
check "background: the child logs the failure" vm_wait_log 60 "$WORK/background.log" "cannot write the pid file, exiting: $expected"
check "background: the child exits (port 500 released)" vm_wait_for 20 port_free
check "background: no pid file left" no_pidfile
no_raccoon() { ! pgrep -x raccoon >/dev/null; }
check "background: no raccoon process left" vm_wait_for 10 no_raccoon
check "background: the kernel's SAs and policies untouched" kernel_unchanged
sed 's/^/    /' "$WORK/background.log"

# ------------------------------------------------------------------ space freed: the same command starts
rm -f "$FULL/filler"
# nsenter execs raccoon, so $! is raccoon's pid
nsenter --net=/run/netns/a -- "$RACCOON" -F -f "$WORK/racoon.conf" >"$WORK/freed.log" 2>&1 &
pid=$!
check "space freed: raccoon starts" vm_wait_log 60 "$WORK/freed.log" "Raccoon started"
check "  the pid file holds its pid" sh -c "[ \"\$(cat '$FULL/raccoon.pid')\" = $pid ]"
kill -TERM $pid
wait $pid
rc=$?
check "  SIGTERM: exit 0, pid file removed" sh -c "[ $rc = 0 ] && [ ! -e '$FULL/raccoon.pid' ]"

summary
