#!/usr/bin/env bash
# selinux-module-root.sh [TYPE] - build Raccoon's policy module (etc/selinux/raccoon.{te,fc,if}) on this machine with
# selinux-policy-dev, install it with `semodule -i` into a copy of the installed policy store TYPE (default: default),
# and print the copy's root directory (it holds etc/selinux and var/lib/selinux, and raccoon.pp).
#
# The enforcing guest boots with it (VM_SELINUX_ROOT, scripts/vm/run-guest.sh): the guest then starts with the module
# installed, as an installed system would, instead of paying `semodule -i` under TCG (~4 min there, ~12 s here).
# These are the administrator's commands of docs/labeled-ipsec.md (make, semodule -i), with semodule's -p (an
# alternate root) and -n (no reload: this machine runs no SELinux). Cached in $VM_CACHE/selinux-root/<key>, the key
# being a hash of the module's sources and of the policy packages' versions.
set -euo pipefail
TYPE=${1:-default}
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
CACHE=${VM_CACHE:-/var/cache/raccoon-vm}
SRC=$ROOT/etc/selinux
MAKEFILE=/usr/share/selinux/devel/Makefile

die() {
	echo "selinux-module-root: ERROR: $*" >&2
	exit 1
}
[ -r "$MAKEFILE" ] || die "$MAKEFILE missing: apt-get install selinux-policy-dev"
[ -d "/etc/selinux/$TYPE/policy" ] && [ -d "/var/lib/selinux/$TYPE" ] || die "no installed policy '$TYPE' (selinux-policy-$TYPE)"
command -v semodule >/dev/null || die "semodule missing: apt-get install semodule-utils policycoreutils"

versions=$(dpkg-query -W -f='${Package} ${Version}\n' "selinux-policy-$TYPE" selinux-policy-dev semodule-utils 2>/dev/null || true)
key=$({ cat "$SRC"/raccoon.te "$SRC"/raccoon.fc "$SRC"/raccoon.if; echo "$TYPE $versions"; } | sha256sum | cut -c1-16)
OUT=$CACHE/selinux-root/$TYPE-$key
mkdir -p "$CACHE/selinux-root"
exec 8>"$CACHE/selinux-root/.lock"
flock 8
if [ ! -e "$OUT/.done" ]; then
	rm -rf "$OUT" "$OUT.tmp"
	mkdir -p "$OUT.tmp/module" "$OUT.tmp/etc/selinux" "$OUT.tmp/var/lib/selinux"
	cp "$SRC"/raccoon.te "$SRC"/raccoon.fc "$SRC"/raccoon.if "$OUT.tmp/module/"
	make -s -C "$OUT.tmp/module" -f "$MAKEFILE" raccoon.pp >&2 || die "the module does not build (make -f $MAKEFILE raccoon.pp)"
	cp -a /etc/selinux/config /etc/selinux/semanage.conf "/etc/selinux/$TYPE" "$OUT.tmp/etc/selinux/"
	cp -a "/var/lib/selinux/$TYPE" "$OUT.tmp/var/lib/selinux/"
	# -n: do not load the result into this machine's kernel; -s: the store TYPE
	semodule -p "$OUT.tmp" -s "$TYPE" -n -i "$OUT.tmp/module/raccoon.pp" >&2 || die "semodule -i raccoon.pp failed"
	grep -q racoon_exec_t "$OUT.tmp/etc/selinux/$TYPE/contexts/files/file_contexts" ||
		die "the installed file contexts lack raccoon.fc's entries"
	mv "$OUT.tmp/module/raccoon.pp" "$OUT.tmp/raccoon.pp"
	rm -rf "$OUT.tmp/module"
	touch "$OUT.tmp/.done"
	mv "$OUT.tmp" "$OUT"
	# older builds of the module (other sources or policy versions) are not needed any more
	for old in "$CACHE/selinux-root/$TYPE"-*; do [ "$old" = "$OUT" ] || rm -rf "$old"; done
fi
echo "$OUT"
