#!/bin/bash
# vm-boot: plain selinux
# Does the guest kernel have what Raccoon's real-kernel tests need? PF_KEY, XFRM, network
# namespaces with veth, and in the SELinux boot: permissive mode and labeled XFRM policies.
. "$(dirname "$0")/lib.sh"

echo "kernel $(uname -r), SELinux $(vm_selinux_mode), uptime $(cut -d' ' -f1 /proc/uptime) s"

check "modules af_key esp4 xfrm_user veth loaded" test -d /sys/module/af_key -a -d /sys/module/esp4 \
	-a -d /sys/module/xfrm_user -a -d /sys/module/veth
check "PF_KEY v2 socket opens" "$VM_PYTHON" -c \
	'import socket; socket.socket(15, socket.SOCK_RAW, 2).close(); print("socket(PF_KEY, SOCK_RAW, PF_KEY_V2) ok")'
check "namespaces a and b joined by veth" vm_netns_setup
check "ip xfrm state works in namespace a" in_ns "$VM_NS_A" ip xfrm state list
check "ping a -> b over veth" vm_ping "$VM_NS_A" "$VM_IP_B"
check "ping b -> a over veth" vm_ping "$VM_NS_B" "$VM_IP_A"

if [ "$(vm_selinux_mode)" = off ]; then
	skip "SELinux checks (plain boot)"
else
	if [ "$(vm_selinux_mode)" = enforcing ]; then
		check "/sys/fs/selinux/enforce reads 1" grep -qx 1 /sys/fs/selinux/enforce
		check "getenforce says Enforcing" sh -c '[ "$(getenforce)" = Enforcing ]'
	else
		check "/sys/fs/selinux/enforce reads 0" grep -qx 0 /sys/fs/selinux/enforce
		check "getenforce says Permissive" sh -c '[ "$(getenforce)" = Permissive ]'
	fi
	check "labeled ip xfrm policy accepted" in_ns "$VM_NS_A" ip xfrm policy add \
		src "$VM_IP_A/32" dst "$VM_IP_B/32" dir out ctx "system_u:object_r:unlabeled_t:s0" \
		tmpl proto esp mode transport
	check "ip xfrm policy shows the security context" sh -c \
		"nsenter --net=/run/netns/$VM_NS_A ip xfrm policy list | grep -F 'security context system_u:object_r:unlabeled_t:s0'"
	check "selinuxfs visible inside nsenter --net" in_ns "$VM_NS_A" test -r /sys/fs/selinux/enforce
fi
vm_netns_teardown
summary
