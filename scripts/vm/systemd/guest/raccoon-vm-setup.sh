#!/bin/sh
# raccoon-vm-setup: makes this boot of the shared image machine A (10.0.0.1) or B (10.0.0.2) of the walkthrough,
# as the kernel command line says (raccoon.vm=a|b): host name, the address on the virtual link, and the
# walkthrough's labeled policies as /etc/ipsec-tools.conf (etc/setkey.conf.example; B's has the directions
# swapped, as the example's comment says), labeled with the reference policy's SPD type ipsec_spd_t instead of the
# howto's unlabeled_t: setkey.service's setkey runs confined in setkey_t, which may label policies with SPD types
# only (README, "SELinux"). Test scaffolding of docs/vm.md, not part of the package.
set -eu
guest=$(sed -n 's/.*raccoon\.vm=\([ab]\).*/\1/p' /proc/cmdline)
case $guest in
a) me=10.0.0.1 ;;
b) me=10.0.0.2 ;;
*) echo "raccoon-vm-setup: no raccoon.vm=a|b on the kernel command line" >&2; exit 1 ;;
esac
hostname "raccoon-$guest"
# udev may still be naming devices on a loaded host: wait for the link (at most 300 s).
for _ in $(seq 1 600); do [ -e /sys/class/net/eth0 ] && break; sleep 0.5; done
ip link set lo up
ip link set eth0 up
ip addr replace "$me/24" dev eth0
swap='s/-P out /-P OUT_ /; s/-P in /-P out /; s/-P OUT_ /-P in /'
[ $guest = a ] && swap=
sed -e "$swap" -e 's/:object_r:unlabeled_t:/:object_r:ipsec_spd_t:/' \
	/usr/share/doc/raccoon/examples/setkey.conf.example >/etc/ipsec-tools.conf
restorecon /etc/ipsec-tools.conf
