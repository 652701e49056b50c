# initramfs-build.sh - sourced by run-guest.sh and systemd/make-image.sh (host side).
# vm_build_initramfs OUTPUT "MODULES" FILE... : a gzipped newc cpio with the static busybox, each FILE installed
# executable at the top level under its own name (the first one must be `init`), the modules named (and their
# dependencies, in load order) in /modules with /modules/load-order, and the empty mount points stage 1 uses.
# Needs CACHE, KROOT, KVER, KPKG, BUSYBOX and die() from the caller; modprobe is the cached kmod's.
vm_build_initramfs() {
	local output=$1 modules=$2 tree m
	shift 2
	tree=$(mktemp -d "$CACHE/initramfs.XXXXXX")
	mkdir -p "$tree"/{bin,modules,proc,sys,dev,hostroot,ram,newroot}
	cp "$BUSYBOX" "$tree/bin/busybox"
	for m in "$@"; do install -m 755 "$m" "$tree/$(basename "$m")"; done
	for m in $modules; do
		"$CACHE/kmod/tools/modprobe" -d "$KROOT" -S "$KVER" --show-depends "$m" || die "module $m not in $KPKG"
	done | awk '$1 == "insmod" && !seen[$2]++ { print $2 }' | while read -r ko; do
		cp "$ko" "$tree/modules/"
		basename "$ko" >>"$tree/modules/load-order"
	done
	(cd "$tree" && find . -mindepth 1 | sed 's#^\./##' | "$BUSYBOX" cpio -o -H newc 2>/dev/null) | gzip -1 >"$output.partial"
	mv "$output.partial" "$output"
	rm -rf "$tree"
}
