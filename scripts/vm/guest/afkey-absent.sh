#!/bin/bash
# vm-boot: noafkey:manual noafkey-selinux
# afkey-absent.sh - the first job of the boots without PF_KEY (test-kernel.sh's noafkey boots): proves af_key is
# neither loaded nor loadable, so the jobs after it (the walkthrough, the strongSwan interop set) really run over
# XFRM netlink: /proc/net/pfkey is absent, `modprobe af_key` fails, socket(AF_KEY) fails (the kernel's own autoload
# of net-pf-15 fails too) and leaves no /proc/net/pfkey behind; the XFRM and ESP modules are there; and this tree's
# setkey and raccoon report the XFRM backend.
. "$(dirname "$0")/lib.sh"

check "/proc/net/pfkey is absent" test ! -e /proc/net/pfkey
check "af_key is not loaded (/sys/module/af_key absent)" test ! -e /sys/module/af_key
if modprobe af_key 2>&1; then fail "modprobe af_key succeeded"; else pass "modprobe af_key fails"; fi
# socket(PF_KEY, SOCK_RAW, PF_KEY_V2): EAFNOSUPPORT (97) once the autoload has failed
afkey_socket() {
	"$VM_PYTHON" -c '
import socket, sys
try:
    socket.socket(15, socket.SOCK_RAW, 2)
except OSError as e:
    print("socket(AF_KEY): errno %d (%s)" % (e.errno, e.strerror)); sys.exit(0)
print("socket(AF_KEY) opened"); sys.exit(1)'
}
check "socket(AF_KEY) fails" afkey_socket
check "... and still no /proc/net/pfkey after the kernel's autoload attempt" test ! -e /proc/net/pfkey
check "xfrm_user and esp4 are loaded" test -d /sys/module/xfrm_user -a -d /sys/module/esp4
# This tree's tools choose XFRM by themselves (auto): setkey -DP answers, raccoon -V lists the backends.
ip netns add afkey-absent
check "setkey -DP works without PF_KEY (in a fresh namespace: 'No SPD entries.')" \
	sh -c "nsenter --net=/run/netns/afkey-absent -- '$RACCOON_BUILD_DIR/setkey' -DP | grep -x 'No SPD entries.'"
ip netns del afkey-absent
check "raccoon -V lists the XFRM backend" sh -c "'$RACCOON_BUILD_DIR/raccoon' -V 2>&1 | grep -i xfrm"
summary
