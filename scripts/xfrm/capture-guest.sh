#!/bin/bash
# capture-guest.sh - the guest half of the XFRM byte captures: runs scripts/xfrm/capture.py with ESP and a security
# context inside a qemu guest (Debian's kernel: esp4, SELinux), writing to $VM_OUT/captures. Run from the checkout:
#   VM_SELINUX=permissive scripts/vm/run-guest.sh scripts/xfrm/capture-guest.sh
# then copy $VM_OUT/captures/*.bin and manifest.txt to Tests/XFRMNetlinkTests/Fixtures/guest-<kernel>/.
set -u
mkdir -p "$VM_OUT/captures"
echo "capture-guest: kernel $(uname -r), SELinux $(cat /sys/fs/selinux/enforce 2>/dev/null || echo off)"
exec python3 "$(dirname "$0")/capture.py" "$VM_OUT/captures" --esp --label "system_u:object_r:unlabeled_t:s0:c0"
