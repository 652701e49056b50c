#!/bin/bash
# raccoon-vm-agent: runs the commands the host test driver (scripts/vm/systemd/test-systemd.sh) drops into this
# guest's directory of the shared 9p folder: cmd-N is run once with bash, its output goes to out-N and its exit
# status to rc-N (renamed into place, so the host never reads half a file). "ready" holds this boot's id, so the
# host can tell a reboot happened. Test scaffolding, not part of the package.
guest=$(sed -n 's/.*raccoon\.vm=\([ab]\).*/\1/p' /proc/cmdline)
# The share (9p) has no SELinux labels of its own: mounted with one context for all its files, nfs_t, the
# reference policy's type for a remote file system without labels (a file created there may carry it).
mountpoint -q /vm/share ||
	mount -t 9p -o trans=virtio,version=9p2000.L,msize=262144,cache=none,context=system_u:object_r:nfs_t:s0 share /vm/share ||
	exit 1
dir=/vm/share/$guest
mkdir -p "$dir"
cat /proc/sys/kernel/random/boot_id >"$dir/.ready.tmp" && mv "$dir/.ready.tmp" "$dir/ready"
while true; do
	for cmd in "$dir"/cmd-*; do
		[ -e "$cmd" ] || continue
		n=${cmd##*/cmd-}
		[ -e "$dir/rc-$n" ] && continue
		(cd /root && exec bash "$cmd") >"$dir/out-$n" 2>&1
		echo $? >"$dir/.rc-$n.tmp"
		mv "$dir/.rc-$n.tmp" "$dir/rc-$n"
	done
	sleep 0.2
done
